/* parallel_kernel.h — the parallel kernels K_par / hbar^2 of L and of the
 * dissipation norms (parallel_kernel.c). */
#ifndef QLB_OPERATOR_PARALLEL_KERNEL_H
#define QLB_OPERATOR_PARALLEL_KERNEL_H

#include "qlb/linop.h"
#include "qlb/params.h"

/* K: (N+1) x (N+1) row-major, symmetric: the parallel kernel of `form`.
 * p must be checked; info gets the kappa integral's statistics. */
qlb_status qlb_parallel_kernel(const qlb_params *p, qlb_form form, double *K,
                               qlb_linop_info *info);

#endif
