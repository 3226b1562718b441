/* quadratic_expanded.c — the factored quadratic-term tensor written out
 * entry by entry (qlb/quadratic.h): T[a][b][c] = t[n][n1][n2] G[m][m1][m2]
 * over the stored blocks, as rows a of (b <= c, value), for tests and the
 * coordinate export. Two passes over the blocks: count per row, then fill. */
#include "operator/quadratic_storage.h"
#include "core/error.h"
#include "qlb/basis.h"

#include <stdlib.h>

/* The entries (b <= c) that block B puts in row (n, l, m): their number,
 * and, when E->bc is set, written at position `at`. */
static size_t row_entries(const qlb_quadratic *T, const qlb_quadratic_stored *B, int n, int m,
                          qlb_quadratic_expanded *E, size_t at)
{
    const size_t *o1 = qlb_quadratic_offsets(T, B->l1), *o2 = qlb_quadratic_offsets(T, B->l2);
    size_t count = 0;
    for (int n1 = 0; n1 < B->K1; n1++)
        for (int n2 = 0; n2 < B->K2; n2++) {
            double t = B->t[((size_t)n * B->K1 + n1) * B->K2 + n2];
            if (t == 0) continue; /* structural zeros (the mass row) */
            for (int e = B->G->start[m]; e < B->G->start[m + 1]; e++) {
                size_t b = o1[n1] + B->G->mm[2 * e], c = o2[n2] + B->G->mm[2 * e + 1];
                if (B->l1 == B->l2 && b > c) continue; /* the block holds (c, b) too */
                if (E->bc) {
                    E->bc[2 * (at + count)] = (int32_t)(b < c ? b : c);
                    E->bc[2 * (at + count) + 1] = (int32_t)(b < c ? c : b);
                    E->value[at + count] = t * B->G->g[e];
                }
                count++;
            }
        }
    return count;
}

/* Counts (E->bc NULL) or fills the rows; row[a] = entries before a. */
static void visit_rows(const qlb_quadratic *T, qlb_quadratic_expanded *E, size_t *cursor)
{
    for (int l = 0; l <= T->N; l++) {
        const size_t *o = qlb_quadratic_offsets(T, l);
        int D = (int)qlb_basis_dim_harmonic(l, T->dim);
        for (int n = 0; n < (T->N - l) / 2 + 1; n++)
            for (int m = 0; m < D; m++) {
                size_t a = o[n] + m;
                for (int k = T->first_block[l]; k < T->first_block[l + 1]; k++)
                    cursor[a] += row_entries(T, &T->block[k], n, m, E, cursor[a]);
            }
    }
}

double qlb_quadratic_expanded_bytes(const qlb_quadratic *T)
{
    return T->info.expanded * (sizeof(double) + 2 * sizeof(int32_t)) +
           (T->info.size + 1.0) * sizeof(size_t);
}

qlb_status qlb_quadratic_expand(const qlb_quadratic *T, qlb_quadratic_expanded *E)
{
    size_t nb = T->info.size;
    *E = (qlb_quadratic_expanded){nb, 0, NULL, NULL, NULL};
    qlb_status st = qlb_check_memory(qlb_quadratic_expanded_bytes(T), "the expanded quadratic-term tensor");
    if (st) return st;
    E->row = calloc(nb + 1, sizeof(size_t));
    if (!E->row) return qlb_fail(QLB_ENOMEM, "expanded tensor: out of memory");
    visit_rows(T, E, E->row + 1);
    for (size_t a = 0; a < nb; a++) E->row[a + 1] += E->row[a];
    E->count = E->row[nb];
    E->bc = malloc(2 * E->count * sizeof(int32_t) + 1);
    E->value = malloc(E->count * sizeof(double) + 1);
    size_t *cursor = malloc((nb + 1) * sizeof(size_t));
    if (!E->bc || !E->value || !cursor) {
        free(cursor);
        qlb_quadratic_expanded_free(E);
        return qlb_fail(QLB_ENOMEM, "expanded tensor: out of memory");
    }
    for (size_t a = 0; a < nb; a++) cursor[a] = E->row[a];
    visit_rows(T, E, cursor);
    free(cursor);
    return QLB_OK;
}

void qlb_quadratic_expanded_free(qlb_quadratic_expanded *E)
{
    free(E->row);
    free(E->bc);
    free(E->value);
    E->row = NULL;
    E->bc = NULL;
    E->value = NULL;
}
