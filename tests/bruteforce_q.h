/* bruteforce_q.h — direct quadrature of the quadratic collision term and of
 * the full nonlinear operator (1.11) in d = 2, for validation only. */
#ifndef QLB_BRUTEFORCE_Q_H
#define QLB_BRUTEFORCE_Q_H

#include "qlb/qlb.h"

/* out[(a*nb + b)*nb + c] = <phi_a, Q(phi_b, phi_c)> in the Cartesian basis
 * (d = 2, N <= 15), Q the second-order term of Q_LB(M + sqrt(M) g)/sqrt(M)
 * (variation: with the first variation of |eps(F)|^-2); q-point
 * Gauss–Legendre panels in kappa and u1 (q <= 32), hbar > 0.05. */
void bruteforce_tensor(const qlb_basis *basis, double hbar, const qlb_potential *pot,
                       int screening, int variation, int q, double *out);

/* out[a] = <phi_a, Q_LB(F)/sqrt(M)> of (1.11) for F = M + sqrt(M) g, g given
 * by Cartesian coefficients, with the screening |eps(F)|^-2 of F itself. */
void bruteforce_collision(const qlb_basis *basis, double hbar, const qlb_potential *pot,
                          int screening, const double *g, int q, double *out);

#endif
