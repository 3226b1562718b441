/* kpar.h — the parallel kernels Kt = K_par / hbar^2 (internal). */
#ifndef QLB_KPAR_H
#define QLB_KPAR_H

#include "qlb/linop.h"
#include "qlb/params.h"

#include <stddef.h>

/* K: (N+1) x (N+1) row-major, filled symmetric: the parallel kernel of
 * `form` (the collision kernel, or that of a dissipation norm). p must be
 * checked. */
qlb_status qlb_kpar_compute(const qlb_params *p, qlb_form form, double *K,
                            qlb_linop_info *info);

/* F(kappa) for a given kappa and vhat = Vhat(kappa): len doubles. */
typedef qlb_status (*qlb_kpar_fn)(void *ctx, double kappa, double vhat, double *F);

/* out = Int_0^inf kappa^d Vhat^2 F(kappa) dkappa (len doubles, Euclidean
 * error norm), with the panels, tails and divergence checks of the
 * collision kernel. */
qlb_status qlb_kpar_integrate(const qlb_params *p, size_t len, qlb_kpar_fn fn, void *ctx,
                              double *out, qlb_linop_info *info);

#endif
