/* gaunt_coefficients.c — the Gaunt tensors of the Gelfand–Tsetlin spherical
 * harmonics, level by level along S^{d-1} > S^{d-2} > ... > S^0.
 *
 * On S^{k-1}, v = (x, sqrt(1-x^2) w) with w on S^{k-2}, and
 *   Y_{l,(j,m')}(v) = Theta_{l,j}(x) Y'_{j,m'}(w),
 *   Theta_{l,j}(x) = (1-x^2)^{j/2} p_{l-j}(x),
 * p_n the orthonormal polynomials (positive leading coefficient) of the
 * weight (1-x^2)^{j+(k-3)/2}: the construction of qlb/burnett.h, whose
 * harmonic of label (j, m') has a positive coefficient on
 * psi_{l-j}(v_1) f'_{0,j,m'}. Since dsigma = (1-x^2)^{(k-3)/2} dx dsigma',
 *   Int_{S^{k-1}} Y Y Y = I_k(l; j) Int_{S^{k-2}} Y' Y' Y',
 *   I_k(l; j) = Int_{-1}^{1} Theta_{l,j} Theta_{l1,j1} Theta_{l2,j2} (1-x^2)^{(k-3)/2} dx.
 * Writing Int Y Y Y = nrm_k(l) G_k(l) with G_k of unit norm:
 *   nrm_k(l)^2 = sum_j (I_k(l; j) nrm_{k-1}(j))^2,
 *   G_k(l)[(j,m'),..] = I_k(l; j) nrm_{k-1}(j) / nrm_k(l) G_{k-1}(j)[m',..],
 * from S^0 = {1, -1} (Y_0 = 1/sqrt 2, Y_1 = x/sqrt 2: nrm_1 = 1/sqrt 2 on
 * triples of even sum). The x-integrand is a polynomial of degree
 * <= 3 lmax + k times 1 (J + k - 3 even, J = j + j1 + j2: Gauss–Legendre) or
 * times (1-x^2)^{-1/2} (J + k - 3 odd: Gauss–Chebyshev), so both rules are
 * exact. Only structurally non-zero entries are stored. Cost: one dot
 * product of length ~3 lmax / 2 per (l, j) triple pair (computed once). */
#include "basis/gaunt_coefficients.h"
#include "core/error.h"
#include "numerics/gauss_rules.h"
#include "qlb/basis.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int count;       /* entries (0: not coupled) */
    int *m;          /* (m, m1, m2) per entry */
    double *g;       /* unit Frobenius norm */
    double nrm;      /* the norm of Int Y Y Y over the sphere */
} triple;

typedef struct {
    int k, lmax;
    triple *t;       /* (lmax + 1)^3 */
} level;

struct qlb_gaunt {
    int dim, lmax;
    qlb_gaunt_block *block; /* (lmax + 1)^3; start == NULL where not coupled */
};

int qlb_gaunt_allowed(int dim, int l, int l1, int l2)
{
    if ((l + l1 + l2) & 1) return 0;
    if (dim == 1) return l <= 1 && l1 <= 1 && l2 <= 1;
    if (l < abs(l1 - l2) || l > l1 + l2) return 0;
    return dim > 2 || l == l1 + l2 || l == abs(l1 - l2);
}

static size_t at(int lmax, int l, int l1, int l2)
{
    return ((size_t)l * (lmax + 1) + l1) * (lmax + 1) + l2;
}

static void level_free(level *L)
{
    if (!L->t) return;
    size_t n = (size_t)(L->lmax + 1) * (L->lmax + 1) * (L->lmax + 1);
    for (size_t i = 0; i < n; i++) free(L->t[i].m), free(L->t[i].g);
    free(L->t);
    L->t = NULL;
}

/* S^0: the triples of even sum of degrees <= 1. */
static qlb_status level_one(level *L)
{
    L->k = 1;
    L->t = calloc((size_t)(L->lmax + 1) * (L->lmax + 1) * (L->lmax + 1), sizeof(triple));
    if (!L->t) return qlb_fail(QLB_ENOMEM, "Gaunt tensors: out of memory");
    for (int a = 0; a <= 1 && a <= L->lmax; a++)
        for (int b = 0; b <= 1 && b <= L->lmax; b++)
            for (int c = 0; c <= 1 && c <= L->lmax; c++) {
                if ((a + b + c) & 1) continue;
                triple *T = &L->t[at(L->lmax, a, b, c)];
                T->m = calloc(3, sizeof(int));
                T->g = malloc(sizeof(double));
                if (!T->m || !T->g) return qlb_fail(QLB_ENOMEM, "Gaunt tensors: out of memory");
                T->g[0] = 1;
                T->count = 1;
                T->nrm = 1 / sqrt(2.0);
            }
    return QLB_OK;
}

/* The two exact rules on [-1, 1] with n nodes: x[r][i], and the factor
 * fac[r][i] = w_i (1-x_i^2)^{(k-3)/2} / weight_r(x_i) (r = 0 Legendre, 1
 * Chebyshev). */
typedef struct {
    int n;
    double *x[2], *fac[2];
    double *theta[2];   /* [(l * (lmax+1) + j) * n + i] = Theta_{l,j}(x_i) */
    double *coupling;   /* scratch: the factor of each j triple of one l triple */
} rules;

static void theta_values(int k, int lmax, int n, const double *x, double *theta)
{
    for (int j = 0; j <= lmax; j++) {
        double lam = j + (k - 2) / 2.0, a = lam - 0.5;
        double mu0 = sqrt(M_PI) * exp(lgamma(a + 1) - lgamma(a + 1.5));
        for (int i = 0; i < n; i++) {
            double s = pow(1 - x[i] * x[i], j / 2.0), p_prev = 0, p = 1 / sqrt(mu0);
            for (int l = j; l <= lmax; l++) {
                theta[((size_t)l * (lmax + 1) + j) * n + i] = s * p;
                int nn = l - j + 1; /* p_{nn} from p_{nn-1}, p_{nn-2} */
                double b_next = nn == 1 ? 1 / (2 * (1 + lam))
                                        : nn * (nn + 2 * lam - 1) / (4 * (nn + lam) * (nn + lam - 1));
                double b_cur = nn == 1 ? 0
                             : nn == 2 ? 1 / (2 * (1 + lam))
                                       : (nn - 1) * (nn + 2 * lam - 2) /
                                             (4 * (nn - 1 + lam) * (nn + lam - 2));
                double p_next = (x[i] * p - sqrt(b_cur) * p_prev) / sqrt(b_next);
                p_prev = p;
                p = p_next;
            }
        }
    }
}

static qlb_status make_rules(int k, int lmax, rules *R)
{
    int n = (3 * lmax + k) / 2 + 2;
    R->n = n;
    for (int r = 0; r < 2; r++) {
        R->x[r] = malloc((size_t)n * sizeof(double));
        R->fac[r] = malloc((size_t)n * sizeof(double));
        R->theta[r] = malloc((size_t)(lmax + 1) * (lmax + 1) * n * sizeof(double));
        if (!R->x[r] || !R->fac[r] || !R->theta[r])
            return qlb_fail(QLB_ENOMEM, "Gaunt tensors: out of memory");
    }
    /* j triples below one l triple: j0, j1 <= lmax, j2 of one parity <= lmax */
    R->coupling = malloc((size_t)(lmax + 1) * (lmax + 1) * (lmax / 2 + 1) * sizeof(double));
    if (!R->coupling) return qlb_fail(QLB_ENOMEM, "Gaunt tensors: out of memory");
    qlb_status st = qlb_gauss_rule(QLB_GAUSS_LEGENDRE, n, 0, R->x[0], R->fac[0]);
    if (st) return st;
    for (int i = 0; i < n; i++) {
        R->x[1][i] = cos((2 * i + 1) * M_PI / (2 * n));
        R->fac[1][i] = M_PI / n * pow(1 - R->x[1][i] * R->x[1][i], (k - 2) / 2.0);
        R->fac[0][i] *= pow(1 - R->x[0][i] * R->x[0][i], (k - 3) / 2.0);
    }
    for (int r = 0; r < 2; r++) theta_values(k, lmax, n, R->x[r], R->theta[r]);
    return QLB_OK;
}

static void rules_free(rules *R)
{
    for (int r = 0; r < 2; r++) free(R->x[r]), free(R->fac[r]), free(R->theta[r]);
    free(R->coupling);
}

/* I_k(l; j) by the exact rule for J + k - 3. */
static double theta_integral(const rules *R, int lmax, int k, const int *l, const int *j)
{
    int r = (j[0] + j[1] + j[2] + k - 3) & 1;
    const double *ta = R->theta[r] + ((size_t)l[0] * (lmax + 1) + j[0]) * R->n;
    const double *tb = R->theta[r] + ((size_t)l[1] * (lmax + 1) + j[1]) * R->n;
    const double *tc = R->theta[r] + ((size_t)l[2] * (lmax + 1) + j[2]) * R->n;
    double s = 0;
    for (int i = 0; i < R->n; i++) s += R->fac[r][i] * ta[i] * tb[i] * tc[i];
    return s;
}

/* Offset of the chain label (j, 0) among the m of H_l on S^{k-1}. */
static int chain_offset(int k, int j)
{
    int m = 0;
    for (int jp = 0; jp < j; jp++) m += (int)qlb_basis_dim_harmonic(jp, k - 1);
    return m;
}

/* The chain labels j that can couple below the triple l: j_i <= l_i and the
 * triangle and parity rules, so j[2] runs over |j0 - j1|, |j0 - j1| + 2, ..
 * <= j0 + j1. Advances j (start with j[0] = -1); 0 after the last. */
static int next_j(const int *l, int *j)
{
    if (j[0] >= 0) {
        j[2] += 2;
        if (j[2] <= l[2] && j[2] <= j[0] + j[1]) return 1;
    }
    for (;;) {
        if (j[0] < 0) {
            j[0] = j[1] = 0;
        } else if (++j[1] > l[1]) {
            j[1] = 0;
            if (++j[0] > l[0]) return 0;
        }
        j[2] = abs(j[0] - j[1]);
        if (j[2] <= l[2]) return 1;
    }
}

/* Whether entry (m, m1, m2) is kept for rows [lo, hi): its row is, or it
 * is a zonal diagonal (m1 = m, m2 = 0 or m1 = 0, m2 = m), which the radial
 * reduction of every block needs. */
static int kept(int m, int m1, int m2, int lo, int hi)
{
    return (m >= lo && m < hi) || (m2 == 0 && m1 == m) || (m1 == 0 && m2 == m);
}

/* Whether the entries of the chain triple j (first indices o0 .. o0 + dim
 * H_{j0} - 1 on S^{k-2}) can be kept for rows [lo, hi): some row in range,
 * or a zonal diagonal (which needs j1 = 0 or j2 = 0). */
static int may_keep(int k, const int *j, int o0, int lo, int hi)
{
    int end = o0 + (int)qlb_basis_dim_harmonic(j[0], k - 1);
    return (o0 < hi && end > lo) || j[1] == 0 || j[2] == 0;
}

/* Entries of P kept, offset by (o0, o1, o2). */
static int entries_in(const triple *P, const int *o, int lo, int hi)
{
    int n = 0;
    for (int e = 0; e < P->count; e++)
        n += kept(o[0] + P->m[3 * e], o[1] + P->m[3 * e + 1], o[2] + P->m[3 * e + 2], lo, hi);
    return n;
}

/* One triple of level k from level k-1 (prev), its entries kept for rows
 * [lo, hi) (the normalization from all of them). */
static qlb_status couple(const level *prev, const rules *R, int k, const int *l, int lo, int hi,
                         triple *T)
{
    int lmax = prev->lmax, count = 0, nj = 0, j[3];
    double sum = 0, *c = R->coupling;
    for (j[0] = -1; next_j(l, j);) {
        const triple *P = &prev->t[at(lmax, j[0], j[1], j[2])];
        if (!P->count) continue;
        c[nj] = theta_integral(R, lmax, k, l, j) * P->nrm;
        sum += c[nj] * c[nj];
        nj++;
        int o[3] = {chain_offset(k, j[0]), chain_offset(k, j[1]), chain_offset(k, j[2])};
        if (may_keep(k, j, o[0], lo, hi)) count += entries_in(P, o, lo, hi);
    }
    T->nrm = sqrt(sum);
    if (T->nrm == 0 || count == 0) return QLB_OK;
    T->m = malloc(3 * (size_t)count * sizeof(int));
    T->g = malloc((size_t)count * sizeof(double));
    if (!T->m || !T->g) return qlb_fail(QLB_ENOMEM, "Gaunt tensors: out of memory");
    nj = 0;
    for (j[0] = -1; next_j(l, j);) { /* the same triples, in the same order */
        const triple *P = &prev->t[at(lmax, j[0], j[1], j[2])];
        if (!P->count) continue;
        double a = c[nj++] / T->nrm;
        int o0 = chain_offset(k, j[0]), o1 = chain_offset(k, j[1]), o2 = chain_offset(k, j[2]);
        if (!may_keep(k, j, o0, lo, hi)) continue;
        for (int e = 0; e < P->count; e++) {
            if (!kept(o0 + P->m[3 * e], o1 + P->m[3 * e + 1], o2 + P->m[3 * e + 2], lo, hi)) continue;
            T->m[3 * T->count] = o0 + P->m[3 * e];
            T->m[3 * T->count + 1] = o1 + P->m[3 * e + 1];
            T->m[3 * T->count + 2] = o2 + P->m[3 * e + 2];
            T->g[T->count++] = a * P->g[e];
        }
    }
    return QLB_OK;
}

/* Rows [lo[l], hi[l]) of the first index (NULL: all) are computed. */
typedef struct {
    const int *lo, *hi;
} row_range;

static qlb_status next_level(const level *prev, level *L, int ordered, const row_range *rows)
{
    int lmax = prev->lmax, k = prev->k + 1, l[3];
    L->k = k;
    L->lmax = lmax;
    L->t = calloc((size_t)(lmax + 1) * (lmax + 1) * (lmax + 1), sizeof(triple));
    rules R;
    memset(&R, 0, sizeof R);
    qlb_status st = L->t ? make_rules(k, lmax, &R) : qlb_fail(QLB_ENOMEM, "Gaunt tensors: out of memory");
    for (l[0] = 0; l[0] <= lmax && !st; l[0]++) {
        int lo = rows ? rows->lo[l[0]] : 0, hi = rows ? rows->hi[l[0]] : INT_MAX;
        for (l[1] = 0; l[1] <= lmax && !st && lo < hi; l[1]++)
            for (l[2] = ordered ? l[1] : 0; l[2] <= lmax && !st; l[2]++)
                if (qlb_gaunt_allowed(k, l[0], l[1], l[2]))
                    st = couple(prev, &R, k, l, lo, hi, &L->t[at(lmax, l[0], l[1], l[2])]);
    }
    rules_free(&R);
    return st;
}

/* Counting sort of a triple's entries by key (stable): order[pos] = entry. */
static void sort_by(const triple *T, int slot, int keys, int *bucket, const int *in, int *out)
{
    memset(bucket, 0, ((size_t)keys + 1) * sizeof(int));
    for (int e = 0; e < T->count; e++) bucket[T->m[3 * in[e] + slot] + 1]++;
    for (int k = 0; k < keys; k++) bucket[k + 1] += bucket[k];
    for (int e = 0; e < T->count; e++) out[bucket[T->m[3 * in[e] + slot]]++] = in[e];
}

/* One triple as a block, entries sorted by (m, m1); frees the triple. */
static qlb_status make_block(triple *T, int D, int D1, qlb_gaunt_block *B)
{
    int keys = D > D1 ? D : D1;
    int *order = calloc(2 * (size_t)T->count + 1, sizeof(int)), *bucket = malloc(((size_t)keys + 1) * sizeof(int));
    B->start = calloc((size_t)D + 1, sizeof(int));
    B->mm = malloc(2 * (size_t)T->count * sizeof(int));
    B->g = malloc((size_t)T->count * sizeof(double));
    if (!order || !bucket || !B->start || !B->mm || !B->g) {
        free(order), free(bucket);
        return qlb_fail(QLB_ENOMEM, "Gaunt tensors: out of memory");
    }
    int *by_m1 = order + T->count;
    for (int e = 0; e < T->count; e++) by_m1[e] = e;
    sort_by(T, 1, D1, bucket, by_m1, order);
    sort_by(T, 0, D, bucket, order, by_m1);
    memcpy(B->start + 1, bucket, (size_t)D * sizeof(int));
    for (int pos = 0; pos < T->count; pos++) {
        int e = by_m1[pos];
        B->mm[2 * pos] = T->m[3 * e + 1];
        B->mm[2 * pos + 1] = T->m[3 * e + 2];
        B->g[pos] = T->g[e];
    }
    free(order), free(bucket);
    free(T->m), free(T->g);
    T->m = NULL, T->g = NULL;
    return QLB_OK;
}

/* The top level's triples as blocks, grouped by their first index m. */
static qlb_status group(level *L, qlb_gaunt *G)
{
    int lmax = L->lmax, k = L->k;
    size_t n = (size_t)(lmax + 1) * (lmax + 1) * (lmax + 1);
    G->block = calloc(n, sizeof(qlb_gaunt_block));
    if (!G->block) return qlb_fail(QLB_ENOMEM, "Gaunt tensors: out of memory");
    qlb_status st = QLB_OK;
    for (int l = 0; l <= lmax && !st; l++)
        for (int l1 = 0; l1 <= lmax && !st; l1++)
            for (int l2 = 0; l2 <= lmax && !st; l2++) {
                triple *T = &L->t[at(lmax, l, l1, l2)];
                if (T->count)
                    st = make_block(T, (int)qlb_basis_dim_harmonic(l, k),
                                    (int)qlb_basis_dim_harmonic(l1, k), &G->block[at(lmax, l, l1, l2)]);
            }
    return st;
}

/* In place: P[l] = sum of P[j] over j0 <= l0, j1 <= l1, j2 <= l2. */
static void prefix_sums(int lmax, double *P)
{
    int n = lmax + 1;
    for (int a = 0; a < n; a++)
        for (int b = 0; b < n; b++)
            for (int c = 0; c < n; c++) {
                double *p = &P[at(lmax, a, b, c)];
                if (c) *p += P[at(lmax, a, b, c - 1)];
                if (b) *p += P[at(lmax, a, b - 1, c)];
                if (a) *p += P[at(lmax, a - 1, b, c)];
                if (b && c) *p -= P[at(lmax, a, b - 1, c - 1)];
                if (a && c) *p -= P[at(lmax, a - 1, b, c - 1)];
                if (a && b) *p -= P[at(lmax, a - 1, b - 1, c)];
                if (a && b && c) *p += P[at(lmax, a - 1, b - 1, c - 1)];
            }
}

/* A block of level k has one entry per entry of each coupled j triple below
 * it (couple()); the lower level's counts vanish outside the triangle and
 * parity rules that next_j() walks, so the sum is over the whole box
 * j_i <= l_i: a 3-D prefix sum, O(lmax^3) per level. */
qlb_status qlb_gaunt_count(int dim, int lmax, double *counts)
{
    size_t n = (size_t)(lmax + 1) * (lmax + 1) * (lmax + 1);
    double *prev = calloc(n, sizeof(double));
    if (!prev) return qlb_fail(QLB_ENOMEM, "Gaunt tensors: out of memory");
    int l[3];
    for (l[0] = 0; l[0] <= lmax; l[0]++)
        for (l[1] = 0; l[1] <= lmax; l[1]++)
            for (l[2] = 0; l[2] <= lmax; l[2]++)
                prev[at(lmax, l[0], l[1], l[2])] = qlb_gaunt_allowed(1, l[0], l[1], l[2]);
    for (int k = 2; k <= dim; k++) {
        prefix_sums(lmax, prev);
        for (l[0] = 0; l[0] <= lmax; l[0]++)
            for (l[1] = 0; l[1] <= lmax; l[1]++)
                for (l[2] = 0; l[2] <= lmax; l[2]++) {
                    size_t i = at(lmax, l[0], l[1], l[2]);
                    counts[i] = qlb_gaunt_allowed(k, l[0], l[1], l[2]) ? prev[i] : 0;
                }
        memcpy(prev, counts, n * sizeof(double));
    }
    free(prev);
    return QLB_OK;
}

/* Whether index triple a comes after b in lexicographic order. */
static int triple_after(const int32_t *a, const int32_t *b)
{
    for (int k = 0; k < 3; k++)
        if (a[k] != b[k]) return a[k] > b[k];
    return 0;
}

/* Block (l, l1, l2) from stored entries (m, m1, m2, g), checked: indices in
 * range and strictly increasing, as they are written, so none repeats. */
static qlb_status block_from_entries(int dim, const int *l, size_t count, const int32_t *mmm,
                                     const double *g, qlb_gaunt_block *B)
{
    int D[3];
    for (int k = 0; k < 3; k++) D[k] = (int)qlb_basis_dim_harmonic(l[k], dim);
    triple T = {(int)count, malloc(3 * count * sizeof(int) + 1), malloc(count * sizeof(double) + 1), 0};
    if (!T.m || !T.g) {
        free(T.m), free(T.g);
        return qlb_fail(QLB_ENOMEM, "Gaunt tensors: out of memory");
    }
    for (size_t e = 0; e < count; e++) {
        if (e && !triple_after(mmm + 3 * e, mmm + 3 * (e - 1))) {
            free(T.m), free(T.g);
            return qlb_fail(QLB_EINVAL, "Gaunt block (%d, %d, %d): entry %zu is not after entry %zu (a repeated "
                            "or reordered (m, m1, m2))", l[0], l[1], l[2], e, e - 1);
        }
        for (int k = 0; k < 3; k++) {
            if (mmm[3 * e + k] < 0 || mmm[3 * e + k] >= D[k]) {
                free(T.m), free(T.g);
                return qlb_fail(QLB_EINVAL, "Gaunt block (%d, %d, %d): index %d out of 0..%d", l[0], l[1],
                                l[2], mmm[3 * e + k], D[k] - 1);
            }
            T.m[3 * e + k] = mmm[3 * e + k];
        }
        T.g[e] = g[e];
    }
    qlb_status st = make_block(&T, D[0], D[1], B);
    if (st) free(T.m), free(T.g);
    return st;
}

qlb_status qlb_gaunt_from_entries(int dim, int lmax, size_t nblocks, const int *lll,
                                  const int64_t *offset, const int32_t *mmm, const double *g,
                                  qlb_gaunt **out)
{
    *out = NULL;
    qlb_gaunt *G = calloc(1, sizeof *G);
    if (!G) return qlb_fail(QLB_ENOMEM, "Gaunt tensors: out of memory");
    G->dim = dim;
    G->lmax = lmax;
    G->block = calloc((size_t)(lmax + 1) * (lmax + 1) * (lmax + 1), sizeof(qlb_gaunt_block));
    qlb_status st = G->block ? QLB_OK : qlb_fail(QLB_ENOMEM, "Gaunt tensors: out of memory");
    for (size_t k = 0; k < nblocks && !st; k++) {
        const int *l = lll + 3 * k;
        int in_range = l[0] >= 0 && l[1] >= 0 && l[2] >= 0 && l[0] <= lmax && l[1] <= lmax && l[2] <= lmax;
        if (!in_range || !qlb_gaunt_allowed(dim, l[0], l[1], l[2]) || offset[k + 1] <= offset[k] ||
            G->block[at(lmax, l[0], l[1], l[2])].start)
            st = qlb_fail(QLB_EINVAL, "Gaunt block %zu: (%d, %d, %d) is not a coupled triple of degree <= %d "
                          "given once with entries", k, l[0], l[1], l[2], lmax);
        else
            st = block_from_entries(dim, l, (size_t)(offset[k + 1] - offset[k]), mmm + 3 * offset[k],
                                    g + offset[k], &G->block[at(lmax, l[0], l[1], l[2])]);
    }
    if (st) {
        qlb_gaunt_free(G);
        return st;
    }
    *out = G;
    return QLB_OK;
}

qlb_status qlb_gaunt_create(int dim, int lmax, int ordered, const int *lo, const int *hi,
                            qlb_gaunt **out)
{
    *out = NULL;
    if (dim < 2 || lmax < 0) return qlb_fail(QLB_EINVAL, "Gaunt tensors: need d >= 2, lmax >= 0");
    qlb_gaunt *G = calloc(1, sizeof *G);
    if (!G) return qlb_fail(QLB_ENOMEM, "Gaunt tensors: out of memory");
    G->dim = dim;
    G->lmax = lmax;
    level prev = {1, lmax, NULL}, cur = {0, lmax, NULL};
    qlb_status st = level_one(&prev);
    for (int k = 2; k <= dim && !st; k++) {
        row_range rows = {lo, hi};
        st = next_level(&prev, &cur, ordered && k == dim, k == dim && lo ? &rows : NULL);
        level_free(&prev);
        prev = cur;
        cur.t = NULL;
    }
    if (!st) st = group(&prev, G);
    level_free(&prev);
    level_free(&cur);
    if (st) {
        qlb_gaunt_free(G);
        return st;
    }
    *out = G;
    return QLB_OK;
}

void qlb_gaunt_free(qlb_gaunt *G)
{
    if (!G) return;
    if (G->block) {
        size_t n = (size_t)(G->lmax + 1) * (G->lmax + 1) * (G->lmax + 1);
        for (size_t i = 0; i < n; i++) free(G->block[i].start), free(G->block[i].mm), free(G->block[i].g);
    }
    free(G->block);
    free(G);
}

const qlb_gaunt_block *qlb_gaunt_get(const qlb_gaunt *G, int l, int l1, int l2)
{
    const qlb_gaunt_block *B = &G->block[at(G->lmax, l, l1, l2)];
    return B->start ? B : NULL;
}
