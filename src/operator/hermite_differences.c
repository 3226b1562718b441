/* hermite_differences.c — the differences of Hermite functions between u
 * and u + a that the collision integrands are made of, by three-term
 * recurrences that never divide by a (so a -> 0 is the classical limit
 * without cancellation). With psi_{n+1}(x) = [x psi_n(x) - sqrt(n)
 * psi_{n-1}(x)] / sqrt(n+1) at x = u and x = u + a:
 *
 *   E_n = [psi_n(u) mu(u+a) - psi_n(u+a) mu(u)] / a:
 *     E_0 = 0,  E_{n+1} = [u E_n - sqrt(n) E_{n-1} - psi_n(u+a) mu(u)] / sqrt(n+1);
 *   D_n = [psi_n(u+a) - psi_n(u)] / a:
 *     D_0 = [mu(u+a) - mu(u)] / a (expm1),
 *     D_{n+1} = [u D_n - sqrt(n) D_{n-1} + psi_n(u+a)] / sqrt(n+1).
 *
 * Forward recurrences of the Hermite functions' own kind with a source
 * term. E contains psi_n(u) mu(u+a), the solution that grows fastest, so
 * it is as stable as psi_n itself. D is not where u is beyond the turning
 * point and u + a is not: there the recurrence serves only while
 * a sqrt(n) < 1, and the plain difference (no cancellation) beyond.
 * Against quadruple precision, for N <= 160, a <= 80, |s| <= sqrt(2N) + 12,
 * E and D agree to 6e-14 of their largest entry, as the direct formulas
 * did. Points are done in batches, the loop over points innermost. */
#include "operator/hermite_differences.h"
#include "numerics/special_functions.h"

#include <math.h>

void qlb_collision_batch(int N, int count, const double *u, const double *mu_u,
                         const double *psi_ua, size_t ld_psi, double *E, size_t ld)
{
    for (int j = 0; j < count; j++) E[j] = 0;
    if (N >= 1)
        for (int j = 0; j < count; j++) E[ld + j] = -psi_ua[j] * mu_u[j];
    for (int n = 1; n < N; n++) {
        double s, r;
        qlb_recurrence_coefficients(n, &s, &r);
        const double *cur = E + (size_t)n * ld, *prev = cur - ld, *p = psi_ua + (size_t)n * ld_psi;
        double *next = E + (size_t)(n + 1) * ld;
        for (int j = 0; j < count; j++) next[j] = (u[j] * cur[j] - s * prev[j] - p[j] * mu_u[j]) * r;
    }
}

double qlb_shift_start(double a, double u, double mu_u, double mu_ua)
{
    double shift = (2 * u + a) * a / 4; /* ((u+a)^2 - u^2) / 4 */
    if (a == 0) return -u / 2 * mu_u;
    return a < 1 ? mu_u * expm1(-shift) / a : (mu_ua - mu_u) / a;
}

void qlb_shift_batch(int N, int count, double a, const double *u, const double *d0,
                     const double *psi_u, const double *psi_ua, size_t ld_psi, double *D, size_t ld)
{
    int direct = a > 0 ? (int)fmin(ceil(1 / (a * a)), N + 1.0) : N + 1; /* first n with a sqrt(n) >= 1 */
    for (int j = 0; j < count; j++) D[j] = d0[j];
    if (N >= 1 && direct > 1)
        for (int j = 0; j < count; j++) D[ld + j] = u[j] * d0[j] + psi_ua[j];
    for (int n = 1; n + 1 < direct && n < N; n++) {
        double s, r;
        qlb_recurrence_coefficients(n, &s, &r);
        const double *cur = D + (size_t)n * ld, *prev = cur - ld, *p = psi_ua + (size_t)n * ld_psi;
        double *next = D + (size_t)(n + 1) * ld;
        for (int j = 0; j < count; j++) next[j] = (u[j] * cur[j] - s * prev[j] + p[j]) * r;
    }
    for (int n = direct > 1 ? direct : 1; n <= N; n++)
        for (int j = 0; j < count; j++)
            D[(size_t)n * ld + j] = (psi_ua[(size_t)n * ld_psi + j] - psi_u[(size_t)n * ld_psi + j]) / a;
}
