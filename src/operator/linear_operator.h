/* linear_operator.h — internal access to L (linear_operator.c): blocks
 * without the invariants, and construction from stored parts. */
#ifndef QLB_OPERATOR_LINEAR_OPERATOR_H
#define QLB_OPERATOR_LINEAR_OPERATOR_H

#include "qlb/linop.h"

/* Copy of block l of L without the rows and columns of the collision
 * invariants (n = 0, 1 at l = 0; n = 0 at l = 1): *out malloc'ed m x m,
 * NULL when m = 0. */
qlb_status qlb_linop_block_complement(const qlb_linop *L, int l, double **out, int *m);

/* The absolute error of block l's entries as assembled (its asymmetry
 * before symmetrization, or the rounding of its terms); 0 when unknown (an
 * operator loaded from a file). */
double qlb_linop_block_noise(const qlb_linop *L, int l);

/* An operator from stored parts (io/operator_files.c): p, form and info as
 * saved, the kernel ((N+1)^2) and the blocks l = 0..N one after another
 * (each size_l^2, row-major). L takes `owned` (the potential p points to;
 * may be NULL) and frees it; on failure it is freed at once. */
qlb_status qlb_linop_from_parts(const qlb_params *p, qlb_form form, const qlb_linop_info *info,
                                const double *kernel, const double *blocks, qlb_potential *owned,
                                qlb_linop **out);

#endif
