/* species_operator.h — internal access to the multi-species operator
 * (species_operator.c). */
#ifndef QLB_OPERATOR_SPECIES_OPERATOR_H
#define QLB_OPERATOR_SPECIES_OPERATOR_H

#include "qlb/species.h"

/* The absolute error of block l's entries as assembled (asymmetry before
 * symmetrization, or the rounding of its terms). */
double qlb_mixop_block_noise(const qlb_mixop *L, int l);

#endif
