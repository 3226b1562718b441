/* qlb/observe.h — what the theory is about, measured on a perturbation g
 * with spherical Hermite coefficients c (F = M + sqrt(M) g, M the unit
 * Maxwellian (2 pi)^{-d/2} e^{-|v|^2/2}):
 *
 *  - from the coefficients, exactly: mass Int F, momentum Int v F, energy
 *    Int |v|^2/2 F; ||g||, ||g||_r of (1.31) for r = 1, 2; ||g - P g|| (P the
 *    orthogonal projection on the collision invariants); the dissipation
 *    <g, L g> = sum_k lambda_k w_k^2 in the eigenbasis of L;
 *  - by tensor Gauss–Hermite quadrature in v (q nodes per coordinate, exact
 *    for polynomial moments of degree <= 2q - 1 - N; q >= (3N+2)/2 + 1, so
 *    the cubic term of the entropy is exact, and q = min(64, 10^{6/d}) when
 *    that is more, for the rest of the entropy): the moments
 *    Int |v|^4 F and Int (v1^2 - v2^2) F, the relative entropy
 *    H(F|M) = Int F log(F/M) - F + M, the negative mass Int F_- and the
 *    smallest value of F over the nodes. A truncated Hermite expansion is
 *    negative somewhere in the far tail; the entropy integrand is taken as
 *    its limit 1 (times M) where F <= 0, and the negative mass says how much
 *    that matters. h = g/sqrt(M) is evaluated by sum factorization, one
 *    dgemm per coordinate. */
#ifndef QLB_OBSERVE_H
#define QLB_OBSERVE_H

#include "qlb/basis.h"
#include "qlb/burnett.h"
#include "qlb/linop.h"
#include "qlb/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define QLB_OBSERVE_MAX_DIM 16

typedef struct {
    double mass, momentum[QLB_OBSERVE_MAX_DIM], energy;
    double norm, norm_r1, norm_r2, norm_perp;
    double dissipation;
    double entropy, negative_mass, min_f;
    double m4, pxx_minus_pyy;
} qlb_observables;

typedef struct qlb_observer qlb_observer;

/* Memory of an observer for p (bytes: the change of basis and the
 * quadrature grid), without building anything. */
double qlb_observer_estimate_bytes(const qlb_params *p);

/* For the operator L (its dimension <= QLB_OBSERVE_MAX_DIM and degree);
 * L is borrowed. QLB_ENOMEM if the quadrature grid (q^d values) would not
 * fit in memory. */
qlb_status qlb_observer_create(const qlb_linop *L, qlb_observer **out);
void qlb_observer_free(qlb_observer *obs);

/* The exponential decay rate of ||g - Pg|| between two observations,
 * -log(norm_perp1 / norm_perp0) / (t1 - t0): the relaxation rate that the
 * spectral gap bounds from below in the linear regime. */
double qlb_observe_decay_rate(double t0, double norm_perp0, double t1, double norm_perp1);

/* Quadrature nodes per coordinate. */
int qlb_observer_nodes(const qlb_observer *obs);

/* All observables of c (spherical coefficients). Not thread-safe (uses the
 * observer's work space). */
void qlb_observe(qlb_observer *obs, const double *c, qlb_observables *out);

/* The Cartesian coefficients of the last observed c (owned by obs). */
const double *qlb_observer_cartesian(const qlb_observer *obs);

#ifdef __cplusplus
}
#endif

#endif
