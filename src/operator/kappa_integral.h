/* kappa_integral.h — out = Int_0^inf kappa^d Vhat(kappa)^2 F(kappa) dkappa
 * for any F: the outer integral of the parallel kernels of L, of the
 * dissipation norms and of the quadratic term (kappa_integral.c). */
#ifndef QLB_OPERATOR_KAPPA_INTEGRAL_H
#define QLB_OPERATOR_KAPPA_INTEGRAL_H

#include <stddef.h>

#include "qlb/params.h"

typedef struct {
    double error;        /* estimated relative error (norm of the value) */
    double kappa_min;    /* kappa range integrated: beyond it, the estimated */
    double kappa_max;    /* tails are below tol/8 */
    int intervals;       /* kappa subintervals used */
    long evaluations;    /* kappa nodes evaluated */
} qlb_kappa_info;

/* F(kappa) for a given kappa and vhat = Vhat(kappa). */
typedef qlb_status (*qlb_kappa_fn)(void *ctx, double kappa, double vhat, double *F);

/* F symmetric n x n (fn fills at least the upper triangle, row-major);
 * out is the full symmetric matrix. p must be checked. fn runs on up to
 * `threads` threads at once, thread t with context ctx[t]. */
qlb_status qlb_kappa_integrate_matrix(const qlb_params *p, int n, qlb_kappa_fn fn,
                                      void *const *ctx, int threads, double *out,
                                      qlb_kappa_info *info);
/* The parameters to integrate a pair of species with, whose lighter one has
 * mass `lightest`: p with hbar / sqrt(lightest). The integrators use hbar
 * only in their test for a diverging tail (panels that do not shrink where
 * hbar kappa >= 16, beyond which a kernel of mass-1 particles has decayed);
 * a pair's integrand decays where its lighter species' shift
 * hbar kappa / sqrt(m) is that large, so two heavy species (ions) carry
 * their Coulomb logarithm to larger kappa. */
qlb_params qlb_kappa_decay_params(const qlb_params *p, double lightest);
/* F a vector of len doubles (Euclidean error norm). */
qlb_status qlb_kappa_integrate_vector(const qlb_params *p, size_t len, qlb_kappa_fn fn,
                                      void *const *ctx, int threads, double *out,
                                      qlb_kappa_info *info);

#endif
