/* maxwell.c — the exact eigenvalues of Maxwell molecules (docs/DESIGN.md §4) by
 * GSL quadrature of the 1-D angular integral, independent of the library:
 *   lambda_{n,l} = |S^{d-2}| c_d A^2 / (2 hbar^3) Int_0^pi cos^{d-2}(theta/2)
 *                  [1 + delta_{n0} delta_{l0} - c^{2n+l} G_l(c) - s^{2n+l} G_l(s)] dtheta. */
#include "maxwell.h"

#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_gegenbauer.h>
#include <math.h>

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

double maxwell_lambda(int d, int n, int l, double hbar, double A)
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

