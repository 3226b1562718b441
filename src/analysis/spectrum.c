/* spectrum.c — eigenvalues of the rotation blocks of L (LAPACK dsyev), and
 * on the complement of the collision invariants, which sit exactly at
 * n = 0, 1 of block l = 0 and n = 0 of block l = 1: the spectral gap, and
 * the coercivity constant against a Gram matrix G as the smallest
 * eigenvalue of the generalized problems L c = lambda G c (dsygv). The
 * blocks of the gap and coercivity are solved on parallel threads (each
 * independent; the minimum taken in order of l). */
#include "qlb/spectrum.h"
#include "core/error.h"
#include "core/limits.h"
#include "numerics/parallel.h"
#include "operator/linear_operator.h"
#include "analysis/block_spectrum.h"

#include <lapacke.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Eigenvalues (ascending) into w of the m x m symmetric A, or of A c =
 * lambda B c (B positive definite) when B is not NULL; A, B are destroyed. */
static qlb_status eigenvalues(double *A, double *B, int m, int l, double *w)
{
    int info = B ? LAPACKE_dsygv(LAPACK_ROW_MAJOR, 1, 'N', 'U', m, A, m, B, m, w)
                 : LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'N', 'U', m, A, m, w);
    if (info > m)
        return qlb_fail(QLB_ELAPACK, "spectrum: the Gram block l = %d is not positive definite "
                                     "(minor %d)", l, info - m);
    return info ? qlb_fail(QLB_ELAPACK, "spectrum: eigensolver failed on block l = %d (info %d)",
                           l, info)
                : QLB_OK;
}

/* All eigenvalues of one block (s x s). */
static qlb_status block_eigenvalues(const double *B, int s, int l, double *w)
{
    double *A = malloc((size_t)s * s * sizeof(double));
    if (!A) return qlb_fail(QLB_ENOMEM, "spectrum: out of memory");
    memcpy(A, B, (size_t)s * s * sizeof(double));
    qlb_status st = eigenvalues(A, NULL, s, l, w);
    free(A);
    return st;
}

qlb_status qlb_spectrum_complement(const qlb_linop *L, const qlb_linop *G, int l, double *w,
                                   int *count)
{
    const qlb_params *p = qlb_linop_params(L);
    if (G && (qlb_linop_params(G)->degree != p->degree || qlb_linop_params(G)->dim != p->dim))
        return qlb_fail(QLB_EINVAL, "spectrum: Gram matrix of another degree or dimension");
    double *A = NULL, *B = NULL;
    int m = 0, mg = 0;
    qlb_status st = qlb_linop_block_complement(L, l, &A, &m);
    if (!st && G) st = qlb_linop_block_complement(G, l, &B, &mg);
    *count = m;
    if (!st && m > 0) st = eigenvalues(A, B, m, l, w);
    free(A);
    free(B);
    return st;
}

static int compare_eigen(const void *a, const void *b)
{
    const qlb_eigenvalue *x = a, *y = b;
    if (x->value != y->value) return x->value < y->value ? -1 : 1;
    if (x->l != y->l) return x->l - y->l;
    return x->index - y->index;
}

qlb_status qlb_spectrum_of_blocks(const void *op, qlb_block_fn block, int N, int d,
                                  qlb_eigenvalue **out, size_t *count)
{
    size_t total = 0;
    int largest = 0;
    for (int l = 0; l <= N; l++) {
        int s;
        block(op, l, &s);
        total += (size_t)s;
        largest = s > largest ? s : largest;
    }
    qlb_eigenvalue *ev = malloc(total * sizeof *ev);
    double *w = malloc((size_t)largest * sizeof(double));
    qlb_status st = ev && w ? QLB_OK : qlb_fail(QLB_ENOMEM, "spectrum: out of memory");
    size_t pos = 0;
    qlb_blas_serial_begin(); /* results independent of the thread count */
    for (int l = 0; l <= N && !st; l++) {
        int m;
        const double *B = block(op, l, &m);
        st = block_eigenvalues(B, m, l, w);
        for (int i = 0; i < m && !st; i++, pos++)
            ev[pos] = (qlb_eigenvalue){w[i], l, i, qlb_basis_dim_harmonic(l, d)};
    }
    qlb_blas_serial_end();
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

static const double *linop_block(const void *L, int l, int *size) { return qlb_linop_block(L, l, size); }

qlb_status qlb_spectrum_blocks(const qlb_linop *L, qlb_eigenvalue **out, size_t *count)
{
    const qlb_params *p = qlb_linop_params(L);
    return qlb_spectrum_of_blocks(L, linop_block, p->degree, p->dim, out, count);
}

typedef struct {
    qlb_loop_result result;
    int count;
    double lowest, largest;
} block_lowest;

/* Smallest and largest eigenvalues on the complement of block l
 * (r->count = 0: none). */
static void lowest_on_complement(const qlb_linop *L, const qlb_linop *G, int l, block_lowest *r)
{
    double w[QLB_MAX_DEGREE / 2 + 1];
    if (!qlb_loop_record(&r->result, qlb_spectrum_complement(L, G, l, w, &r->count)) && r->count > 0)
        r->lowest = w[0], r->largest = w[r->count - 1];
}

/* The block's forms are positive (semi)definite. An eigenvalue is known to
 * about n x the absolute error of the block's entries (qlb_linop_block_noise;
 * relative to the block for a Gram-weighted problem), and to n eps ||B||
 * from the symmetric eigensolver. A smallest eigenvalue below 16 x that
 * cannot be told from 0; a negative one means the block lost its precision
 * (at d = 64 the blocks' asymmetry is 1e-8 of their size, against 1e-15 at
 * d <= 20). Either way the value is refused (QLB_EINVAL: the size asked for
 * is beyond double precision), never printed as a gap. */
qlb_status qlb_spectrum_resolved(int count, double lowest, double largest, int l,
                                 const qlb_params *p, double noise, const char *what)
{
    double floor = 16.0 * count * (DBL_EPSILON * fabs(largest) + noise);
    if (lowest > floor) return QLB_OK;
    return qlb_fail(QLB_EINVAL, "%s at d = %d, N = %d is beyond double precision: block l = %d has "
                    "smallest eigenvalue %.3g and largest %.3g (%s)", what, p->dim, p->degree, l,
                    lowest, largest, lowest < -floor ? "negative: the assembly lost precision"
                                                     : "too small to be told from 0 at the block's "
                                                       "precision");
}

/* The error of block l's eigenvalues from its entries, in their units:
 * L's noise; with a Gram matrix G, relative noise of both times the
 * largest eigenvalue. */
static double block_noise(const qlb_linop *L, const qlb_linop *G, int l, const block_lowest *r)
{
    if (!G) return qlb_linop_block_noise(L, l);
    int s;
    double big_l = 0, big_g = 0;
    const double *A = qlb_linop_block(L, l, &s), *B = qlb_linop_block(G, l, &s);
    for (int i = 0; i < s * s; i++) big_l = fmax(big_l, fabs(A[i])), big_g = fmax(big_g, fabs(B[i]));
    double rel = (big_l > 0 ? qlb_linop_block_noise(L, l) / big_l : 0) +
                 (big_g > 0 ? qlb_linop_block_noise(G, l) / big_g : 0);
    return rel * fabs(r->largest);
}

qlb_status qlb_spectrum_coercivity(const qlb_linop *L, const qlb_linop *G, double *value,
                                   int *value_l)
{
    int N = qlb_linop_params(L)->degree, threads = qlb_threads(), found = 0;
    if (N < 2)
        return qlb_fail(QLB_EINVAL, "%s needs degree >= 2 (got %d): lower degrees hold only "
                        "collision invariants", G ? "coercivity constant" : "spectral gap", N);
    block_lowest *r = calloc((size_t)N + 1, sizeof *r);
    if (!r) return qlb_fail(QLB_ENOMEM, "spectrum: out of memory");
    qlb_blas_serial_begin(); /* small blocks: OpenBLAS's threads cost more than they give */
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (threads > 1)
    for (int l = 0; l <= N; l++) lowest_on_complement(L, G, l, &r[l]);
    qlb_blas_serial_end();
    qlb_status st = QLB_OK;
    for (int l = 0; l <= N && !st; l++) {
        if (r[l].result.status) st = qlb_loop_rethrow(&r[l].result);
        else if (r[l].count > 0 && (!found || r[l].lowest < *value)) {
            *value = r[l].lowest;
            *value_l = l;
            found = 1;
        }
    }
    if (!st && found) {
        const block_lowest *b = &r[*value_l];
        st = qlb_spectrum_resolved(b->count, b->lowest, b->largest, *value_l, qlb_linop_params(L),
                                   block_noise(L, G, *value_l, b), G ? "coercivity constant" : "spectral gap");
    }
    free(r);
    return st;
}

qlb_status qlb_spectrum_gap(const qlb_linop *L, double *gap, int *l)
{
    return qlb_spectrum_coercivity(L, NULL, gap, l);
}
