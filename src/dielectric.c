/* dielectric.c — eps_hbar(M,k,v) and eps_0(M,k,v) from the Faddeeva function.
 *
 * G^(k)(x) = i sqrt(pi/2) 2^(-k/2) w^(k)(x/sqrt 2), with the derivatives of w
 * from w' = -2 z w + 2i/sqrt(pi), w^(k+1) = -2 z w^(k) - 2k w^(k-1).
 * For a < SERIES_BELOW the divided difference [G(u+a) - G(u)]/a is the
 * Taylor series sum_k G^(k)(u) a^(k-1)/k!, truncated at SERIES_TERMS where
 * the remainder is below 1e-17 relative; above it the difference is formed
 * directly (cancellation at most eps/a). */
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

/* sum_{k>=1} G^(k)(u) a^(k-1)/k!  */
static double complex divided_difference_series(double a, double u)
{
    double complex z = u / M_SQRT2;
    double complex wkm1 = w_of_z(z);
    double complex wk = -2.0 * z * wkm1 + 2.0 * I / sqrt(M_PI);
    double complex sum = 0.0;
    double coef = M_SQRT1_2; /* 2^(-k/2) a^(k-1) / k! at k = 1 */
    for (int k = 1; k <= SERIES_TERMS; k++) {
        sum += coef * wk;
        double complex wkp1 = -2.0 * z * wk - 2.0 * k * wkm1;
        wkm1 = wk;
        wk = wkp1;
        coef *= M_SQRT1_2 * a / (k + 1);
    }
    return I * sqrt_half_pi * sum;
}

double complex qlb_dielectric_eps(double vhat, double a, double u)
{
    double complex dd;
    if (a < SERIES_BELOW)
        dd = divided_difference_series(a, u);
    else
        dd = (qlb_dielectric_G(u + a) - qlb_dielectric_G(u)) / a;
    return 1.0 - vhat * dd;
}

double qlb_dielectric_screening(double vhat, double a, double u)
{
    double complex e = qlb_dielectric_eps(vhat, a, u);
    double re = creal(e), im = cimag(e);
    return 1.0 / (re * re + im * im);
}
