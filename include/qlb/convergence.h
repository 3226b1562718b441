/* qlb/convergence.h — has a quantity computed on truncations of degree
 * N_1 < ... < N_k (equally spaced, typically by 2) converged as N -> inf?
 *
 * Truncated Galerkin values are not the answer by themselves: for
 * Coulomb-like operators the truncated gap keeps falling like a power of N
 * (no L^2 gap in the limit). The assessment fits the last differences
 * delta_j = v(N_j) - v(N_{j-1}) to a power law |delta| ~ N^-s and sums
 * its tail: error = |delta_k| N_k / (h (s - 1)) / |v(N_k)| (h the spacing),
 * infinite when s <= 1 (the differences do not decay fast enough for the
 * values to settle: e.g. v ~ N^-p gives s = p + 1 and error ~ 1).
 * Differences below `noise` (the relative accuracy of each value) carry no
 * trend: the error is then `noise`, and never less; the last three
 * differences all below 1e3 noise but not decaying are taken as the noise
 * band of the values and the error is their sum. With the kernel at
 * tol = 1e-12, values from high-degree blocks are accurate to about 1e-9
 * (high-degree kernel entries are small, so their relative error is
 * larger); QLB_CONVERGENCE_NOISE(tol) = 1e4 tol is the level used by qlb. */
#ifndef QLB_CONVERGENCE_H
#define QLB_CONVERGENCE_H

#include "qlb/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    double value;      /* at the largest degree */
    double previous;   /* at the degree before (NaN if none) */
    double change;     /* |value - previous| / |value| */
    double exponent;   /* d log|v| / d log N between the last two degrees */
    double error;      /* estimated relative distance to the limit (above);
                          NaN with fewer than 4 degrees */
    int converged;     /* error <= tol */
} qlb_convergence;

#define QLB_CONVERGENCE_NOISE(kernel_tol) (1e4 * (kernel_tol))

/* degrees ascending, equally spaced; count >= 1. */
qlb_status qlb_convergence_assess(const int *degrees, const double *values, int count,
                                  double tol, double noise, qlb_convergence *out);

#ifdef __cplusplus
}
#endif

#endif
