/* quadratic_reduction.h — the reduced radial tensor t of the quadratic term
 * from its parallel kernels (quadratic_reduction.c), written into the
 * stored blocks of qlb_quadratic (quadratic_storage.h). */
#ifndef QLB_OPERATOR_QUADRATIC_REDUCTION_H
#define QLB_OPERATOR_QUADRATIC_REDUCTION_H

#include "qlb/basis.h"
#include "qlb/burnett.h"
#include "operator/quadratic_storage.h"

/* What the reduction reads: the bases, the kernels J, K ((N+1)^3 each,
 * quadratic_kernels.h), the radial labels (n, l) of each shell in
 * spherical order and the block of each (l, l1 <= l2). */
typedef struct {
    int d, N, nk;
    const qlb_basis *basis;
    const qlb_burnett *bu;
    double *J, *K;
    int nrad;                   /* radial labels (n, l) in spherical order */
    int *lab_l, *lab_n;
    int *lab_col;               /* column of its m = 0 in its shell's U */
    int *shell_lab;             /* first label of shell s (N + 2 entries) */
    int *block_of;              /* [(l * nk + l1) * nk + l2]: stored block, or -1 */
} qlb_quadratic_assembly;

/* Fills t of every stored block of T. */
qlb_status qlb_quadratic_reduce(const qlb_quadratic_assembly *A, qlb_quadratic *T);

/* Upper bound on the scratch of the reduction (bytes, all threads). */
double qlb_quadratic_reduce_bytes(int d, int N);

#endif
