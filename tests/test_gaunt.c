/* test_gaunt.c — the Gaunt tensors of the Gelfand–Tsetlin harmonics
 * (basis/gaunt_coefficients.c, built level by level from 1-D integrals)
 * against brute force: Int_{R^d} f_{0,l,m} f_{0,l1,m1} f_{0,l2,m2} dv by a
 * tensor Gauss–Hermite rule exact for these products (the f from the
 * Cartesian coefficients of qlb_burnett), normalized to unit norm per
 * (l, l1, l2). Every entry must agree, those not stored included (they must
 * vanish), non-coupled triples must have no block, and qlb_gaunt_count must
 * give every block's size without building it; d = 2..5. The ordered
 * build (l1 <= l2 only) must hold the same blocks bit for bit, entries
 * sorted by (m, m1), which the factored quadratic term relies on. The
 * recursion is exact up to rounding: achieved <= 8.7e-15 (d = 5), bound 1e-12. */
#include "testutil.h"
#include "basis/gaunt_coefficients.h"
#include "numerics/gauss_rules.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* F[l][m * P + pt]: f_{0,l,m} on the tensor grid (nq nodes per axis, P = nq^d). */
static double **harmonics_on_grid(const qlb_basis *b, const qlb_burnett *bu, int nq,
                                  const double *x)
{
    int d = qlb_basis_dim(b), N = qlb_basis_degree(b);
    size_t P = 1;
    for (int i = 0; i < d; i++) P *= (size_t)nq;
    double **F = calloc((size_t)N + 1, sizeof(double *));
    double *psi = malloc((size_t)nq * (N + 1) * sizeof(double));
    for (int q = 0; q < nq; q++) qlb_hermite_functions(N, x[q], psi + (size_t)q * (N + 1));
    for (int l = 0; l <= N; l++) {
        size_t S = qlb_basis_shell_size(b, l), D = qlb_basis_dim_harmonic(l, d);
        size_t off = qlb_basis_shell_offset(b, l);
        const double *U = qlb_burnett_shell(bu, l);
        F[l] = calloc(D * P, sizeof(double));
        for (size_t pt = 0; pt < P; pt++) {
            int idx[QLB_TEST_MAXDIM];
            size_t rem = pt;
            for (int i = 0; i < d; i++, rem /= (size_t)nq) idx[i] = (int)(rem % (size_t)nq);
            for (size_t r = 0; r < S; r++) {
                const int *al = qlb_basis_multi_index(b, off + r);
                double phi = 1;
                for (int i = 0; i < d; i++) phi *= psi[(size_t)idx[i] * (N + 1) + al[i]];
                for (size_t m = 0; m < D; m++) F[l][m * P + pt] += U[r * S + S - D + m] * phi;
            }
        }
    }
    free(psi);
    return F;
}

/* The ordered build against the full one G, and the (m, m1) order. */
static void check_ordered(int d, int N, const qlb_gaunt *G)
{
    qlb_gaunt *H;
    check_ok("gaunt, ordered", qlb_gaunt_create(d, N, 1, NULL, NULL, &H));
    int mismatches = 0, unsorted = 0;
    for (int l = 0; l <= N; l++)
        for (int l1 = 0; l1 <= N; l1++)
            for (int l2 = 0; l2 <= N; l2++) {
                const qlb_gaunt_block *A = qlb_gaunt_get(G, l, l1, l2), *B = qlb_gaunt_get(H, l, l1, l2);
                int D = (int)qlb_basis_dim_harmonic(l, d);
                if (l1 > l2 || !A) {
                    mismatches += B != NULL;
                    continue;
                }
                if (!B || B->start[D] != A->start[D]) {
                    mismatches++;
                    continue;
                }
                for (int m = 0; m <= D; m++) mismatches += A->start[m] != B->start[m];
                for (int e = 0; e < A->start[D]; e++)
                    mismatches += A->mm[2 * e] != B->mm[2 * e] || A->mm[2 * e + 1] != B->mm[2 * e + 1] ||
                                  A->g[e] != B->g[e];
                for (int m = 0; m < D; m++)
                    for (int e = A->start[m] + 1; e < A->start[m + 1]; e++) unsorted += A->mm[2 * e] < A->mm[2 * e - 2];
            }
    char what[120];
    snprintf(what, sizeof what, "d=%d N=%d: ordered build = the blocks l1 <= l2, bit for bit", d, N);
    check_true(what, mismatches == 0);
    snprintf(what, sizeof what, "d=%d N=%d: entries sorted by (m, m1)", d, N);
    check_true(what, unsorted == 0);
    qlb_gaunt_free(H);
}

static void check_dim(int d, int N)
{
    qlb_basis *b;
    qlb_burnett *bu;
    qlb_gaunt *G;
    check_ok("basis", qlb_basis_create(d, N, &b));
    check_ok("burnett", qlb_burnett_create(b, &bu));
    check_ok("gaunt", qlb_gaunt_create(d, N, 0, NULL, NULL, &G));
    /* exact for degree <= 3N with weight exp(-3 v^2/4): nodes x = 2/sqrt3 y */
    int nq = (3 * N) / 2 + 2;
    double y[64], w[64], x[64];
    check_ok("rule", qlb_gauss_rule(QLB_GAUSS_HERMITE, nq, 0, y, w));
    size_t P = 1;
    for (int i = 0; i < d; i++) P *= (size_t)nq;
    double *Wp = malloc(P * sizeof(double));
    for (int q = 0; q < nq; q++) x[q] = 2 / sqrt(3.0) * y[q];
    for (size_t pt = 0; pt < P; pt++) {
        size_t rem = pt;
        Wp[pt] = 1;
        for (int i = 0; i < d; i++, rem /= (size_t)nq) Wp[pt] *= 2 / sqrt(3.0) * w[rem % (size_t)nq];
    }
    double **F = harmonics_on_grid(b, bu, nq, x);
    double worst = 0, *counts = malloc((size_t)(N + 1) * (N + 1) * (N + 1) * sizeof(double));
    int blocks = 0, wrong_structure = 0, wrong_count = 0;
    check_ok("counts", qlb_gaunt_count(d, N, counts));
    for (int l = 0; l <= N; l++)
        for (int l1 = 0; l1 <= N; l1++)
            for (int l2 = 0; l2 <= N; l2++) {
                int D = (int)qlb_basis_dim_harmonic(l, d), D1 = (int)qlb_basis_dim_harmonic(l1, d),
                    D2 = (int)qlb_basis_dim_harmonic(l2, d);
                double *brute = calloc((size_t)D * D1 * D2, sizeof(double)), norm = 0;
                for (int m = 0; m < D; m++)
                    for (int m1 = 0; m1 < D1; m1++)
                        for (int m2 = 0; m2 < D2; m2++) {
                            const double *f = F[l] + m * P, *f1 = F[l1] + m1 * P, *f2 = F[l2] + m2 * P;
                            double s = 0;
                            for (size_t pt = 0; pt < P; pt++) s += Wp[pt] * f[pt] * f1[pt] * f2[pt];
                            brute[((size_t)m * D1 + m1) * D2 + m2] = s;
                            norm += s * s;
                        }
                norm = sqrt(norm);
                const qlb_gaunt_block *B = qlb_gaunt_get(G, l, l1, l2);
                double count = counts[((size_t)l * (N + 1) + l1) * (N + 1) + l2];
                wrong_count += count != (B ? B->start[D] : 0);
                if (!B) {
                    wrong_structure += norm > 1e-12;
                } else {
                    blocks++;
                    double *ours = calloc((size_t)D * D1 * D2, sizeof(double));
                    for (int m = 0; m < D; m++)
                        for (int e = B->start[m]; e < B->start[m + 1]; e++)
                            ours[((size_t)m * D1 + B->mm[2 * e]) * D2 + B->mm[2 * e + 1]] = B->g[e];
                    for (size_t i = 0; i < (size_t)D * D1 * D2; i++)
                        worst = fmax(worst, fabs(ours[i] - brute[i] / norm));
                    free(ours);
                }
                free(brute);
            }
    char what[120];
    snprintf(what, sizeof what, "d=%d N=%d: %d coupled blocks = brute-force Gaunt tensors", d, N,
             blocks);
    check_below(what, worst, 1e-12);
    snprintf(what, sizeof what, "d=%d N=%d: triples without a block have vanishing integrals", d, N);
    check_true(what, wrong_structure == 0);
    snprintf(what, sizeof what, "d=%d N=%d: qlb_gaunt_count = the stored block sizes", d, N);
    check_true(what, wrong_count == 0);
    check_ordered(d, N, G);
    for (int l = 0; l <= N; l++) free(F[l]);
    free(F), free(Wp), free(counts);
    qlb_gaunt_free(G);
    qlb_burnett_free(bu);
    qlb_basis_free(b);
}

int main(void)
{
    check_dim(2, 10);
    check_dim(3, 6);
    check_dim(4, 4);
    check_dim(5, 3);
    return test_summary();
}
