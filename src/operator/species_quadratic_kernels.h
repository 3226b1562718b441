/* species_quadratic_kernels.h — the parallel kernels of the quadratic term
 * of one pair of a mixture (species_quadratic_kernels.c). */
#ifndef QLB_OPERATOR_SPECIES_QUADRATIC_KERNELS_H
#define QLB_OPERATOR_SPECIES_QUADRATIC_KERNELS_H

#include "operator/kappa_integral.h"
#include "qlb/dielectric.h"
#include "qlb/params.h"

/* The pair (a, b): output species a of mass mass_a, partner b of mass
 * mass_b, in the medium of all species (weight n_c Z_c^2, mass,
 * temperature 1). nk = N + 1, n3 = nk^3; [p][q][r] row-major:
 *   coll (n3): q in species a, r in species b;
 *   vtest, vfield (count x n3, species c first; NULL without the variation
 *   or without screening): q in species c (the variation of eps), r in
 *   species a (test) or b (field).
 * p must be checked; the screened kernels need Vhat sum_c n_c Z_c^2 < 3.5
 * (no plasma-wave resonance) at every kappa. */
typedef struct {
    double mass_a, mass_b;
    const qlb_dielectric_species *medium;
    int count;
} qlb_pair_quadratic;

qlb_status qlb_pair_quadratic_kernels(const qlb_params *p, const qlb_pair_quadratic *pair,
                                      double *coll, double *vtest, double *vfield,
                                      qlb_kappa_info *info);

#endif
