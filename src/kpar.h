/* kpar.h — the parallel collision kernel Kt = K_par / hbar^2 (internal). */
#ifndef QLB_KPAR_H
#define QLB_KPAR_H

#include "qlb/linop.h"
#include "qlb/params.h"

/* K: (N+1) x (N+1) row-major, filled symmetric. p must be checked. */
qlb_status qlb_kpar_compute(const qlb_params *p, double *K, qlb_linop_info *info);

#endif
