/* test_arpack.c — ARPACK (shift-invert Lanczos) on the assembled Cartesian
 * matrix against the eigenvalues of the rotation blocks, repeated with their
 * multiplicities: the K smallest must agree to 1e-10 lambda_max (ARPACK is
 * asked for 1e-14 on the shifted-inverted problem; the zero cluster of the
 * invariants is where it is hardest). */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void check_case(int d, int N, double hbar, const char *spec, int K)
{
    qlb_potential *pot;
    qlb_linop *L = make_operator(d, hbar, N, spec, 1, &pot);
    qlb_basis *b;
    check_ok("basis", qlb_basis_create(d, N, &b));
    size_t nb = qlb_basis_size(b);
    double *A = cartesian_matrix(L, b), *ar = malloc((size_t)K * sizeof(double));
    double *blocks = calloc(nb, sizeof(double));
    check_ok("arpack", qlb_spectrum_smallest(A, nb, K, ar));
    qlb_eigenvalue *ev;
    size_t count, pos = 0;
    check_ok("blocks", qlb_spectrum_blocks(L, &ev, &count));
    for (size_t i = 0; i < count; i++)
        for (size_t m = 0; m < ev[i].multiplicity; m++) blocks[pos++] = ev[i].value;
    double worst = 0, lmax = blocks[nb - 1];
    for (int k = 0; k < K; k++) worst = fmax(worst, fabs(ar[k] - blocks[k]) / lmax);
    char what[160];
    snprintf(what, sizeof what, "d=%d N=%d hbar=%g: %d smallest by ARPACK = blocks (n = %zu)", d,
             N, hbar, K, nb);
    check_below(what, worst, 1e-10);
    check_true("sizes agree", pos == nb);
    free(ev);
    free(A);
    free(ar);
    free(blocks);
    qlb_basis_free(b);
    qlb_linop_free(L);
    qlb_potential_free(pot);
}

int main(void)
{
    check_case(2, 10, 0.5, "algebraic:A=1,p=2", 12);
    check_case(3, 7, 1.0, "algebraic:A=1,p=2", 20);
    check_case(4, 5, 0.0, "gaussian:A=1,s=1", 15);
    return test_summary();
}
