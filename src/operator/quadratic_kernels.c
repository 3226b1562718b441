/* quadratic_kernels.c — the parallel kernels of the quadratic term (DESIGN.md §6),
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
 * 3N/2 + 2 nodes, exact. Screened: adaptive Gauss–Legendre (adaptive_quadrature.c) on
 * |s| <= sqrt(3N) + 12. Screened kernels are supported for Vhat < 3.5 only:
 * then Re eps >= 1 - 0.2854 Vhat > 0, so there is no plasma-wave resonance
 * (u_integral.c handles those for L; here they would need the same modelling
 * of |eps|^-4). Per batch of nodes the sums over nodes are two dgemm. */
#include "operator/quadratic_kernels.h"
#include "qlb/basis.h"
#include "qlb/dielectric.h"
#include "core/error.h"
#include "numerics/adaptive_quadrature.h"
#include "numerics/gauss_rules.h"
#include "operator/hermite_differences.h"
#include "operator/kappa_integral.h"

#include <cblas.h>
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 16               /* nodes per dgemm (= the adaptive_quadrature.c rule size) */
#define U_PIECE 4.0            /* initial interval width in s */
#define U_EXTRA 12.0           /* half-width sqrt(3N) + U_EXTRA */
#define MAX_U_INTERVALS 4000
#define RESONANCE_VHAT 3.5     /* 1 / max Re G' = 3.504 */

typedef struct {
    const qlb_params *p;
    int N, nk, variation;
    size_t n3;
    double a, vhat;
    double *gh_s, *gh_w;
    int ngh;
    double *psi_u, *psi_ua, *coef, *E, *dpsi;
    double complex *deps;
    double *A1, *A2, *B1, *B2;  /* nk x BATCH and BATCH x nk^2 */
    qlb_adapt *adapt;
} qplan;

/* Row j of B1, B2 and column j of A1, A2 for the node at s with weight w. */
static void fill_node(qplan *Q, double s, double w, int j)
{
    int N = Q->N, nk = Q->nk;
    double a = Q->a, u = s - a / 2, ua = s + a / 2;
    qlb_hermite_functions(N, u, Q->psi_u);
    qlb_hermite_functions(N, ua, Q->psi_ua);
    qlb_collision_vector(N, a, Q->psi_u, Q->psi_ua, Q->coef, Q->E);
    qlb_shift_vector(N, a, u, Q->psi_u, Q->psi_ua, Q->coef, Q->dpsi);
    double complex eps = Q->p->screening ? qlb_dielectric_eps(Q->vhat, a, u) : 1;
    double S = 1 / (creal(eps) * creal(eps) + cimag(eps) * cimag(eps));
    double *b1 = Q->B1 + (size_t)j * nk * nk, *b2 = Q->B2 + (size_t)j * nk * nk;
    const double *x = Q->psi_u, *y = Q->psi_ua, *dx = Q->dpsi;
    if (a * sqrt((double)N) < 1) /* the psi_q psi_r(u) terms cancel exactly */
        for (int q = 0; q < nk; q++)
            for (int r = 0; r < nk; r++) b1[q * nk + r] = dx[q] * x[r] - x[q] * dx[r];
    else /* without them: they would leave noise ~1e-16 exp(-u^2/2) */
        for (int q = 0; q < nk; q++)
            for (int r = 0; r < nk; r++) b1[q * nk + r] = (y[q] * x[r] - x[q] * y[r]) / a;
    for (int n = 0; n < nk; n++) {
        Q->A1[n * BATCH + j] = w * S / 2 * Q->E[n];
        Q->A2[n * BATCH + j] = w / 2 * Q->E[n];
    }
    if (!Q->variation) return;
    qlb_dielectric_variation(Q->vhat, a, u, N, Q->deps);
    for (int q = 0; q < nk; q++) {
        double dS = -2 * S * S * creal(conj(eps) * Q->deps[q]);
        for (int r = 0; r < nk; r++) b2[q * nk + r] = dS * Q->E[r];
    }
}

/* out[0..n3) += J part, out[n3..2 n3) += K part of the nodes s with weights w. */
static qlb_status add_nodes(void *ctx, const double *s, const double *w, int count,
                            double *out)
{
    qplan *Q = ctx;
    int nk = Q->nk, nn = nk * nk;
    for (int start = 0; start < count; start += BATCH) {
        int m = count - start < BATCH ? count - start : BATCH;
        for (int j = 0; j < m; j++) fill_node(Q, s[start + j], w[start + j], j);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, nk, nn, m, 1.0, Q->A1, BATCH,
                    Q->B1, nn, 1.0, out, nn);
        if (Q->variation)
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, nk, nn, m, 1.0, Q->A2,
                        BATCH, Q->B2, nn, 1.0, out + Q->n3, nn);
    }
    return QLB_OK;
}

static qlb_status screened(qplan *Q, double *F)
{
    if (Q->vhat >= RESONANCE_VHAT)
        return qlb_fail(QLB_EINVAL, "quadratic term: Vhat = %g >= %g at k = %g, where eps may "
                                    "have plasma-wave resonances (not supported; L is)",
                        Q->vhat, RESONANCE_VHAT, Q->a / Q->p->hbar);
    double U = sqrt(3.0 * Q->N) + U_EXTRA;
    int pieces = (int)ceil(2 * U / U_PIECE);
    qlb_adapt_reset(Q->adapt);
    qlb_status st = QLB_OK;
    for (int i = 0; i < pieces && !st; i++)
        st = qlb_adapt_add(Q->adapt, add_nodes, Q, -U + 2 * U * i / pieces,
                           -U + 2 * U * (i + 1) / pieces, 0);
    if (!st) st = qlb_adapt_refine(Q->adapt, add_nodes, Q, Q->p->tol / 4, 0);
    if (!st) qlb_adapt_sum(Q->adapt, F);
    return st;
}

/* kappa-integral callback: F = the u-integrals at kappa. */
static qlb_status kappa_eval(void *ctx, double kappa, double vhat, double *F)
{
    qplan *Q = ctx;
    Q->a = Q->p->hbar * kappa;
    Q->vhat = vhat;
    qlb_shift_coefficients(Q->N, Q->a, Q->coef);
    if (Q->p->screening) return screened(Q, F);
    memset(F, 0, 2 * Q->n3 * sizeof(double));
    return add_nodes(Q, Q->gh_s, Q->gh_w, Q->ngh, F);
}

static void plan_free(qplan *Q)
{
    free(Q->gh_s);
    free(Q->psi_u);
    free(Q->psi_ua);
    free(Q->coef);
    free(Q->E);
    free(Q->dpsi);
    free(Q->deps);
    free(Q->A1);
    free(Q->A2);
    free(Q->B1);
    free(Q->B2);
    qlb_adapt_free(Q->adapt);
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
    Q->coef = calloc(nk * nk, sizeof(double));
    Q->E = malloc(nk * sizeof(double));
    Q->dpsi = malloc(nk * sizeof(double));
    Q->deps = malloc(nk * sizeof(double complex));
    Q->A1 = malloc(nk * BATCH * sizeof(double));
    Q->A2 = malloc(nk * BATCH * sizeof(double));
    Q->B1 = malloc(nk * nk * BATCH * sizeof(double));
    Q->B2 = malloc(nk * nk * BATCH * sizeof(double));
    if (!(Q->gh_s && Q->psi_u && Q->psi_ua && Q->coef && Q->E && Q->dpsi && Q->deps &&
          Q->A1 && Q->A2 && Q->B1 && Q->B2))
        return qlb_fail(QLB_ENOMEM, "quadratic-term kernels: out of memory");
    Q->gh_w = Q->gh_s + Q->ngh;
    qlb_status st = qlb_gauss_rule(QLB_GAUSS_HERMITE, Q->ngh, 0, Q->gh_s, Q->gh_w);
    if (!st && p->screening) st = qlb_adapt_create_vector(2 * Q->n3, MAX_U_INTERVALS, &Q->adapt);
    return st;
}

/* Exact zeros: p + q + r odd. */
static void zero_odd(int nk, double *T)
{
    for (int p = 0; p < nk; p++)
        for (int q = 0; q < nk; q++)
            for (int r = 0; r < nk; r++)
                if ((p + q + r) & 1) T[((size_t)p * nk + q) * nk + r] = 0;
}

qlb_status qlb_quadratic_kernels(const qlb_params *p, int variation, double *J, double *K,
                               qlb_kappa_info *info)
{
    qplan Q;
    double *F = NULL;
    qlb_status st = plan_init(&Q, p, variation);
    if (!st) {
        F = malloc(2 * Q.n3 * sizeof(double));
        if (!F) st = qlb_fail(QLB_ENOMEM, "quadratic-term kernels: out of memory");
    }
    if (!st) st = qlb_kappa_integrate_vector(p, 2 * Q.n3, kappa_eval, &Q, F, info);
    if (!st) {
        memcpy(J, F, Q.n3 * sizeof(double));
        memcpy(K, F + Q.n3, Q.n3 * sizeof(double));
        zero_odd(Q.nk, J);
        zero_odd(Q.nk, K);
    }
    free(F);
    plan_free(&Q);
    return st;
}
