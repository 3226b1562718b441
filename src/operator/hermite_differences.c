/* hermite_differences.c — the differences of Hermite functions between u
 * and u + a that the collision integrands are made of, without cancellation
 * for small a: the Taylor expansion of He_n is the finite sum
 *   [He_n(u+a) - He_n(u)] e^{-u^2/4} / c_n = a sum_k a^{k-1}/k! sqrt(n!/(n-k)!) psi_{n-k}(u),
 * and the Gaussian factors differ by expm1. */
#include "operator/hermite_differences.h"

#include <math.h>
#include <stddef.h>

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
