/* test_invariants.c — structure every L must have, for d = 2..5, screened
 * and unscreened, hbar > 0 and hbar = 0:
 *  - the block quadrature is exact: blocks are symmetric before being
 *    symmetrized, to 1e-13 relative (rounding of sums of ~N^3 terms);
 *  - positive semi-definite: no eigenvalue below -1e-12 lambda_max;
 *  - the kernel is exactly the d+2 collision invariants: the eigenvalues with
 *    |lambda| < 1e-12 lambda_max number exactly d+2 (one l=0 pair, d copies
 *    at l=1), and the rows of sqrt M, |v|^2 sqrt M (l=0, n=0,1) and
 *    v sqrt M (l=1, n=0) vanish to 1e-12. The kernel integrals are
 *    requested at 1e-12, and the invariants cancel exactly in T1 - T2, so
 *    what is left is rounding; a wrong perpendicular projector leaves O(1);
 *  - qlb_linop_apply (block by block) equals the dense spherical matrix
 *    times a random vector bit for bit (the dense row adds exact zeros to
 *    the same products in the same order), and a basis of another degree
 *    is refused. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void check_case(int d, double hbar, int N, const char *pot, int screening)
{
    char what[256];
    qlb_potential *v;
    qlb_linop *L = make_operator(d, hbar, N, pot, screening, &v);
    qlb_eigenvalue *ev;
    size_t count;
    check_ok("spectrum", qlb_spectrum_blocks(L, &ev, &count));
    double lmax = ev[count - 1].value, lmin = ev[0].value;
    size_t zeros = 0;
    for (size_t i = 0; i < count; i++)
        if (fabs(ev[i].value) < 1e-12 * lmax) zeros += ev[i].multiplicity;
    int s0, s1;
    const double *B0 = qlb_linop_block(L, 0, &s0), *B1 = qlb_linop_block(L, 1, &s1);
    double row = 0;
    for (int j = 0; j < s0; j++) row = fmax(row, fmax(fabs(B0[j]), fabs(B0[s0 + j])));
    for (int j = 0; j < s1; j++) row = fmax(row, fabs(B1[j]));
    const char *tag = screening ? "screened" : "unscreened";
    snprintf(what, sizeof what, "d=%d hbar=%g N=%d %s %s: block asymmetry", d, hbar, N, pot, tag);
    check_below(what, qlb_linop_get_info(L).asymmetry, 1e-13);
    snprintf(what, sizeof what, "d=%d hbar=%g %s: lambda_min >= -1e-12 lambda_max", d, hbar, tag);
    check_true(what, lmin >= -1e-12 * lmax);
    snprintf(what, sizeof what, "d=%d hbar=%g %s: %zu zero eigenvalues (want d+2 = %d)", d, hbar,
             tag, zeros, d + 2);
    check_true(what, zeros == (size_t)(d + 2));
    snprintf(what, sizeof what, "d=%d hbar=%g %s: L annihilates the invariants", d, hbar, tag);
    check_below(what, row / lmax, 1e-12);
    free(ev);
    qlb_linop_free(L);
    qlb_potential_free(v);
}

static void check_apply(int d, int N)
{
    qlb_potential *v;
    qlb_linop *L = make_operator(d, 0.7, N, "algebraic:A=1,p=2", 1, &v);
    qlb_basis *b, *other;
    check_ok("basis", qlb_basis_create(d, N, &b));
    size_t nb = qlb_basis_size(b);
    double *A = malloc(nb * nb * sizeof(double)), *x = malloc(nb * sizeof(double));
    double *y = malloc(nb * sizeof(double)), err = 0, big = 0;
    qlb_linop_spherical(L, b, A);
    random_vector(nb, 3, x);
    check_ok("apply", qlb_linop_apply(L, b, x, y));
    for (size_t i = 0; i < nb; i++) {
        double want = 0;
        for (size_t j = 0; j < nb; j++) want += A[i * nb + j] * x[j];
        err = fmax(err, fabs(y[i] - want));
        big = fmax(big, fabs(want));
    }
    char what[160];
    snprintf(what, sizeof what, "d=%d N=%d: qlb_linop_apply = dense matrix x vector bit for bit "
             "(max |y| %.2e, difference %.1e)", d, N, big, err);
    check_true(what, err == 0 && big > 0);
    check_ok("basis", qlb_basis_create(d, N - 1, &other));
    snprintf(what, sizeof what, "d=%d N=%d: apply with a basis of degree N-1 refused", d, N);
    check_true(what, qlb_linop_apply(L, other, x, y) == QLB_EINVAL);
    free(A), free(x), free(y);
    qlb_basis_free(b), qlb_basis_free(other);
    qlb_linop_free(L);
    qlb_potential_free(v);
}

int main(void)
{
    check_apply(2, 20);
    check_apply(3, 12);
    check_apply(5, 6);
    const double hbars[] = {1.0, 0.1, 0.0};
    for (int d = 2; d <= 5; d++)
        for (int h = 0; h < 3; h++) {
            check_case(d, hbars[h], 8, "algebraic:A=1,p=2", 1);
            check_case(d, hbars[h], 8, "gaussian:A=2,s=1.5", 0);
        }
    check_case(3, 0.5, 12, "algebraic:A=2.5,p=1.5", 1);
    return test_summary();
}
