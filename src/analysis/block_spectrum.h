/* block_spectrum.h — the eigenvalues of any operator stored by rotation
 * blocks (spectrum.c), shared by one species (qlb_linop) and several
 * (qlb_mixop, species_spectrum.c). */
#ifndef QLB_ANALYSIS_BLOCK_SPECTRUM_H
#define QLB_ANALYSIS_BLOCK_SPECTRUM_H

#include "qlb/params.h"
#include "qlb/spectrum.h"

/* Block l of op (row-major *size x *size, symmetric). */
typedef const double *(*qlb_block_fn)(const void *op, int l, int *size);

/* All eigenvalues of blocks l = 0..N, ascending by value (ties: l, index),
 * multiplicity dim H_l(d); *out malloc'ed. */
qlb_status qlb_spectrum_of_blocks(const void *op, qlb_block_fn block, int N, int d,
                                  qlb_eigenvalue **out, size_t *count);

/* QLB_OK if the smallest eigenvalue `lowest` of a positive (semi)definite
 * block l (count eigenvalues, the largest `largest`, entries with absolute
 * error `noise`) is resolved: above 16 count (eps |largest| + noise); else
 * QLB_EINVAL naming `what` ("spectral gap"). */
qlb_status qlb_spectrum_resolved(int count, double lowest, double largest, int l,
                                 const qlb_params *p, double noise, const char *what);

#endif
