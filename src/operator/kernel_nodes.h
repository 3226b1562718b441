/* kernel_nodes.h — what the parallel kernels of the quadratic terms
 * (quadratic_kernels.c, species_quadratic_kernels.c) share: the column
 * pairs split by parity, their node-batch products, and the screened
 * u-integral split into an exact part and an adaptive rest
 * (kernel_nodes.c). */
#ifndef QLB_OPERATOR_KERNEL_NODES_H
#define QLB_OPERATOR_KERNEL_NODES_H

#include "numerics/adaptive_quadrature.h"
#include "qlb/status.h"

#include <stddef.h>

/* Index pairs (i, k) of 0..nk-1, even i + k first (count[0] of them, then
 * count[1] odd): every k (lower < 0), k >= i (lower = 0) or k > i
 * (lower = 1). malloc'ed 2 x pairs ints; NULL when out of memory. */
int *qlb_parity_pairs(int nk, int lower, int count[2]);

/* For each parity: out[parity] (rows x count[parity], row-major) += the
 * rows of A of that parity (A[par], A[par + 2], ..., rows = (nk + 1 -
 * par)/2, each `batch` long, the first m used) times the columns of B of
 * that parity (B: m rows of count[0] + count[1], even first). */
void qlb_parity_products(int nk, int m, const double *A, int batch, const double *B, const int count[2],
                         double *const out[2]);

/* The screened u-integral of a kernel, S = |eps|^-2 = 1 + (S - 1): the
 * values with S = 1 by the Gauss–Hermite rule (exact; *unit set to 1
 * while the integrand is evaluated), then the rest by adaptive
 * Gauss–Legendre on |x| <= sqrt(3N) + 12 in pieces of width <= 4, to
 * tol/4 of the whole (at least of its exact part). */
typedef struct {
    qlb_adapt_fn add;            /* the integrand (S - 1 and the variation when *unit is 0) */
    void *ctx;
    int *unit;
    const double *gh_x, *gh_w;   /* the Gauss–Hermite rule (scaled weights) */
    int ngh, N;
    size_t len;
    qlb_adapt *adapt;
    double *rest;                /* len doubles of scratch */
    double tol;
} qlb_split_integral;

qlb_status qlb_split_integrate(const qlb_split_integral *split, double *F);

#endif
