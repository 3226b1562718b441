/* etdrk4.c — ETDRK4 steps with step-doubling error control (see etd.h). */

#include "evolve/etdrk4.h"
#include "core/error.h"
#include "evolve/eigenbasis.h"
#include <math.h>
#include <stdlib.h>

enum { COEF_E, COEF_E2, COEF_Q, COEF_F1, COEF_F2, COEF_F3, COEFS };
enum { W, NW, WF, WH, NWH, W2, A, B, C, NA, NB, NC, CERR, CNEW, WORKS };

struct qlb_etd {
    const qlb_eigenbasis *E;
    size_t n;
    qlb_etd_nonlinear f;
    void *ctx;
    double *full, *half;   /* COEFS x n coefficients for h and h/2 */
    double *v[WORKS];
};

void qlb_etd_phi(double z, double *phi1, double *phi2, double *phi3)
{
    if (fabs(z) < 1) {
        /* phi_k(z) = sum_j z^j / (j + k)!; 20 terms leave < 1e-19 */
        double p[3] = {0, 0, 0};
        for (int k = 1; k <= 3; k++) {
            double term = 1;
            for (int i = 2; i <= k; i++) term /= i;
            for (int j = 0; j < 20; j++) {
                p[k - 1] += term;
                term *= z / (j + k + 1);
            }
        }
        *phi1 = p[0], *phi2 = p[1], *phi3 = p[2];
        return;
    }
    *phi1 = expm1(z) / z;
    *phi2 = (*phi1 - 1) / z;
    *phi3 = (*phi2 - 0.5) / z;
}

static void coefficients(const qlb_etd *s, double h, double *co)
{
    size_t n = s->n;
    for (size_t i = 0; i < n; i++) {
        double z = -s->E->lambda[i] * h, p1, p2, p3, q1, q2, q3;
        qlb_etd_phi(z, &p1, &p2, &p3);
        qlb_etd_phi(z / 2, &q1, &q2, &q3);
        co[COEF_E * n + i] = exp(z);
        co[COEF_E2 * n + i] = exp(z / 2);
        co[COEF_Q * n + i] = h / 2 * q1;
        co[COEF_F1 * n + i] = h * (p1 - 3 * p2 + 4 * p3);
        co[COEF_F2 * n + i] = h * (p2 - 2 * p3);
        co[COEF_F3 * n + i] = h * (4 * p3 - p2);
    }
}

/* out = one Cox–Matthews step of w, given Nw = N(w). */
static void cm_step(qlb_etd *s, const double *co, const double *w, const double *Nw, double *out)
{
    size_t n = s->n;
    const double *E = co + COEF_E * n, *E2 = co + COEF_E2 * n, *Q = co + COEF_Q * n;
    const double *f1 = co + COEF_F1 * n, *f2 = co + COEF_F2 * n, *f3 = co + COEF_F3 * n;
    double *a = s->v[A], *b = s->v[B], *c = s->v[C], *Na = s->v[NA], *Nb = s->v[NB], *Nc = s->v[NC];
    for (size_t i = 0; i < n; i++) a[i] = E2[i] * w[i] + Q[i] * Nw[i];
    s->f(s->ctx, a, Na);
    for (size_t i = 0; i < n; i++) b[i] = E2[i] * w[i] + Q[i] * Na[i];
    s->f(s->ctx, b, Nb);
    for (size_t i = 0; i < n; i++) c[i] = E2[i] * a[i] + Q[i] * (2 * Nb[i] - Nw[i]);
    s->f(s->ctx, c, Nc);
    for (size_t i = 0; i < n; i++)
        out[i] = E[i] * w[i] + f1[i] * Nw[i] + 2 * f2[i] * (Na[i] + Nb[i]) + f3[i] * Nc[i];
}

qlb_status qlb_etd_create(const qlb_eigenbasis *E, qlb_etd_nonlinear f, void *ctx, qlb_etd **out)
{
    *out = NULL;
    qlb_etd *s = calloc(1, sizeof *s);
    if (!s) return qlb_fail(QLB_ENOMEM, "etdrk4: out of memory");
    *s = (qlb_etd){.E = E, .n = E->size, .f = f, .ctx = ctx};
    s->full = malloc(COEFS * s->n * sizeof(double));
    s->half = malloc(COEFS * s->n * sizeof(double));
    int ok = s->full && s->half;
    for (int k = 0; k < WORKS; k++) ok = (s->v[k] = malloc(s->n * sizeof(double))) && ok;
    if (!ok) {
        qlb_etd_free(s);
        return qlb_fail(QLB_ENOMEM, "etdrk4: out of memory");
    }
    *out = s;
    return QLB_OK;
}

void qlb_etd_free(qlb_etd *s)
{
    if (!s) return;
    free(s->full);
    free(s->half);
    for (int k = 0; k < WORKS; k++) free(s->v[k]);
    free(s);
}

/* The step to try from t: *h (capped by h_max, or h_fixed), shortened to
 * land on t_stop; *last = 1 when it does. */
static double trial_step(const qlb_etd_control *ctl, double t, double t_stop, double h, int *last)
{
    double hh = ctl->h_fixed > 0 ? ctl->h_fixed : h;
    if (ctl->h_max > 0 && hh > ctl->h_max) hh = ctl->h_max;
    *last = hh >= (t_stop - t) * (1 - 1e-10);
    return *last ? t_stop - t : hh;
}

/* Linear equation: w(t + dt) = e^{-lambda dt} w(t), exactly. */
static void linear_step(qlb_etd *s, const qlb_etd_control *ctl, double *t, double t_stop,
                        double *c)
{
    int last;
    double dt = trial_step(ctl, *t, t_stop, INFINITY, &last), *w = s->v[W];
    qlb_eigenbasis_to_eigen(s->E, c, w);
    for (size_t i = 0; i < s->n; i++) w[i] *= exp(-s->E->lambda[i] * dt);
    qlb_eigenbasis_from_eigen(s->E, w, c);
    *t = last ? t_stop : *t + dt;
}

/* Max over components of |error| / (atol + rtol |c|) of the doubled step;
 * leaves the two-half-step result in v[CNEW]. */
static double doubled_step_ratio(qlb_etd *s, const qlb_etd_control *ctl, double h)
{
    double **v = s->v;
    coefficients(s, h / 2, s->half);
    cm_step(s, s->half, v[W], v[NW], v[WH]);
    s->f(s->ctx, v[WH], v[NWH]);
    cm_step(s, s->half, v[WH], v[NWH], v[W2]);
    for (size_t i = 0; i < s->n; i++) v[WF][i] = (v[W2][i] - v[WF][i]) / 15;
    qlb_eigenbasis_from_eigen(s->E, v[WF], v[CERR]);
    qlb_eigenbasis_from_eigen(s->E, v[W2], v[CNEW]);
    double ratio = 0;
    for (size_t i = 0; i < s->n; i++) {
        double r = fabs(v[CERR][i]) / (ctl->atol + ctl->rtol * fabs(v[CNEW][i]));
        if (!(r <= ratio)) ratio = r;  /* NaN propagates */
    }
    return ratio;
}

qlb_status qlb_etd_step(qlb_etd *s, const qlb_etd_control *ctl, double *t, double t_stop,
                        double *h, double *c, long *rejected)
{
    if (!s->f) {
        linear_step(s, ctl, t, t_stop, c);
        return QLB_OK;
    }
    double **v = s->v;
    qlb_eigenbasis_to_eigen(s->E, c, v[W]);
    s->f(s->ctx, v[W], v[NW]);
    for (;;) {
        int last;
        double hh = trial_step(ctl, *t, t_stop, *h, &last);
        coefficients(s, hh, s->full);
        cm_step(s, s->full, v[W], v[NW], v[WF]);
        if (ctl->h_fixed > 0) {
            qlb_eigenbasis_from_eigen(s->E, v[WF], c);
            *t = last ? t_stop : *t + hh;
            return QLB_OK;
        }
        double ratio = doubled_step_ratio(s, ctl, hh);
        double grow = isnan(ratio) ? 0.2 : fmin(5, fmax(0.2, 0.9 * pow(ratio, -0.2)));
        if (ratio <= 1) {
            for (size_t i = 0; i < s->n; i++) c[i] = v[CNEW][i];
            *t = last ? t_stop : *t + hh;
            if (!last || hh * grow > *h) *h = hh * grow;
            return QLB_OK;
        }
        ++*rejected;
        *h = hh * grow;
        if (*h < 1e-14 * fmax(1, fabs(*t)))
            return qlb_fail(QLB_ENOCONV, "etdrk4: step size underflow at t = %.6g", *t);
    }
}
