/* test_bruteforce.c — the assembled Cartesian matrices of L and of the Gram
 * matrices of the dissipation norms (3.5), (3.6) against a direct
 * quadrature of their definitions (tests/bruteforce.c), d = 2, N = 3,
 * screened and unscreened, hbar = 0.7 and 2. The brute force is run with q- and
 * (q+4)-point Gauss–Legendre panels (q = 10, 14 for the screened (3.5)): their difference bounds the error of the finer
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

static void compare(qlb_form form, double hbar, const char *spec, int screening, int q)
{
    int N = 3;
    qlb_potential *pot;
    qlb_linop *L = make_form(2, hbar, N, spec, screening, form, &pot);
    qlb_basis *b;
    check_ok("basis", qlb_basis_create(2, N, &b));
    size_t nb = qlb_basis_size(b), nn = nb * nb;
    double *lib = cartesian_matrix(L, b), *coarse = malloc(nn * sizeof(double)),
           *fine = malloc(nn * sizeof(double));
        bruteforce_matrix(b, form, hbar, pot, screening, q, coarse);
    bruteforce_matrix(b, form, hbar, pot, screening, q + 4, fine);
    double big = 0;
    for (size_t i = 0; i < nn; i++) big = fmax(big, fabs(fine[i]));
    double resolution = max_abs_diff(coarse, fine, nn) / big;
    double err = max_abs_diff(lib, fine, nn) / big;
    char what[200];
    static const char *names[] = {"L (1.29)", "norm (3.5)", "norm (3.6)"};
    snprintf(what, sizeof what, "brute force %s d=2 N=3 hbar=%g %s %s: resolution %.1e, library "
             "vs brute force", names[form], hbar, spec, screening ? "screened" : "unscreened", resolution);
    check_close(what, err, 0, resolution + 2e-11, 1);
    check_true("brute-force resolution below 1e-8", resolution < 1e-8);
    free(lib);
    free(coarse);
    free(fine);
    qlb_basis_free(b);
    qlb_linop_free(L);
    qlb_potential_free(pot);
}

int main(void)
{
    gsl_set_error_handler_off();
    compare(QLB_FORM_COLLISION, 0.7, "algebraic:A=1,p=2", 1, 10);
    compare(QLB_FORM_COLLISION, 2.0, "gaussian:A=1.5,s=1", 1, 10);
    compare(QLB_FORM_COLLISION, 0.7, "algebraic:A=1,p=2", 0, 10);
    compare(QLB_FORM_NORM_HBAR, 0.7, "gaussian:A=1.5,s=1", 1, 14);
    compare(QLB_FORM_NORM_HBAR, 0.7, "algebraic:A=1,p=2", 0, 10);
    compare(QLB_FORM_NORM_CLASSICAL, 0.7, "algebraic:A=1,p=2", 1, 10);
    return test_summary();
}
