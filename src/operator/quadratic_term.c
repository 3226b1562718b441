/* quadratic_term.c — the quadratic-term tensor (qlb/quadratic.h) in factored
 * form: the parallel kernels J, K (quadratic_kernels.c), the ordered Gaunt
 * blocks (basis/gaunt_coefficients.c: 1-D integrals along the
 * Gelfand–Tsetlin chain, only structurally non-zero entries, only
 * l' <= l''), the layout of the blocks and work units
 * (quadratic_storage.h) and the reduced radial tensor t
 * (quadratic_reduction.c). Also the memory estimates, from the Gaunt block
 * sizes without any integral, and the accessors. */
#include "qlb/quadratic.h"
#include "qlb/basis.h"
#include "qlb/burnett.h"
#include "core/error.h"
#include "core/limits.h"
#include "operator/quadratic_kernels.h"
#include "operator/quadratic_reduction.h"
#include "operator/quadratic_storage.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef qlb_quadratic_assembly assembly;

/* Radial labels (n, l) of the shells. */
static qlb_status make_labels(assembly *A)
{
    size_t nb = qlb_basis_size(A->basis);
    A->lab_l = malloc(nb * sizeof(int));
    A->lab_n = malloc(nb * sizeof(int));
    A->lab_col = malloc(nb * sizeof(int));
    A->shell_lab = malloc(((size_t)A->N + 2) * sizeof(int));
    if (!A->lab_l || !A->lab_n || !A->lab_col || !A->shell_lab)
        return qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    int prev_shell = -1;
    for (size_t i = 0; i < nb; i++) {
        int n, l, m;
        qlb_basis_spherical_label(A->basis, i, &n, &l, &m);
        int s = 2 * n + l;
        while (prev_shell < s) A->shell_lab[++prev_shell] = A->nrad;
        if (m == 0) {
            A->lab_l[A->nrad] = l;
            A->lab_n[A->nrad] = n;
            A->lab_col[A->nrad++] = (int)(i - qlb_basis_shell_offset(A->basis, s));
        }
    }
    A->shell_lab[A->N + 1] = A->nrad;
    return QLB_OK;
}

static int radial_orders(int N, int l) { return (N - l) / 2 + 1; }

/* Whether the coefficients of every degree fit a slice of the contraction. */
static int slices_fit(int d, int N)
{
    for (int l = 0; l <= N; l++)
        if ((double)qlb_basis_dim_harmonic(l, d) * radial_orders(N, l) > QLB_SLICE_MAX) return 0;
    return 1;
}

/* Offsets of the f_{n,l,0}, and dim H_l. */
static qlb_status make_offsets(const assembly *A, qlb_quadratic *T)
{
    T->nmax = A->N / 2 + 1;
    T->offset = malloc((size_t)A->nk * T->nmax * sizeof(size_t));
    T->harmonics = malloc((size_t)A->nk * sizeof(size_t));
    if (!T->offset || !T->harmonics) return qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    for (int l = 0; l <= A->N; l++) {
        T->harmonics[l] = qlb_basis_dim_harmonic(l, A->d);
        for (int n = 0; n < radial_orders(A->N, l); n++)
            T->offset[(size_t)l * T->nmax + n] = qlb_basis_spherical_index(A->basis, n, l, 0);
    }
    return QLB_OK;
}

/* The coupled (l, l1 <= l2) blocks and their radial storage. */
static qlb_status make_blocks(assembly *A, qlb_quadratic *T)
{
    int N = A->N, nk = A->nk;
    size_t n3 = (size_t)nk * nk * nk, nblocks = 0, values = 0;
    A->block_of = malloc(n3 * sizeof(int));
    T->first_block = malloc(((size_t)nk + 1) * sizeof(int));
    if (!A->block_of || !T->first_block) return qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    for (size_t i = 0; i < n3; i++) A->block_of[i] = -1;
    for (int l = 0; l <= N; l++)
        for (int l1 = 0; l1 <= N; l1++)
            for (int l2 = l1; l2 <= N; l2++)
                if (qlb_gaunt_get(T->gaunt, l, l1, l2)) {
                    A->block_of[((size_t)l * nk + l1) * nk + l2] = (int)nblocks++;
                    values += (size_t)radial_orders(N, l) * radial_orders(N, l1) * radial_orders(N, l2);
                }
    T->block = calloc(nblocks + 1, sizeof(qlb_quadratic_stored));
    T->radial = calloc(values + 1, sizeof(double));
    if (!T->block || !T->radial) return qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    size_t k = 0, at = 0;
    for (int l = 0; l <= N; l++) {
        T->first_block[l] = (int)k;
        for (int l1 = 0; l1 <= N; l1++)
            for (int l2 = l1; l2 <= N; l2++) {
                const qlb_gaunt_block *G = qlb_gaunt_get(T->gaunt, l, l1, l2);
                if (!G) continue;
                qlb_quadratic_stored *B = &T->block[k++];
                *B = (qlb_quadratic_stored){l, l1, l2, radial_orders(N, l), radial_orders(N, l1),
                                           radial_orders(N, l2), (int)qlb_basis_dim_harmonic(l, A->d),
                                           G, T->radial + at};
                at += (size_t)B->K * B->K1 * B->K2;
            }
    }
    T->first_block[nk] = (int)k;
    T->info.blocks = nblocks;
    T->info.radial_values = values;
    return QLB_OK;
}

/* Work units: per output degree l, ranges of m whose coupled products fit
 * the scratch (QLB_COUPLED_MAX) and output rows QLB_UNIT_M, and at least
 * four per degree when dim H_l allows (balance across threads). */
static qlb_status make_units(qlb_quadratic *T)
{
    int cap = 0;
    for (int pass = 0; pass < 2; pass++) {
        T->units = 0;
        for (int l = 0; l <= T->N; l++) {
            int D = (int)qlb_basis_dim_harmonic(l, T->dim), widest = 1;
            for (int k = T->first_block[l]; k < T->first_block[l + 1]; k++)
                if (T->block[k].K1 * T->block[k].K2 > widest) widest = T->block[k].K1 * T->block[k].K2;
            int lo = T->rows.lo ? T->rows.lo[l] : 0, hi = T->rows.lo ? T->rows.hi[l] : D;
            int step = QLB_COUPLED_MAX / widest;
            if (step > QLB_UNIT_M) step = QLB_UNIT_M;
            if (step > (hi - lo + 3) / 4) step = (hi - lo + 3) / 4;
            for (int m = lo; m < hi; m += step, T->units++)
                if (pass) T->unit[T->units] = (qlb_quadratic_unit){l, m, m + step < hi ? m + step : hi};
        }
        if (!pass) {
            cap = T->units;
            T->unit = malloc(((size_t)cap + 1) * sizeof(qlb_quadratic_unit));
            if (!T->unit) return qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
        }
    }
    return QLB_OK;
}

void qlb_quadratic_assembly_free(assembly *A)
{
    free(A->J);
    free(A->K);
    free(A->lab_l);
    free(A->lab_n);
    free(A->lab_col);
    free(A->shell_lab);
    free(A->block_of);
    qlb_burnett_free((qlb_burnett *)A->bu);
    qlb_basis_free((qlb_basis *)A->basis);
    memset(A, 0, sizeof *A);
}

/* What the factored tensor stores, counted from the Gaunt block sizes
 * (qlb_gaunt_count, no integrals). */
typedef struct {
    double gaunt, radial, blocks, starts; /* ordered blocks (l1 <= l2) */
    double gaunt_all;                     /* every block, l1 > l2 too */
    double expanded;                      /* entries (b <= c) of the expanded form, about */
    double harmonics;                     /* sum of dim H_l: bounds the work units */
} storage_count;

/* rows (NULL: all) restricts the stored entries to those output rows: every
 * block keeps its radial tensor, its zonal diagonals and the share
 * (hi - lo)/dim H_l of its Gaunt entries (about: entries spread over m). */
static int count_storage(int d, int N, const qlb_quadratic_rows *rows, storage_count *n)
{
    size_t nk = (size_t)N + 1;
    double *counts = malloc(nk * nk * nk * sizeof(double));
    if (!counts || qlb_gaunt_count(d, N, counts)) {
        free(counts);
        return -1;
    }
    memset(n, 0, sizeof *n);
    for (int l = 0; l <= N; l++) n->harmonics += (double)qlb_basis_dim_harmonic(l, d);
    for (int l = 0; l <= N; l++) {
        double share = rows && rows->hi[l] > rows->lo[l]
                           ? (double)(rows->hi[l] - rows->lo[l]) / qlb_basis_dim_harmonic(l, d) : !rows;
        for (int l1 = 0; l1 <= N; l1++)
            for (int l2 = 0; l2 <= N; l2++) {
                double c = counts[((size_t)l * nk + l1) * nk + l2];
                double K = radial_orders(N, l), K1 = radial_orders(N, l1);
                n->gaunt_all += c;
                n->expanded += K * (K1 * radial_orders(N, l2) * c / 2 + (l1 == l2 ? K1 * c / 2 : 0));
                if (c == 0 || l1 > l2) continue;
                n->gaunt += rows ? c * share + 2.0 * qlb_basis_dim_harmonic(l, d) : c;
                n->blocks++;
                n->starts += qlb_basis_dim_harmonic(l, d) + 1.0;
                n->radial += (double)radial_orders(N, l) * radial_orders(N, l1) * radial_orders(N, l2);
            }
    }
    free(counts);
    return 0;
}

/* Bytes per stored Gaunt entry (m1, m2, value), per entry while the Gaunt
 * recursion runs ((m, m1, m2), value), and per block. */
#define GAUNT_ENTRY_BYTES (2 * sizeof(int) + sizeof(double))
#define GAUNT_BUILD_BYTES (3 * sizeof(int) + sizeof(double))
#define BLOCK_BYTES (sizeof(qlb_quadratic_stored) + sizeof(qlb_gaunt_block))

/* The stored tensor's bytes, and the peak of building it. The build holds
 * the kernels J, K (and their scratch), the Burnett basis and the block
 * lookup throughout; first the Gaunt recursion (its last two levels, with
 * (m, m1, m2) per entry), then the stored tensor and the reduction's
 * scratch. INFINITY when the basis is not representable or the counts
 * cannot be had. */
static double estimate(const qlb_params *p, const qlb_quadratic_rows *rows, double *build_peak)
{
    int d = p->dim, N = p->degree;
    *build_peak = INFINITY;
    storage_count n, lower = {0};
    if (qlb_params_basis_size(p) == 0 || N > QLB_MAX_DEGREE || count_storage(d, N, rows, &n) ||
        (d > 2 && count_storage(d - 1, N, NULL, &lower)))
        return INFINITY;
    double nk3 = pow(N + 1.0, 3);
    double stored = n.gaunt * GAUNT_ENTRY_BYTES + n.starts * sizeof(int) + n.radial * sizeof(double) +
                    n.blocks * BLOCK_BYTES + (N + 1.0) * (N / 2 + 1) * sizeof(size_t) +
                    n.harmonics * sizeof(qlb_quadratic_unit);
    double throughout = 4 * nk3 * sizeof(double) + nk3 * sizeof(int) + qlb_burnett_estimate_bytes(d, N);
    *build_peak = throughout + fmax((n.gaunt + lower.gaunt_all) * GAUNT_BUILD_BYTES,
                                    stored + qlb_quadratic_reduce_bytes(d, N));
    return stored;
}

double qlb_quadratic_estimate_bytes(const qlb_params *p)
{
    double peak;
    return estimate(p, NULL, &peak);
}

/* Cost of output degree l: the bytes its blocks store (Gaunt entries and
 * radial values), which the contractions also read once each. */
static qlb_status degree_costs(const qlb_params *p, double *cost)
{
    int N = p->degree;
    size_t nk = (size_t)N + 1;
    double *counts = malloc(nk * nk * nk * sizeof(double));
    if (!counts || qlb_gaunt_count(p->dim, N, counts)) {
        free(counts);
        return qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    }
    for (int l = 0; l <= N; l++) {
        cost[l] = 0;
        for (int l1 = 0; l1 <= N; l1++)
            for (int l2 = l1; l2 <= N; l2++) {
                double c = counts[((size_t)l * nk + l1) * nk + l2];
                if (c > 0)
                    cost[l] += c * GAUNT_ENTRY_BYTES + sizeof(double) * radial_orders(N, l) *
                                   radial_orders(N, l1) * radial_orders(N, l2);
            }
    }
    free(counts);
    return QLB_OK;
}

/* The output rows (l, m) of part `part` of `parts`: in the order of l, then
 * m, each row weighted by its degree's cost / dim H_l, cut into `parts`
 * contiguous runs of about equal weight; rows->lo[l] .. hi[l] - 1 are the
 * part's m of degree l (lo >= hi: none). */
static qlb_status owned_rows(const qlb_params *p, int part, int parts, qlb_quadratic_rows *rows)
{
    int N = p->degree;
    double *cost = malloc(((size_t)N + 1) * sizeof(double)), total = 0, at = 0;
    qlb_status st = cost ? degree_costs(p, cost) : qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    for (int l = 0; l <= N && !st; l++) total += cost[l];
    for (int l = 0; l <= N && !st; l++) {
        int D = (int)qlb_basis_dim_harmonic(l, p->dim);
        double w = cost[l] / D;
        rows->lo[l] = D, rows->hi[l] = 0;
        for (int m = 0; m < D; m++, at += w) {
            int owner = total > 0 ? (int)((at + w / 2) / total * parts) : 0;
            if (owner != part) continue;
            if (rows->lo[l] > m) rows->lo[l] = m;
            rows->hi[l] = m + 1;
        }
    }
    free(cost);
    return st;
}

/* The rows of part `part` (rows->lo NULL for a whole T: every row), for
 * validated parameters. */
static qlb_status part_rows(const qlb_params *p, int part, int parts, qlb_quadratic_rows *rows)
{
    *rows = (qlb_quadratic_rows){NULL, NULL};
    if (parts < 1 || part < 0 || part >= parts)
        return qlb_fail(QLB_EINVAL, "quadratic term: part %d of %d does not exist", part, parts);
    if (parts == 1) return QLB_OK;
    rows->lo = malloc(2 * ((size_t)p->degree + 1) * sizeof(int));
    if (!rows->lo) return qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    rows->hi = rows->lo + p->degree + 1;
    qlb_status st = owned_rows(p, part, parts, rows);
    if (st) free(rows->lo), *rows = (qlb_quadratic_rows){NULL, NULL};
    return st;
}

double qlb_quadratic_estimate_part_bytes(const qlb_params *p, int part, int parts, double *build_peak)
{
    double peak = INFINITY, bytes = INFINITY;
    qlb_quadratic_rows rows = {NULL, NULL};
    if (p->degree >= 0 && p->degree <= QLB_MAX_DEGREE && !part_rows(p, part, parts, &rows))
        bytes = estimate(p, rows.lo ? &rows : NULL, &peak);
    free(rows.lo);
    if (build_peak) *build_peak = peak;
    return bytes;
}

double qlb_quadratic_estimate_expanded_bytes(const qlb_params *p)
{
    storage_count n;
    if (qlb_params_basis_size(p) == 0 || p->degree > QLB_MAX_DEGREE || count_storage(p->dim, p->degree, NULL, &n))
        return INFINITY;
    return n.expanded * (sizeof(double) + 2 * sizeof(int32_t)) +
           (qlb_params_basis_size(p) + 1.0) * sizeof(size_t);
}

double qlb_quadratic_estimate_build_bytes(const qlb_params *p)
{
    double peak;
    estimate(p, NULL, &peak);
    return peak;
}

static void finish_info(qlb_quadratic *T, const qlb_kappa_info *kinfo)
{
    size_t nb = T->info.size, gaunt = 0, starts = 0;
    double expanded = 0;
    for (size_t k = 0; k < T->info.blocks; k++) {
        const qlb_quadratic_stored *B = &T->block[k];
        gaunt += (size_t)B->G->start[B->D];
        starts += (size_t)B->D + 1;
        double diagonal = 0; /* coupling entries with m1 <= m2 */
        for (int e = 0; B->l1 == B->l2 && e < B->G->start[B->D]; e++)
            diagonal += B->G->mm[2 * e] <= B->G->mm[2 * e + 1];
        for (int a = 0; a < B->K; a++)
            for (int b = 0; b < B->K1; b++)
                for (int c = B->l1 == B->l2 ? b : 0; c < B->K2; c++) {
                    if (B->t[((size_t)a * B->K1 + b) * B->K2 + c] == 0) continue;
                    expanded += B->l1 == B->l2 && b == c ? diagonal : B->G->start[B->D];
                }
    }
    T->info.gaunt_entries = gaunt;
    T->info.expanded = expanded;
    T->info.dense = (double)nb * nb * nb;
    T->info.bytes = gaunt * GAUNT_ENTRY_BYTES + starts * sizeof(int) +
                    T->info.radial_values * sizeof(double) + T->info.blocks * BLOCK_BYTES +
                    (size_t)T->units * sizeof(qlb_quadratic_unit) +
                    ((size_t)T->N + 1) * T->nmax * sizeof(size_t);
    T->info.error = kinfo->error;
    T->info.kappa_min = kinfo->kappa_min;
    T->info.kappa_max = kinfo->kappa_max;
    T->info.intervals = kinfo->intervals;
    T->info.evaluations = kinfo->evaluations;
}

/* T's layout for p: bases, labels, offsets, the Gaunt blocks of the rows
 * (NULL: all), the stored blocks (radial values zero) and the work units. */
static qlb_status layout(assembly *A, qlb_quadratic *T, const qlb_quadratic_rows *rows)
{
    const qlb_params *p = &T->params;
    qlb_basis *basis = NULL;
    qlb_burnett *bu = NULL;
    qlb_status st = qlb_basis_create(p->dim, p->degree, &basis);
    A->basis = basis;
    if (!st) st = qlb_context(qlb_burnett_create(basis, &bu), "quadratic term");
    A->bu = bu;
    if (!st) T->info.size = qlb_basis_size(basis);
    if (!st) st = make_labels(A);
    if (!st && !slices_fit(A->d, A->N))
        st = qlb_fail(QLB_ENOMEM, "quadratic term: d = %d, N = %d is beyond the contraction's slices", A->d, A->N);
    if (!st) st = make_offsets(A, T);
    if (!st) st = qlb_gaunt_create(A->d, A->N, 1, rows ? rows->lo : NULL, rows ? rows->hi : NULL, &T->gaunt);
    if (!st) st = make_blocks(A, T);
    if (!st) st = make_units(T);
    return st;
}

static qlb_status build(assembly *A, qlb_quadratic *T, const qlb_quadratic_rows *rows)
{
    size_t n3 = (size_t)A->nk * A->nk * A->nk;
    qlb_kappa_info kinfo = {0};
    A->J = malloc(n3 * sizeof(double));
    A->K = malloc(n3 * sizeof(double));
    qlb_status st = A->J && A->K ? QLB_OK : qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    if (!st) st = qlb_quadratic_kernels(&T->params, T->variation, A->J, A->K, &kinfo);
    if (!st) st = layout(A, T, rows);
    if (!st) st = qlb_quadratic_reduce(A, T, T->radial);
    if (!st) finish_info(T, &kinfo);
    return st;
}

/* A new T of p's layout (whole, one part). */
static qlb_quadratic *new_tensor(const qlb_params *p, int variation)
{
    qlb_quadratic *T = calloc(1, sizeof *T);
    if (!T) return NULL;
    T->params = *p;
    T->variation = variation && p->screening;
    T->N = p->degree;
    T->dim = p->dim;
    T->parts = 1;
    return T;
}

static void assembly_init(assembly *A, const qlb_params *p)
{
    memset(A, 0, sizeof *A);
    A->d = p->dim;
    A->N = p->degree;
    A->nk = p->degree + 1;
}

qlb_status qlb_quadratic_layout_create(const qlb_params *p, qlb_quadratic **out, qlb_quadratic_assembly *A)
{
    *out = NULL;
    assembly_init(A, p);
    double peak = INFINITY;
    qlb_status st = qlb_params_check(p);
    if (!st) estimate(p, NULL, &peak);
    if (!st) st = qlb_check_memory(peak, "the quadratic-term layout");
    qlb_quadratic *T = st ? NULL : new_tensor(p, 0);
    if (!st && !T) st = qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    if (!st) st = layout(A, T, NULL);
    if (!st) {
        qlb_kappa_info none = {0};
        finish_info(T, &none);
        *out = T;
        return QLB_OK;
    }
    qlb_quadratic_free(T);
    qlb_quadratic_assembly_free(A);
    return st;
}

/* The part's rows and its build peak, checked against memory. */
static qlb_status plan_part(const qlb_params *p, int part, int parts, qlb_quadratic_rows *rows)
{
    *rows = (qlb_quadratic_rows){NULL, NULL};
    qlb_status st = qlb_params_check(p);
    double peak = INFINITY;
    if (!st) st = part_rows(p, part, parts, rows);
    if (!st) estimate(p, rows->lo ? rows : NULL, &peak);
    return st ? st : qlb_check_memory(peak, parts > 1 ? "this part of the quadratic-term tensor"
                                                      : "the quadratic-term tensor");
}

qlb_status qlb_quadratic_create_part(const qlb_params *p, int variation, int part, int parts,
                                     qlb_quadratic **out)
{
    *out = NULL;
    qlb_quadratic_rows rows = {NULL, NULL};
    qlb_status st = plan_part(p, part, parts, &rows);
    qlb_quadratic *T = st ? NULL : new_tensor(p, variation);
    if (!st && !T) st = qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    if (st) {
        free(rows.lo);
        return st;
    }
    T->part = part;
    T->parts = parts;
    T->rows = rows;
    assembly A;
    assembly_init(&A, p);
    st = build(&A, T, rows.lo ? &rows : NULL);
    qlb_quadratic_assembly_free(&A);
    if (st) {
        qlb_quadratic_free(T);
        return st;
    }
    *out = T;
    return QLB_OK;
}

qlb_status qlb_quadratic_create(const qlb_params *p, int variation, qlb_quadratic **out)
{
    return qlb_quadratic_create_part(p, variation, 0, 1, out);
}

int qlb_quadratic_part(const qlb_quadratic *T, int *parts)
{
    if (parts) *parts = T->parts;
    return T->part;
}

/* The stored blocks against a saved block table (l, l1, l2, K, K1, K2). */
static qlb_status check_block_table(const qlb_quadratic *T, const int32_t *table, size_t nblocks,
                                    size_t nradial)
{
    if (T->info.blocks != nblocks || T->info.radial_values != nradial)
        return qlb_fail(QLB_EINVAL, "saved tensor: %zu blocks and %zu radial values, expected %zu and %zu",
                        nblocks, nradial, T->info.blocks, T->info.radial_values);
    for (size_t k = 0; k < nblocks; k++) {
        const qlb_quadratic_stored *B = &T->block[k];
        const int32_t *r = table + 6 * k;
        if (r[0] != B->l || r[1] != B->l1 || r[2] != B->l2 || r[3] != B->K || r[4] != B->K1 || r[5] != B->K2)
            return qlb_fail(QLB_EINVAL, "saved tensor: block %zu is (%d,%d,%d; %d,%d,%d), expected "
                            "(%d,%d,%d; %d,%d,%d)", k, r[0], r[1], r[2], r[3], r[4], r[5], B->l, B->l1,
                            B->l2, B->K, B->K1, B->K2);
    }
    return QLB_OK;
}

qlb_status qlb_quadratic_from_parts(const qlb_params *p, int variation, const qlb_kappa_info *kinfo,
                                    qlb_gaunt *gaunt, const int32_t *table, size_t nblocks,
                                    const double *radial, size_t nradial, qlb_potential *owned,
                                    qlb_quadratic **out)
{
    *out = NULL;
    qlb_quadratic *T = calloc(1, sizeof *T);
    if (!T) {
        qlb_gaunt_free(gaunt), qlb_potential_free(owned);
        return qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    }
    T->params = *p;
    T->variation = variation;
    T->N = p->degree;
    T->dim = p->dim;
    T->gaunt = gaunt;
    T->owned = owned;
    T->parts = 1;
    assembly A;
    assembly_init(&A, p);
    qlb_basis *basis = NULL;
    qlb_status st = slices_fit(A.d, A.N) ? qlb_basis_create(A.d, A.N, &basis)
                                         : qlb_fail(QLB_ENOMEM, "quadratic term: d = %d, N = %d is too large", A.d, A.N);
    A.basis = basis;
    if (!st) {
        T->info.size = qlb_basis_size(basis);
        st = make_offsets(&A, T);
    }
    if (!st) st = make_blocks(&A, T);
    if (!st) st = check_block_table(T, table, nblocks, nradial);
    if (!st) {
        memcpy(T->radial, radial, nradial * sizeof(double));
        st = make_units(T);
    }
    if (!st) finish_info(T, kinfo);
    qlb_quadratic_assembly_free(&A);
    if (st) {
        qlb_quadratic_free(T);
        return st;
    }
    *out = T;
    return QLB_OK;
}

void qlb_quadratic_free(qlb_quadratic *T)
{
    if (!T) return;
    free(T->offset);
    free(T->harmonics);
    qlb_gaunt_free(T->gaunt);
    free(T->block);
    free(T->first_block);
    free(T->radial);
    free(T->unit);
    qlb_potential_free(T->owned);
    free(T->rows.lo);
    free(T);
}

const qlb_params *qlb_quadratic_params(const qlb_quadratic *T) { return &T->params; }
int qlb_quadratic_variation(const qlb_quadratic *T) { return T->variation; }
qlb_quadratic_info qlb_quadratic_get_info(const qlb_quadratic *T) { return T->info; }

qlb_quadratic_block qlb_quadratic_get_block(const qlb_quadratic *T, size_t k)
{
    const qlb_quadratic_stored *B = &T->block[k];
    return (qlb_quadratic_block){B->l, B->l1, B->l2, B->K, B->K1, B->K2, B->D, B->t,
                                 B->G->start, B->G->mm, B->G->g};
}
