/* qlb/dielectric.h — the dielectric function at the Maxwellian (docs/DESIGN.md §2).
 *
 * With u = v.k/|k|, a = hbar |k| and G(x) = i sqrt(pi/2) w(x/sqrt 2)
 * (w = Faddeeva function, libcerf):
 *   eps_hbar(M,k,v) = 1 - (Vhat(k)/a) [G(u + a) - G(u)]   (a > 0)
 *   eps_0(M,k,v)    = 1 - Vhat(k) G'(u)                     (a = 0)
 * (the sign of (1.12) as printed is corrected; eps_0(u=0) = 1 + Vhat). */
#ifndef QLB_DIELECTRIC_H
#define QLB_DIELECTRIC_H

#ifndef __cplusplus
#include <complex.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The complex-valued functions use C99 `double complex` and are hidden from
 * C++ (whose std::complex is a different type); qlb_dielectric_screening is
 * for both. */
#ifndef __cplusplus
/* G(x) = Int m(w)/(w - x - i0) dw with m the 1-D standard Gaussian density. */
double complex qlb_dielectric_G(double x);

/* G'(x). */
double complex qlb_dielectric_Gprime(double x);

/* eps(M, k, v) given vhat = Vhat(|k|), a = hbar |k| >= 0 and u = v.k/|k|.
 * Continuous in a: the divided difference is summed as a Taylor series
 * for small a, so there is no cancellation as hbar -> 0. */
double complex qlb_dielectric_eps(double vhat, double a, double u);

/* eps and its u-derivatives: out[k] = d^k eps / du^k at u, k = 0..kmax
 * (kmax <= 8). */
void qlb_dielectric_eps_derivatives(double vhat, double a, double u, int kmax,
                                    double complex *out);
#endif

/* One species of a mixture as the dielectric function sees it
 * (docs/DESIGN.md §9): weight n_s Z_s^2, mass m_s and temperature T_s (1
 * near the common equilibrium of the operator; its own in `qlb relax`). */
typedef struct {
    double weight;
    double mass;
    double temperature;
} qlb_dielectric_species;

#ifndef __cplusplus
/* eps(k, omega) of a mixture and its derivatives in x = omega/|k|:
 *   eps = 1 - (Vhat/a) sum_s n_s Z_s^2 [G_s(x + a/(2 m_s)) - G_s(x - a/(2 m_s))],
 *   G_s(y) = theta_s G(theta_s y), theta_s = sqrt(m_s / T_s)
 * (each species' Maxwellian at its own temperature),
 * out[k] = d^k eps / dx^k, k = 0..kmax (kmax <= 8); a = hbar |k| >= 0
 * (eps_0 = 1 - Vhat sum_s n_s Z_s^2 G'(sqrt(m_s) x) at a = 0). One species
 * of weight and mass 1 is qlb_dielectric_eps at u = x - a/2. */
void qlb_dielectric_mixture_derivatives(const qlb_dielectric_species *species, int count,
                                        double vhat, double a, double x, int kmax,
                                        double complex *out);
#endif

/* |eps|^-2, the screening factor of the collision kernel. */
double qlb_dielectric_screening(double vhat, double a, double u);

/* Largest q of qlb_dielectric_variation. */
#define QLB_DIELECTRIC_MAX_Q 200

/* The first variation of eps(F, k, v) at F = M in the direction of a
 * perturbation f whose 1-D marginal along khat is mu psi_q (mu psi_q =
 * He_q m / sqrt(q!); eps is affine in F, so this is exact):
 *   out[q] = -(Vhat/a) [H_q(u + a) - H_q(u)],  H_q(x) = Int mu psi_q(w)/(w - x - i0) dw,
 * and -Vhat H_q'(u) at a = 0, for q = 0..nmax (nmax <= QLB_DIELECTRIC_MAX_Q).
 * out[0] = eps(M) - 1. Continuous in a (series for small a). */
#ifndef __cplusplus
void qlb_dielectric_variation(double vhat, double a, double u, int nmax, double complex *out);
#endif

#ifdef __cplusplus
}
#endif

#endif
