/* species_spectrum.c — eigenvalues of the multi-species operator: every
 * block's (block_spectrum.h), and on the complement of the invariants,
 * which are combinations across species (docs/DESIGN.md §9): an orthonormal
 * basis Q of the complement comes from the Householder QR of the invariants
 * (LAPACK dgeqrf, dorgqr), and the block is reduced to Q^T B Q. */
#include "qlb/species.h"
#include "analysis/block_spectrum.h"
#include "core/error.h"
#include "numerics/parallel.h"
#include "operator/species_operator.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const double *mixop_block(const void *L, int l, int *size) { return qlb_mixop_block(L, l, size); }

qlb_status qlb_mixop_spectrum(const qlb_mixop *L, qlb_eigenvalue **out, size_t *count)
{
    const qlb_params *p = qlb_mixop_params(L);
    return qlb_spectrum_of_blocks(L, mixop_block, p->degree, p->dim, out, count);
}

/* Q (s x s, row-major): its first k columns span the invariants' rows V
 * (k x s), the others are an orthonormal basis of their complement. */
static qlb_status complement_basis(const double *V, int k, int s, double *Q)
{
    double tau[QLB_MAX_SPECIES + 1];
    memset(Q, 0, (size_t)s * s * sizeof(double));
    for (int i = 0; i < s; i++)
        for (int j = 0; j < k; j++) Q[i * s + j] = V[j * s + i];
    int info = LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, s, k, Q, s, tau);
    if (!info) info = LAPACKE_dorgqr(LAPACK_ROW_MAJOR, s, s, k, Q, s, tau);
    return info ? qlb_fail(QLB_ELAPACK, "spectrum: QR of the invariants failed (info %d)", info) : QLB_OK;
}

qlb_status qlb_mixop_complement(const qlb_mixop *L, int l, double *w, int *count)
{
    int s;
    const double *B = qlb_mixop_block(L, l, &s);
    double *V = malloc((size_t)(QLB_MAX_SPECIES + 1) * s * sizeof(double));
    double *Q = malloc((size_t)s * s * sizeof(double)), *BQ = malloc((size_t)s * s * sizeof(double));
    qlb_status st = V && Q && BQ ? QLB_OK : qlb_fail(QLB_ENOMEM, "spectrum: out of memory");
    int k = st ? 0 : qlb_mixop_invariants(L, l, V), m = s - k;
    *count = 0;
    if (!st && k > 0) st = complement_basis(V, k, s, Q);
    if (!st && m > 0) {
        const double *Q2 = k > 0 ? Q + k : NULL;
        double *A = malloc((size_t)m * m * sizeof(double));
        if (!A) st = qlb_fail(QLB_ENOMEM, "spectrum: out of memory");
        if (!st && k > 0) { /* A = Q2^T B Q2 */
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s, m, s, 1.0, B, s, Q2, s, 0.0, BQ, m);
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, m, m, s, 1.0, Q2, s, BQ, m, 0.0, A, m);
        } else if (!st) {
            memcpy(A, B, (size_t)s * s * sizeof(double));
        }
        int info = st ? 0 : LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'N', 'U', m, A, m, w);
        if (info) st = qlb_fail(QLB_ELAPACK, "spectrum: eigensolver failed on block l = %d (info %d)", l, info);
        if (!st) *count = m;
        free(A);
    }
    free(V);
    free(Q);
    free(BQ);
    return st;
}

qlb_status qlb_mixop_gap(const qlb_mixop *L, double *gap, int *gap_l)
{
    const qlb_params *p = qlb_mixop_params(L);
    int size0, found = 0, count = 0, at_count = 0;
    qlb_mixop_block(L, 0, &size0);
    double *w = malloc((size_t)size0 * sizeof(double)), largest = 0;
    qlb_status st = w ? QLB_OK : qlb_fail(QLB_ENOMEM, "spectrum: out of memory");
    qlb_blas_serial_begin(); /* small blocks; results independent of the thread count */
    for (int l = 0; l <= p->degree && !st; l++) {
        st = qlb_mixop_complement(L, l, w, &count);
        if (!st && count > 0 && (!found || w[0] < *gap)) {
            *gap = w[0];
            *gap_l = l;
            largest = w[count - 1];
            at_count = count;
            found = 1;
        }
    }
    qlb_blas_serial_end();
    free(w);
    if (!st && !found)
        st = qlb_fail(QLB_EINVAL, "spectral gap: at N = %d every mode of %d species is an invariant; "
                      "raise --degree", p->degree, qlb_mixop_species_count(L));
    if (!st) st = qlb_spectrum_resolved(at_count, *gap, largest, *gap_l, p, qlb_mixop_block_noise(L, *gap_l),
                                        "spectral gap");
    return st;
}
