/* linear_operator.h — internal access to the blocks of L (linear_operator.c). */
#ifndef QLB_OPERATOR_LINEAR_OPERATOR_H
#define QLB_OPERATOR_LINEAR_OPERATOR_H

#include "qlb/linop.h"

/* Copy of block l of L without the rows and columns of the collision
 * invariants (n = 0, 1 at l = 0; n = 0 at l = 1): *out malloc'ed m x m,
 * NULL when m = 0. */
qlb_status qlb_linop_block_complement(const qlb_linop *L, int l, double **out, int *m);

#endif
