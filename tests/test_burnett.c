/* test_burnett.c — the change of basis Cartesian <-> Burnett, d = 2..5.
 *  - each U_s is orthogonal;
 *  - column (n,l,m) is an eigenvector of the rotation Casimir
 *    sum_{i<j} L_ij^2, L_ij = a_i^+ a_j - a_j^+ a_i, with eigenvalue
 *    -l(l+d-2) (residual relative to the Casimir norm s(s+d-2));
 *  - the function it represents is R_nl(|v|) times a function of v/|v|:
 *    f(t w) R_nl(t') = f(t' w) R_nl(t) at three radii.
 * At high degree (d = 2, N = 160; d = 3, N = 60) the Gram–Schmidt construction
 * this replaced failed at shell 55. */
#include "testutil.h"

#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* y += c * L_ij x on shell s (Cartesian coordinates within the shell). */
static void apply_Lij(const qlb_basis *b, int s, int i, int j, const double *x, double c,
                      double *y)
{
    int d = qlb_basis_dim(b), alpha[QLB_TEST_MAXDIM];
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
    return res / fmax(1.0, s * (s + d - 2.0)); /* relative to the Casimir norm on shell s */
}

/* f(t w) for the function with Cartesian coefficients col on shell s, and in
 * *size the sum of the magnitudes of its terms (h: d x (N+1) scratch). */
static double evaluate(const qlb_basis *b, int s, const double *col, double t, const double *w,
                       double *h, double *size)
{
    int d = qlb_basis_dim(b), N = qlb_basis_degree(b);
    double f = 0;
    for (int i = 0; i < d; i++) qlb_hermite_functions(N, t * w[i], h + i * (N + 1));
    size_t off = qlb_basis_shell_offset(b, s), n = qlb_basis_shell_size(b, s);
    for (size_t r = 0; r < n; r++) {
        const int *a = qlb_basis_multi_index(b, off + r);
        double p = col[r];
        for (int i = 0; i < d; i++) p *= h[i * (N + 1) + a[i]];
        f += p;
        *size += fabs(p);
    }
    return f;
}

/* max |U_s^T U_s - I| (BLAS: the shells reach 1891^2 at d = 3, N = 60). */
static double orthogonality(const double *U, size_t n, double *G)
{
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)n, (int)n, 1.0, U, (int)n, 0.0, G,
                (int)n);
    double worst = 0;
    for (size_t p = 0; p < n; p++)
        for (size_t q = p; q < n; q++) worst = fmax(worst, fabs(G[p * n + q] - (p == q)));
    return worst;
}

/* Residual of f(t w) R_nl(t0) = f(t0 w) R_nl(t) for t in sqrt(2s+d) x
 * {0.5, 0.8, 1.1} (where the functions of shell s live), relative to
 * max|R| times the sum of the magnitudes of the terms of f (rounding floor). */
static double radial_residual(const qlb_basis *b, int s, const double *col, int l,
                              const double *w, double *h, double *R)
{
    int d = qlb_basis_dim(b), nr = (s - l) / 2;
    double f[3], Rn[3], fsize = 0, rmaxv = 0, res = 0, rs = sqrt(2.0 * s + d);
    double ts[3] = {0.5 * rs, 0.8 * rs, 1.1 * rs};
    for (int k = 0; k < 3; k++) {
        qlb_radial_functions(d, l, nr, ts[k], R);
        Rn[k] = R[nr];
        f[k] = evaluate(b, s, col, ts[k], w, h, &fsize);
        rmaxv = fmax(rmaxv, fabs(Rn[k]));
    }
    for (int k = 1; k < 3; k++) res = fmax(res, fabs(f[k] * Rn[0] - f[0] * Rn[k]) / (fsize * rmaxv));
    return res;
}

/* Orthogonality of every shell; the Casimir and the radial structure of every
 * column of the shells s >= first (all shells at small N, the top two at high N,
 * where those checks cost size_s^2 d^2 per shell). */
static void check_dim(int d, int N, int first, double tol_orth, double tol_cas, double tol_rad)
{
    qlb_basis *b;
    qlb_burnett *bu;
    check_ok("basis", qlb_basis_create(d, N, &b));
    check_ok("burnett", qlb_burnett_create(b, &bu));
    size_t nmax = qlb_basis_shell_size(b, N);
    double orth = 0, cas = 0, rad = 0, w[QLB_TEST_MAXDIM];
    double *G = malloc(nmax * nmax * sizeof(double)), *col = malloc(nmax * sizeof(double)),
           *t1 = malloc(nmax * sizeof(double)), *t2 = malloc(nmax * sizeof(double)),
           *h = malloc((size_t)d * (N + 1) * sizeof(double)), *R = malloc((N + 1) * sizeof(double));
    for (int i = 0; i < d; i++) w[i] = (i + 1.0) / sqrt(d * (d + 1.0) * (2 * d + 1.0) / 6);
    for (int s = 0; s <= N; s++) {
        size_t n = qlb_basis_shell_size(b, s);
        const double *U = qlb_burnett_shell(bu, s);
        orth = fmax(orth, orthogonality(U, n, G));
        if (s < first) continue;
        size_t c = 0;
        for (int l = s & 1; l <= s; l += 2)
            for (size_t m = 0; m < qlb_basis_dim_harmonic(l, d); m++, c++) {
                for (size_t r = 0; r < n; r++) col[r] = U[r * n + c];
                cas = fmax(cas, casimir_residual(b, s, col, l, t1, t2));
                rad = fmax(rad, radial_residual(b, s, col, l, w, h, R));
            }
    }
    char what[128];
    snprintf(what, sizeof what, "d=%d N=%d: U_s orthogonal", d, N);
    check_below(what, orth, tol_orth);
    snprintf(what, sizeof what, "d=%d N=%d: Casimir eigenvalue -l(l+d-2), shells >= %d", d, N,
             first);
    check_below(what, cas, tol_cas);
    snprintf(what, sizeof what, "d=%d N=%d: f_nlm(t w) = R_nl(t) Y(w), shells >= %d", d, N, first);
    check_below(what, rad, tol_rad);
    free(G), free(col), free(t1), free(t2), free(h), free(R);
    qlb_burnett_free(bu);
    qlb_basis_free(b);
}

int main(void)
{
    /* Bounds ~100x the worst achieved: orthogonality 6.3e-15 (d = 2, N = 160),
     * Casimir 4.7e-15 (d = 3, N = 60), radial structure 1.2e-14 (d = 2, N = 160). */
    const double orth = 5e-13, cas = 5e-13, rad = 1e-12;
    check_dim(2, 12, 0, orth, cas, rad);
    check_dim(3, 10, 0, orth, cas, rad);
    check_dim(4, 8, 0, orth, cas, rad);
    check_dim(5, 7, 0, orth, cas, rad);
    check_dim(2, 160, 0, orth, cas, rad);
    check_dim(3, 60, 59, orth, cas, rad);
    return test_summary();
}
