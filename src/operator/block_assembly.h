/* block_assembly.h — the rotation blocks of an operator or form from its
 * parallel kernel (block_assembly.c). */
#ifndef QLB_OPERATOR_BLOCK_ASSEMBLY_H
#define QLB_OPERATOR_BLOCK_ASSEMBLY_H

#include "qlb/linop.h"

/* block[l] (size_l^2, size_l = (N - l)/2 + 1, row-major), l = 0..N, of the
 * form from its kernel Kt ((N+1)^2); *asymmetry = the largest relative
 * asymmetry before symmetrization; noise[l] (N + 1) = the absolute error of
 * block l's entries (its asymmetry, or the rounding of its terms). */
qlb_status qlb_assemble_blocks(const qlb_params *p, qlb_form form, const double *Kt,
                               double **block, double *asymmetry, double *noise);

/* Several species (docs/DESIGN.md §9): block[l] ((S size_l)^2, species-
 * major) = (c_d/2) (delta_ab T1[test[a]] - beta field[a S + b] beta^T),
 * symmetrized; test[a] and field[a S + b] are (N+1)^2 kernels (field[b S + a]
 * the transpose of field[a S + b]); field NULL: the test parts alone. */
qlb_status qlb_assemble_mixture_blocks(const qlb_params *p, int S, const double *const *test,
                                       const double *const *field, double **block,
                                       double *asymmetry, double *noise);

#endif
