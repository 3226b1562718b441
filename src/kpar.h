/* kpar.h — the parallel kernels Kt = K_par / hbar^2 (internal). */
#ifndef QLB_KPAR_H
#define QLB_KPAR_H

#include "qlb/linop.h"
#include "qlb/params.h"

/* K: (N+1) x (N+1) row-major, filled symmetric: the parallel kernel of
 * `form` (the collision kernel, or that of a dissipation norm). p must be
 * checked. */
qlb_status qlb_kpar_compute(const qlb_params *p, qlb_form form, double *K,
                            qlb_linop_info *info);

#endif
