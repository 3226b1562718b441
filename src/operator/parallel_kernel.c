/* parallel_kernel.c — the parallel kernel of L divided by hbar^2 (DESIGN.md §3),
 *
 *   Kt[n,n'] = Int_0^inf kappa^d Vhat(kappa)^2 F(kappa)[n,n'] dkappa,
 *   F(kappa) = Int S(kappa,u) E_n E_n' du          (u_integral.c),
 *
 * so that K_par = hbar^2 Kt, and hbar = 0 is the same formula (classical
 * limit); the kernels of the dissipation norms (3.5), (3.6) have the same
 * form with their own F. The kappa integral is kappa_integral.c. */
#include "operator/parallel_kernel.h"
#include "operator/kappa_integral.h"
#include "operator/u_integral.h"

static qlb_status u_integral_fn(void *ctx, double kappa, double vhat, double *F)
{
    return qlb_u_integral_eval(ctx, kappa, vhat, F);
}

qlb_status qlb_parallel_kernel(const qlb_params *p, qlb_form form, double *K,
                               qlb_linop_info *info)
{
    qlb_u_integral *uk = NULL;
    qlb_kappa_info k = {0};
    qlb_status st = qlb_u_integral_create(p, form, &uk);
    if (!st) st = qlb_kappa_integrate_matrix(p, p->degree + 1, u_integral_fn, uk, K, &k);
    qlb_u_integral_free(uk);
    info->error = k.error;
    info->kappa_min = k.kappa_min;
    info->kappa_max = k.kappa_max;
    info->intervals = k.intervals;
    info->evaluations = k.evaluations;
    return st;
}
