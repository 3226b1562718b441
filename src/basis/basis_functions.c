/* basis_functions.c — the functions that define the bases: normalized
 * Hermite functions psi_n (the normal-law recurrence times psi_0), Burnett
 * radial functions R_nl (Laguerre recurrence with the normalization and
 * r^l e^{-r^2/4} taken in log form so that nothing overflows), zonal
 * Gegenbauer polynomials G_l normalized to G_l(1) = 1 (recurrence
 * G_{l+1} = [2(l+lam) x G_l - l G_{l-1}] / (l + 2 lam), lam = (d-2)/2), and
 * sphere areas. */
#include "qlb/basis.h"
#include "numerics/special_functions.h"

#include <math.h>

void qlb_hermite_functions(int nmax, double x, double *out)
{
    qlb_hermite_recurrence(nmax, x, exp(-x * x / 4) / pow(2 * M_PI, 0.25), out);
}

void qlb_radial_functions(int dim, int l, int nmax, double r, double *out)
{
    double alpha = l + dim / 2.0 - 1, t = r * r / 2;
    double lg = l * log(r) - t / 2 - 0.5 * alpha * M_LN2;
    double lag_prev = 0, lag = 1;
    for (int n = 0; n <= nmax; n++) {
        double norm = 0.5 * (lgamma(n + 1.0) - lgamma(n + alpha + 1));
        out[n] = ((n & 1) ? -lag : lag) * exp(lg + norm);
        double next = ((2 * n + 1 + alpha - t) * lag - (n + alpha) * lag_prev) / (n + 1);
        lag_prev = lag;
        lag = next;
    }
}

void qlb_zonal_polynomials(int dim, int lmax, double x, double *out)
{
    double lam = (dim - 2) / 2.0;
    out[0] = 1;
    if (lmax >= 1) out[1] = x;
    for (int l = 1; l < lmax; l++)
        out[l + 1] = (2 * (l + lam) * x * out[l] - l * out[l - 1]) / (l + 2 * lam);
}

double qlb_sphere_area(int k)
{
    return 2 * pow(M_PI, k / 2.0) / tgamma(k / 2.0);
}
