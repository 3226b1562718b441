/* qlb/spectrum.h — eigenvalues of L: all of them by rotation blocks (LAPACK),
 * the smallest ones of an assembled matrix by ARPACK, and the spectral gap. */
#ifndef QLB_SPECTRUM_H
#define QLB_SPECTRUM_H

#include <stddef.h>

#include "qlb/linop.h"
#include "qlb/status.h"

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

/* The k smallest eigenvalues (ascending) of a dense symmetric positive
 * semi-definite n x n matrix A (row-major, not modified), by ARPACK
 * symmetric Lanczos in shift-invert mode about a small negative shift. */
qlb_status qlb_spectrum_smallest(const double *A, size_t n, int k, double *values);

#endif
