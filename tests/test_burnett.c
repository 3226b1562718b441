/* test_burnett.c — the change of basis Cartesian <-> Burnett, d = 2..5.
 *  - each U_s is orthogonal (|U^T U - I| <= 1e-13: Gram–Schmidt twice);
 *  - column (n,l,m) is an eigenvector of the rotation Casimir
 *    sum_{i<j} L_ij^2, L_ij = a_i^+ a_j - a_j^+ a_i, with eigenvalue
 *    -l(l+d-2) (to 1e-11 relative: the Casimir has entries ~ s^2);
 *  - the function it represents is R_nl(|v|) times a function of v/|v|:
 *    f(t w) R_nl(t') = f(t' w) R_nl(t) for t, t' in {0.6, 1.4, 2.9} (to 1e-12
 *    of max|f| max|R|). */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* y += c * L_ij x on shell s (Cartesian coordinates within the shell). */
static void apply_Lij(const qlb_basis *b, int s, int i, int j, const double *x, double c,
                      double *y)
{
    int d = qlb_basis_dim(b), alpha[16];
    size_t off = qlb_basis_shell_offset(b, s), n = qlb_basis_shell_size(b, s);
    for (size_t r = 0; r < n; r++) {
        if (x[r] == 0) continue;
        memcpy(alpha, qlb_basis_multi_index(b, off + r), (size_t)d * sizeof(int));
        for (int sign = 1; sign >= -1; sign -= 2) {
            int p = sign > 0 ? i : j, q = sign > 0 ? j : i; /* a_p^+ a_q */
            if (alpha[q] == 0) continue;
            double f = sqrt(alpha[q] * (alpha[p] + 1.0));
            alpha[q]--, alpha[p]++;
            y[qlb_basis_index(b, alpha) - off] += sign * c * f * x[r];
            alpha[q]++, alpha[p]--;
        }
    }
}

static double casimir_residual(const qlb_basis *b, int s, const double *col, int l, double *t1,
                               double *t2)
{
    int d = qlb_basis_dim(b);
    size_t n = qlb_basis_shell_size(b, s);
    memset(t2, 0, n * sizeof(double));
    for (int i = 0; i < d; i++)
        for (int j = i + 1; j < d; j++) {
            memset(t1, 0, n * sizeof(double));
            apply_Lij(b, s, i, j, col, 1.0, t1);
            apply_Lij(b, s, i, j, t1, 1.0, t2);
        }
    double lam = -l * (l + d - 2.0), res = 0;
    for (size_t r = 0; r < n; r++) res = fmax(res, fabs(t2[r] - lam * col[r]));
    return res / fmax(1.0, fabs(lam));
}

/* f(t w) for the function with Cartesian coefficients col on shell s. */
static double evaluate(const qlb_basis *b, int s, const double *col, double t, const double *w)
{
    int d = qlb_basis_dim(b), N = qlb_basis_degree(b);
    double h[16][64], f = 0;
    for (int i = 0; i < d; i++) qlb_hermite_functions(N, t * w[i], h[i]);
    size_t off = qlb_basis_shell_offset(b, s), n = qlb_basis_shell_size(b, s);
    for (size_t r = 0; r < n; r++) {
        const int *a = qlb_basis_multi_index(b, off + r);
        double p = col[r];
        for (int i = 0; i < d; i++) p *= h[i][a[i]];
        f += p;
    }
    return f;
}

static void check_dim(int d, int N)
{
    qlb_basis *b;
    qlb_burnett *bu;
    check_ok("basis", qlb_basis_create(d, N, &b));
    check_ok("burnett", qlb_burnett_create(b, &bu));
    double orth = 0, cas = 0, rad = 0, w[16];
    for (int i = 0; i < d; i++) w[i] = (i + 1.0) / sqrt(d * (d + 1.0) * (2 * d + 1.0) / 6);
    for (int s = 0; s <= N; s++) {
        size_t n = qlb_basis_shell_size(b, s);
        const double *U = qlb_burnett_shell(bu, s);
        double *col = malloc(n * sizeof(double)), *t1 = malloc(n * sizeof(double)),
               *t2 = malloc(n * sizeof(double));
        for (size_t p = 0; p < n; p++)
            for (size_t q = 0; q < n; q++) {
                double dot = 0;
                for (size_t r = 0; r < n; r++) dot += U[r * n + p] * U[r * n + q];
                orth = fmax(orth, fabs(dot - (p == q)));
            }
        size_t c = 0;
        for (int l = s & 1; l <= s; l += 2)
            for (size_t m = 0; m < qlb_basis_dim_harmonic(l, d); m++, c++) {
                for (size_t r = 0; r < n; r++) col[r] = U[r * n + c];
                cas = fmax(cas, casimir_residual(b, s, col, l, t1, t2));
                int nr = (s - l) / 2;
                double R[3][64], f[3], ts[3] = {0.6, 1.4, 2.9}, fmaxv = 0, rmaxv = 0;
                for (int k = 0; k < 3; k++) {
                    qlb_radial_functions(d, l, nr, ts[k], R[k]);
                    f[k] = evaluate(b, s, col, ts[k], w);
                    fmaxv = fmax(fmaxv, fabs(f[k]));
                    rmaxv = fmax(rmaxv, fabs(R[k][nr]));
                }
                /* f(t_k w) R(t_0) = f(t_0 w) R(t_k), relative to the sizes involved */
                for (int k = 1; k < 3; k++)
                    rad = fmax(rad, fabs(f[k] * R[0][nr] - f[0] * R[k][nr]) / (fmaxv * rmaxv));
            }
        free(col);
        free(t1);
        free(t2);
    }
    char what[128];
    snprintf(what, sizeof what, "d=%d N=%d: U_s orthogonal", d, N);
    check_close(what, orth, 0, 1e-13, 1);
    snprintf(what, sizeof what, "d=%d N=%d: Casimir eigenvalue -l(l+d-2)", d, N);
    check_close(what, cas, 0, 1e-11, 1);
    snprintf(what, sizeof what, "d=%d N=%d: f_nlm(t w) = R_nl(t) Y(w)", d, N);
    check_close(what, rad, 0, 1e-12, 1);
    qlb_burnett_free(bu);
    qlb_basis_free(b);
}

int main(void)
{
    check_dim(2, 12);
    check_dim(3, 10);
    check_dim(4, 8);
    check_dim(5, 7);
    return test_summary();
}
