/* species_quadratic_kernels.c — the parallel kernels of the quadratic term
 * of one pair (a, b) of a mixture (docs/DESIGN.md §9), divided by hbar^2 as
 * the pair's collision kernels are (u_integral.c):
 *
 *   coll[p][q][r]      = Int kappa^d Vhat^2 Int c S      Ê_p Γ_qr ds dkappa,
 *   vtest[s][p][q][r]  = Int kappa^d Vhat^2 Int c dS^s_q Ê_p Ê_r  ds dkappa,
 *   vfield[s][p][q][r] = Int kappa^d Vhat^2 Int c dS^s_q Ê_p F_r  ds dkappa,
 *
 * c = -sqrt(m_a m_b)/2. In the frame of khat, s = omega/|k|; in its own
 * variable particle a moves from t_a - alpha_a (pre) to t_a + alpha_a
 * (post) and b from t_b + alpha_b to t_b - alpha_b, t = sqrt(m) s,
 * alpha = hbar kappa/(2 sqrt(m)), and
 *   Ê_p  = [psi_p(a post) mu(b post) - psi_p(a pre) mu(b pre)] / (hbar kappa),
 *   F_r  = [mu(a post) psi_r(b post) - mu(a pre) psi_r(b pre)] / (hbar kappa),
 *   Γ_qr = [psi_q(a post) psi_r(b post) - psi_q(a pre) psi_r(b pre)] / (hbar kappa),
 * all O(1) as hbar -> 0 (recurrences of hermite_differences.c, and Γ from
 * the differences D^a, D^b of a's and b's functions while their shifts
 * times sqrt(N) are below 1, directly beyond). S = |eps|^-2 of the
 * mixture and dS^s_q = -2 S^2 Re(conj(eps) deps^s_q), deps^s_q the
 * variation of eps by species s's perturbation whose marginal is
 * sqrt(m_s) mu psi_q(sqrt(m_s) s): n_s Z_s^2 times qlb_dielectric_variation
 * at species s's shift h = hbar kappa/sqrt(m_s) and y = sqrt(m_s) s - h/2
 * (dielectric_variation.c where s is heavier than the pair).
 *
 * Where they come from: the raw integrands are S psi_p(a pre) mu(b pre)
 * times the gain minus loss of the inputs; s -> -s is khat -> -khat, it
 * multiplies them by (-1)^(p+q+r) after exchanging pre and post of the
 * output factor, and the rotational average keeps p + q + r even only, so
 * each is replaced by its average, -(1/2) S Ê_p (...) (hbar kappa)^2.
 * Entries with p + q + r odd are set to 0.
 *
 * In x = sigma s, sigma^2 = (m_a + m_b)/2, every integrand is a polynomial of
 * degree <= 3N - 2 times exp(-x^2): Gauss–Hermite with 3N/2 + 2 nodes
 * unscreened; screened, S = 1 + (S - 1), the part with 1 by the same rule
 * and the rest and the variation by adaptive Gauss–Legendre, as for one
 * species (kernel_nodes.c). Per
 * batch of nodes the sums are dgemm, and only what is independent is
 * integrated: entries with p + q + r even, split by the parity of the
 * pair of columns ((q, r) for coll, (p, r) for vtest and vfield; the row
 * index has the same parity), and vtest only for p <= r (it is symmetric
 * in p, r). */
#include "operator/species_quadratic_kernels.h"
#include "qlb/basis.h"
#include "core/error.h"
#include "numerics/adaptive_quadrature.h"
#include "numerics/gauss_rules.h"
#include "numerics/parallel.h"
#include "operator/hermite_differences.h"
#include "operator/kernel_nodes.h"
#include "physics/dielectric_variation.h"

#include <cblas.h>
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 16
#define MAX_U_INTERVALS 4000
#define RESONANCE_VHAT 3.5     /* 1 / max Re G' = 3.504 */

typedef struct {
    const qlb_params *p;
    const qlb_pair_quadratic *pair;
    int N, nk, S, variation, unit_s;
    size_t n2, n3, len;
    double sigma, a, vhat, weight_sum;
    double *gh_x, *gh_w;
    int ngh;
    double *psi[4];              /* a pre, a post, b post, b pre: nk each */
    double *Da, *Db, *E, *F;     /* nk each */
    double complex *deps;        /* nk */
    double *AC, *AV;             /* nk x BATCH, S nk x BATCH */
    double *BC, *BT, *BF;        /* BATCH x (the columns of coll, vtest, vfield) */
    int ncol[3][2];              /* [coll, vtest, vfield][parity]: column pairs */
    int *col[3];                 /* the pairs (i, k), even parity first */
    size_t block[3][2];          /* offset of [X][parity] (vtest, vfield: S blocks of it) */
    qlb_adapt *adapt;
    double *rest;
} pplan;

static double mu(double x) { return pow(2 * M_PI, -0.25) * exp(-x * x / 4); }

/* The pair's vectors Ê, F and Γ (row j of BC, its columns' pairs) at s. */
static void pair_vectors(pplan *P, double s, double *gamma)
{
    const int *pr = P->col[0];
    int ncols = P->ncol[0][0] + P->ncol[0][1];
    int N = P->N;
    double ma = P->pair->mass_a, mb = P->pair->mass_b, ra = sqrt(ma), rb = sqrt(mb);
    double ha = P->a / ra, hb = P->a / rb;
    double a_pre = ra * s - ha / 2, a_post = ra * s + ha / 2, b_post = rb * s - hb / 2, b_pre = rb * s + hb / 2;
    qlb_hermite_functions(N, a_pre, P->psi[0]);
    qlb_hermite_functions(N, a_post, P->psi[1]);
    qlb_hermite_functions(N, b_post, P->psi[2]);
    qlb_hermite_functions(N, b_pre, P->psi[3]);
    double src = -mu(b_post) / ra;
    qlb_collision_batch(N, 1, &a_pre, &src, P->psi[1], 1, P->E, 1);
    src = mu(a_pre) / rb;
    qlb_collision_batch(N, 1, &b_post, &src, P->psi[3], 1, P->F, 1);
    if (fmax(ha, hb) * sqrt((double)N) < 1) {
        double d0 = qlb_shift_start(ha, a_pre, mu(a_pre), mu(a_post));
        qlb_shift_batch(N, 1, ha, &a_pre, &d0, P->psi[0], P->psi[1], 1, P->Da, 1);
        d0 = qlb_shift_start(hb, b_post, mu(b_post), mu(b_pre));
        qlb_shift_batch(N, 1, hb, &b_post, &d0, P->psi[2], P->psi[3], 1, P->Db, 1);
        for (int k = 0; k < ncols; k++) {
            int q = pr[2 * k], r = pr[2 * k + 1];
            gamma[k] = P->Da[q] * P->psi[2][r] / ra - P->psi[0][q] * P->Db[r] / rb;
        }
    } else
        for (int k = 0; k < ncols; k++) {
            int q = pr[2 * k], r = pr[2 * k + 1];
            gamma[k] = (P->psi[1][q] * P->psi[2][r] - P->psi[0][q] * P->psi[3][r]) / P->a;
        }
}

/* Column j of AC, AV and row j of BC, BT, BF for the node x, weight w. */
static void fill_node(pplan *P, double x, double w, int j)
{
    int nk = P->nk;
    double s = x / P->sigma, c = -w / P->sigma * sqrt(P->pair->mass_a * P->pair->mass_b) / 2;
    pair_vectors(P, s, P->BC + (size_t)j * (P->ncol[0][0] + P->ncol[0][1]));
    double complex eps = 1;
    int screened = P->p->screening && !P->unit_s;
    if (screened) qlb_dielectric_mixture_derivatives(P->pair->medium, P->pair->count, P->vhat, P->a, s, 0, &eps);
    double S = 1 / (creal(eps) * creal(eps) + cimag(eps) * cimag(eps));
    double S_part = screened ? S - 1 : 1;
    for (int n = 0; n < nk; n++) P->AC[n * BATCH + j] = c * S_part * P->E[n];
    if (!P->variation || !screened) return;
    double ma = P->pair->mass_a, mb = P->pair->mass_b;
    for (int sp = 0; sp < P->S; sp++) {
        const qlb_dielectric_species *m = &P->pair->medium[sp];
        double h = P->a / sqrt(m->mass), y = sqrt(m->mass) * s - h / 2;
        if (m->mass <= ma + mb) qlb_dielectric_variation(P->vhat * m->weight, h, y, P->N, P->deps);
        else qlb_dielectric_variation_far(P->vhat * m->weight, h, y, P->N, P->deps);
        for (int q = 0; q < nk; q++)
            P->AV[((size_t)sp * nk + q) * BATCH + j] = -2 * S * S * creal(conj(eps) * P->deps[q]);
    }
    int nt = P->ncol[1][0] + P->ncol[1][1], nf = P->ncol[2][0] + P->ncol[2][1];
    double *bt = P->BT + (size_t)j * nt, *bf = P->BF + (size_t)j * nf;
    for (int k = 0; k < nt; k++) bt[k] = c * P->E[P->col[1][2 * k]] * P->E[P->col[1][2 * k + 1]];
    for (int k = 0; k < nf; k++) bf[k] = c * P->E[P->col[2][2 * k]] * P->F[P->col[2][2 * k + 1]];
}

/* out block [X][parity] (species sp's, for vtest and vfield) += the rows
 * of A of that parity, from row `first`, x B's columns of that parity. */
static void accumulate(const pplan *P, int X, int m, const double *A, int sp, const double *B, double *out)
{
    double *blocks[2];
    for (int par = 0; par < 2; par++)
        blocks[par] = out + P->block[X][par] + (size_t)sp * ((P->nk + 1 - par) / 2) * P->ncol[X][par];
    qlb_parity_products(P->nk, m, A + (size_t)sp * P->nk * BATCH, BATCH, B, P->ncol[X], blocks);
}

/* The values of the nodes x, weights w added to out (layout in pplan). */
static qlb_status add_nodes(void *ctx, const double *x, const double *w, int count, double *out)
{
    pplan *P = ctx;
    for (int start = 0; start < count; start += BATCH) {
        int m = count - start < BATCH ? count - start : BATCH;
        for (int j = 0; j < m; j++) fill_node(P, x[start + j], w[start + j], j);
        accumulate(P, 0, m, P->AC, 0, P->BC, out);
        if (!P->variation || !P->p->screening || P->unit_s) continue;
        for (int sp = 0; sp < P->S; sp++) {
            accumulate(P, 1, m, P->AV, sp, P->BT, out);
            accumulate(P, 2, m, P->AV, sp, P->BF, out);
        }
    }
    return QLB_OK;
}

static qlb_status screened(pplan *P, double *F)
{
    if (P->vhat * P->weight_sum >= RESONANCE_VHAT)
        return qlb_fail(QLB_EINVAL, "quadratic term: Vhat sum n Z^2 = %g >= %g at k = %g, where eps may "
                                    "have plasma-wave resonances (the quadratic term does not model them; "
                                    "the linear operator does)",
                        P->vhat * P->weight_sum, RESONANCE_VHAT, P->a / P->p->hbar);
    qlb_split_integral split = {add_nodes, P, &P->unit_s, P->gh_x, P->gh_w, P->ngh, P->N, P->len, P->adapt, P->rest,
                            P->p->tol};
    return qlb_split_integrate(&split, F);
}

static qlb_status kappa_eval(void *ctx, double kappa, double vhat, double *F)
{
    pplan *P = ctx;
    P->a = P->p->hbar * kappa;
    P->vhat = vhat;
    if (P->p->screening) return screened(P, F);
    memset(F, 0, P->len * sizeof(double));
    return add_nodes(P, P->gh_x, P->gh_w, P->ngh, F);
}

static void plan_free(pplan *P)
{
    free(P->gh_x);
    for (int X = 0; X < 3; X++) free(P->col[X]);
    for (int k = 0; k < 4; k++) free(P->psi[k]);
    free(P->Da), free(P->Db), free(P->E), free(P->F), free(P->deps);
    free(P->AC), free(P->AV), free(P->BC), free(P->BT), free(P->BF);
    qlb_adapt_free(P->adapt);
    free(P->rest);
}

/* The column pairs (i, k) of each kernel, even i + k first: every (q, r)
 * of coll, (p <= r) of vtest, every (p, r) of vfield; the blocks' offsets
 * and the length of the values. */
static qlb_status make_columns(pplan *P)
{
    static const int lower[3] = {-1, 0, -1};
    size_t off = 0;
    for (int X = 0; X < 3; X++) {
        P->col[X] = qlb_parity_pairs(P->nk, lower[X], P->ncol[X]);
        if (!P->col[X]) return qlb_fail(QLB_ENOMEM, "quadratic-term kernels: out of memory");
        for (int par = 0; par < 2; par++) {
            P->block[X][par] = off;
            if (X == 0 || P->variation)
                off += (size_t)(X ? P->S : 1) * ((P->nk + 1 - par) / 2) * P->ncol[X][par];
        }
    }
    P->len = off;
    return QLB_OK;
}

static qlb_status plan_init(pplan *P, const qlb_params *p, const qlb_pair_quadratic *pair, int variation)
{
    memset(P, 0, sizeof *P);
    size_t nk = (size_t)p->degree + 1;
    P->p = p;
    P->pair = pair;
    P->N = p->degree;
    P->nk = (int)nk;
    P->S = pair->count;
    P->n2 = nk * nk;
    P->n3 = nk * nk * nk;
    P->variation = variation && p->screening;
    P->sigma = sqrt((pair->mass_a + pair->mass_b) / 2);
    for (int c = 0; c < P->S; c++) P->weight_sum += pair->medium[c].weight;
    P->ngh = 3 * P->N / 2 + 2;
    P->gh_x = malloc(2 * (size_t)P->ngh * sizeof(double));
    int ok = P->gh_x != NULL;
    for (int k = 0; k < 4; k++) ok &= (P->psi[k] = malloc(nk * sizeof(double))) != NULL;
    P->Da = malloc(nk * sizeof(double));
    P->Db = malloc(nk * sizeof(double));
    P->E = malloc(nk * sizeof(double));
    P->F = malloc(nk * sizeof(double));
    P->deps = malloc(nk * sizeof(double complex));
    P->AC = malloc(nk * BATCH * sizeof(double));
    P->AV = malloc((size_t)P->S * nk * BATCH * sizeof(double));
    P->BC = malloc(P->n2 * BATCH * sizeof(double)); /* the most columns any kernel has */
    P->BT = malloc(P->n2 * BATCH * sizeof(double));
    P->BF = malloc(P->n2 * BATCH * sizeof(double));
    if (!(ok && P->Da && P->Db && P->E && P->F && P->deps && P->AC && P->AV && P->BC && P->BT && P->BF))
        return qlb_fail(QLB_ENOMEM, "quadratic-term kernels: out of memory");
    P->gh_w = P->gh_x + P->ngh;
    qlb_status st = make_columns(P);
    if (!st) st = qlb_gauss_rule(QLB_GAUSS_HERMITE, P->ngh, 0, P->gh_x, P->gh_w);
    if (!st && p->screening) {
        P->rest = malloc(P->len * sizeof(double));
        st = P->rest ? qlb_adapt_create_vector(P->len, MAX_U_INTERVALS, &P->adapt)
                     : qlb_fail(QLB_ENOMEM, "quadratic-term kernels: out of memory");
    }
    return st;
}

/* The kernels from the integrated values (layout in pplan): odd p + q + r
 * are 0, vtest[p][q][r] = vtest[r][q][p]. */
static void unpack(const pplan *P, const double *F, double *coll, double *vtest, double *vfield)
{
    size_t nk = (size_t)P->nk, n3 = P->n3;
    memset(coll, 0, n3 * sizeof(double));
    if (vtest) memset(vtest, 0, (size_t)P->S * n3 * sizeof(double)), memset(vfield, 0, (size_t)P->S * n3 * sizeof(double));
    for (int X = 0; X < 3 && (X == 0 || P->variation); X++)
        for (int par = 0, k0 = 0; par < 2; k0 += P->ncol[X][par++]) {
            int rows = (P->nk + 1 - par) / 2, n = P->ncol[X][par];
            for (int sp = 0; sp < (X ? P->S : 1); sp++) {
                const double *v = F + P->block[X][par] + (size_t)sp * rows * n;
                for (int row = 0; row < rows; row++)
                    for (int k = 0; k < n; k++) {
                        size_t x = (size_t)(par + 2 * row), i = (size_t)P->col[X][2 * (k0 + k)],
                               j = (size_t)P->col[X][2 * (k0 + k) + 1];
                        double val = v[(size_t)row * n + k];
                        if (X == 0) coll[(x * nk + i) * nk + j] = val;           /* [p = x][q = i][r = j] */
                        else if (X == 2) vfield[sp * n3 + (i * nk + x) * nk + j] = val; /* [p = i][q = x][r = j] */
                        else {
                            vtest[sp * n3 + (i * nk + x) * nk + j] = val;
                            vtest[sp * n3 + (j * nk + x) * nk + i] = val;
                        }
                    }
            }
        }
}

qlb_status qlb_pair_quadratic_kernels(const qlb_params *p, const qlb_pair_quadratic *pair,
                                      double *coll, double *vtest, double *vfield,
                                      qlb_kappa_info *info)
{
    int threads = qlb_threads();
    pplan *P = calloc((size_t)threads, sizeof *P);
    void **ctx = calloc((size_t)threads, sizeof *ctx);
    double *F = NULL;
    qlb_status st = P && ctx ? QLB_OK : qlb_fail(QLB_ENOMEM, "quadratic-term kernels: out of memory");
    for (int t = 0; t < threads && !st; t++) {
        st = plan_init(&P[t], p, pair, vtest != NULL);
        ctx[t] = &P[t];
    }
    if (!st) {
        F = malloc(P->len * sizeof(double));
        if (!F) st = qlb_fail(QLB_ENOMEM, "quadratic-term kernels: out of memory");
    }
    qlb_params decay = qlb_kappa_decay_params(p, fmin(pair->mass_a, pair->mass_b));
    if (!st) st = qlb_kappa_integrate_vector(&decay, P->len, kappa_eval, ctx, threads, F, info);
    if (!st) unpack(P, F, coll, vtest, vfield);
    free(F);
    for (int t = 0; P && t < threads; t++) plan_free(&P[t]);
    free(P);
    free(ctx);
    return st;
}
