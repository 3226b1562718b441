/* hermite_differences.h — differences of Hermite functions between u and
 * u + a, the pieces of every collision integrand, exact at a = 0 (the
 * classical limits) (hermite_differences.c). Given psi_u[n] = psi_n(u),
 * psi_ua[n] = psi_n(u + a), n <= N, and coef from qlb_shift_coefficients. */
#ifndef QLB_OPERATOR_HERMITE_DIFFERENCES_H
#define QLB_OPERATOR_HERMITE_DIFFERENCES_H

/* coef[n][k] = a^{k-1}/k! sqrt(n!/(n-k)!) ((N+1)^2 doubles, zero-initialized once). */
void qlb_shift_coefficients(int N, double a, double *coef);
/* [He_n(u+a) - He_n(u)] e^{-u^2/4} / (c_n a) = sum_k coef[n][k] psi_{n-k}(u). */
double qlb_shift_difference(const double *coef, int N, const double *psi_u, int n);
/* E_n = [psi_n(u) mu(u+a) - psi_n(u+a) mu(u)] / a (-sqrt(n) mu psi_{n-1} at a = 0). */
void qlb_collision_vector(int N, double a, const double *psi_u, const double *psi_ua,
                          const double *coef, double *E);
/* D_n = [psi_n(u+a) - psi_n(u)] / a (psi_n'(u) at a = 0). */
void qlb_shift_vector(int N, double a, double u, const double *psi_u, const double *psi_ua,
                      const double *coef, double *D);

#endif
