/* species_quadratic.c — the quadratic term of several species
 * (qlb/species.h, docs/DESIGN.md §9) in factored form.
 *
 * In the frame khat = e1, output species a, inputs of species (β, γ) in the
 * orthonormal basis of qlb_mixop (c_a = sqrt(n_a) times the coefficients of
 * g_a in a's own Hermite functions), the raw second-order term is
 *   c_d { d_bg d_h0 A^{a;βγ} + d_bh d_g0 B^{a;βγ} + d_b0 d_g0 d_h0 C^{a;βγ} }
 * (quadratic_reduction.h's structure) with, from the kernels of each pair
 * (a, b) (species_quadratic_kernels.c),
 *   A^{a;ab} = Z_a^2 Z_b^2 sqrt(n_b) coll^{ab}                     (collision),
 *   B^{a;sa} = sum_b Z_a^2 Z_b^2 (n_b / sqrt(n_s)) vtest^{ab}[s]     (variation of
 *              eps by species s times the test part of every pair (a, b)),
 *   C^{a;sb} = Z_a^2 Z_b^2 (sqrt(n_a n_b) / sqrt(n_s)) vfield^{ab}[s] (its field part).
 * The term of the unordered inputs {β, γ} is X^{a;βγ} + (X^{a;γβ}) with its
 * inputs exchanged; its symmetric part (B = A^T) is reduced to radial
 * tensors like one species' T, and for β != γ its antisymmetric part
 * (B = -A^T) too. All terms share one layout (the Gaunt blocks); each stores
 * only its radial values, and
 *   y_a = sum_{β <= γ} [X_sym + X_anti](c_β, c_γ).
 * A pair whose masses an earlier pair had reuses its kernels (its medium is
 * the same). */
#include "qlb/species.h"
#include "core/error.h"
#include "operator/quadratic_reduction.h"
#include "operator/species_quadratic_kernels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int out, first, second, sign; /* output species, input species (first <= second), 1 or -1 */
    double *radial;
} quadratic_piece;

struct qlb_mixquad {
    qlb_params params;
    int S, variation;
    qlb_species species[QLB_MAX_SPECIES];
    qlb_quadratic *layout;
    size_t nb;
    int pieces;
    quadratic_piece piece[2 * QLB_MAX_SPECIES * QLB_MAX_SPECIES * (QLB_MAX_SPECIES + 1) / 2];
    qlb_kappa_info info;
};

/* The raw kernels A, B, C of every (a; β, γ): slot[((a S + β) S + γ) 3 + k] (n3 each). */
typedef struct {
    int S, nk;
    size_t n3;
    double *slots;
} raw_kernels;

static double *slot(const raw_kernels *R, int a, int beta, int gamma, int k)
{
    return R->slots + ((((size_t)a * R->S + beta) * R->S + gamma) * 3 + k) * R->n3;
}

/* The kernels of pair (a, b) (reused from an earlier pair of the same masses). */
typedef struct {
    double *coll, *vtest, *vfield; /* n3, S n3, S n3 */
    double ma, mb;
    int owned;
} pair_cache;

static qlb_status pair_kernels(const qlb_mixquad *Q, const qlb_dielectric_species *medium, int a, int b,
                               pair_cache *cache, int *cached, qlb_kappa_info *info)
{
    for (int k = 0; k < *cached; k++)
        if (cache[k].ma == Q->species[a].mass && cache[k].mb == Q->species[b].mass) {
            cache[*cached] = cache[k];
            cache[(*cached)++].owned = 0;
            return QLB_OK;
        }
    pair_cache *c = &cache[*cached];
    size_t n3 = (size_t)(Q->params.degree + 1) * (Q->params.degree + 1) * (Q->params.degree + 1);
    c->ma = Q->species[a].mass, c->mb = Q->species[b].mass;
    c->owned = 1;
    c->coll = malloc(n3 * (1 + 2 * (size_t)Q->S) * sizeof(double));
    if (!c->coll) return qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    c->vtest = c->coll + n3;
    c->vfield = c->vtest + (size_t)Q->S * n3;
    qlb_pair_quadratic pair = {c->ma, c->mb, medium, Q->S};
    int var = Q->variation;
    if (!var) memset(c->vtest, 0, 2 * (size_t)Q->S * n3 * sizeof(double));
    qlb_status st = qlb_pair_quadratic_kernels(&Q->params, &pair, c->coll, var ? c->vtest : NULL,
                                               var ? c->vfield : NULL, info);
    (*cached)++;
    return st;
}

/* Adds pair (a, b)'s kernels into the raw slots. */
static void add_pair(const qlb_mixquad *Q, raw_kernels *R, int a, int b, const pair_cache *c)
{
    const qlb_species *sp = Q->species;
    double zz = sp[a].charge * sp[a].charge * sp[b].charge * sp[b].charge;
    size_t n3 = R->n3;
    double *A = slot(R, a, a, b, 0);
    for (size_t i = 0; i < n3; i++) A[i] += zz * sqrt(sp[b].density) * c->coll[i];
    for (int s = 0; s < Q->S && Q->variation; s++) {
        double *B = slot(R, a, s, a, 1), *C = slot(R, a, s, b, 2);
        double wt = zz * sp[b].density / sqrt(sp[s].density);
        double wf = zz * sqrt(sp[a].density * sp[b].density / sp[s].density);
        for (size_t i = 0; i < n3; i++) {
            B[i] += wt * c->vtest[s * n3 + i];
            C[i] += wf * c->vfield[s * n3 + i];
        }
    }
}

/* X^T[p][q][r] = X[p][r][q]. */
static double swapped(const double *X, int nk, int p, int q, int r)
{
    return X[((size_t)p * nk + r) * nk + q];
}

/* The kernels (sym: sign 1, anti: -1) of inputs {β, γ} of output a into
 * ka, kb, kc: Y = X^{βγ} + (X^{γβ} exchanged) (β < γ) or X^{ββ}, then
 * A = A_Y + sign B_Y^T, B = sign A^T, C = C_Y + sign C_Y^T. Returns
 * whether any is non-zero. */
static int combined(const raw_kernels *R, int a, int beta, int gamma, int sign, double *ka, double *kb,
                    double *kc)
{
    int nk = R->nk, nonzero = 0;
    const double *A1 = slot(R, a, beta, gamma, 0), *B1 = slot(R, a, beta, gamma, 1), *C1 = slot(R, a, beta, gamma, 2);
    const double *A2 = slot(R, a, gamma, beta, 0), *B2 = slot(R, a, gamma, beta, 1), *C2 = slot(R, a, gamma, beta, 2);
    int cross = beta != gamma;
    for (int p = 0; p < nk; p++)
        for (int q = 0; q < nk; q++)
            for (int r = 0; r < nk; r++) {
                size_t i = ((size_t)p * nk + q) * nk + r;
                /* A_Y[p][q][r], B_Y[p][r][q] and C_Y at (q, r) and (r, q) */
                double ay = A1[i] + (cross ? swapped(B2, nk, p, q, r) : 0);
                double by_t = swapped(B1, nk, p, q, r) + (cross ? A2[i] : 0);
                double cy = C1[i] + (cross ? swapped(C2, nk, p, q, r) : 0);
                double cy_t = swapped(C1, nk, p, q, r) + (cross ? C2[i] : 0);
                ka[i] = ay + sign * by_t;
                kc[i] = cy + sign * cy_t;
                nonzero |= ka[i] != 0 || kc[i] != 0;
            }
    for (int p = 0; p < nk; p++)
        for (int q = 0; q < nk; q++)
            for (int r = 0; r < nk; r++) kb[((size_t)p * nk + q) * nk + r] = sign * swapped(ka, nk, p, q, r);
    return nonzero;
}

/* The radial values of every non-zero piece. */
static qlb_status reduce_pieces(qlb_mixquad *Q, qlb_quadratic_assembly *A, const raw_kernels *R)
{
    size_t n3 = R->n3, nrad = qlb_quadratic_get_info(Q->layout).radial_values;
    double *k = malloc(3 * n3 * sizeof(double));
    qlb_status st = k ? QLB_OK : qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    A->ka = k, A->kb = k + n3, A->kc = k + 2 * n3;
    for (int a = 0; a < Q->S && !st; a++)
        for (int beta = 0; beta < Q->S && !st; beta++)
            for (int gamma = beta; gamma < Q->S && !st; gamma++)
                for (int sign = 1; sign >= (beta < gamma ? -1 : 1) && !st; sign -= 2) {
                    if (!combined(R, a, beta, gamma, sign, k, k + n3, k + 2 * n3)) continue;
                    quadratic_piece *P = &Q->piece[Q->pieces];
                    *P = (quadratic_piece){a, beta, gamma, sign, calloc(nrad + 1, sizeof(double))};
                    if (!P->radial) st = qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
                    else Q->pieces++;
                    if (!st) st = qlb_quadratic_reduce(A, Q->layout, P->radial);
                }
    free(k);
    A->ka = A->kb = A->kc = NULL;
    return st;
}

static qlb_status build(qlb_mixquad *Q)
{
    qlb_quadratic_assembly A;
    qlb_status st = qlb_quadratic_layout_create(&Q->params, &Q->layout, &A);
    if (st) return st;
    Q->nb = qlb_quadratic_get_info(Q->layout).size;
    int S = Q->S, nk = Q->params.degree + 1, cached = 0;
    raw_kernels R = {S, nk, (size_t)nk * nk * nk, NULL};
    pair_cache cache[QLB_MAX_SPECIES * QLB_MAX_SPECIES];
    qlb_dielectric_species medium[QLB_MAX_SPECIES];
    for (int a = 0; a < S; a++)
        medium[a] = (qlb_dielectric_species){Q->species[a].density * Q->species[a].charge * Q->species[a].charge,
                                             Q->species[a].mass, 1};
    R.slots = calloc((size_t)S * S * S * 3 * R.n3, sizeof(double));
    if (!R.slots) st = qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    for (int a = 0; a < S && !st; a++)
        for (int b = 0; b < S && !st; b++) {
            qlb_kappa_info info = {0};
            st = pair_kernels(Q, medium, a, b, cache, &cached, &info);
            if (!st) add_pair(Q, &R, a, b, &cache[cached - 1]);
            if (info.evaluations) {
                Q->info.error = fmax(Q->info.error, info.error);
                Q->info.evaluations += info.evaluations;
                Q->info.intervals += info.intervals;
            }
        }
    for (int k = 0; k < cached; k++)
        if (cache[k].owned) free(cache[k].coll);
    if (!st) st = reduce_pieces(Q, &A, &R);
    free(R.slots);
    qlb_quadratic_assembly_free(&A);
    return st;
}

qlb_status qlb_mixquad_create(const qlb_params *p, const qlb_species *species, int count, int variation,
                              qlb_mixquad **out)
{
    *out = NULL;
    qlb_status st = qlb_params_check(p);
    if (!st) st = qlb_species_check(species, count);
    if (st) return st;
    qlb_mixquad *Q = calloc(1, sizeof *Q);
    if (!Q) return qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    Q->params = *p;
    Q->S = count;
    Q->variation = variation && p->screening;
    double sum = 0;
    for (int a = 0; a < count; a++) sum += species[a].density;
    for (int a = 0; a < count; a++) {
        Q->species[a] = species[a];
        Q->species[a].density /= sum;
    }
    st = build(Q);
    if (st) {
        qlb_mixquad_free(Q);
        return st;
    }
    *out = Q;
    return QLB_OK;
}

void qlb_mixquad_free(qlb_mixquad *Q)
{
    if (!Q) return;
    for (int k = 0; k < Q->pieces; k++) free(Q->piece[k].radial);
    qlb_quadratic_free(Q->layout);
    free(Q);
}

int qlb_mixquad_species_count(const qlb_mixquad *Q) { return Q->S; }
size_t qlb_mixquad_size(const qlb_mixquad *Q) { return (size_t)Q->S * Q->nb; }
int qlb_mixquad_variation(const qlb_mixquad *Q) { return Q->variation; }
const qlb_params *qlb_mixquad_params(const qlb_mixquad *Q) { return &Q->params; }

/* y = Q(x, z) (z NULL: Q(x, x)): each piece adds into its output species. */
static void contract(const qlb_mixquad *Q, const double *x, const double *z, double *y)
{
    size_t nb = Q->nb;
    memset(y, 0, qlb_mixquad_size(Q) * sizeof(double));
    for (int k = 0; k < Q->pieces; k++) {
        const quadratic_piece *P = &Q->piece[k];
        const double *u = x + P->first * nb;
        double *out = y + P->out * nb;
        if (!z) qlb_quadratic_contract(Q->layout, P->radial, P->sign, 1, u, P->first == P->second ? NULL : x + P->second * nb, out);
        else if (P->first == P->second) qlb_quadratic_contract(Q->layout, P->radial, P->sign, 1, u, z + P->second * nb, out);
        else { /* the symmetric bilinear form of c -> X(c_β, c_γ) */
            qlb_quadratic_contract(Q->layout, P->radial, P->sign, 0.5, u, z + P->second * nb, out);
            qlb_quadratic_contract(Q->layout, P->radial, P->sign, 0.5, z + P->first * nb, x + P->second * nb, out);
        }
    }
}

void qlb_mixquad_apply(const qlb_mixquad *Q, const double *c, double *y)
{
    contract(Q, c, NULL, y);
}

void qlb_mixquad_apply_pair(const qlb_mixquad *Q, const double *x, const double *z, double *y)
{
    contract(Q, x, z, y);
}
