/* parallel_kernel.c — the parallel kernel of L divided by hbar^2 (docs/DESIGN.md §3),
 *
 *   Kt[n,n'] = Int_0^inf kappa^d Vhat(kappa)^2 F(kappa)[n,n'] dkappa,
 *   F(kappa) = Int S(kappa,u) E_n E_n' du          (u_integral.c),
 *
 * so that K_par = hbar^2 Kt, and hbar = 0 is the same formula (classical
 * limit); the kernels of the dissipation norms (3.5), (3.6) have the same
 * form with their own F, and a pair of species its stacked kernel with the
 * pair's F (docs/DESIGN.md §9). The kappa integral is kappa_integral.c; its
 * nodes run on parallel threads, one u-integral workspace each. */
#include "operator/parallel_kernel.h"
#include "operator/kappa_integral.h"
#include "operator/u_integral.h"
#include "core/error.h"
#include "numerics/parallel.h"

#include <math.h>
#include <stdlib.h>

static qlb_status u_integral_fn(void *ctx, double kappa, double vhat, double *F)
{
    return qlb_u_integral_eval(ctx, kappa, vhat, F);
}

qlb_status qlb_parallel_kernel(const qlb_params *p, qlb_form form, const qlb_u_pair *pair,
                               double *K, qlb_linop_info *info)
{
    int threads = qlb_threads();
    qlb_u_integral **uk = calloc((size_t)threads, sizeof *uk);
    qlb_kappa_info k = {0};
    qlb_status st = uk ? QLB_OK : qlb_fail(QLB_ENOMEM, "parallel kernel: out of memory");
    for (int t = 0; t < threads && !st; t++) st = qlb_u_integral_create(p, form, pair, &uk[t]);
    qlb_params decay = qlb_kappa_decay_params(p, pair ? fmin(pair->mass_a, pair->mass_b) : 1);
    if (!st) st = qlb_kappa_integrate_matrix(&decay, qlb_u_integral_rows(p, pair), u_integral_fn, (void *const *)uk, threads, K, &k);
    info->inner_evaluations = 0;
    for (int t = 0; uk && t < threads; t++) {
        if (uk[t]) info->inner_evaluations += qlb_u_integral_nodes(uk[t]);
        qlb_u_integral_free(uk[t]);
    }
    free(uk);
    info->error = k.error;
    info->kappa_min = k.kappa_min;
    info->kappa_max = k.kappa_max;
    info->intervals = k.intervals;
    info->evaluations = k.evaluations;
    return st;
}
