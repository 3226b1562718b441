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

/* One collision in d = 2 at khat = (c, s): v_i = u_i khat + x_i khat_perp with
 * u2 = u1 + a, and the post-collision w1 = v1', w2 = v2' (parallel parts swapped). */
void bruteforce_collision_geometry(double u1, double a, double x1, double x2, double c,
                                   double s, double *v1, double *v2, double *w1, double *w2);

#endif
