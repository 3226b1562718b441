/* parallel_kernel.h — the parallel kernels K_par / hbar^2 of L and of the
 * dissipation norms (parallel_kernel.c). */
#ifndef QLB_OPERATOR_PARALLEL_KERNEL_H
#define QLB_OPERATOR_PARALLEL_KERNEL_H

#include "qlb/linop.h"
#include "qlb/params.h"
#include "operator/u_integral.h"

/* K: rows x rows row-major, symmetric: the parallel kernel of `form`, or of
 * a pair of species (pair not NULL, form QLB_FORM_COLLISION; rows from
 * qlb_u_integral_rows: [T^ab C^ab; C^ab^T T^ba] for unequal masses). p must
 * be checked; info gets the kappa integral's statistics. */
qlb_status qlb_parallel_kernel(const qlb_params *p, qlb_form form, const qlb_u_pair *pair,
                               double *K, qlb_linop_info *info);

#endif
