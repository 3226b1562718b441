/* qlb/transport.h — Chapman–Enskog transport coefficients of the linearized
 * operator, in units n = T = m = k_B = 1, with the operator exactly as
 * defined (its time scale is that of (1.10)).
 *
 * First-order Chapman–Enskog: the deviation from the local Maxwellian is
 * -sqrt(M) (chi_ij d_i u_j + psi_i d_i T) with L chi_ij = A_ij, L psi_i = B_i,
 *   A_ij = (v_i v_j - delta_ij |v|^2/d) sqrt(M),  B_i = v_i (|v|^2 - (d+2))/2 sqrt(M),
 * both orthogonal to the invariants. Then the stress is -mu (d_i u_j + d_j u_i
 * - (2/d) delta_ij div u) and the heat flux -kappa grad T with
 *   viscosity          mu    = <A_12, L^-1 A_12>,
 *   heat conductivity  kappa = <B_1, L^-1 B_1>,
 *   Prandtl number     Pr    = c_p mu / kappa,  c_p = (d+2)/2.
 * A_12 is the Burnett function (n, l) = (0, 2) and B_1 is sqrt((d+2)/2)
 * times (1, 1), so each is one entry of the inverse of one rotation block.
 * On a truncated space both are variational (max of 2<A,x> - <x,Lx>): they
 * increase with the degree towards their limits. Maxwell molecules give
 * mu = 1/lambda_{0,2}, kappa = (d+2)/(2 lambda_{1,1}), Pr = (d-1)/d. */
#ifndef QLB_TRANSPORT_H
#define QLB_TRANSPORT_H

#include "qlb/linop.h"
#include "qlb/species.h"
#include "qlb/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    double viscosity;
    double heat_conductivity;
    double prandtl;
} qlb_transport;

/* Coefficients of the collision operator L (degree >= 3). */
qlb_status qlb_transport_coefficients(const qlb_linop *L, qlb_transport *out);

/* The same for a mixture (qlb/species.h) at degree 3 <= degree <= L's: the
 * mixture's viscosity (the total stress, sum_a m_a v_i v_j F_a) and heat
 * conductivity at zero diffusion forces (the total heat flux driven by
 * grad T with the species' relative drifts free; thermal diffusion is not
 * separated), with sources in every species' own variable (docs/DESIGN.md
 * §9); one species of mass 1 gives qlb_transport_coefficients' values, two
 * copies of one species too. */
qlb_status qlb_mixop_transport(const qlb_mixop *L, int degree, qlb_transport *out);

#ifdef __cplusplus
}
#endif

#endif
