/* eigenbasis.h — L in its eigenbasis, group by group (internal).
 *
 * L is block-diagonal in the spherical basis: for every (l, m) the functions
 * f_{n,l,m}, n = 0..(N-l)/2 (of every species), form a group on which L acts by block l. Each
 * block is diagonalized once (LAPACK dsyev on the complement of the
 * collision invariants, which keep eigenvalue exactly 0 and unit
 * eigenvectors), so
 *   w = V^T c,   c = V w,   L c = V diag(lambda) V^T c
 * are exact at the invariants: the mass, momentum and energy rows of L c
 * are exactly zero. */
#ifndef QLB_EVOLVE_EIGENBASIS_H
#define QLB_EVOLVE_EIGENBASIS_H

#include <stddef.h>

#include "qlb/linop.h"
#include "qlb/species.h"
#include "qlb/status.h"

typedef struct {
    size_t size;       /* N_b (S N_b for S species) */
    int degree;        /* N */
    int groups;        /* number of (l, m) groups */
    int *group_l;      /* l of group g */
    size_t *offset;    /* group g holds index[offset[g] .. offset[g+1]-1], by n */
    size_t *index;     /* spherical indices */
    double **vectors;  /* per l: (s_l x s_l) row-major, column k = eigenvector k */
    double *lambda;    /* per spherical index i: eigenvalue of coordinate w_i */
    double lambda_max;
} qlb_eigenbasis;

qlb_status qlb_eigenbasis_create(const qlb_linop *L, qlb_eigenbasis **out);
/* The same for several species (qlb/species.h): coordinates species-major,
 * a N_b + spherical index; a group (l, m) holds species a's f_{n,l,m} in
 * the order (a, n) of the operator's block l, whose invariants (densities,
 * total momentum and energy: combinations across species) are its first
 * eigenvectors, eigenvalue exactly 0. */
qlb_status qlb_eigenbasis_create_mixture(const qlb_mixop *L, qlb_eigenbasis **out);
void qlb_eigenbasis_free(qlb_eigenbasis *E);

void qlb_eigenbasis_to_eigen(const qlb_eigenbasis *E, const double *c, double *w);
void qlb_eigenbasis_from_eigen(const qlb_eigenbasis *E, const double *w, double *c);
/* y = -L c, through the eigenbasis (work: size doubles). */
void qlb_eigenbasis_apply_minus_L(const qlb_eigenbasis *E, const double *c, double *y,
                                  double *work);
/* The dense matrix -L (size^2, row-major, spherical order). */
void qlb_eigenbasis_minus_L_dense(const qlb_eigenbasis *E, double *A);

#endif
