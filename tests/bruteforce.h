/* bruteforce.h — direct quadrature of the quadratic forms (1.29), (3.5)
 * and (3.6) in d = 2, written for validation only (used by tests and the
 * assembly benchmark). */
#ifndef QLB_BRUTEFORCE_H
#define QLB_BRUTEFORCE_H

#include "qlb/qlb.h"

/* out[i*nb+j] = B(phi_i, phi_j) for the Cartesian basis of `basis`
 * (d = 2, N <= 15), where B is the form of `form` (L, or the Gram matrix
 * of a dissipation norm), by tensor quadrature with q-point Gauss–Legendre
 * panels in kappa and u1 (q <= 32: resolution knob). The kappa range ends
 * at 2^7: meant for hbar > 0.05 or fast-decaying Vhat. hbar is ignored by
 * QLB_FORM_NORM_CLASSICAL. */
void bruteforce_matrix(const qlb_basis *basis, qlb_form form, double hbar,
                       const qlb_potential *pot, int screening, int q, double *out);

#endif
