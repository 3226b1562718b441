/* qlb/spectrum.h — eigenvalues of L: all of them by rotation blocks (LAPACK),
 * the smallest ones of an assembled matrix by ARPACK, the spectral gap and
 * coercivity constants against dissipation norms. */
#ifndef QLB_SPECTRUM_H
#define QLB_SPECTRUM_H

#include <stddef.h>

#include "qlb/linop.h"
#include "qlb/species.h"
#include "qlb/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    double value;         /* eigenvalue of block l */
    int l;                /* angular momentum of the block */
    int index;            /* 0-based rank inside block l */
    size_t multiplicity;  /* dim H_l(d) */
} qlb_eigenvalue;

/* All eigenvalues of every block, ascending by value (ties: l, index).
 * *out is malloc'ed (caller frees), *count rows. */
qlb_status qlb_spectrum_blocks(const qlb_linop *L, qlb_eigenvalue **out, size_t *count);

/* Spectral gap: smallest eigenvalue on the orthogonal complement of the
 * d+2 collision invariants (block l=0 without n=0,1; l=1 without n=0).
 * Needs degree >= 2. */
qlb_status qlb_spectrum_gap(const qlb_linop *L, double *gap, int *l);

/* Eigenvalues (ascending) of block l on the complement of the invariants:
 * of L's block if G is NULL, else of the generalized problem
 * L_l c = lambda G_l c, G a Gram matrix (qlb_linop_create_form) of the same
 * degree and dimension. w: room for (N-l)/2 + 1 values; *count written
 * (0 if the complement is empty in this block). */
qlb_status qlb_spectrum_complement(const qlb_linop *L, const qlb_linop *G, int l, double *w,
                                   int *count);

/* The smallest of those over all l, and its l: with G = NULL the spectral
 * gap; otherwise the best constant c in <g, L g> >= c ||pi g||_G^2 on the
 * truncated space (Prop. 3.7, pi = projection off the invariants). Both are
 * upper bounds of their infinite-dimensional values, non-increasing in the
 * degree. Needs degree >= 2. */
qlb_status qlb_spectrum_coercivity(const qlb_linop *L, const qlb_linop *G, double *value,
                                   int *l);

/* The k smallest eigenvalues (ascending) of a dense symmetric positive
 * semi-definite n x n matrix A (row-major, not modified), by ARPACK
 * symmetric Lanczos in shift-invert mode about a small negative shift. */
qlb_status qlb_spectrum_smallest(const double *A, size_t n, int k, double *values);

/* Several species (qlb/species.h). All eigenvalues of every block, ascending (qlb_spectrum_blocks' rows;
 * the multiplicity of a block-l eigenvalue is dim H_l(d)). */
qlb_status qlb_mixop_spectrum(const qlb_mixop *L, qlb_eigenvalue **out, size_t *count);

/* Eigenvalues (ascending) of block l on the orthogonal complement of its
 * invariants; w: room for the block's size; *count written (0: none). */
qlb_status qlb_mixop_complement(const qlb_mixop *L, int l, double *w, int *count);

/* Spectral gap: the smallest eigenvalue on the complement of the S + d + 1
 * invariants, and its l. QLB_EINVAL if no mode is left (N = 0, or N = 1 with
 * one species) or the value cannot be told from 0 at the blocks'
 * precision. */
qlb_status qlb_mixop_gap(const qlb_mixop *L, double *gap, int *l);

#ifdef __cplusplus
}
#endif

#endif
