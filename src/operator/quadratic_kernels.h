/* quadratic_kernels.h — the parallel kernels of the quadratic term
 * (quadratic_kernels.c). */
#ifndef QLB_OPERATOR_QUADRATIC_KERNELS_H
#define QLB_OPERATOR_QUADRATIC_KERNELS_H

#include "operator/kappa_integral.h"
#include "qlb/params.h"

/* J, K: (N+1)^3 doubles each, row-major [p][q][r]; K is zero unless
 * p->screening and variation. p must be checked. */
qlb_status qlb_quadratic_kernels(const qlb_params *p, int variation, double *J, double *K,
                                 qlb_kappa_info *info);

#endif
