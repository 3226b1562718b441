/* species_spectrum.c — eigenvalues of the multi-species operator: every
 * block's (block_spectrum.h), and on the complement of the invariants,
 * which are combinations across species (docs/DESIGN.md §9): an orthonormal
 * basis Q of the complement comes from the Householder QR of the invariants
 * (LAPACK dgeqrf, dorgqr), and the block is reduced to Q^T B Q. */
#include "qlb/species.h"
#include "analysis/block_spectrum.h"
#include "analysis/species_spectrum.h"
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

/* Block l on the complement of its invariants: Q as complement_basis
 * makes it (identity without invariants), *k invariants and the m x m
 * matrix A = Q2^T B Q2 (Q2: Q's last m columns), both malloc'ed. */
static qlb_status reduced_block(const qlb_mixop *L, int l, double **Q, double **A, int *k, int *m)
{
    int s;
    const double *B = qlb_mixop_block(L, l, &s);
    double *V = malloc((size_t)(QLB_MAX_SPECIES + 1) * s * sizeof(double));
    double *BQ = malloc((size_t)s * s * sizeof(double));
    *Q = malloc((size_t)s * s * sizeof(double));
    *A = malloc((size_t)s * s * sizeof(double));
    qlb_status st = V && BQ && *Q && *A ? QLB_OK : qlb_fail(QLB_ENOMEM, "spectrum: out of memory");
    *k = st ? 0 : qlb_mixop_invariants(L, l, V);
    *m = s - *k;
    if (!st && *k > 0) st = complement_basis(V, *k, s, *Q);
    if (!st && *k == 0) {
        memset(*Q, 0, (size_t)s * s * sizeof(double));
        for (int i = 0; i < s; i++) (*Q)[i * s + i] = 1;
    }
    if (!st && *m > 0) {
        const double *Q2 = *Q + *k;
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s, *m, s, 1.0, B, s, Q2, s, 0.0, BQ, *m);
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, *m, *m, s, 1.0, Q2, s, BQ, *m, 0.0, *A, *m);
    }
    free(V);
    free(BQ);
    return st;
}

qlb_status qlb_mixop_complement(const qlb_mixop *L, int l, double *w, int *count)
{
    double *Q, *A;
    int k, m;
    qlb_status st = reduced_block(L, l, &Q, &A, &k, &m);
    *count = 0;
    int info = !st && m > 0 ? LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'N', 'U', m, A, m, w) : 0;
    if (info) st = qlb_fail(QLB_ELAPACK, "spectrum: eigensolver failed on block l = %d (info %d)", l, info);
    if (!st) *count = m;
    free(Q);
    free(A);
    return st;
}

qlb_status qlb_mixop_block_eigen(const qlb_mixop *L, int l, double *V, double *lambda)
{
    double *Q, *A;
    int k, m, s;
    qlb_mixop_block(L, l, &s);
    qlb_status st = reduced_block(L, l, &Q, &A, &k, &m);
    int info = !st && m > 0 ? LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', m, A, m, lambda + k) : 0;
    if (info) st = qlb_fail(QLB_ELAPACK, "spectrum: eigensolver failed on block l = %d (info %d)", l, info);
    if (!st) {
        for (int j = 0; j < k; j++) lambda[j] = 0;
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < k; j++) V[i * s + j] = Q[i * s + j];
            for (int j = 0; j < m; j++) {
                double v = 0;
                for (int r = 0; r < m; r++) v += Q[i * s + k + r] * A[r * m + j];
                V[i * s + k + j] = v;
            }
        }
    }
    free(Q);
    free(A);
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
