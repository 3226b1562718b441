/* qkernel.h — the parallel kernels of the quadratic term (internal). */
#ifndef QLB_QKERNEL_H
#define QLB_QKERNEL_H

#include "qlb/linop.h"
#include "qlb/params.h"

/* J, K: (N+1)^3 doubles each, row-major [p][q][r] (qkernel.c); K is zero
 * unless p->screening and variation. p must be checked. */
qlb_status qlb_qkernel_compute(const qlb_params *p, int variation, double *J, double *K,
                               qlb_linop_info *info);

#endif
