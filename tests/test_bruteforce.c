/* test_bruteforce.c — the assembled Cartesian matrix of L against a direct
 * quadrature of (1.29) (tests/bruteforce.c), d = 2, N = 3, screened and
 * unscreened, hbar = 0.7 and 2. The brute force is run with 10- and 14-point
 * Gauss–Legendre panels: their difference bounds the error of the finer
 * one, so library and fine brute force must agree to that difference plus
 * 2e-11 (the library's kernel is requested at 1e-12; the blocks add
 * rounding), relative to the largest entry. This checks, at once, the kernel,
 * the perpendicular factorization, the rotation blocks and the change of
 * basis, entry by entry. */
#include "bruteforce.h"
#include "testutil.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static double max_abs_diff(const double *A, const double *B, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++) m = fmax(m, fabs(A[i] - B[i]));
    return m;
}

static void compare(double hbar, const char *spec, int screening)
{
    int N = 3;
    qlb_potential *pot;
    qlb_linop *L = make_operator(2, hbar, N, spec, screening, &pot);
    qlb_basis *b;
    qlb_burnett *bu;
    check_ok("basis", qlb_basis_create(2, N, &b));
    check_ok("burnett", qlb_burnett_create(b, &bu));
    size_t nb = qlb_basis_size(b), nn = nb * nb;
    double *lib = malloc(nn * sizeof(double)), *coarse = malloc(nn * sizeof(double)),
           *fine = malloc(nn * sizeof(double));
    qlb_linop_cartesian(L, b, bu, lib);
    bruteforce_matrix(b, hbar, pot, screening, 10, coarse);
    bruteforce_matrix(b, hbar, pot, screening, 14, fine);
    double big = 0;
    for (size_t i = 0; i < nn; i++) big = fmax(big, fabs(fine[i]));
    double resolution = max_abs_diff(coarse, fine, nn) / big;
    double err = max_abs_diff(lib, fine, nn) / big;
    char what[200];
    snprintf(what, sizeof what, "brute force d=2 N=3 hbar=%g %s %s: resolution %.1e, library vs "
             "brute force", hbar, spec, screening ? "screened" : "unscreened", resolution);
    check_close(what, err, 0, resolution + 2e-11, 1);
    check_true("brute-force resolution below 1e-8", resolution < 1e-8);
    free(lib);
    free(coarse);
    free(fine);
    qlb_burnett_free(bu);
    qlb_basis_free(b);
    qlb_linop_free(L);
    qlb_potential_free(pot);
}

int main(void)
{
    gsl_set_error_handler_off();
    compare(0.7, "algebraic:A=1,p=2", 1);
    compare(2.0, "gaussian:A=1.5,s=1", 1);
    compare(0.7, "algebraic:A=1,p=2", 0);
    return test_summary();
}
