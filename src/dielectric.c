/* dielectric.c — eps_hbar(M,k,v) and eps_0(M,k,v) from the Faddeeva function.
 *
 * G^(k)(x) = i sqrt(pi/2) 2^(-k/2) w^(k)(x/sqrt 2), with the derivatives of w
 * from w' = -2 z w + 2i/sqrt(pi), w^(k+1) = -2 z w^(k) - 2k w^(k-1).
 * For a < SERIES_BELOW the divided difference [G(u+a) - G(u)]/a is the
 * Taylor series sum_k G^(k)(u) a^(k-1)/k!, truncated at SERIES_TERMS where
 * the remainder is below 1e-17 relative; above it the difference is formed
 * directly (cancellation at most eps/a). u-derivatives of eps, used to model
 * eps near plasma resonances, come from the same recurrence. */
#include "qlb/dielectric.h"

#include <cerf.h>
#include <math.h>

#define SERIES_BELOW 0.05
#define SERIES_TERMS 12

static const double sqrt_half_pi = 1.2533141373155002512; /* sqrt(pi/2) */

double complex qlb_dielectric_G(double x)
{
    return I * sqrt_half_pi * w_of_z(x / M_SQRT2);
}

double complex qlb_dielectric_Gprime(double x)
{
    double complex z = x / M_SQRT2;
    double complex wp = -2.0 * z * w_of_z(z) + 2.0 * I / sqrt(M_PI);
    return I * sqrt_half_pi * M_SQRT1_2 * wp;
}

#define MAX_DERIV 8

/* g[k] = G^(k)(x), k = 0..n. */
static void G_derivatives(double x, int n, double complex *g)
{
    double complex z = x / M_SQRT2, wkm1 = w_of_z(z);
    double complex wk = -2.0 * z * wkm1 + 2.0 * I / sqrt(M_PI);
    double scale = 1;
    g[0] = I * sqrt_half_pi * wkm1;
    for (int k = 1; k <= n; k++) {
        scale *= M_SQRT1_2;
        g[k] = I * sqrt_half_pi * scale * wk;
        double complex wkp1 = -2.0 * z * wk - 2.0 * k * wkm1;
        wkm1 = wk;
        wk = wkp1;
    }
}

/* dd[k] = d^k/du^k of [G(u+a) - G(u)]/a, k = 0..kmax. */
static void divided_difference(double a, double u, int kmax, double complex *dd)
{
    double complex g[MAX_DERIV + SERIES_TERMS + 2];
    if (a < SERIES_BELOW) { /* sum_{j>=1} G^(k+j)(u) a^(j-1)/j! */
        G_derivatives(u, kmax + SERIES_TERMS, g);
        for (int k = 0; k <= kmax; k++) {
            double coef = 1;
            dd[k] = 0;
            for (int j = 1; j <= SERIES_TERMS; j++) {
                dd[k] += coef * g[k + j];
                coef *= a / (j + 1);
            }
        }
        return;
    }
    double complex g2[MAX_DERIV + 1];
    G_derivatives(u, kmax, g);
    G_derivatives(u + a, kmax, g2);
    for (int k = 0; k <= kmax; k++) dd[k] = (g2[k] - g[k]) / a;
}

void qlb_dielectric_eps_derivatives(double vhat, double a, double u, int kmax,
                                    double complex *out)
{
    double complex dd[MAX_DERIV + 1];
    if (kmax > MAX_DERIV) kmax = MAX_DERIV;
    divided_difference(a, u, kmax, dd);
    for (int k = 0; k <= kmax; k++) out[k] = (k == 0) - vhat * dd[k];
}

double complex qlb_dielectric_eps(double vhat, double a, double u)
{
    double complex e;
    qlb_dielectric_eps_derivatives(vhat, a, u, 0, &e);
    return e;
}

double qlb_dielectric_screening(double vhat, double a, double u)
{
    double complex e = qlb_dielectric_eps(vhat, a, u);
    double re = creal(e), im = cimag(e);
    return 1.0 / (re * re + im * im);
}
