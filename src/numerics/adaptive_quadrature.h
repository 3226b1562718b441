/* adaptive_quadrature.h — globally adaptive Gauss–Legendre integration of vector- or
 * symmetric-matrix-valued functions (internal). */
#ifndef QLB_NUMERICS_ADAPTIVE_QUADRATURE_H
#define QLB_NUMERICS_ADAPTIVE_QUADRATURE_H

#include "qlb/status.h"

#include <stddef.h>

/* Nodes of the Gauss–Legendre rule per half interval: the largest `count`
 * an integrand callback receives. */
#define QLB_ADAPT_NODES 16

/* out += sum_i w[i] f(x[i]) (a vector, or the upper triangle of an n x n
 * row-major matrix). */
typedef qlb_status (*qlb_adapt_fn)(void *ctx, const double *x, const double *w, int count,
                                   double *out);

typedef struct qlb_adapt qlb_adapt;

/* For symmetric n x n matrices (Frobenius norm). */
qlb_status qlb_adapt_create(int n, int max_intervals, qlb_adapt **out);
/* For vectors of len doubles (Euclidean norm). */
qlb_status qlb_adapt_create_vector(size_t len, int max_intervals, qlb_adapt **out);
void qlb_adapt_free(qlb_adapt *A);
/* Forgets all intervals. */
void qlb_adapt_reset(qlb_adapt *A);
/* Adds [lo, hi] labelled `tag`: integrates it and its two halves. */
qlb_status qlb_adapt_add(qlb_adapt *A, qlb_adapt_fn f, void *ctx, double lo, double hi, int tag);
/* Bisects the interval of largest error estimate until the summed estimate
 * is <= rel_tol * max(scale, ||total||_F) (scale: the size of a larger sum
 * this integral is part of, or 0), leaving out intervals at the rounding
 * floor (bisection did not reduce their error); qlb_adapt_error keeps them. */
qlb_status qlb_adapt_refine(qlb_adapt *A, qlb_adapt_fn f, void *ctx, double rel_tol,
                            double scale);
/* Frobenius norms of the running total and of the intervals with `tag`. */
double qlb_adapt_total_norm(const qlb_adapt *A);
double qlb_adapt_tag_norm(qlb_adapt *A, int tag);
double qlb_adapt_error(const qlb_adapt *A);
int qlb_adapt_intervals(const qlb_adapt *A);
/* Sum of all intervals recomputed from scratch (a matrix mirrored to full). */
void qlb_adapt_sum(const qlb_adapt *A, double *out);
/* Frobenius norm of a symmetric matrix stored in its upper triangle. */
double qlb_sym_norm(const double *M, int n);

#endif
