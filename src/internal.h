/* internal.h — declarations shared by the library's modules, not installed. */
#ifndef QLB_INTERNAL_H
#define QLB_INTERNAL_H

#include <stddef.h>

#include "qlb/linop.h"
#include "qlb/potential.h"
#include "qlb/status.h"

/* Largest supported Hermite degree (quadrature rules stay well inside the
 * range of double precision up to here). */
#define QLB_MAX_DEGREE 160

/* Largest supported dimension. */
#define QLB_MAX_DIM 64

/* Record a formatted message and return status (status.c). */
qlb_status qlb_fail(qlb_status status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* For a failed status: prefixes the recorded message with "context: " (the
 * caller's step, so that a message reads like a short trace); returns
 * status unchanged (status.c). */
qlb_status qlb_context(qlb_status status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* C(n, k) as size_t, 0 on overflow (basis.c). */
size_t qlb_binomial(int n, int k);

/* Gauss rules (gauss.c). Nodes ascending. Weights are "scaled": the rule
 * integrates f(x) * weight(x) as sum w[i] * f(x[i]) * weight(x[i]), i.e.
 * w[i] = omega[i] / weight(x[i]), which stays O(1) where omega underflows.
 *   HERMITE   weight exp(-x^2) on R
 *   LAGUERRE  weight x^alpha exp(-x) on (0, inf), weight(x) taken as exp(-x)
 *   LEGENDRE  weight 1 on [-1, 1] (plain weights). */
typedef enum { QLB_GAUSS_HERMITE, QLB_GAUSS_LAGUERRE, QLB_GAUSS_LEGENDRE } qlb_gauss_kind;
qlb_status qlb_gauss_rule(qlb_gauss_kind kind, int n, double alpha, double *x,
                          double *w);

/* Gauss rule for the standard normal law: E f(X) ~ sum w[i] f(x[i]) (plain
 * weights; nodes ascending) (gauss.c). */
qlb_status qlb_normal_rule(int n, double *x, double *w);

/* out[n] = p0 He_n(x) / sqrt(n!), n = 0..nmax, by the normalized three-term
 * recurrence (special.c); p0 = 1 gives the orthonormal polynomials of the
 * normal law, p0 = psi_0(x) the Hermite functions. */
void qlb_hermite_recurrence(int nmax, double x, double p0, double *out);

/* Collision invariants among the radial functions of block l: n = 0, 1
 * at l = 0 (mass, energy), n = 0 at l = 1 (momentum), none beyond. */
static inline int qlb_invariants_in_block(int l) { return l == 0 ? 2 : l == 1 ? 1 : 0; }

/* QLB_EDIVERGE (naming `what`) if Int^inf k^(need-1) Vhat^2 dk diverges for
 * a family whose large-k decay is known (params.c); QLB_OK otherwise. */
qlb_status qlb_check_large_k(const qlb_potential *v, double need, const char *what);

/* Copy of block l of L without the rows and columns of the collision
 * invariants (n = 0, 1 at l = 0; n = 0 at l = 1): *out malloc'ed m x m,
 * NULL when m = 0 (linop.c). */
qlb_status qlb_linop_block_complement(const qlb_linop *L, int l, double **out, int *m);

/* Differences of Hermite functions between u and u + a (special.c), given
 * psi_u[n] = psi_n(u), psi_ua[n] = psi_n(u + a), n <= N, and coef from
 * qlb_shift_coefficients ((N+1)^2 doubles, zero-initialized once):
 * coef[n][k] = a^{k-1}/k! sqrt(n!/(n-k)!). Exact at a = 0 (the limits). */
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
