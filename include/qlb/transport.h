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

/* Electron transport (the Spitzer problem, docs/DESIGN.md §10), d = 3:
 * electrons colliding with electrons and with ions held at rest (their
 * perturbation 0), driven by an electric field and a temperature gradient;
 * the l = 1 block of the electrons on degree <= N. Braginskii's coefficients: friction R = -alpha0 (m n/tau_e) u -
 * beta0 n grad T, heat flux q = beta0 n T u - gamma0 (n T tau_e/m) grad T,
 * with tau_e = 1/<f_01, L_ei f_01>, the inverse electron-ion momentum-transfer
 * rate of a Maxwellian (Braginskii's tau_e exactly for Landau's operator)
 * and coulomb_log = 12 pi^(5/2) / (sqrt(2) n_i Z^2 tau_e), the Coulomb
 * logarithm that defines (lnLambda = Int k^3 Vhat^2 dk for Landau's). */
typedef struct {
    double alpha0, beta0, gamma0;
    double tau_e;        /* qlb's time unit */
    double coulomb_log;
} qlb_electron_transport;

/* The electrons (Z = -1, m = 1, n = Z/(Z+1)) and ions (charge Z > 0 finite,
 * mass ion_mass > 0 or 0 for the static limit m_e/m_i -> 0, taken as
 * QLB_STATIC_ION_MASS = 1e10: the coefficients change as 0.63 m_e/m_i), densities
 * neutral. QLB_EINVAL for a bad Z or mass. */
#define QLB_STATIC_ION_MASS 1e10
qlb_status qlb_electron_species(double Z, double ion_mass, qlb_species out[2]);

/* The coefficients for L of the two species of qlb_electron_species at
 * each of count degrees (3 <= degrees[k] <= L's degree) into out[k];
 * lorentz = 1 drops the electron-electron collisions (Z -> infinity, the
 * Lorentz gas: alpha0 = 3 pi/32, beta0 = 3/2, gamma0 = 128/(3 pi)). */
qlb_status qlb_electron_coefficients(const qlb_mixop *L, int lorentz, int count, const int *degrees,
                                     qlb_electron_transport *out);

#ifdef __cplusplus
}
#endif

#endif
