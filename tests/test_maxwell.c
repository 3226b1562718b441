/* test_maxwell.c — the exact spectrum of Maxwell molecules (DESIGN.md §5).
 *
 * Unscreened, hbar > 0, Vhat = A k^{-(d-2)/2}: QLB is a Boltzmann operator
 * whose kernel does not depend on |v1 - v2|, so Burnett functions are exact
 * eigenfunctions with
 *   lambda_{n,l} = |S^{d-2}| c_d A^2 / (2 hbar^3) Int_0^pi cos^{d-2}(theta/2)
 *                  [1 + delta_{n0} delta_{l0} - c^{2n+l} G_l(c) - s^{2n+l} G_l(s)] dtheta,
 * c = cos(theta/2), s = sin(theta/2), multiplicity dim H_l(d). The 1-D
 * integral is done here by GSL QAG, independently of the library. The
 * Galerkin blocks must be diagonal with these entries: the kernel integral
 * is requested at 1e-12, so 1e-10 relative to the largest eigenvalue leaves
 * two digits of margin for the block algebra (a wrong factor or sign fails
 * by O(1)). */
#include "testutil.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_gegenbauer.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    int d, n, l;
} mode;

/* normalized Gegenbauer G_l via GSL (lambda > 0) or Chebyshev (d = 2) */
static double zonal(int d, int l, double x)
{
    if (d == 2) return cos(l * acos(x));
    double lam = (d - 2) / 2.0;
    return gsl_sf_gegenpoly_n(l, lam, x) / gsl_sf_gegenpoly_n(l, lam, 1.0);
}

static double integrand(double theta, void *par)
{
    const mode *m = par;
    double c = cos(theta / 2), s = sin(theta / 2);
    int k = 2 * m->n + m->l;
    double bracket = 1 + (m->n == 0 && m->l == 0) - pow(c, k) * zonal(m->d, m->l, c) -
                     pow(s, k) * zonal(m->d, m->l, s);
    return pow(c, m->d - 2) * bracket;
}

static double exact_lambda(int d, int n, int l, double hbar, double A)
{
    mode m = {d, n, l};
    gsl_function f = {integrand, &m};
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(200);
    double res, err;
    gsl_integration_qag(&f, 0, M_PI, 1e-15, 1e-14, 200, GSL_INTEG_GAUSS61, w, &res, &err);
    gsl_integration_workspace_free(w);
    double cd = 2 / pow(2 * M_PI, d);
    return qlb_sphere_area(d - 1) * cd * A * A / (2 * hbar * hbar * hbar) * res;
}

static void check_dimension(int d, int N, double hbar, double A)
{
    char spec[128], what[128];
    snprintf(spec, sizeof spec, "power:A=%g,a=%g", A, (d - 2) / 2.0);
    qlb_potential *pot;
    qlb_linop *L = make_operator(d, hbar, N, spec, 0, &pot);
    double lmax = 0;
    for (int l = 0; l <= N; l++)
        for (int n = 0; 2 * n + l <= N; n++) lmax = fmax(lmax, exact_lambda(d, n, l, hbar, A));
    double worst_diag = 0, worst_off = 0;
    for (int l = 0; l <= N; l++) {
        int s;
        const double *B = qlb_linop_block(L, l, &s);
        for (int n = 0; n < s; n++)
            for (int n2 = 0; n2 < s; n2++) {
                double want = n == n2 ? exact_lambda(d, n, l, hbar, A) : 0;
                double err = fabs(B[n * s + n2] - want) / lmax;
                if (n == n2) worst_diag = fmax(worst_diag, err);
                else worst_off = fmax(worst_off, err);
            }
    }
    snprintf(what, sizeof what, "Maxwell d=%d N=%d hbar=%g: diagonal = lambda_{n,l}", d, N, hbar);
    check_close(what, worst_diag, 0, 1e-10, 1);
    snprintf(what, sizeof what, "Maxwell d=%d N=%d hbar=%g: off-diagonal = 0", d, N, hbar);
    check_close(what, worst_off, 0, 1e-10, 1);

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
            best = fmin(best, fabs(ev[i].value - exact_lambda(d, m, l, hbar, A)));
        worst = fmax(worst, best / lmax);
        mult_ok &= ev[i].multiplicity == qlb_basis_dim_harmonic(l, d);
        if (i) mult_ok &= ev[i].value >= ev[i - 1].value;
    }
    snprintf(what, sizeof what, "Maxwell d=%d: every eigenvalue exact", d);
    check_close(what, worst, 0, 1e-10, 1);
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
