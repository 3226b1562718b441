/* species_spectrum.h — the eigendecomposition of a block of the
 * multi-species operator on the complement of its invariants
 * (species_spectrum.c), for the evolution in its eigenbasis. */
#ifndef QLB_ANALYSIS_SPECIES_SPECTRUM_H
#define QLB_ANALYSIS_SPECIES_SPECTRUM_H

#include "qlb/species.h"

/* V (s x s row-major, s = S K_l; column j an eigenvector) and lambda (s):
 * the first k columns an orthonormal basis of block l's k invariants with
 * eigenvalue exactly 0, the others the eigenvectors of the block on their
 * complement, ascending. */
qlb_status qlb_mixop_block_eigen(const qlb_mixop *L, int l, double *V, double *lambda);

#endif
