/* quadratic_reduction.h — the reduced radial tensor t of the quadratic term
 * from its parallel kernels (quadratic_reduction.c), written into the
 * stored blocks of qlb_quadratic (quadratic_storage.h). */
#ifndef QLB_OPERATOR_QUADRATIC_REDUCTION_H
#define QLB_OPERATOR_QUADRATIC_REDUCTION_H

#include "qlb/basis.h"
#include "qlb/burnett.h"
#include "operator/quadratic_storage.h"

/* What the reduction reads: the bases, the kernels, the radial labels
 * (n, l) of each shell in spherical order and the block of each
 * (l, l1 <= l2). The kernels ((N+1)^3 each, [p][q][r]) are those of
 *   T_e1[(p,b)][(q,g)][(r,h)] = (c_d/2) { d_bg d_h0 A[p][q][r]
 *        + d_bh d_g0 B[p][q][r] + d_b0 d_g0 d_h0 C[p][q][r] }
 * (T_e1 symmetric in its inputs, B[p][q][r] = A[p][r][q], or
 * antisymmetric, B[p][q][r] = -A[p][r][q]): ka, kb, kc, or, when ka is
 * NULL, one species' J, K (quadratic_kernels.h) with A = J - K^T (in q, r),
 * B = -J - K, C = K + K^T. */
typedef struct {
    int d, N, nk;
    const qlb_basis *basis;
    const qlb_burnett *bu;
    double *J, *K;
    const double *ka, *kb, *kc; /* A, B, C; NULL: from J, K */
    int nrad;                   /* radial labels (n, l) in spherical order */
    int *lab_l, *lab_n;
    int *lab_col;               /* column of its m = 0 in its shell's U */
    int *shell_lab;             /* first label of shell s (N + 2 entries) */
    int *block_of;              /* [(l * nk + l1) * nk + l2]: stored block, or -1 */
} qlb_quadratic_assembly;

/* Fills the radial tensors t of every stored block of T into `radial`
 * (T's layout: block k at T->block[k].t - T->radial; radial = T->radial
 * for T's own). */
qlb_status qlb_quadratic_reduce(const qlb_quadratic_assembly *A, qlb_quadratic *T, double *radial);

/* T's layout for validated p (whole, no part): its blocks with radial
 * values 0, and in *A the bases and labels the reduction reads (kernels
 * unset, caller's to set and to free with qlb_quadratic_assembly_free).
 * Quadratic terms of several species share one layout (species_quadratic.c). */
qlb_status qlb_quadratic_layout_create(const qlb_params *p, qlb_quadratic **T, qlb_quadratic_assembly *A);
/* Frees what the assembly owns (not ka, kb, kc) and clears it. */
void qlb_quadratic_assembly_free(qlb_quadratic_assembly *A);

/* Upper bound on the scratch of the reduction (bytes, all threads). */
double qlb_quadratic_reduce_bytes(int d, int N);

#endif
