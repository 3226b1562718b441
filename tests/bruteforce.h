/* bruteforce.h — direct quadrature of the quadratic form (1.29) in d = 2,
 * written for validation only (used by tests and the assembly benchmark). */
#ifndef QLB_BRUTEFORCE_H
#define QLB_BRUTEFORCE_H

#include "qlb/qlb.h"

/* out[i*nb+j] = <phi_i, L phi_j> for the Cartesian basis of `basis`
 * (d = 2, N <= 15), by tensor quadrature in (theta, kappa, u1, x1, x2) with
 * q-point Gauss–Legendre panels in kappa and u1 (q <= 32: resolution knob).
 * The kappa range ends at 2^7: meant for hbar > 0.05 or fast-decaying Vhat. */
void bruteforce_matrix(const qlb_basis *basis, double hbar, const qlb_potential *pot,
                       int screening, int q, double *out);

#endif
