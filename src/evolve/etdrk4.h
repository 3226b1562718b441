/* etdrk4.h — the exponential integrator ETDRK4 (Cox & Matthews 2002) for
 * w' = -diag(lambda) w + N(w) in the eigenbasis of L (internal).
 *
 * With z = -lambda h and phi_k the exponential functions (phi_1(z) =
 * (e^z - 1)/z, ...), a step computes three stages a, b, c and
 *   w+ = e^z w + h [(phi1 - 3 phi2 + 4 phi3) N(w) + 2 (phi2 - 2 phi3) (N(a) + N(b))
 *                   + (4 phi3 - phi2) N(c)],
 * exact for the linear part. Adaptive steps compare one step of h with two
 * of h/2; the error (difference / 15, Richardson for order 4) is measured
 * on the spherical coefficients c = V w, component by component. */
#ifndef QLB_EVOLVE_ETDRK4_H
#define QLB_EVOLVE_ETDRK4_H

#include "evolve/eigenbasis.h"

typedef void (*qlb_etd_nonlinear)(void *ctx, const double *w, double *out);

typedef struct {
    double rtol, atol;
    double h_fixed;   /* > 0: constant steps, no error control */
    double h_max;     /* 0: none */
} qlb_etd_control;

typedef struct qlb_etd qlb_etd;

/* f = NULL: the linear equation, integrated exactly in one step per call. */
qlb_status qlb_etd_create(const qlb_eigenbasis *E, qlb_etd_nonlinear f, void *ctx, qlb_etd **out);
void qlb_etd_free(qlb_etd *s);

/* One accepted step from (*t, c) with trial step *h, not beyond t_stop;
 * updates t, c, the next trial step *h and *rejected. QLB_ENOCONV if the
 * step size underflows. */
qlb_status qlb_etd_step(qlb_etd *s, const qlb_etd_control *ctl, double *t, double t_stop,
                        double *h, double *c, long *rejected);

/* phi_1, phi_2, phi_3 at z <= 0 (series for |z| < 1, recurrence beyond). */
void qlb_etd_phi(double z, double *phi1, double *phi2, double *phi3);

#endif
