/* spectrum.c — eigenvalues of the rotation blocks of L (LAPACK dsyev) and
 * the spectral gap on the complement of the collision invariants, which
 * sit exactly at n = 0, 1 of block l = 0 and n = 0 of block l = 1. */
#include "qlb/spectrum.h"
#include "internal.h"

#include <lapacke.h>
#include <stdlib.h>
#include <string.h>

/* Eigenvalues (ascending) of the block l with its first `skip` rows and
 * columns removed; returns the number written to w. */
static qlb_status block_eigenvalues(const qlb_linop *L, int l, int skip, double *w, int *count)
{
    int s;
    const double *B = qlb_linop_block(L, l, &s);
    int m = s - skip;
    *count = m > 0 ? m : 0;
    if (m <= 0) return QLB_OK;
    double *A = malloc((size_t)m * m * sizeof(double));
    if (!A) return qlb_fail(QLB_ENOMEM, "spectrum: out of memory");
    for (int i = 0; i < m; i++)
        memcpy(A + (size_t)i * m, B + (size_t)(i + skip) * s + skip, (size_t)m * sizeof(double));
    int info = LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'N', 'U', m, A, m, w);
    free(A);
    return info ? qlb_fail(QLB_ELAPACK, "spectrum: dsyev failed on block l = %d (info %d)", l, info)
                : QLB_OK;
}

static int compare_eigen(const void *a, const void *b)
{
    const qlb_eigenvalue *x = a, *y = b;
    if (x->value != y->value) return x->value < y->value ? -1 : 1;
    if (x->l != y->l) return x->l - y->l;
    return x->index - y->index;
}

qlb_status qlb_spectrum_blocks(const qlb_linop *L, qlb_eigenvalue **out, size_t *count)
{
    const qlb_params *p = qlb_linop_params(L);
    int N = p->degree;
    size_t total = 0;
    for (int l = 0; l <= N; l++) total += (size_t)((N - l) / 2 + 1);
    qlb_eigenvalue *ev = malloc(total * sizeof *ev);
    double *w = malloc((size_t)(N / 2 + 1) * sizeof(double));
    qlb_status st = ev && w ? QLB_OK : qlb_fail(QLB_ENOMEM, "spectrum: out of memory");
    size_t pos = 0;
    for (int l = 0; l <= N && !st; l++) {
        int m;
        st = block_eigenvalues(L, l, 0, w, &m);
        for (int i = 0; i < m && !st; i++, pos++)
            ev[pos] = (qlb_eigenvalue){w[i], l, i, qlb_basis_dim_harmonic(l, p->dim)};
    }
    free(w);
    if (st) {
        free(ev);
        return st;
    }
    qsort(ev, total, sizeof *ev, compare_eigen);
    *out = ev;
    *count = total;
    return QLB_OK;
}

qlb_status qlb_spectrum_gap(const qlb_linop *L, double *gap, int *gap_l)
{
    int N = qlb_linop_params(L)->degree;
    if (N < 2)
        return qlb_fail(QLB_EINVAL, "spectral gap needs degree >= 2 (got %d): lower degrees "
                                    "hold only collision invariants", N);
    double *w = malloc((size_t)(N / 2 + 1) * sizeof(double));
    if (!w) return qlb_fail(QLB_ENOMEM, "spectrum: out of memory");
    qlb_status st = QLB_OK;
    int found = 0;
    for (int l = 0; l <= N && !st; l++) {
        int m;
        st = block_eigenvalues(L, l, l == 0 ? 2 : l == 1 ? 1 : 0, w, &m);
        if (!st && m > 0 && (!found || w[0] < *gap)) {
            *gap = w[0];
            *gap_l = l;
            found = 1;
        }
    }
    free(w);
    return st;
}
