/* basis_functions.c — the functions that define the bases: normalized
 * Hermite functions psi_n (the normal-law recurrence times psi_0), Burnett
 * radial functions R_nl, zonal Gegenbauer polynomials G_l normalized to
 * G_l(1) = 1 (recurrence G_{l+1} = [2(l+lam) x G_l - l G_{l-1}] / (l + 2 lam),
 * lam = (d-2)/2), and sphere areas. R_nl = (-1)^n q_n e^{lg + nu_0}, with
 * lg = l log r - r^2/4 - (alpha/2) log 2 and nu_0 = -lgamma(alpha+1)/2 in
 * log form (nothing overflows), and q_n = L_n^alpha(r^2/2) sqrt(n! Gamma(alpha+1)
 * / Gamma(n+alpha+1)) by the Laguerre recurrence with that normalization
 * folded into its coefficients (no lgamma or exp per n). The batch forms
 * take many points at once, the loop over points innermost. */
#include "qlb/basis.h"
#include "basis/basis_functions.h"
#include "numerics/special_functions.h"

#include <math.h>

void qlb_hermite_functions(int nmax, double x, double *out)
{
    qlb_hermite_recurrence(nmax, x, exp(-x * x / 4) / pow(2 * M_PI, 0.25), out);
}

void qlb_radial_batch(int dim, int l, int nmax, int count, const double *r, double *out, size_t ld)
{
    double alpha = l + dim / 2.0 - 1, nu0 = -0.5 * lgamma(alpha + 1);
    for (int j = 0; j < count; j++) out[j] = 1;
    if (nmax >= 1) {
        double g0 = sqrt(1 / (alpha + 1));
        for (int j = 0; j < count; j++) out[ld + j] = g0 * (1 + alpha - r[j] * r[j] / 2);
    }
    for (int n = 1; n < nmax; n++) {
        double g = sqrt((n + 1) / (n + alpha + 1)), gp = sqrt(n / (n + alpha));
        double a = g / (n + 1), b = g * gp * (n + alpha) / (n + 1);
        const double *cur = out + (size_t)n * ld, *prev = cur - ld;
        double *next = out + (size_t)(n + 1) * ld;
        for (int j = 0; j < count; j++)
            next[j] = a * (2 * n + 1 + alpha - r[j] * r[j] / 2) * cur[j] - b * prev[j];
    }
    for (int j = 0; j < count; j++) {
        double f = exp(l * log(r[j]) - r[j] * r[j] / 4 - 0.5 * alpha * M_LN2 + nu0);
        for (int n = 0; n <= nmax; n++) out[(size_t)n * ld + j] *= (n & 1) ? -f : f;
    }
}

void qlb_radial_functions(int dim, int l, int nmax, double r, double *out)
{
    qlb_radial_batch(dim, l, nmax, 1, &r, out, 1);
}

void qlb_zonal_batch(int dim, int lmax, int count, const double *x, double *out, size_t ld)
{
    double lam = (dim - 2) / 2.0;
    for (int j = 0; j < count; j++) out[j] = 1;
    if (lmax >= 1)
        for (int j = 0; j < count; j++) out[ld + j] = x[j];
    for (int l = 1; l < lmax; l++) {
        double a = 2 * (l + lam) / (l + 2 * lam), b = l / (l + 2 * lam);
        const double *cur = out + (size_t)l * ld, *prev = cur - ld;
        double *next = out + (size_t)(l + 1) * ld;
        for (int j = 0; j < count; j++) next[j] = a * x[j] * cur[j] - b * prev[j];
    }
}

void qlb_zonal_polynomials(int dim, int lmax, double x, double *out)
{
    qlb_zonal_batch(dim, lmax, 1, &x, out, 1);
}

double qlb_sphere_area(int k)
{
    return 2 * pow(M_PI, k / 2.0) / tgamma(k / 2.0);
}
