/* ukernel.h — the inner u-integral of the parallel kernel at fixed kappa
 * (internal). */
#ifndef QLB_UKERNEL_H
#define QLB_UKERNEL_H

#include "qlb/linop.h"
#include "qlb/params.h"

typedef struct qlb_ukernel qlb_ukernel;

/* p must be checked and outlive the object. */
qlb_status qlb_ukernel_create(const qlb_params *p, qlb_form form, qlb_ukernel **out);
void qlb_ukernel_free(qlb_ukernel *U);
/* F = Int S(kappa,u) sum_r E^r(u) E^r(u)^T du (ukernel.c), upper triangle of (N+1)^2, row-major;
 * vhat = Vhat(kappa). Not thread-safe (one object per thread). */
qlb_status qlb_ukernel_eval(qlb_ukernel *U, double kappa, double vhat, double *F);

#endif
