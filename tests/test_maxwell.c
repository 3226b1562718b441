/* test_maxwell.c — the exact spectrum of Maxwell molecules (docs/DESIGN.md §4).
 *
 * Unscreened, hbar > 0, Vhat = A k^{-(d-2)/2}: QLB is a Boltzmann operator
 * whose kernel does not depend on |v1 - v2|, so Burnett functions are exact
 * eigenfunctions with
 *   lambda_{n,l} = |S^{d-2}| c_d A^2 / (2 hbar^3) Int_0^pi cos^{d-2}(theta/2)
 *                  [1 + delta_{n0} delta_{l0} - c^{2n+l} G_l(c) - s^{2n+l} G_l(s)] dtheta,
 * c = cos(theta/2), s = sin(theta/2), multiplicity dim H_l(d). The 1-D
 * integral is done by GSL QAG (tests/maxwell.c), independently of the library. The
 * Galerkin blocks must be diagonal with these entries: the kernel integral
 * is requested at 1e-12 and the worst entry achieved is 6.2e-14 relative to
 * the largest eigenvalue (d = 5), so the bound is 5e-12 (~100x; a wrong
 * factor or sign fails by O(1)). */
#include "maxwell.h"
#include "testutil.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void check_dimension(int d, int N, double hbar, double A)
{
    char spec[128], what[128];
    snprintf(spec, sizeof spec, "power:A=%g,a=%g", A, (d - 2) / 2.0);
    qlb_potential *pot;
    qlb_linop *L = make_operator(d, hbar, N, spec, 0, &pot);
    double lmax = 0;
    for (int l = 0; l <= N; l++)
        for (int n = 0; 2 * n + l <= N; n++) lmax = fmax(lmax, maxwell_lambda(d, n, l, hbar, A));
    double worst_diag = 0, worst_off = 0;
    for (int l = 0; l <= N; l++) {
        int s;
        const double *B = qlb_linop_block(L, l, &s);
        for (int n = 0; n < s; n++)
            for (int n2 = 0; n2 < s; n2++) {
                double want = n == n2 ? maxwell_lambda(d, n, l, hbar, A) : 0;
                double err = fabs(B[n * s + n2] - want) / lmax;
                if (n == n2) worst_diag = fmax(worst_diag, err);
                else worst_off = fmax(worst_off, err);
            }
    }
    snprintf(what, sizeof what, "Maxwell d=%d N=%d hbar=%g: diagonal = lambda_{n,l}", d, N, hbar);
    check_below(what, worst_diag, 5e-12);
    snprintf(what, sizeof what, "Maxwell d=%d N=%d hbar=%g: off-diagonal = 0", d, N, hbar);
    check_below(what, worst_off, 5e-12);

    /* full spectrum with multiplicities, ascending */
    qlb_eigenvalue *ev;
    size_t count;
    check_ok("spectrum by blocks", qlb_spectrum_blocks(L, &ev, &count));
    double worst = 0;
    int mult_ok = 1;
    for (size_t i = 0; i < count; i++) {
        int l = ev[i].l; /* the eigenvalue must be one of block l's exact values */
        double best = INFINITY;
        for (int m = 0; 2 * m + l <= N; m++)
            best = fmin(best, fabs(ev[i].value - maxwell_lambda(d, m, l, hbar, A)));
        worst = fmax(worst, best / lmax);
        mult_ok &= ev[i].multiplicity == qlb_basis_dim_harmonic(l, d);
        if (i) mult_ok &= ev[i].value >= ev[i - 1].value;
    }
    snprintf(what, sizeof what, "Maxwell d=%d: every eigenvalue exact", d);
    check_below(what, worst, 5e-12);
    snprintf(what, sizeof what, "Maxwell d=%d: ascending, multiplicity dim H_l", d);
    check_true(what, mult_ok);
    free(ev);
    qlb_linop_free(L);
    qlb_potential_free(pot);
}

int main(void)
{
    gsl_set_error_handler_off();
    check_dimension(2, 10, 1.0, 1.0);
    check_dimension(3, 10, 1.0, 1.0);
    check_dimension(3, 8, 0.3, 2.0);
    check_dimension(4, 8, 1.0, 1.0);
    check_dimension(5, 8, 0.7, 1.0);
    return test_summary();
}
