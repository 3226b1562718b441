/* hermite_differences.h — differences of Hermite functions between u and
 * u + a, the pieces of every collision integrand, exact at a = 0 (the
 * classical limits), at a batch of count points u[j] (a fixed): arrays
 * are row n, column j: psi_ua[n * ld_psi + j] = psi_n(u[j] + a), outputs
 * at [n * ld + j], n = 0..N (hermite_differences.c). */
#ifndef QLB_OPERATOR_HERMITE_DIFFERENCES_H
#define QLB_OPERATOR_HERMITE_DIFFERENCES_H

#include <stddef.h>

/* E_n = [psi_n(u) mu(u+a) - psi_n(u+a) mu(u)] / a (-sqrt(n) mu psi_{n-1}
 * at a = 0); mu_u[j] = mu(u[j]). */
void qlb_collision_batch(int N, int count, const double *u, const double *mu_u,
                         const double *psi_ua, size_t ld_psi, double *E, size_t ld);
/* [mu(u+a) - mu(u)] / a without cancellation (mu'(u) at a = 0). */
double qlb_shift_start(double a, double u, double mu_u, double mu_ua);
/* D_n = [psi_n(u+a) - psi_n(u)] / a (psi_n'(u) at a = 0), d0[j] the n = 0
 * value from qlb_shift_start; psi_u like psi_ua at u. */
void qlb_shift_batch(int N, int count, double a, const double *u, const double *d0,
                     const double *psi_u, const double *psi_ua, size_t ld_psi, double *D, size_t ld);

#endif
