/* quadratic_parts.c — a part of the quadratic-term tensor as two flat
 * arrays, and the whole tensor joined from every part's arrays (see
 * qlb/quadratic.h). A part's pack holds, per stored block, (l, l1, l2, n)
 * and the (m, m1, m2) of its own n entries (rows of the part only, not the
 * zonal diagonals every part keeps) as ints, and the block's radial tensor
 * and the n values as doubles. Joining takes each block's entries from the
 * packs in part order (ascending rows), its radial tensor from the first
 * pack that has it (every part computes it the same way), and rebuilds the
 * Gaunt blocks (sorted by (m, m1), a stable sort: the whole tensor's order)
 * and the tensor as a loaded one. */
#include "qlb/quadratic.h"
#include "basis/gaunt_coefficients.h"
#include "core/error.h"
#include "operator/quadratic_storage.h"

#include <stdlib.h>
#include <string.h>

static int own_row(const qlb_quadratic *T, int l, int m)
{
    return !T->rows.lo || (m >= T->rows.lo[l] && m < T->rows.hi[l]);
}

qlb_status qlb_quadratic_part_pack(const qlb_quadratic *T, int32_t **ints, size_t *nints, double **dbls,
                                   size_t *ndbls)
{
    size_t ni = 0, nd = 0;
    for (size_t k = 0; k < T->info.blocks; k++) {
        const qlb_quadratic_stored *B = &T->block[k];
        ni += 4, nd += (size_t)B->K * B->K1 * B->K2;
        for (int m = 0; m < B->D; m++)
            if (own_row(T, B->l, m)) {
                size_t n = (size_t)(B->G->start[m + 1] - B->G->start[m]);
                ni += 3 * n, nd += n;
            }
    }
    *ints = malloc((ni + 1) * sizeof(int32_t));
    *dbls = malloc((nd + 1) * sizeof(double));
    if (!*ints || !*dbls) {
        free(*ints), free(*dbls);
        *ints = NULL, *dbls = NULL;
        return qlb_fail(QLB_ENOMEM, "quadratic term: out of memory for a part's pack");
    }
    int32_t *i = *ints;
    double *d = *dbls;
    for (size_t k = 0; k < T->info.blocks; k++) {
        const qlb_quadratic_stored *B = &T->block[k];
        int32_t *head = i;
        *i++ = B->l, *i++ = B->l1, *i++ = B->l2, *i++ = 0;
        size_t r = (size_t)B->K * B->K1 * B->K2;
        memcpy(d, B->t, r * sizeof(double));
        d += r;
        for (int m = 0; m < B->D; m++)
            for (int e = B->G->start[m]; own_row(T, B->l, m) && e < B->G->start[m + 1]; e++) {
                *i++ = m, *i++ = B->G->mm[2 * e], *i++ = B->G->mm[2 * e + 1];
                *d++ = B->G->g[e];
                head[3]++;
            }
    }
    *nints = ni, *ndbls = nd;
    return QLB_OK;
}

/* Where each pack's blocks start: at[(part * n3) + triple] = (int offset,
 * double offset) + 1, 0 if the pack lacks the block. */
typedef struct {
    size_t *ints, *dbls;
} pack_index;

static qlb_status index_packs(int N, int parts, int32_t *const *ints, const size_t *nints,
                              pack_index *X)
{
    size_t n3 = (size_t)(N + 1) * (N + 1) * (N + 1);
    X->ints = calloc(n3 * parts, sizeof(size_t));
    X->dbls = calloc(n3 * parts, sizeof(size_t));
    if (!X->ints || !X->dbls) return qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    for (int q = 0; q < parts; q++) {
        size_t i = 0, d = 0;
        while (i + 4 <= nints[q]) {
            const int32_t *h = ints[q] + i;
            if (h[0] < 0 || h[1] < 0 || h[2] < 0 || h[0] > N || h[1] > N || h[2] > N || h[3] < 0)
                return qlb_fail(QLB_EINVAL, "quadratic term: malformed pack of part %d", q);
            size_t t = ((size_t)h[0] * (N + 1) + h[1]) * (N + 1) + h[2], K[3];
            for (int a = 0; a < 3; a++) K[a] = (size_t)(N - h[a]) / 2 + 1;
            X->ints[q * n3 + t] = i + 1, X->dbls[q * n3 + t] = d + 1;
            i += 4 + 3 * (size_t)h[3], d += K[0] * K[1] * K[2] + (size_t)h[3];
        }
        if (i != nints[q]) return qlb_fail(QLB_EINVAL, "quadratic term: malformed pack of part %d", q);
    }
    return QLB_OK;
}

typedef struct {
    int *lll;
    int64_t *offset;
    int32_t *mmm;
    double *g, *radial;
    int32_t *table;
    size_t blocks, entries, radial_values;
} joined;

static void joined_free(joined *J)
{
    free(J->lll), free(J->offset), free(J->mmm), free(J->g), free(J->radial), free(J->table);
}

/* Counts (fill = 0) or fills (fill = 1) the joined arrays, canonical order. */
static void walk(int N, int parts, int32_t *const *ints, double *const *dbls, const pack_index *X,
                 joined *J, int fill)
{
    size_t n3 = (size_t)(N + 1) * (N + 1) * (N + 1), b = 0, e = 0, r = 0;
    for (size_t t = 0; t < n3; t++) {
        int first = -1;
        size_t count = 0;
        for (int q = 0; q < parts; q++)
            if (X->ints[q * n3 + t]) {
                if (first < 0) first = q;
                count += (size_t)ints[q][X->ints[q * n3 + t] - 1 + 3];
            }
        if (first < 0 || !count) continue;
        const int32_t *h = ints[first] + X->ints[first * n3 + t] - 1;
        size_t K[3];
        for (int a = 0; a < 3; a++) K[a] = (size_t)(N - h[a]) / 2 + 1;
        size_t rv = K[0] * K[1] * K[2];
        if (fill) {
            for (int a = 0; a < 3; a++) J->lll[3 * b + a] = h[a], J->table[6 * b + a] = h[a];
            for (int a = 0; a < 3; a++) J->table[6 * b + 3 + a] = (int32_t)K[a];
            J->offset[b] = (int64_t)e;
            memcpy(J->radial + r, dbls[first] + X->dbls[first * n3 + t] - 1, rv * sizeof(double));
            for (int q = 0; q < parts; q++) {
                if (!X->ints[q * n3 + t]) continue;
                const int32_t *hq = ints[q] + X->ints[q * n3 + t] - 1;
                const double *vq = dbls[q] + X->dbls[q * n3 + t] - 1 + rv;
                memcpy(J->mmm + 3 * e, hq + 4, 3 * (size_t)hq[3] * sizeof(int32_t));
                memcpy(J->g + e, vq, (size_t)hq[3] * sizeof(double));
                e += (size_t)hq[3];
            }
        } else {
            e += count;
        }
        b++, r += rv;
    }
    if (fill) J->offset[b] = (int64_t)e;
    J->blocks = b, J->entries = e, J->radial_values = r;
}

qlb_status qlb_quadratic_join(const qlb_quadratic *part, int parts, int32_t *const *ints,
                              const size_t *nints, double *const *dbls, qlb_quadratic **out)
{
    *out = NULL;
    int N = part->N;
    pack_index X = {NULL, NULL};
    joined J;
    memset(&J, 0, sizeof J);
    qlb_status st = index_packs(N, parts, ints, nints, &X);
    if (!st) {
        walk(N, parts, ints, dbls, &X, &J, 0);
        J.lll = malloc((3 * J.blocks + 1) * sizeof(int));
        J.table = malloc((6 * J.blocks + 1) * sizeof(int32_t));
        J.offset = malloc((J.blocks + 1) * sizeof(int64_t));
        J.mmm = malloc((3 * J.entries + 1) * sizeof(int32_t));
        J.g = malloc((J.entries + 1) * sizeof(double));
        J.radial = malloc((J.radial_values + 1) * sizeof(double));
        if (!J.lll || !J.table || !J.offset || !J.mmm || !J.g || !J.radial)
            st = qlb_fail(QLB_ENOMEM, "quadratic term: out of memory joining the parts");
    }
    if (!st) walk(N, parts, ints, dbls, &X, &J, 1);
    qlb_gaunt *G = NULL;
    if (!st) st = qlb_gaunt_from_entries(part->dim, N, J.blocks, J.lll, J.offset, J.mmm, J.g, &G);
    qlb_kappa_info k = {part->info.error, part->info.kappa_min, part->info.kappa_max,
                        part->info.intervals, part->info.evaluations};
    if (!st) st = qlb_quadratic_from_parts(&part->params, part->variation, &k, G, J.table, J.blocks,
                                           J.radial, J.radial_values, NULL, out);
    joined_free(&J);
    free(X.ints), free(X.dbls);
    return st;
}
