/* quadratic_kernels.c — the parallel kernels of the quadratic term (docs/DESIGN.md §5),
 * divided by hbar^2 like the collision kernel (parallel_kernel.c):
 *
 *   J[p][q][r] = Int kappa^d Vhat^2 Int S/2 E_p (dpsi_q psi_r - psi_q dpsi_r) du dkappa,
 *   K[p][q][r] = Int kappa^d Vhat^2 Int dS_q/2 E_p E_r du dkappa,
 *
 * a = hbar kappa, E_n = [psi_n(u) mu(u+a) - psi_n(u+a) mu(u)]/a and
 * dpsi_n = [psi_n(u+a) - psi_n(u)]/a (hermite_differences.c, exact at a = 0; used
 * where a sqrt(N) < 1, beyond which dpsi_q psi_r - psi_q dpsi_r is formed as
 * [psi_q(u+a) psi_r(u) - psi_q(u) psi_r(u+a)]/a),
 * S = |eps(M)|^-2 and dS_q = -2 S^2 Re(conj(eps) deps_q), the first variation
 * of S along a perturbation with marginal mu psi_q (dielectric.c).
 *
 * Where they come from: in the frame khat = e1 the collision part of
 * <psi_p, Q(psi_q, psi_r)> has the parallel integral
 *   Int S psi_p(u) mu(u+a) [psi_q(u+a) psi_r(u) - psi_q(u) psi_r(u+a)] du,
 * and the screening variation Int dS_q psi_p(u) mu(u+a) a E_r(u) du. The map
 * u -> -u-a (which is khat -> -khat) multiplies both integrands by
 * (-1)^{p+q+r} after exchanging psi_p(u) mu(u+a) with psi_p(u+a) mu(u), and
 * the rotational average keeps only p+q+r even (quadratic_term.c), so each is
 * replaced by its average over the two: (1/2) Int S a E_p a (dpsi_q psi_r -
 * psi_q dpsi_r) and (1/2) Int dS_q a E_p a E_r. Both are O(a^2) without
 * cancellation; divided by hbar^2 = a^2/kappa^2 they give the formulas
 * above, finite at hbar = 0 (the classical limit is the same formula).
 * Entries with p+q+r odd are set to 0.
 *
 * The u-integrand is exp(-s^2 - a^2/4), s = u + a/2, times a polynomial of
 * degree <= 3N, times S and dS. Unscreened: Gauss–Hermite in s with
 * 3N/2 + 2 nodes, exact. Screened: S = 1 + (S - 1); the part with 1 by the
 * same Gauss–Hermite rule, exactly, and the rest (S - 1 and dS, both
 * O(Vhat)) by adaptive Gauss–Legendre (kernel_nodes.c). Screened kernels are supported for Vhat < 3.5 only:
 * then Re eps >= 1 - 0.2854 Vhat > 0, so there is no plasma-wave resonance
 * (u_integral.c handles those for L; here they would need the same modelling
 * of |eps|^-4).
 *
 * Only what is independent is integrated: J is antisymmetric in (q, r) and
 * K symmetric in (p, r), and entries with p + q + r odd vanish, so the
 * integrand is J over pairs q < r and K over pairs p <= r, each split by the
 * parity of the pair (the remaining index has the same parity): a quarter of
 * the 2 (N+1)^3 values, unpacked at the end. Per batch of nodes and parity
 * the sums over nodes are dgemm: J[p][(q,r)] += (w S/2 E_p) x (antisymmetric
 * product), K[q][(p,r)] += dS_q x (w/2 E_p E_r). */
#include "operator/quadratic_kernels.h"
#include "qlb/basis.h"
#include "qlb/dielectric.h"
#include "core/error.h"
#include "numerics/adaptive_quadrature.h"
#include "numerics/parallel.h"
#include "numerics/gauss_rules.h"
#include "operator/hermite_differences.h"
#include "operator/kappa_integral.h"
#include "operator/kernel_nodes.h"

#include <cblas.h>
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 16               /* nodes per dgemm (= the adaptive_quadrature.c rule size) */
#define MAX_U_INTERVALS 4000
#define RESONANCE_VHAT 3.5     /* 1 / max Re G' = 3.504 */

typedef struct {
    const qlb_params *p;
    int N, nk, variation;
    size_t n3;
    double a, vhat;
    double *gh_s, *gh_w;
    int ngh;
    double *psi_u, *psi_ua, *E, *dpsi;
    double complex *deps;
    int npair[2][2];             /* [J or K][parity]: pairs (q<r) or (p<=r) */
    int *pair[2];                /* [J or K]: (first, second) per pair, even parity first */
    size_t block[2][2];          /* offset of the block [J or K][parity] in the values */
    size_t len;                  /* values integrated */
    double *AJ, *AK;             /* nk x BATCH: w S/2 E_p, dS_q */
    double *BJ, *BK;             /* BATCH x pairs */
    qlb_adapt *adapt;
    int unit_s;                  /* screened, Gauss–Hermite part: S = 1, no K */
    double *rest;                /* screened: the adaptive part (len) */
} qplan;

/* Column j of AJ, AK and row j of BJ, BK for the node at s with weight w. */
static void fill_node(qplan *Q, double s, double w, int j)
{
    int N = Q->N, nk = Q->nk;
    double a = Q->a, u = s - a / 2, ua = s + a / 2;
    qlb_hermite_functions(N, u, Q->psi_u);
    qlb_hermite_functions(N, ua, Q->psi_ua);
    double d0 = qlb_shift_start(a, u, Q->psi_u[0], Q->psi_ua[0]);
    qlb_collision_batch(N, 1, &u, Q->psi_u, Q->psi_ua, 1, Q->E, 1);
    qlb_shift_batch(N, 1, a, &u, &d0, Q->psi_u, Q->psi_ua, 1, Q->dpsi, 1);
    double complex eps = Q->p->screening && !Q->unit_s ? qlb_dielectric_eps(Q->vhat, a, u) : 1;
    double S = 1 / (creal(eps) * creal(eps) + cimag(eps) * cimag(eps));
    double S_part = Q->p->screening && !Q->unit_s ? S - 1 : 1; /* the rest of S, or all of it */
    const double *x = Q->psi_u, *y = Q->psi_ua, *dx = Q->dpsi, *E = Q->E;
    int np = Q->npair[0][0] + Q->npair[0][1];
    double *bj = Q->BJ + (size_t)j * np;
    const int *pr = Q->pair[0];
    if (a * sqrt((double)N) < 1) /* the psi_q psi_r(u) terms cancel exactly */
        for (int k = 0; k < np; k++)
            bj[k] = dx[pr[2 * k]] * x[pr[2 * k + 1]] - x[pr[2 * k]] * dx[pr[2 * k + 1]];
    else /* without them: they would leave noise ~1e-16 exp(-u^2/2) */
        for (int k = 0; k < np; k++)
            bj[k] = (y[pr[2 * k]] * x[pr[2 * k + 1]] - x[pr[2 * k]] * y[pr[2 * k + 1]]) / a;
    for (int n = 0; n < nk; n++) Q->AJ[n * BATCH + j] = w * S_part / 2 * E[n];
    if (!Q->variation || Q->unit_s) return;
    qlb_dielectric_variation(Q->vhat, a, u, N, Q->deps);
    for (int q = 0; q < nk; q++) Q->AK[q * BATCH + j] = -2 * S * S * creal(conj(eps) * Q->deps[q]);
    int ns = Q->npair[1][0] + Q->npair[1][1];
    double *bk = Q->BK + (size_t)j * ns;
    pr = Q->pair[1];
    for (int k = 0; k < ns; k++) bk[k] = w / 2 * E[pr[2 * k]] * E[pr[2 * k + 1]];
}

/* out block [X][parity] += A (rows of that parity) x B (pairs of that parity). */
static void accumulate(const qplan *Q, int X, int m, const double *A, const double *B, double *out)
{
    double *blocks[2] = {out + Q->block[X][0], out + Q->block[X][1]};
    qlb_parity_products(Q->nk, m, A, BATCH, B, Q->npair[X], blocks);
}

/* The values of the nodes s with weights w added to out (layout in qplan). */
static qlb_status add_nodes(void *ctx, const double *s, const double *w, int count,
                            double *out)
{
    qplan *Q = ctx;
    for (int start = 0; start < count; start += BATCH) {
        int m = count - start < BATCH ? count - start : BATCH;
        for (int j = 0; j < m; j++) fill_node(Q, s[start + j], w[start + j], j);
        accumulate(Q, 0, m, Q->AJ, Q->BJ, out);
        if (Q->variation && !Q->unit_s) accumulate(Q, 1, m, Q->AK, Q->BK, out);
    }
    return QLB_OK;
}

static qlb_status screened(qplan *Q, double *F)
{
    if (Q->vhat >= RESONANCE_VHAT)
        return qlb_fail(QLB_EINVAL, "quadratic term: Vhat = %g >= %g at k = %g, where eps may "
                                    "have plasma-wave resonances (not supported; L is)",
                        Q->vhat, RESONANCE_VHAT, Q->a / Q->p->hbar);
    qlb_split_integral split = {add_nodes, Q, &Q->unit_s, Q->gh_s, Q->gh_w, Q->ngh, Q->N, Q->len, Q->adapt, Q->rest,
                            Q->p->tol};
    return qlb_split_integrate(&split, F);
}

/* kappa-integral callback: F = the u-integrals at kappa. */
static qlb_status kappa_eval(void *ctx, double kappa, double vhat, double *F)
{
    qplan *Q = ctx;
    Q->a = Q->p->hbar * kappa;
    Q->vhat = vhat;
    if (Q->p->screening) return screened(Q, F);
    memset(F, 0, Q->len * sizeof(double));
    return add_nodes(Q, Q->gh_s, Q->gh_w, Q->ngh, F);
}

static void plan_free(qplan *Q)
{
    free(Q->gh_s);
    free(Q->psi_u);
    free(Q->psi_ua);
    free(Q->E);
    free(Q->dpsi);
    free(Q->deps);
    free(Q->pair[0]);
    free(Q->pair[1]);
    free(Q->AJ);
    free(Q->AK);
    free(Q->BJ);
    free(Q->BK);
    qlb_adapt_free(Q->adapt);
    free(Q->rest);
}

/* Pairs (i, k), i < k (X = 0) or i <= k (X = 1), even i + k first; the
 * block offsets of the values. */
static qlb_status make_pairs(qplan *Q)
{
    size_t off = 0;
    for (int X = 0; X < 2; X++) {
        Q->pair[X] = qlb_parity_pairs(Q->nk, 1 - X, Q->npair[X]);
        if (!Q->pair[X]) return qlb_fail(QLB_ENOMEM, "quadratic-term kernels: out of memory");
        for (int par = 0; par < 2; par++) {
            Q->block[X][par] = off;
            if (X == 0 || Q->variation) off += (size_t)(Q->nk + 1 - par) / 2 * Q->npair[X][par];
        }
    }
    Q->len = off;
    return QLB_OK;
}

static qlb_status plan_init(qplan *Q, const qlb_params *p, int variation)
{
    memset(Q, 0, sizeof *Q);
    size_t nk = (size_t)p->degree + 1;
    Q->p = p;
    Q->N = p->degree;
    Q->nk = (int)nk;
    Q->n3 = nk * nk * nk;
    Q->variation = variation && p->screening;
    Q->ngh = 3 * Q->N / 2 + 2;
    Q->gh_s = malloc(2 * (size_t)Q->ngh * sizeof(double));
    Q->psi_u = malloc(nk * sizeof(double));
    Q->psi_ua = malloc(nk * sizeof(double));
    Q->E = malloc(nk * sizeof(double));
    Q->dpsi = malloc(nk * sizeof(double));
    Q->deps = malloc(nk * sizeof(double complex));
    Q->AJ = malloc(nk * BATCH * sizeof(double));
    Q->AK = malloc(nk * BATCH * sizeof(double));
    Q->BJ = malloc(nk * nk * BATCH * sizeof(double));
    Q->BK = malloc(nk * (nk + 1) * BATCH * sizeof(double));
    if (!(Q->gh_s && Q->psi_u && Q->psi_ua && Q->E && Q->dpsi && Q->deps &&
          Q->AJ && Q->AK && Q->BJ && Q->BK))
        return qlb_fail(QLB_ENOMEM, "quadratic-term kernels: out of memory");
    qlb_status st = make_pairs(Q);
    if (st) return st;
    Q->gh_w = Q->gh_s + Q->ngh;
    st = qlb_gauss_rule(QLB_GAUSS_HERMITE, Q->ngh, 0, Q->gh_s, Q->gh_w);
    if (!st && p->screening) {
        Q->rest = malloc(Q->len * sizeof(double) + 1);
        st = Q->rest ? qlb_adapt_create_vector(Q->len, MAX_U_INTERVALS, &Q->adapt)
                     : qlb_fail(QLB_ENOMEM, "quadratic-term kernels: out of memory");
    }
    return st;
}

/* The full J, K from the integrated values (antisymmetry, symmetry, and the
 * exact zeros with p + q + r odd). */
static void unpack(const qplan *Q, const double *F, double *J, double *K)
{
    size_t nk = (size_t)Q->nk;
    memset(J, 0, Q->n3 * sizeof(double));
    memset(K, 0, Q->n3 * sizeof(double));
    for (int X = 0; X < 2 && (X == 0 || Q->variation); X++)
        for (int par = 0, k0 = 0; par < 2; k0 += Q->npair[X][par++]) {
            const double *v = F + Q->block[X][par];
            for (size_t x = (size_t)par, row = 0; x < nk; x += 2, row++)
                for (int k = 0; k < Q->npair[X][par]; k++) {
                    size_t i = (size_t)Q->pair[X][2 * (k0 + k)], j = (size_t)Q->pair[X][2 * (k0 + k) + 1];
                    double val = v[row * Q->npair[X][par] + k];
                    if (X == 0) { /* J[p=x][q=i][r=j] = -J[p][j][i] */
                        J[(x * nk + i) * nk + j] = val;
                        J[(x * nk + j) * nk + i] = -val;
                    } else {      /* K[p=i][q=x][r=j] = K[j][x][i] */
                        K[(i * nk + x) * nk + j] = val;
                        K[(j * nk + x) * nk + i] = val;
                    }
                }
        }
}

qlb_status qlb_quadratic_kernels(const qlb_params *p, int variation, double *J, double *K,
                               qlb_kappa_info *info)
{
    int threads = qlb_threads();
    qplan *Q = calloc((size_t)threads, sizeof *Q);
    void **ctx = calloc((size_t)threads, sizeof *ctx);
    double *F = NULL;
    qlb_status st = Q && ctx ? QLB_OK : qlb_fail(QLB_ENOMEM, "quadratic-term kernels: out of memory");
    for (int t = 0; t < threads && !st; t++) {
        st = plan_init(&Q[t], p, variation);
        ctx[t] = &Q[t];
    }
    if (!st) {
        F = malloc(Q->len * sizeof(double) + 1);
        if (!F) st = qlb_fail(QLB_ENOMEM, "quadratic-term kernels: out of memory");
    }
    if (!st && Q->len) /* (at N = 0 without the variation nothing is integrated) */
        st = qlb_kappa_integrate_vector(p, Q->len, kappa_eval, ctx, threads, F, info);
    if (!st) unpack(Q, F, J, K);
    free(F);
    for (int t = 0; Q && t < threads; t++) plan_free(&Q[t]);
    free(Q);
    free(ctx);
    return st;
}
