/* u_integral.h — the inner u-integral of the parallel kernel at fixed kappa
 * (internal). */
#ifndef QLB_OPERATOR_U_INTEGRAL_H
#define QLB_OPERATOR_U_INTEGRAL_H

#include "qlb/linop.h"
#include "qlb/params.h"

typedef struct qlb_u_integral qlb_u_integral;

/* p must be checked and outlive the object. */
qlb_status qlb_u_integral_create(const qlb_params *p, qlb_form form, qlb_u_integral **out);
void qlb_u_integral_free(qlb_u_integral *U);
/* F = Int S(kappa,u) sum_r E^r(u) E^r(u)^T du (u_integral.c), upper triangle of (N+1)^2, row-major;
 * vhat = Vhat(kappa). Not thread-safe (one object per thread). */
qlb_status qlb_u_integral_eval(qlb_u_integral *U, double kappa, double vhat, double *F);
/* u nodes evaluated so far. */
long qlb_u_integral_nodes(const qlb_u_integral *U);

#endif
