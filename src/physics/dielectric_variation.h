/* dielectric_variation.h — the variation of eps by a perturbation of a
 * species far from its own thermal range (dielectric_variation.c). */
#ifndef QLB_PHYSICS_DIELECTRIC_VARIATION_H
#define QLB_PHYSICS_DIELECTRIC_VARIATION_H

#include <complex.h>

/* What qlb_dielectric_variation (qlb/dielectric.h) computes, out[q] =
 * -(vhat/a) [H_q(u + a) - H_q(u)] (-vhat H_q'(u) at a = 0), q = 0..nmax,
 * accurate to ~1e-16 vhat absolutely at every u (the forward recurrence
 * of qlb_dielectric_variation loses a factor ~exp(u^2/4) beyond the
 * turning points of psi_q, harmless only against that species' own
 * Gaussian weight). */
void qlb_dielectric_variation_far(double vhat, double a, double u, int nmax, double complex *out);

#endif
