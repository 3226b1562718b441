/* kpar.c — the kappa integral of the parallel kernels (DESIGN.md §3), e.g.
 * the collision kernel divided by hbar^2:
 *
 *   Kt[n,n'] = Int_0^inf kappa^d Vhat(kappa)^2 F(kappa)[n,n'] dkappa,
 *   F(kappa) = Int S(kappa,u) E_n E_n' du          (ukernel.c),
 *
 * so that K_par = hbar^2 Kt, and hbar = 0 is the same formula (classical
 * limit). The kernels of the dissipation norms (3.5), (3.6) have the same
 * form with their own F (ukernel.c); the kernels of the quadratic term
 * (qkernel.c) use the same integral with vector values. The kappa integral is globally adaptive Gauss–Legendre (adapt.c)
 * on dyadic panels [2^j, 2^(j+1)] (split where a tabulated potential ends),
 * starting with 2^-3 .. 2^4 and adding panels at whichever end has the
 * larger geometric tail estimate c_j r/(1-r), r = c_j/c_{j-1}, until both
 * tails are below tol/8 of the total. Every F(kappa) is positive
 * semi-definite, so the relative errors of the pieces do not amplify. */
#include "kpar.h"
#include "adapt.h"
#include "internal.h"
#include "ukernel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PANEL_MIN (-3)
#define PANEL_MAX 3
#define PANEL_LIMIT 80        /* |j| beyond this: the integral does not converge */
#define GROWING_LIMIT 4       /* this many outward panels in a row that do not
                                 shrink although hbar kappa >= GROWING_A (where
                                 the collision kernel has decayed like
                                 exp(-a^2/4)): the integral does not converge */
#define GROWING_A 16.0
#define MAX_INTERVALS 4000

typedef struct {
    const qlb_params *p;
    size_t len;
    qlb_kpar_fn fn;
    void *ctx;
    double *F;
    long evaluations;
} kplan;

/* adapt callback: out += sum_i w_i kappa_i^d Vhat_i^2 F(kappa_i). */
static qlb_status kappa_points(void *ctx, const double *x, const double *w, int count,
                               double *out)
{
    kplan *P = ctx;
    size_t nn = P->len;
    for (int i = 0; i < count; i++) {
        double vhat = qlb_potential_eval(P->p->potential, x[i]);
        P->evaluations++;
        if (!isfinite(vhat))
            return qlb_fail(QLB_EDIVERGE, "potential is not finite at k = %g", x[i]);
        double pref = w[i] * pow(x[i], P->p->dim) * vhat * vhat;
        if (pref == 0) continue;
        qlb_status st = P->fn(P->ctx, x[i], vhat, P->F);
        if (st) return st;
        for (size_t k = 0; k < nn; k++) out[k] += pref * P->F[k];
    }
    return QLB_OK;
}

/* Dyadic panel j = [2^j, 2^(j+1)], split where a tabulated potential ends. */
static qlb_status add_panel(kplan *P, qlb_adapt *A, int j)
{
    double lo = ldexp(1.0, j), hi = ldexp(1.0, j + 1);
    double kmax = qlb_potential_support(P->p->potential);
    if (kmax > lo && kmax < hi) {
        qlb_status st = qlb_adapt_add(A, kappa_points, P, lo, kmax, j);
        return st ? st : qlb_adapt_add(A, kappa_points, P, kmax, hi, j);
    }
    return qlb_adapt_add(A, kappa_points, P, lo, hi, j);
}

/* Geometric tail beyond the outermost panel (norm c_last) given its neighbour. */
static double tail_estimate(double c_prev, double c_last)
{
    if (c_last == 0) return 0;
    double r = c_last / c_prev;
    return r < 1 ? c_last * r / (1 - r) : INFINITY;
}

/* Adds panels at the ends until both tails are below tol/8 of the total. */
static qlb_status extend_panels(kplan *P, qlb_adapt *A, int *jlo, int *jhi, double *tails)
{
    int growing = 0;
    for (;;) {
        double total = qlb_adapt_total_norm(A), tol = P->p->tol;
        double up = tail_estimate(qlb_adapt_tag_norm(A, *jhi - 1), qlb_adapt_tag_norm(A, *jhi));
        double down = tail_estimate(qlb_adapt_tag_norm(A, *jlo + 1), qlb_adapt_tag_norm(A, *jlo));
        *tails = up + down;
        if (up <= tol / 8 * total && down <= tol / 8 * total) return QLB_OK;
        int grow_up = up >= down, j = grow_up ? ++*jhi : --*jlo;
        int beyond = grow_up && ldexp(P->p->hbar, j) >= GROWING_A;
        growing = beyond && isinf(up) ? growing + 1 : 0;
        if (j > PANEL_LIMIT || j < -PANEL_LIMIT || growing >= GROWING_LIMIT)
            return qlb_fail(QLB_EDIVERGE,
                            "kappa integral does not converge (%s tail still %.3g of the total "
                            "at k = %g)", grow_up ? "large-k" : "small-k",
                            (grow_up ? up : down) / total, ldexp(1.0, j));
        qlb_status st = add_panel(P, A, j);
        if (st) return st;
    }
}

static qlb_status integrate(kplan *P, qlb_adapt *A, double *K, qlb_linop_info *info)
{
    int jlo = PANEL_MIN, jhi = PANEL_MAX;
    double tails = 0;
    qlb_status st = QLB_OK;
    for (int j = jlo; j <= jhi && !st; j++) st = add_panel(P, A, j);
    if (!st) st = extend_panels(P, A, &jlo, &jhi, &tails);
    if (!st) st = qlb_adapt_refine(A, kappa_points, P, P->p->tol / 2, 0);
    if (!st) st = extend_panels(P, A, &jlo, &jhi, &tails);
    if (st) return st;
    qlb_adapt_sum(A, K);
    double total = qlb_adapt_total_norm(A);
    info->error = total > 0 ? (qlb_adapt_error(A) + tails) / total : 0;
    info->kappa_min = ldexp(1.0, jlo);
    info->kappa_max = ldexp(1.0, jhi + 1);
    info->intervals = qlb_adapt_intervals(A);
    info->evaluations = P->evaluations;
    return QLB_OK;
}

/* The kappa integral with adapt object A (values of P->len doubles). */
static qlb_status kpar_run(kplan *P, qlb_adapt *A, double *out, qlb_linop_info *info)
{
    P->F = malloc(P->len * sizeof(double));
    qlb_status st = P->F && A ? QLB_OK : qlb_fail(QLB_ENOMEM, "kappa integral: out of memory");
    if (!st) st = integrate(P, A, out, info);
    free(P->F);
    qlb_adapt_free(A);
    return st;
}

static qlb_status ukernel_fn(void *ctx, double kappa, double vhat, double *F)
{
    return qlb_ukernel_eval(ctx, kappa, vhat, F);
}

qlb_status qlb_kpar_compute(const qlb_params *p, qlb_form form, double *K,
                            qlb_linop_info *info)
{
    int nk = p->degree + 1;
    qlb_ukernel *uk = NULL;
    qlb_adapt *A = NULL;
    qlb_status st = qlb_ukernel_create(p, form, &uk);
    if (!st) st = qlb_adapt_create(nk, MAX_INTERVALS, &A);
    kplan P = {p, (size_t)nk * nk, ukernel_fn, uk, NULL, 0};
    if (!st) st = kpar_run(&P, A, K, info);
    else qlb_adapt_free(A);
    qlb_ukernel_free(uk);
    return st;
}

qlb_status qlb_kpar_integrate(const qlb_params *p, size_t len, qlb_kpar_fn fn, void *ctx,
                              double *out, qlb_linop_info *info)
{
    qlb_adapt *A = NULL;
    qlb_status st = qlb_adapt_create_vector(len, MAX_INTERVALS, &A);
    kplan P = {p, len, fn, ctx, NULL, 0};
    return st ? st : kpar_run(&P, A, out, info);
}
