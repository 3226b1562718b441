/* species_operator.c — the multi-species linearized operator (docs/DESIGN.md
 * §9): one stacked parallel kernel per pair of species (parallel_kernel.c,
 * u_integral.c's pair mode; pairs of the same two masses share it), summed
 * into each species' test kernel
 *   test_a = sum_b n_b Z_a^2 Z_b^2 T^ab
 * and the field kernels
 *   field_ab = sqrt(n_a n_b) Z_a^2 Z_b^2 C^ab,
 * whose rotation blocks block_assembly.c builds for all species at once. */
#include "operator/species_operator.h"
#include "core/error.h"
#include "core/memory_limit.h"
#include "operator/block_assembly.h"
#include "operator/parallel_kernel.h"
#include "physics/parameters.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct qlb_mixop {
    qlb_params params;
    int S;
    qlb_species species[QLB_MAX_SPECIES];
    qlb_linop_info info;
    double **block;   /* block[l]: (S K_l)^2 */
    double *noise;    /* noise[l]: absolute error of block l's entries */
    double *pair_test;  /* [a S + b]: n_b Z_a^2 Z_b^2 T^ab, (N+1)^2 each (the pairs' test kernels) */
    double *field;      /* [a S + b]: sqrt(n_a n_b) Z_a^2 Z_b^2 C^ab (the field kernels) */
};

static int block_size(int N, int l) { return (N - l) / 2 + 1; }

qlb_status qlb_species_check(const qlb_species *species, int count)
{
    if (count < 1 || count > QLB_MAX_SPECIES)
        return qlb_fail(QLB_EINVAL, "species: %d given, 1 to %d allowed", count, QLB_MAX_SPECIES);
    for (int a = 0; a < count; a++) {
        const qlb_species *s = &species[a];
        size_t len = strnlen(s->name, QLB_SPECIES_NAME);
        if (len == 0 || len == QLB_SPECIES_NAME)
            return qlb_fail(QLB_EINVAL, "species %d: the name must have 1 to %d characters", a + 1,
                            QLB_SPECIES_NAME - 1);
        for (int b = 0; b < a; b++)
            if (!strcmp(species[b].name, s->name))
                return qlb_fail(QLB_EINVAL, "species '%s' is given twice", s->name);
        if (!isfinite(s->charge) || s->charge == 0)
            return qlb_fail(QLB_EINVAL, "species '%s': the charge Z must be finite and nonzero", s->name);
        if (!isfinite(s->mass) || s->mass <= 0)
            return qlb_fail(QLB_EINVAL, "species '%s': the mass must be finite and > 0", s->name);
        if (!isfinite(s->density) || s->density <= 0)
            return qlb_fail(QLB_EINVAL, "species '%s': the density must be finite and > 0", s->name);
    }
    return QLB_OK;
}

void qlb_mixop_free(qlb_mixop *L)
{
    if (!L) return;
    for (int l = 0; L->block && l <= L->params.degree; l++) free(L->block[l]);
    free(L->block);
    free(L->noise);
    free(L->pair_test);
    free(L->field);
    free(L);
}

static qlb_status mixop_alloc(const qlb_params *p, const qlb_species *species, int S, qlb_mixop **out)
{
    int N = p->degree;
    size_t total = 0;
    for (int l = 0; l <= N; l++) total += (size_t)S * block_size(N, l) * S * block_size(N, l);
    size_t bytes;
    qlb_status st = qlb_check_array_bytes(total, sizeof(double), "the multi-species blocks", &bytes);
    if (st) return st;
    qlb_mixop *L = calloc(1, sizeof *L);
    if (!L) return qlb_fail(QLB_ENOMEM, "operator: out of memory");
    L->params = *p;
    L->S = S;
    double sum = 0;
    for (int a = 0; a < S; a++) sum += species[a].density;
    for (int a = 0; a < S; a++) {
        L->species[a] = species[a];
        L->species[a].density /= sum;
    }
    L->block = calloc((size_t)N + 1, sizeof(double *));
    L->noise = calloc((size_t)N + 1, sizeof(double));
    int ok = L->block && L->noise;
    for (int l = 0; ok && l <= N; l++) {
        size_t s = (size_t)S * block_size(N, l);
        ok = (L->block[l] = malloc(s * s * sizeof(double))) != NULL;
    }
    if (!ok) {
        qlb_mixop_free(L);
        return qlb_fail(QLB_ENOMEM, "operator: out of memory");
    }
    *out = L;
    return QLB_OK;
}

/* The kernels of every pair: pair[a S + b] (nk^2 each) holds T^ab at
 * [0], T^ba at [1] and C^ab at [2] (3 nk^2 per pair, a <= b). A pair whose
 * two masses an earlier pair had reuses its kernel. */
typedef struct {
    int S, nk;
    double *kernels;  /* S^2 x 3 x nk^2 */
    qlb_linop_info info;
} pair_kernels;

static double *pair_part(const pair_kernels *P, int a, int b, int part)
{
    return P->kernels + ((size_t)(a * P->S + b) * 3 + part) * P->nk * P->nk;
}

/* Copies the stacked kernel F (rows x rows) into the parts of pair (a, b). */
static void split_stacked(pair_kernels *P, int a, int b, const double *F, int rows)
{
    int nk = P->nk, off = rows > nk ? nk : 0;
    for (int i = 0; i < nk; i++)
        for (int j = 0; j < nk; j++) {
            pair_part(P, a, b, 0)[i * nk + j] = F[i * rows + j];
            pair_part(P, a, b, 1)[i * nk + j] = F[(i + off) * rows + j + off];
            pair_part(P, a, b, 2)[i * nk + j] = F[i * rows + j + off];
        }
}

/* Pair (a, b) from an earlier pair (c, e) of the same masses, swapped if
 * m_a = m_e. */
static void copy_pair(pair_kernels *P, int a, int b, int c, int e, int swapped)
{
    size_t n = (size_t)P->nk * P->nk;
    memcpy(pair_part(P, a, b, 0), pair_part(P, c, e, swapped), n * sizeof(double));
    memcpy(pair_part(P, a, b, 1), pair_part(P, c, e, !swapped), n * sizeof(double));
    double *C = pair_part(P, a, b, 2), *from = pair_part(P, c, e, 2);
    for (int i = 0; i < P->nk; i++)
        for (int j = 0; j < P->nk; j++) C[i * P->nk + j] = swapped ? from[j * P->nk + i] : from[i * P->nk + j];
}

/* An earlier pair (c, e), c <= e, before (a, b) in the order of
 * compute_pairs, of the same two masses: 1 and *swapped = 1 if m_c = m_b. */
static int earlier_pair(const qlb_species *sp, int S, int a, int b, int *c, int *e, int *swapped)
{
    for (*c = 0; *c <= a; (*c)++)
        for (*e = *c; *e < S && (*c < a || *e < b); (*e)++) {
            double mc = sp[*c].mass, me = sp[*e].mass;
            *swapped = mc == sp[b].mass && me == sp[a].mass && mc != me;
            if ((mc == sp[a].mass && me == sp[b].mass) || *swapped) return 1;
        }
    return 0;
}

static void add_info(qlb_linop_info *to, const qlb_linop_info *from, int first)
{
    to->error = first ? from->error : fmax(to->error, from->error);
    to->kappa_min = first ? from->kappa_min : fmin(to->kappa_min, from->kappa_min);
    to->kappa_max = first ? from->kappa_max : fmax(to->kappa_max, from->kappa_max);
    to->intervals += from->intervals;
    to->evaluations += from->evaluations;
    to->inner_evaluations += from->inner_evaluations;
}

/* The medium (every species' weight n Z^2 and mass) and the pair kernels. */
static qlb_status compute_pairs(const qlb_mixop *L, pair_kernels *P)
{
    const qlb_species *sp = L->species;
    qlb_dielectric_species medium[QLB_MAX_SPECIES];
    for (int a = 0; a < L->S; a++) {
        medium[a].weight = sp[a].density * sp[a].charge * sp[a].charge;
        medium[a].mass = sp[a].mass;
        medium[a].temperature = 1;
    }
    int rows = 2 * P->nk, first = 1;
    double *F = malloc((size_t)rows * rows * sizeof(double));
    qlb_status st = F ? QLB_OK : qlb_fail(QLB_ENOMEM, "operator: out of memory");
    for (int a = 0; a < L->S && !st; a++)
        for (int b = a; b < L->S && !st; b++) {
            int c, e, swapped;
            if (earlier_pair(sp, L->S, a, b, &c, &e, &swapped)) {
                copy_pair(P, a, b, c, e, swapped);
                continue;
            }
            qlb_u_pair pair = {sp[a].mass, sp[b].mass, medium, L->S};
            qlb_linop_info info;
            memset(&info, 0, sizeof info);
            st = qlb_parallel_kernel(&L->params, QLB_FORM_COLLISION, &pair, F, &info);
            if (st) break;
            split_stacked(P, a, b, F, qlb_u_integral_rows(&L->params, &pair));
            add_info(&P->info, &info, first);
            first = 0;
        }
    free(F);
    return st;
}

/* The pairs' test kernels n_b Z_a^2 Z_b^2 T^ab and field kernels
 * sqrt(n_a n_b) Z_a^2 Z_b^2 C^ab into L (T^ab of a pair a > b is T^ba of
 * (b, a); C^ab its transposed C^ba), and test_a = sum_b of the former. */
static void combine(qlb_mixop *L, const pair_kernels *P, double *test)
{
    int S = L->S, nk = P->nk;
    size_t n = (size_t)nk * nk;
    memset(test, 0, S * n * sizeof(double));
    for (int a = 0; a < S; a++)
        for (int b = 0; b < S; b++) {
            const qlb_species *x = &L->species[a], *y = &L->species[b];
            double zz = x->charge * x->charge * y->charge * y->charge;
            const double *T = a <= b ? pair_part(P, a, b, 0) : pair_part(P, b, a, 1);
            const double *C = pair_part(P, a <= b ? a : b, a <= b ? b : a, 2);
            double *Tw = L->pair_test + (size_t)(a * S + b) * n, *F = L->field + (size_t)(a * S + b) * n;
            double wt = y->density * zz, wf = sqrt(x->density * y->density) * zz;
            for (int i = 0; i < nk; i++)
                for (int j = 0; j < nk; j++) {
                    Tw[i * nk + j] = wt * T[i * nk + j];
                    test[a * n + i * nk + j] += Tw[i * nk + j];
                    F[i * nk + j] = wf * (a <= b ? C[i * nk + j] : C[j * nk + i]);
                }
        }
}

static qlb_status assemble(qlb_mixop *L)
{
    int S = L->S, nk = L->params.degree + 1;
    size_t n = (size_t)nk * nk;
    pair_kernels P;
    memset(&P, 0, sizeof P);
    P.S = S;
    P.nk = nk;
    P.kernels = calloc((size_t)S * S * 3 * n, sizeof(double));
    double *test = malloc((size_t)S * n * sizeof(double));
    L->pair_test = malloc((size_t)S * S * n * sizeof(double));
    L->field = malloc((size_t)S * S * n * sizeof(double));
    const double *tp[QLB_MAX_SPECIES], *fp[QLB_MAX_SPECIES * QLB_MAX_SPECIES];
    qlb_status st = P.kernels && test && L->pair_test && L->field ? QLB_OK
                                                                  : qlb_fail(QLB_ENOMEM, "operator: out of memory");
    if (!st) st = compute_pairs(L, &P);
    if (!st) {
        combine(L, &P, test);
        for (int a = 0; a < S; a++) tp[a] = test + a * n;
        for (int i = 0; i < S * S; i++) fp[i] = L->field + i * n;
        L->info = P.info;
        st = qlb_assemble_mixture_blocks(&L->params, S, tp, fp, L->block, &L->info.asymmetry, L->noise);
    }
    free(P.kernels);
    free(test);
    return st;
}

qlb_status qlb_mixop_pair_parts(const qlb_mixop *L, int a, int b, double **test, double **field)
{
    int S = L->S, N = L->params.degree;
    if (a < 0 || a >= S || b < 0 || b >= S)
        return qlb_fail(QLB_EINVAL, "pair (%d, %d) outside the %d species", a, b, S);
    size_t n = (size_t)(N + 1) * (N + 1);
    double *zero = calloc(n, sizeof(double)), **blocks = calloc((size_t)N + 1, sizeof(double *));
    double *noise = malloc(((size_t)N + 1) * sizeof(double)), asym;
    qlb_status st = zero && blocks && noise ? QLB_OK : qlb_fail(QLB_ENOMEM, "operator: out of memory");
    for (int l = 0; l <= N && !st; l++) {
        size_t k = (size_t)2 * block_size(N, l);
        if (!(blocks[l] = malloc(k * k * sizeof(double)))) st = qlb_fail(QLB_ENOMEM, "operator: out of memory");
    }
    /* Two slots: a's test kernel of this pair, and the field kernel between them
     * (field_ab and its transpose); the slot-2 test kernel is zero. */
    const double *tp[2] = {L->pair_test + (size_t)(a * S + b) * n, zero};
    const double *fp[4] = {zero, L->field + (size_t)(a * S + b) * n, L->field + (size_t)(b * S + a) * n, zero};
    if (!st) st = qlb_assemble_mixture_blocks(&L->params, 2, tp, fp, blocks, &asym, noise);
    for (int l = 0; l <= N && !st; l++) {
        int k = block_size(N, l);
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) {
                test[l][i * k + j] = blocks[l][i * 2 * k + j];
                field[l][i * k + j] = blocks[l][i * 2 * k + k + j];
            }
    }
    for (int l = 0; blocks && l <= N; l++) free(blocks[l]);
    free(blocks);
    free(zero);
    free(noise);
    return st;
}

qlb_status qlb_mixop_create(const qlb_params *p, const qlb_species *species, int count,
                            qlb_mixop **out)
{
    *out = NULL;
    qlb_mixop *L = NULL;
    qlb_status st = qlb_params_check(p);
    if (!st) st = qlb_species_check(species, count);
    if (!st) st = mixop_alloc(p, species, count, &L);
    if (!st) st = assemble(L);
    if (st) {
        qlb_mixop_free(L);
        return st;
    }
    *out = L;
    return QLB_OK;
}

const qlb_params *qlb_mixop_params(const qlb_mixop *L) { return &L->params; }
int qlb_mixop_species_count(const qlb_mixop *L) { return L->S; }
const qlb_species *qlb_mixop_species(const qlb_mixop *L, int a) { return &L->species[a]; }
qlb_linop_info qlb_mixop_get_info(const qlb_mixop *L) { return L->info; }

double qlb_mixop_block_noise(const qlb_mixop *L, int l) { return L->noise[l]; }

const double *qlb_mixop_block(const qlb_mixop *L, int l, int *size)
{
    *size = L->S * block_size(L->params.degree, l);
    return L->block[l];
}

/* Unit vector of the coefficients c_a of row n of every species. */
static void species_vector(const qlb_mixop *L, int K, int n, const double *c, double *v)
{
    int size = L->S * K;
    double norm = 0;
    for (int a = 0; a < L->S; a++) norm += c[a] * c[a];
    memset(v, 0, (size_t)size * sizeof(double));
    for (int a = 0; a < L->S; a++) v[a * K + n] = c[a] / sqrt(norm);
}

int qlb_mixop_invariants(const qlb_mixop *L, int l, double *vectors)
{
    int K = block_size(L->params.degree, l), S = L->S, count = 0;
    double c[QLB_MAX_SPECIES];
    if (l == 0) { /* densities: sqrt(M_a) in a alone; energy: m_a |v|^2 sqrt(M_a), n = 1 */
        for (int a = 0; a < S; a++, count++) {
            for (int b = 0; b < S; b++) c[b] = a == b;
            species_vector(L, K, 0, c, vectors + (size_t)count * S * K);
        }
        for (int a = 0; a < S; a++) c[a] = sqrt(L->species[a].density);
        if (K > 1) species_vector(L, K, 1, c, vectors + (size_t)count++ * S * K);
    } else if (l == 1) { /* momentum: m_a v sqrt(M_a) = sqrt(m_a) f_{0,1,m} in a's variable */
        for (int a = 0; a < S; a++) c[a] = sqrt(L->species[a].density * L->species[a].mass);
        species_vector(L, K, 0, c, vectors);
        count = 1;
    }
    return count;
}
