/* test_moments.c — L on the Hermite–Laguerre moments (qlb/moments.h).
 *
 * 1. An independent route: the moment functions sqrt(M) h_p(v_1) L_j(rho^2/2)
 *    written out in Cartesian Hermite functions (the 2-D Laguerre function
 *    of degree j is (-1)^j sum_a sqrt((2a)!(2j-2a)!) / (2^j a!(j-a)!)
 *    psi_2a(v_2) psi_{2j-2a}(v_3)), projected on the dense Cartesian matrix
 *    (qlb_linop_cartesian, which goes through the Burnett change of basis,
 *    not through the Gauss rules of moment_matrix.c). Agreement 1e-13
 *    relative (observed 2e-15).
 * 2. Density, parallel momentum and energy (sqrt2 N^20 - 2 N^01) are an
 *    exact kernel and the matrix is negative semidefinite, to 1e-13 of its
 *    largest entry (observed <= 1e-15); symmetric to 1e-14 (observed 2e-16).
 * 3. On the complete set p + 2j <= n the eigenvalues are those of the
 *    m = 0 parts of the blocks l <= n at degree n (1e-13 of the largest;
 *    observed 1.2e-15).
 * 4. Landau units: Lambda = 1/12 for Vhat = (1+k^2)^-2 (1e-13), and for the
 *    classical unscreened operator the linearized temperature isotropization
 *    of the NRL formulary, d(T_par - T_perp)/dt = -(6/5) nu (T_par - T_perp)
 *    with nu = 4 sqrt(pi) n e^4 lnL / (3 m^1/2 T^3/2) (its A -> 0 limit
 *    3 nu_T, nu_T -> (8 sqrt(pi)/15) n e^4 lnL / (m^1/2 T^3/2)), to 1e-10.
 *    tests/python/test_moments.py checks all 64 entries at P = 3, J = 1
 *    against an independent quadrature of the Landau form.
 * 5. hbar -> 0 at the rate test_classical_limit checks for L (order >= 1.8),
 *    screened, P = 16, J = 8.
 * 6. Refusals: d != 3, P + 2J above the degree, a norm form, power laws in
 *    Landau units. */
#include "testutil.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double *moment_matrix(const qlb_linop *L, int P, int J, qlb_moment_units units)
{
    size_t m = qlb_moment_count(P, J);
    double *C = malloc(m * m * sizeof(double));
    check_ok("moment matrix", qlb_moment_matrix(L, P, J, units, C));
    return C;
}

static double max_abs(const double *A, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++) m = fmax(m, fabs(A[i]));
    return m;
}

/* Cartesian coefficients of sqrt(M) h_p(v_1) L_j(rho^2/2), one column per moment. */
static double *moment_functions(const qlb_basis *b, int P, int J)
{
    size_t nb = qlb_basis_size(b), m = qlb_moment_count(P, J);
    double *Phi = calloc(nb * m, sizeof(double));
    for (int p = 0; p <= P; p++)
        for (int j = 0; j <= J; j++)
            for (int a = 0; a <= j; a++) {
                int alpha[3] = {p, 2 * a, 2 * j - 2 * a};
                double c = (j % 2 ? -1 : 1) *
                           exp(0.5 * (lgamma(2 * a + 1) + lgamma(2 * j - 2 * a + 1)) -
                               j * log(2.0) - lgamma(a + 1) - lgamma(j - a + 1));
                Phi[qlb_basis_index(b, alpha) * m + (size_t)(J + 1) * p + j] = c;
            }
    return Phi;
}

static void against_cartesian(void)
{
    int P = 4, J = 2, N = P + 2 * J;
    qlb_potential *pot;
    qlb_linop *L = make_operator(3, 0.5, N, "algebraic:A=1,p=2", 1, &pot);
    qlb_basis *b;
    check_ok("basis", qlb_basis_create(3, N, &b));
    size_t nb = qlb_basis_size(b), m = qlb_moment_count(P, J);
    double *A = cartesian_matrix(L, b), *Phi = moment_functions(b, P, J);
    double *APhi = malloc(nb * m * sizeof(double)), *ref = malloc(m * m * sizeof(double));
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)nb, (int)m, (int)nb, 1.0, A, (int)nb,
                Phi, (int)m, 0.0, APhi, (int)m);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)m, (int)m, (int)nb, -1.0, Phi, (int)m,
                APhi, (int)m, 0.0, ref, (int)m);
    double *C = moment_matrix(L, P, J, QLB_MOMENT_UNITS_QLB);
    check_below("P=4 J=2 screened hbar=0.5: moments = Phi^T (-L_cartesian) Phi (relative)",
                max_abs_diff(C, ref, m * m) / max_abs(ref, m * m), 1e-13);
    free(A), free(Phi), free(APhi), free(ref), free(C);
    qlb_basis_free(b);
    qlb_linop_free(L);
    qlb_potential_free(pot);
}

static void kernel_and_sign(const char *spec, int screening, double hbar)
{
    int P = 16, J = 8;
    qlb_potential *pot;
    qlb_linop *L = make_operator(3, hbar, P + 2 * J, spec, screening, &pot);
    size_t m = qlb_moment_count(P, J);
    double *C = moment_matrix(L, P, J, QLB_MOMENT_UNITS_QLB), top = max_abs(C, m * m);
    double residual = 0, asym = 0; /* density N^00, momentum N^10, energy sqrt2 N^20 - 2 N^01 */
    for (int k = 0; k < 3; k++)
        for (size_t a = 0; a < m; a++) {
            double r = k < 2 ? C[a * m + (size_t)(J + 1) * k]
                             : sqrt(2.0) * C[a * m + (size_t)(J + 1) * 2] - 2 * C[a * m + 1];
            residual = fmax(residual, fabs(r));
        }
    for (size_t a = 0; a < m; a++)
        for (size_t c = 0; c < m; c++) asym = fmax(asym, fabs(C[a * m + c] - C[c * m + a]));
    double *w = malloc(m * sizeof(double));
    LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'N', 'U', (int)m, C, (int)m, w);
    char what[200];
    snprintf(what, sizeof what, "P=16 J=8 %s %s hbar=%g: C annihilates density, momentum, energy "
             "(relative)", spec, screening ? "screened" : "unscreened", hbar);
    check_below(what, residual / top, 1e-13);
    check_below("  symmetric (relative)", asym / top, 1e-14);
    check_below("  negative semidefinite: largest eigenvalue (relative)", w[m - 1] / top, 1e-13);
    free(w), free(C);
    qlb_linop_free(L);
    qlb_potential_free(pot);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void triangle_spectrum(void)
{
    int n = 8, P = 8, J = 4;
    qlb_potential *pot;
    qlb_linop *L = make_operator(3, 1.0, P + 2 * J, "gaussian:A=1,s=1", 1, &pot), *Ln;
    check_ok("truncate", qlb_linop_truncate(L, n, &Ln));
    size_t m = qlb_moment_count(P, J), k = 0;
    double *C = moment_matrix(L, P, J, QLB_MOMENT_UNITS_QLB);
    double *T = malloc(m * m * sizeof(double)), *w = malloc(m * sizeof(double)), *ref = malloc(m * sizeof(double));
    size_t keep[256];
    for (int p = 0; p <= P; p++)
        for (int j = 0; j <= J; j++)
            if (p + 2 * j <= n) keep[k++] = (size_t)(J + 1) * p + j;
    for (size_t a = 0; a < k; a++)
        for (size_t c = 0; c < k; c++) T[a * k + c] = -C[keep[a] * m + keep[c]];
    LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'N', 'U', (int)k, T, (int)k, w);
    size_t r = 0;
    for (int l = 0; l <= n; l++) {
        int s;
        const double *block = qlb_linop_block(Ln, l, &s);
        double *B = malloc((size_t)(s * s) * sizeof(double));
        memcpy(B, block, (size_t)(s * s) * sizeof(double));
        LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'N', 'U', s, B, s, ref + r);
        r += (size_t)s;
        free(B);
    }
    qsort(ref, r, sizeof(double), by_value);
    check_true("complete set p + 2j <= 8: as many moments as zonal Burnett functions", r == k);
    check_below("  eigenvalues = those of the m = 0 blocks l <= 8 (relative)",
                max_abs_diff(w, ref, k) / fabs(ref[k - 1]), 1e-13);
    free(C), free(T), free(w), free(ref);
    qlb_linop_free(Ln);
    qlb_linop_free(L);
    qlb_potential_free(pot);
}

static void landau_units(void)
{
    qlb_potential *pot;
    qlb_linop *L = make_operator(3, 0.0, 5, "algebraic:A=1,p=2", 0, &pot);
    double lambda;
    check_ok("Lambda", qlb_potential_coulomb_logarithm(pot, &lambda));
    check_close("Lambda = Int k^3 (1+k^2)^-4 dk = 1/12", lambda, 1.0 / 12, 1e-13, 0);
    int J = 1;
    double *C = moment_matrix(L, 3, J, QLB_MOMENT_UNITS_LANDAU);
    size_t m = qlb_moment_count(3, J), t20 = (size_t)(J + 1) * 2, t01 = 1;
    /* T_par - 1 = sqrt2 N^20, T_perp - 1 = -N^01: Delta T = sqrt2 N^20 + N^01 */
    for (int k = 0; k < 2; k++) {
        double n20 = k == 0, n01 = k == 1, dT = sqrt(2.0) * n20 + n01;
        double rate = sqrt(2.0) * (C[t20 * m + t20] * n20 + C[t20 * m + t01] * n01) +
                      C[t01 * m + t20] * n20 + C[t01 * m + t01] * n01;
        check_close(k ? "isotropization (NRL): d Delta T/dt = -6/5 nu Delta T, from T_perp"
                      : "isotropization (NRL): d Delta T/dt = -6/5 nu Delta T, from T_par",
                    rate / dT, -1.2, 1e-10, 0);
    }
    free(C);
    qlb_linop_free(L);
    qlb_potential_free(pot);
}

static void classical_limit(void)
{
    int P = 16, J = 8;
    size_t m = qlb_moment_count(P, J);
    qlb_potential *p0;
    qlb_linop *L0 = make_operator(3, 0.0, P + 2 * J, "algebraic:A=1,p=2", 1, &p0);
    double *C0 = moment_matrix(L0, P, J, QLB_MOMENT_UNITS_LANDAU), e[4], h = 0.2;
    for (int k = 0; k < 4; k++, h /= 2) {
        qlb_potential *p;
        qlb_linop *L = make_operator(3, h, P + 2 * J, "algebraic:A=1,p=2", 1, &p);
        double *C = moment_matrix(L, P, J, QLB_MOMENT_UNITS_LANDAU);
        e[k] = max_abs_diff(C, C0, m * m) / max_abs(C0, m * m);
        printf("     moments P=16 J=8 screened hbar=%-6g |C_hbar - C_0| / |C_0| = %.3e\n", h, e[k]);
        free(C);
        qlb_linop_free(L);
        qlb_potential_free(p);
    }
    double order = log2(e[2] / e[3]);
    char what[120];
    snprintf(what, sizeof what, "moments: order of hbar -> 0 convergence %.3f >= 1.8", order);
    check_true(what, order >= 1.8 && e[3] < e[0]);
    free(C0);
    qlb_linop_free(L0);
    qlb_potential_free(p0);
}

static void refusals(void)
{
    double C[64];
    qlb_potential *pot;
    qlb_linop *L2 = make_operator(2, 1.0, 4, "algebraic:A=1,p=2", 1, &pot);
    check_true("d = 2 refused", qlb_moment_matrix(L2, 2, 1, QLB_MOMENT_UNITS_QLB, C) == QLB_EINVAL);
    qlb_linop_free(L2);
    qlb_potential_free(pot);
    qlb_linop *L = make_operator(3, 1.0, 4, "power:A=1,a=2", 1, &pot);
    check_true("P + 2J above the degree refused",
               qlb_moment_matrix(L, 3, 1, QLB_MOMENT_UNITS_QLB, C) == QLB_EINVAL);
    check_true("Landau units for a power law refused (Lambda diverges)",
               qlb_moment_matrix(L, 2, 1, QLB_MOMENT_UNITS_LANDAU, C) == QLB_EDIVERGE);
    printf("     message: %s\n", qlb_last_error());
    qlb_linop_free(L);
    qlb_potential_free(pot);
    qlb_linop *G = make_form(3, 1.0, 4, "algebraic:A=1,p=2", 1, QLB_FORM_NORM_HBAR, &pot);
    check_true("a norm form refused", qlb_moment_matrix(G, 2, 1, QLB_MOMENT_UNITS_QLB, C) == QLB_EINVAL);
    qlb_linop_free(G);
    qlb_potential_free(pot);
}

int main(void)
{
    against_cartesian();
    kernel_and_sign("algebraic:A=1,p=2", 1, 0.5);
    kernel_and_sign("algebraic:A=1,p=2", 0, 0.0);
    triangle_spectrum();
    landau_units();
    classical_limit();
    refusals();
    return test_summary();
}
