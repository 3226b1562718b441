/* kappa_integral.c — the outer integral of every parallel kernel
 * (docs/DESIGN.md §3):
 *
 *   out = Int_0^inf kappa^d Vhat(kappa)^2 F(kappa) dkappa
 *
 * for any F(kappa) with values in symmetric matrices (the kernels of L and
 * of the dissipation norms, u_integral.c) or vectors (the kernels of the
 * quadratic term, quadratic_kernels.c). Globally adaptive Gauss–Legendre
 * (adaptive_quadrature.c) on dyadic panels [2^j, 2^(j+1)] (split where a tabulated potential ends),
 * starting with 2^-3 .. 2^4 and adding panels at whichever end has the
 * larger geometric tail estimate c_j r/(1-r), r = c_j/c_{j-1}, until both
 * tails are below tol/8 of the total. Every F(kappa) is positive
 * semi-definite, so the relative errors of the pieces do not amplify.
 * The nodes of a rule are evaluated on parallel threads, each with its own
 * context, in chunks of 2 per thread, and summed in node order, so the
 * result does not depend on the number of threads. Shared among processes
 * (qlb_set_distribution), each evaluates every parts-th node of a rule and
 * the values are summed across them before the same ordered sum. */
#include "operator/kappa_integral.h"
#include "core/error.h"
#include "numerics/adaptive_quadrature.h"
#include "numerics/parallel.h"

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
#define CHUNK_PER_THREAD 2    /* nodes in flight per thread (F buffers) */

typedef struct {
    const qlb_params *p;
    size_t len;
    qlb_kappa_fn fn;
    void *const *ctx;       /* one per thread */
    int threads, chunk;     /* chunk = CHUNK_PER_THREAD * threads nodes (all of a
                               rule when shared among processes) */
    double *F;              /* chunk values of len doubles, then chunk statuses */
    long evaluations;
    qlb_distribution share; /* processes sharing the nodes */
} kappa_plan;

/* F(kappa_i) for the nodes i of a chunk (pref_i != 0) on parallel threads,
 * or for this process's share of them (every parts-th node; the others are
 * zeros, and the sum over processes fills them in, statuses included); a
 * failure's message is carried out of its thread. */
static void chunk_values(kappa_plan *P, const double *x, const double *vhat, const double *pref,
                         int count, qlb_loop_result *r)
{
    const qlb_distribution *D = &P->share;
    double *status = P->F + (size_t)P->chunk * P->len;
#pragma omp parallel for schedule(dynamic, 1) num_threads(P->threads) if (P->threads > 1)
    for (int i = 0; i < count; i++) {
        int mine = i % D->parts == D->part;
        if (!mine || pref[i] == 0) memset(P->F + (size_t)i * P->len, 0, P->len * sizeof(double));
        qlb_loop_record(&r[i], pref[i] == 0 || !mine ? QLB_OK
                                            : P->fn(P->ctx[qlb_thread_index()], x[i], vhat[i],
                                                    P->F + (size_t)i * P->len));
        status[i] = r[i].status;
    }
    if (D->parts == 1) return;
    D->sum(P->F, (size_t)count * P->len, D->ctx);
    D->sum(status, (size_t)count, D->ctx);
    for (int i = 0; i < count; i++)
        if (!r[i].status && status[i] != 0)
            qlb_loop_record(&r[i], qlb_fail((qlb_status)status[i], "kappa node %g failed on another process", x[i]));
}

/* adapt callback: out += sum_i w_i kappa_i^d Vhat_i^2 F(kappa_i), in node order. */
static qlb_status kappa_points(void *ctx, const double *x, const double *w, int count,
                               double *out)
{
    kappa_plan *P = ctx;
    size_t nn = P->len;
    double vhat[QLB_ADAPT_NODES], pref[QLB_ADAPT_NODES];
    qlb_loop_result r[QLB_ADAPT_NODES];
    for (int i = 0; i < count; i++) {
        vhat[i] = qlb_potential_eval(P->p->potential, x[i]);
        P->evaluations++;
        if (!isfinite(vhat[i]))
            return qlb_fail(QLB_EDIVERGE, "potential is not finite at k = %g", x[i]);
        pref[i] = w[i] * pow(x[i], P->p->dim) * vhat[i] * vhat[i];
    }
    for (int c = 0; c < count; c += P->chunk) {
        int m = count - c < P->chunk ? count - c : P->chunk;
        chunk_values(P, x + c, vhat + c, pref + c, m, r);
        for (int i = 0; i < m; i++) {
            if (r[i].status) return qlb_loop_rethrow(&r[i]);
            if (pref[c + i] == 0) continue;
            const double *F = P->F + (size_t)i * nn;
            for (size_t k = 0; k < nn; k++) out[k] += pref[c + i] * F[k];
        }
    }
    return QLB_OK;
}

/* Dyadic panel j = [2^j, 2^(j+1)], split where a tabulated potential ends. */
static qlb_status add_panel(kappa_plan *P, qlb_adapt *A, int j)
{
    double lo = ldexp(1.0, j), hi = ldexp(1.0, j + 1);
    double kmax = qlb_potential_support(P->p->potential);
    if (kmax > lo && kmax < hi) {
        qlb_status st = qlb_adapt_add(A, kappa_points, P, lo, kmax, j);
        return st ? st : qlb_adapt_add(A, kappa_points, P, kmax, hi, j);
    }
    return qlb_adapt_add(A, kappa_points, P, lo, hi, j);
}

qlb_params qlb_kappa_decay_params(const qlb_params *p, double lightest)
{
    qlb_params q = *p;
    if (lightest > 1) q.hbar = p->hbar / sqrt(lightest);
    return q;
}

/* Geometric tail beyond the outermost panel (norm c_last) given its neighbour. */
static double tail_estimate(double c_prev, double c_last)
{
    if (c_last == 0) return 0;
    double r = c_last / c_prev;
    return r < 1 ? c_last * r / (1 - r) : INFINITY;
}

/* Adds panels at the ends until both tails are below tol/8 of the total. */
static qlb_status extend_panels(kappa_plan *P, qlb_adapt *A, int *jlo, int *jhi, double *tails)
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

static qlb_status integrate(kappa_plan *P, qlb_adapt *A, double *K, qlb_kappa_info *info)
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
static qlb_status integrate_with(kappa_plan *P, qlb_adapt *A, double *out, qlb_kappa_info *info)
{
    P->share = qlb_get_distribution();
    P->chunk = CHUNK_PER_THREAD * P->threads < QLB_ADAPT_NODES && P->share.parts == 1
                   ? CHUNK_PER_THREAD * P->threads
                   : QLB_ADAPT_NODES;
    P->F = malloc((size_t)P->chunk * (P->len + 1) * sizeof(double));
    qlb_status st = P->F && A ? QLB_OK : qlb_fail(QLB_ENOMEM, "kappa integral: out of memory");
    qlb_blas_serial_begin(); /* also at one thread: sums independent of the thread count */
    if (!st) st = integrate(P, A, out, info);
    qlb_blas_serial_end();
    free(P->F);
    qlb_adapt_free(A);
    return st;
}

qlb_status qlb_kappa_integrate_matrix(const qlb_params *p, int n, qlb_kappa_fn fn,
                                      void *const *ctx, int threads, double *out,
                                      qlb_kappa_info *info)
{
    qlb_adapt *A = NULL;
    qlb_status st = qlb_adapt_create(n, MAX_INTERVALS, &A);
    kappa_plan P = {p, (size_t)n * n, fn, ctx, threads, 0, NULL, 0, {0, 1, NULL, NULL}};
    return st ? st : integrate_with(&P, A, out, info);
}

qlb_status qlb_kappa_integrate_vector(const qlb_params *p, size_t len, qlb_kappa_fn fn,
                                      void *const *ctx, int threads, double *out,
                                      qlb_kappa_info *info)
{
    qlb_adapt *A = NULL;
    qlb_status st = qlb_adapt_create_vector(len, MAX_INTERVALS, &A);
    kappa_plan P = {p, len, fn, ctx, threads, 0, NULL, 0, {0, 1, NULL, NULL}};
    return st ? st : integrate_with(&P, A, out, info);
}
