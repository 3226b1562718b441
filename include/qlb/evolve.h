/* qlb/evolve.h — the Galerkin ODE of the QLB equation near equilibrium,
 *
 *   d_t c = -L c + T(c, c)     (or d_t c = -L c with `linear`),
 *
 * on the spherical Hermite coefficients c of g = (F - M)/sqrt(M) (order of
 * qlb/basis.h), L the linearized operator (qlb/linop.h) and T the quadratic
 * term (qlb/quadratic.h). The rows and columns of L at the collision
 * invariants are mathematically zero and are used as exact zeros, so mass,
 * momentum and energy change only through T, whose invariant rows vanish.
 *
 * Methods:
 *   ETDRK4  exponential time differencing (Cox–Matthews RK4) in the
 *           eigenbasis of L (one symmetric eigenproblem per l): the linear
 *           part is integrated exactly, so stiffness costs nothing and a
 *           linear run is exact for any step. Error control by step
 *           doubling (local error of the two half steps, Richardson).
 *   RK8PD   GSL odeiv2 explicit Prince–Dormand 8(9), embedded error control.
 *   RKF45   GSL odeiv2 explicit Runge–Kutta–Fehlberg 4(5).
 *   MSBDF   GSL odeiv2 implicit multistep BDF with the Jacobian
 *           -L + 2 T(c, .), for the stiff linear part.
 * A step is accepted when every component satisfies
 * |error_i| <= atol + rtol |c_i| (GSL's standard control with a_dydt = 0).
 *
 * The integrator state is (t, c, h). qlb_evolver_restart discards anything
 * else (the multistep history of MSBDF), so a run that is restarted at
 * given steps is reproducible from (t, c, h) saved there: a resumed run
 * repeats the arithmetic of an uninterrupted one that restarts at the same
 * steps. */
#ifndef QLB_EVOLVE_H
#define QLB_EVOLVE_H

#include "qlb/quadratic.h"
#include "qlb/linop.h"
#include "qlb/species.h"
#include "qlb/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { QLB_EVOLVE_ETDRK4, QLB_EVOLVE_RK8PD, QLB_EVOLVE_RKF45, QLB_EVOLVE_MSBDF } qlb_evolve_method;

typedef struct {
    qlb_evolve_method method;
    double rtol, atol;  /* error control, rtol > 0 or atol > 0 */
    double h_fixed;     /* > 0: constant steps of this size, no error control
                           (ETDRK4, RK8PD, RKF45 only); 0: adaptive */
    double h_max;       /* largest step, 0 for none */
} qlb_evolve_options;

typedef struct {
    long steps;         /* accepted steps */
    long rejected;      /* rejected trial steps */
    long rhs;           /* evaluations of the right-hand side */
    long contractions;  /* contractions of T (T(c,c) and Jacobians) */
} qlb_evolve_stats;

typedef struct qlb_evolver qlb_evolver;

/* Defaults: ETDRK4, rtol 1e-10, atol 1e-14, adaptive, no h_max. */
qlb_evolve_options qlb_evolve_options_default(void);

/* Parses "etdrk4", "rk8pd", "rkf45", "msbdf"; the name of a method. */
qlb_status qlb_evolve_parse_method(const char *name, qlb_evolve_method *m);
const char *qlb_evolve_method_name(qlb_evolve_method m);

/* Memory of an evolver for p with these options (bytes: the eigenbasis of
 * L, the stepper's vectors, the dense Jacobian of MSBDF), without building
 * anything; T and the observer are estimated by their own modules. */
double qlb_evolver_estimate_bytes(const qlb_params *p, const qlb_evolve_options *o);

/* L and T (NULL: linear equation) are borrowed and must outlive the
 * evolver; T must have L's dimension and degree. The state starts at
 * t = 0, c = 0; set it with qlb_evolver_set_state. */
qlb_status qlb_evolver_create(const qlb_linop *L, const qlb_quadratic *T,
                              const qlb_evolve_options *o, qlb_evolver **out);
void qlb_evolver_free(qlb_evolver *ev);

size_t qlb_evolver_size(const qlb_evolver *ev);

/* For T built in parts across processes (qlb_quadratic_create_part): after
 * each contraction of the local part (n = size for T(c,c), size^2 for a
 * Jacobian), reduce(y, n, ctx) must replace y by the sum of every part's y,
 * e.g. with MPI_Allreduce. Each process then holds the whole right-hand
 * side and steps the same state as a single process with the whole T. */
typedef void (*qlb_evolve_reduce)(double *y, size_t n, void *ctx);
void qlb_evolver_set_reduction(qlb_evolver *ev, qlb_evolve_reduce reduce, void *ctx);

/* Sets (t, c, h) and restarts; h <= 0 picks a first step from the spectrum
 * of L and the tolerances. c is copied (spherical, length size). */
qlb_status qlb_evolver_set_state(qlb_evolver *ev, double t, const double *c, double h);
/* Current time, coefficients (copied to c if not NULL) and next step. */
void qlb_evolver_get_state(const qlb_evolver *ev, double *t, double *c, double *h);
/* Discards multistep history (keeps t, c, h). */
void qlb_evolver_restart(qlb_evolver *ev);

/* Takes accepted steps until t reaches t_stop (exactly, the last step is
 * shortened) or max_steps steps were taken (max_steps <= 0: no limit).
 * QLB_ENOCONV if the step size underflows or the solution stops being
 * finite (the state is then the last good one). */
qlb_status qlb_evolver_advance(qlb_evolver *ev, double t_stop, long max_steps);

qlb_evolve_stats qlb_evolver_stats(const qlb_evolver *ev);

/* The right-hand side -L c + T(c, c) (or -L c), for tests and diagnostics. */
void qlb_evolver_rhs(qlb_evolver *ev, const double *c, double *dcdt);

/* Eigenvalues of L used by the evolver, in spherical order: value i
 * belongs to the eigenvector of the (l, m) group of function i, ranked by
 * n (invariants first, exactly 0). */
const double *qlb_evolver_eigenvalues(const qlb_evolver *ev);
/* Eigenvector coordinates w = V^T c and back, c = V w (length size). */
void qlb_evolver_to_eigen(const qlb_evolver *ev, const double *c, double *w);
void qlb_evolver_from_eigen(const qlb_evolver *ev, const double *w, double *c);

/* Several species, linear (docs/DESIGN.md §9): c(t) = exp(-t L) c0 for the
 * operator of qlb/species.h. c is species-major: species a's spherical
 * coefficients (qlb/basis.h order) at c[a N_b ..], in the orthonormal basis
 * of qlb_mixop_block, i.e. c_a = sqrt(n_a) chat_a with chat_a the
 * coefficients of g_a in a's own Hermite functions. Created once (every
 * block's eigenpairs); evolving is read-only. */
typedef struct qlb_mixture_evolver qlb_mixture_evolver;
qlb_status qlb_mixture_evolver_create(const qlb_mixop *L, qlb_mixture_evolver **out);
void qlb_mixture_evolver_free(qlb_mixture_evolver *E);
/* S N_b, the length of c. */
size_t qlb_mixture_size(const qlb_mixture_evolver *E);
/* c = exp(-t L) c0 (not aliased), t >= 0 finite. */
qlb_status qlb_mixture_evolve(const qlb_mixture_evolver *E, const double *c0, double t, double *c);

/* Several species, nonlinear: d_t c = -L c + Q(c, c) (Q NULL: linear),
 * L and Q of qlb/species.h with the same parameters and species, c as for
 * qlb_mixture_evolve, in the eigenbasis of L whose invariants (densities,
 * total momentum and energy) have eigenvalue exactly 0: the totals change
 * only through Q, which conserves them to rounding. Methods etdrk4, rk8pd
 * and rkf45 (msbdf needs Q's Jacobian: refused). The qlb_evolver_*
 * functions below apply; L and Q must outlive the evolver. */
qlb_status qlb_evolver_create_mixture(const qlb_mixop *L, const qlb_mixquad *Q, const qlb_evolve_options *o,
                                      qlb_evolver **out);

/* The moments of one species' F_a = M_a + sqrt(M_a) g_a, exact (not
 * linearized; qlb's units: m_1 = T = 1; per unit of the equilibrium n_a). */
typedef struct {
    double density;      /* delta n_a / n_a */
    double velocity;     /* u_a along the first axis: momentum / (m_a n_a) */
    double speed;        /* |u_a| */
    double temperature;  /* delta T_a / T: (2/d) (kinetic energy less the drift's) / n_a - 1 */
    double momentum;     /* m_a n_a u_a1 (linear in c) */
    double energy;       /* delta of the kinetic energy (linear in c) */
} qlb_species_moments;
void qlb_mixture_moments(const qlb_mixture_evolver *E, const double *c, int a, qlb_species_moments *out);

#ifdef __cplusplus
}
#endif

#endif
