/* integrator.c — time integration of d_t c = -L c + T(c, c) (see qlb/evolve.h):
 * the exponential integrator ETDRK4 in the eigenbasis of L (etdrk4.c), or a GSL
 * odeiv2 stepper on the spherical coefficients. Both take one accepted step
 * at a time, so the caller decides where to stop, save and restart. */
#include "qlb/evolve.h"
#include "core/error.h"
#include "evolve/eigenbasis.h"
#include "evolve/etdrk4.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct qlb_evolver {
    const qlb_linop *L;
    const qlb_quadratic *T;          /* NULL: linear (or several species) */
    const qlb_mixquad *Q;            /* several species' quadratic term, or NULL */
    qlb_evolve_options o;
    qlb_eigenbasis *E;
    size_t n;
    double t, h, *c;
    qlb_evolve_stats stats;
    double *work, *work2;           /* rhs scratch */
    double *saved;                  /* state before the current step */
    double *minus_L;                /* dense -L for the Jacobian (MSBDF) */
    qlb_etd *etd;                   /* ETDRK4 */
    gsl_odeiv2_system sys;          /* GSL methods */
    gsl_odeiv2_driver *driver;
    double *conserved;              /* several species: eigen coordinates at set_state */
    qlb_evolve_reduce reduce;       /* T in parts: sums the parts' results */
    void *reduce_ctx;
};

void qlb_evolver_set_reduction(qlb_evolver *ev, qlb_evolve_reduce reduce, void *ctx)
{
    ev->reduce = reduce;
    ev->reduce_ctx = ctx;
}

static int nonlinear(const qlb_evolver *ev) { return ev->T || ev->Q; }

/* out = T(c, c), summed over the parts of T (or Q(c, c) of several species). */
static void contract(qlb_evolver *ev, const double *c, double *out)
{
    if (ev->Q) qlb_mixquad_apply(ev->Q, c, out);
    else qlb_quadratic_apply(ev->T, c, out);
    if (ev->reduce) ev->reduce(out, ev->n, ev->reduce_ctx);
    ev->stats.contractions++;
}

static const char *const method_names[] = {"etdrk4", "rk8pd", "rkf45", "msbdf"};

qlb_evolve_options qlb_evolve_options_default(void)
{
    return (qlb_evolve_options){QLB_EVOLVE_ETDRK4, 1e-10, 1e-14, 0, 0};
}

qlb_status qlb_evolve_parse_method(const char *name, qlb_evolve_method *m)
{
    for (int k = 0; k < 4; k++)
        if (!strcmp(name, method_names[k])) {
            *m = (qlb_evolve_method)k;
            return QLB_OK;
        }
    return qlb_fail(QLB_EINVAL, "unknown method '%s' (etdrk4, rk8pd, rkf45, msbdf)", name);
}

const char *qlb_evolve_method_name(qlb_evolve_method m)
{
    return (unsigned)m < 4 ? method_names[m] : "unknown";
}

/* Several species: Q's components along the invariants (the eigen
 * coordinates of eigenvalue exactly 0, combinations across species) vanish
 * in exact arithmetic and are set to 0; and after every step the
 * invariants' coordinates of c are put back to their values at
 * set_state (restore_invariants): each step goes from c to eigen
 * coordinates and back, and that round trip, exact for one species' unit
 * invariants, moves these by ~1e-19 per step. */
static void drop_invariants(const qlb_evolver *ev, double *w)
{
    for (size_t i = 0; ev->Q && i < ev->n; i++)
        if (ev->E->lambda[i] == 0) w[i] = 0;
}

static void restore_invariants(qlb_evolver *ev)
{
    if (!ev->Q) return;
    qlb_eigenbasis_to_eigen(ev->E, ev->c, ev->work);
    for (size_t i = 0; i < ev->n; i++)
        if (ev->E->lambda[i] == 0) ev->work[i] = ev->conserved[i];
    qlb_eigenbasis_from_eigen(ev->E, ev->work, ev->c);
}

void qlb_evolver_rhs(qlb_evolver *ev, const double *c, double *dcdt)
{
    qlb_eigenbasis_apply_minus_L(ev->E, c, dcdt, ev->work);
    ev->stats.rhs++;
    if (!nonlinear(ev)) return;
    contract(ev, c, ev->work2);
    if (ev->Q) {
        qlb_eigenbasis_to_eigen(ev->E, ev->work2, ev->work);
        drop_invariants(ev, ev->work);
        qlb_eigenbasis_from_eigen(ev->E, ev->work, ev->work2);
    }
    for (size_t i = 0; i < ev->n; i++) dcdt[i] += ev->work2[i];
}

/* N(w) = V^T T(V w, V w) in eigen coordinates, for the ETD stages. */
static void nonlinear_eigen(void *ctx, const double *w, double *out)
{
    qlb_evolver *ev = ctx;
    qlb_eigenbasis_from_eigen(ev->E, w, ev->work);
    contract(ev, ev->work, ev->work2);
    ev->stats.rhs++;
    qlb_eigenbasis_to_eigen(ev->E, ev->work2, out);
    drop_invariants(ev, out);
}

static int gsl_rhs(double t, const double y[], double f[], void *ctx)
{
    (void)t;
    qlb_evolver_rhs(ctx, y, f);
    return GSL_SUCCESS;
}

/* J = -L + 2 T(c, .), df/dt = 0. */
static int gsl_jacobian(double t, const double y[], double *dfdy, double dfdt[], void *ctx)
{
    (void)t;
    qlb_evolver *ev = ctx;
    size_t nn = ev->n * ev->n;
    if (ev->T) {
        qlb_quadratic_jacobian(ev->T, y, dfdy);
        if (ev->reduce) ev->reduce(dfdy, nn, ev->reduce_ctx);
        ev->stats.contractions++;
        for (size_t k = 0; k < nn; k++) dfdy[k] += ev->minus_L[k];
    } else {
        memcpy(dfdy, ev->minus_L, nn * sizeof(double));
    }
    memset(dfdt, 0, ev->n * sizeof(double));
    return GSL_SUCCESS;
}

static const gsl_odeiv2_step_type *gsl_type(qlb_evolve_method m)
{
    return m == QLB_EVOLVE_RK8PD ? gsl_odeiv2_step_rk8pd
         : m == QLB_EVOLVE_RKF45 ? gsl_odeiv2_step_rkf45
                                 : gsl_odeiv2_step_msbdf;
}

static qlb_status check_options(const qlb_evolve_options *o)
{
    if ((unsigned)o->method > QLB_EVOLVE_MSBDF) return qlb_fail(QLB_EINVAL, "evolve: unknown method");
    if (!(o->rtol >= 0 && o->atol >= 0 && o->rtol + o->atol > 0) || !isfinite(o->rtol + o->atol))
        return qlb_fail(QLB_EINVAL, "evolve: tolerances must be >= 0, finite, not both 0");
    if (!(o->h_fixed >= 0 && o->h_max >= 0) || !isfinite(o->h_fixed + o->h_max))
        return qlb_fail(QLB_EINVAL, "evolve: step sizes must be >= 0 and finite");
    if (o->h_fixed > 0 && o->method == QLB_EVOLVE_MSBDF)
        return qlb_fail(QLB_EINVAL, "evolve: fixed steps are for etdrk4, rk8pd and rkf45");
    return QLB_OK;
}

static qlb_status check_pair(const qlb_linop *L, const qlb_quadratic *T)
{
    if (!T) return QLB_OK;
    const qlb_params *a = qlb_linop_params(L), *b = qlb_quadratic_params(T);
    return a->dim == b->dim && a->degree == b->degree
               ? QLB_OK
               : qlb_fail(QLB_EINVAL, "evolve: L and T have different dimension or degree");
}

/* -L, the Jacobian and GSL's copy of it: three dense n x n matrices. */
#define JACOBIAN_BYTES(n) (3.0 * sizeof(double) * (n) * (n))

static qlb_status setup(qlb_evolver *ev)
{
    size_t n = ev->n;
    ev->c = calloc(n, sizeof(double));
    ev->work = malloc(n * sizeof(double));
    ev->work2 = malloc(n * sizeof(double));
    ev->saved = malloc(n * sizeof(double));
    ev->conserved = malloc(n * sizeof(double));
    if (!ev->c || !ev->work || !ev->work2 || !ev->saved || !ev->conserved) return qlb_fail(QLB_ENOMEM, "evolve: out of memory");
    if (ev->o.method == QLB_EVOLVE_ETDRK4)
        return qlb_etd_create(ev->E, nonlinear(ev) ? nonlinear_eigen : NULL, ev, &ev->etd);
    if (ev->o.method == QLB_EVOLVE_MSBDF) {
        qlb_status st = qlb_check_memory(JACOBIAN_BYTES((double)n), "the Jacobian of the BDF method");
        if (st) return st;
        ev->minus_L = malloc(n * n * sizeof(double));
        if (!ev->minus_L) return qlb_fail(QLB_ENOMEM, "evolve: out of memory");
        qlb_eigenbasis_minus_L_dense(ev->E, ev->minus_L);
    }
    ev->sys = (gsl_odeiv2_system){gsl_rhs, gsl_jacobian, n, ev};
    gsl_error_handler_t *saved = gsl_set_error_handler_off(); /* restored: the caller's */
    ev->driver = gsl_odeiv2_driver_alloc_y_new(&ev->sys, gsl_type(ev->o.method), 1e-3,
                                               ev->o.atol, ev->o.rtol);
    gsl_set_error_handler(saved);
    return ev->driver ? QLB_OK : qlb_fail(QLB_ENOMEM, "evolve: cannot allocate the GSL stepper");
}

double qlb_evolver_estimate_bytes(const qlb_params *p, const qlb_evolve_options *o)
{
    double n = (double)qlb_params_basis_size(p), K = p->degree / 2 + 1;
    double blocks = (p->degree + 1) * K * K * 2 * sizeof(double); /* eigenvectors per l */
    double vectors = 40 * n * sizeof(double);                      /* stepper stages */
    return blocks + vectors + (o->method == QLB_EVOLVE_MSBDF ? JACOBIAN_BYTES(n) : 0);
}

/* ev (options set) with its eigenbasis E (taken): the stepper. */
static qlb_status finish(qlb_evolver *ev, qlb_eigenbasis *E, qlb_status st, qlb_evolver **out)
{
    ev->E = E;
    if (!st) {
        ev->n = ev->E->size;
        st = setup(ev);
    }
    if (st) {
        qlb_evolver_free(ev);
        return st;
    }
    ev->h = ev->o.h_fixed > 0 ? ev->o.h_fixed : 0;
    *out = ev;
    return QLB_OK;
}

qlb_status qlb_evolver_create(const qlb_linop *L, const qlb_quadratic *T,
                              const qlb_evolve_options *o, qlb_evolver **out)
{
    *out = NULL;
    qlb_status st = check_options(o);
    if (!st) st = check_pair(L, T);
    if (st) return st;
    qlb_evolver *ev = calloc(1, sizeof *ev);
    if (!ev) return qlb_fail(QLB_ENOMEM, "evolve: out of memory");
    *ev = (qlb_evolver){.L = L, .T = T, .o = *o};
    qlb_eigenbasis *E = NULL;
    st = qlb_context(qlb_eigenbasis_create(L, &E), "evolve");
    return finish(ev, E, st, out);
}

/* L and Q of the same parameters and species. */
static qlb_status check_mixture(const qlb_mixop *L, const qlb_mixquad *Q)
{
    if (!Q) return QLB_OK;
    const qlb_params *a = qlb_mixop_params(L), *b = qlb_mixquad_params(Q);
    if (a->dim != b->dim || a->degree != b->degree || qlb_mixop_species_count(L) != qlb_mixquad_species_count(Q))
        return qlb_fail(QLB_EINVAL, "evolve: L and Q have different dimension, degree or species");
    return QLB_OK;
}

qlb_status qlb_evolver_create_mixture(const qlb_mixop *L, const qlb_mixquad *Q, const qlb_evolve_options *o,
                                      qlb_evolver **out)
{
    *out = NULL;
    qlb_status st = check_options(o);
    if (!st && o->method == QLB_EVOLVE_MSBDF)
        st = qlb_fail(QLB_EINVAL, "evolve: several species are integrated by etdrk4, rk8pd or rkf45 "
                                  "(msbdf needs the Jacobian of Q)");
    if (!st) st = check_mixture(L, Q);
    if (st) return st;
    qlb_evolver *ev = calloc(1, sizeof *ev);
    if (!ev) return qlb_fail(QLB_ENOMEM, "evolve: out of memory");
    *ev = (qlb_evolver){.Q = Q, .o = *o};
    qlb_eigenbasis *E = NULL;
    st = qlb_context(qlb_eigenbasis_create_mixture(L, &E), "evolve");
    return finish(ev, E, st, out);
}

void qlb_evolver_free(qlb_evolver *ev)
{
    if (!ev) return;
    if (ev->driver) gsl_odeiv2_driver_free(ev->driver);
    qlb_etd_free(ev->etd);
    qlb_eigenbasis_free(ev->E);
    free(ev->c);
    free(ev->work);
    free(ev->work2);
    free(ev->saved);
    free(ev->conserved);
    free(ev->minus_L);
    free(ev);
}

size_t qlb_evolver_size(const qlb_evolver *ev) { return ev->n; }
qlb_evolve_stats qlb_evolver_stats(const qlb_evolver *ev) { return ev->stats; }
const double *qlb_evolver_eigenvalues(const qlb_evolver *ev) { return ev->E->lambda; }

void qlb_evolver_to_eigen(const qlb_evolver *ev, const double *c, double *w)
{
    qlb_eigenbasis_to_eigen(ev->E, c, w);
}

void qlb_evolver_from_eigen(const qlb_evolver *ev, const double *w, double *c)
{
    qlb_eigenbasis_from_eigen(ev->E, w, c);
}

void qlb_evolver_restart(qlb_evolver *ev)
{
    if (!ev->driver) return;
    gsl_odeiv2_step_reset(ev->driver->s);
    gsl_odeiv2_evolve_reset(ev->driver->e);
}

/* A first step: a tenth of the fastest linear time scale, at most 0.1. */
static double first_step(const qlb_evolver *ev)
{
    double lmax = ev->E->lambda_max;
    return lmax > 1 ? 0.1 / lmax : 0.1;
}

qlb_status qlb_evolver_set_state(qlb_evolver *ev, double t, const double *c, double h)
{
    if (!isfinite(t) || !isfinite(h)) return qlb_fail(QLB_EINVAL, "evolve: state is not finite");
    for (size_t i = 0; i < ev->n; i++)
        if (!isfinite(c[i])) return qlb_fail(QLB_EINVAL, "evolve: coefficient %zu is not finite", i);
    memcpy(ev->c, c, ev->n * sizeof(double));
    qlb_eigenbasis_to_eigen(ev->E, c, ev->conserved);
    ev->t = t;
    ev->h = ev->o.h_fixed > 0 ? ev->o.h_fixed : h > 0 ? h : first_step(ev);
    qlb_evolver_restart(ev);
    return QLB_OK;
}

void qlb_evolver_get_state(const qlb_evolver *ev, double *t, double *c, double *h)
{
    if (t) *t = ev->t;
    if (c) memcpy(c, ev->c, ev->n * sizeof(double));
    if (h) *h = ev->h;
}

static int all_finite(const double *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(c[i])) return 0;
    return 1;
}

/* One accepted GSL step towards t_stop. */
static qlb_status gsl_step(qlb_evolver *ev, double t_stop)
{
    gsl_odeiv2_driver *d = ev->driver;
    double h = ev->h;
    if (ev->o.h_max > 0 && h > ev->o.h_max) h = ev->o.h_max;
    unsigned long failed = d->e->failed_steps;
    gsl_error_handler_t *saved = gsl_set_error_handler_off(); /* restored below */
    int s;
    if (ev->o.h_fixed > 0) {
        if (h > t_stop - ev->t) h = t_stop - ev->t;
        s = gsl_odeiv2_evolve_apply_fixed_step(d->e, NULL, d->s, &ev->sys, &ev->t, h, ev->c);
        if (t_stop - ev->t < 1e-12 * ev->o.h_fixed) ev->t = t_stop;
    } else {
        s = gsl_odeiv2_evolve_apply(d->e, d->c, d->s, &ev->sys, &ev->t, t_stop, &h, ev->c);
        ev->h = h;
    }
    gsl_set_error_handler(saved);
    ev->stats.rejected += (long)(d->e->failed_steps - failed);
    return s == GSL_SUCCESS ? QLB_OK
                            : qlb_fail(QLB_ENOCONV, "evolve: %s failed at t = %.6g (%s)",
                                       method_names[ev->o.method], ev->t, gsl_strerror(s));
}

static qlb_status etd_step(qlb_evolver *ev, double t_stop)
{
    qlb_etd_control ctl = {ev->o.rtol, ev->o.atol, ev->o.h_fixed, ev->o.h_max};
    return qlb_etd_step(ev->etd, &ctl, &ev->t, t_stop, &ev->h, ev->c, &ev->stats.rejected);
}

qlb_status qlb_evolver_advance(qlb_evolver *ev, double t_stop, long max_steps)
{
    if (!(t_stop >= ev->t) || !isfinite(t_stop))
        return qlb_fail(QLB_EINVAL, "evolve: cannot go from t = %.17g to %.17g", ev->t, t_stop);
    double *last = ev->saved;
    for (long k = 0; ev->t < t_stop && (max_steps <= 0 || k < max_steps); k++) {
        double t0 = ev->t, h0 = ev->h;
        memcpy(last, ev->c, ev->n * sizeof(double));
        qlb_status st = ev->etd ? etd_step(ev, t_stop) : gsl_step(ev, t_stop);
        if (!st && !all_finite(ev->c, ev->n))
            st = qlb_fail(QLB_ENOCONV, "evolve: the solution blew up after t = %.6g", t0);
        if (st) {
            memcpy(ev->c, last, ev->n * sizeof(double));
            ev->t = t0;
            ev->h = h0;
            return st;
        }
        restore_invariants(ev);
        ev->stats.steps++;
    }
    return QLB_OK;
}
