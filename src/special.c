/* special.c — the special functions behind the bases: normalized Hermite
 * functions psi_n (three-term recurrence), Burnett radial functions R_nl
 * (Laguerre recurrence with the normalization and r^l e^{-r^2/4} taken in
 * log form so that nothing overflows), zonal Gegenbauer polynomials G_l
 * normalized to G_l(1) = 1 (recurrence G_{l+1} = [2(l+lam) x G_l - l G_{l-1}]
 * / (l + 2 lam), lam = (d-2)/2), sphere areas, and the differences of
 * Hermite functions between u and u + a that the collision integrands are
 * made of, without cancellation for small a: the Taylor expansion of He_n
 * is the finite sum
 *   [He_n(u+a) - He_n(u)] e^{-u^2/4} / c_n = a sum_k a^{k-1}/k! sqrt(n!/(n-k)!) psi_{n-k}(u),
 * and the Gaussian factors differ by expm1. */
#include "qlb/basis.h"
#include "internal.h"

#include <math.h>

void qlb_hermite_recurrence(int nmax, double x, double p0, double *out)
{
    out[0] = p0;
    if (nmax >= 1) out[1] = x * out[0];
    for (int n = 1; n < nmax; n++)
        out[n + 1] = (x * out[n] - sqrt((double)n) * out[n - 1]) / sqrt(n + 1.0);
}

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

void qlb_shift_coefficients(int N, double a, double *coef)
{
    for (int n = 1; n <= N; n++) {
        double *c = coef + (size_t)n * (N + 1);
        c[1] = sqrt((double)n);
        for (int k = 1; k < n; k++) c[k + 1] = c[k] * a * sqrt((double)(n - k)) / (k + 1);
    }
}

double qlb_shift_difference(const double *coef, int N, const double *psi_u, int n)
{
    const double *c = coef + (size_t)n * (N + 1);
    double sum = 0;
    for (int k = 1; k <= n && c[k] >= 1e-18 * c[1]; k++) sum += c[k] * psi_u[n - k];
    return sum;
}

void qlb_collision_vector(int N, double a, const double *psi_u, const double *psi_ua,
                          const double *coef, double *E)
{
    double mu = psi_u[0], mua = psi_ua[0];
    E[0] = 0;
    for (int n = 1; n <= N; n++)
        E[n] = a * sqrt((double)n) < 1 ? -mua * qlb_shift_difference(coef, N, psi_u, n)
                                       : (psi_u[n] * mua - psi_ua[n] * mu) / a;
}

void qlb_shift_vector(int N, double a, double u, const double *psi_u, const double *psi_ua,
                      const double *coef, double *D)
{
    double shift = (2 * u + a) * a / 4; /* ((u+a)^2 - u^2) / 4 */
    double gauss = a > 0 ? expm1(-shift) / a : -u / 2, decay = exp(-shift);
    for (int n = 0; n <= N; n++)
        D[n] = a * sqrt(fmax(n, 1)) < 1
                   ? (n ? qlb_shift_difference(coef, N, psi_u, n) * decay : 0) + psi_u[n] * gauss
                   : (psi_ua[n] - psi_u[n]) / a;
}
