/* diagnostics.c — diagnostics of a perturbation g (see qlb/observe.h): exact
 * coefficient formulas for the conserved quantities and norms, the
 * eigenbasis of L for the dissipation, and tensor Gauss–Hermite quadrature
 * of h = g/sqrt(M) = sum_alpha c_alpha prod_i He_{alpha_i}(v_i)/sqrt(alpha_i!)
 * (sum factorization: one dgemm per coordinate) for the rest. */
#include "qlb/observe.h"
#include "basis/collision_invariants.h"
#include "core/error.h"
#include "core/limits.h"
#include "evolve/eigenbasis.h"
#include "numerics/gauss_rules.h"
#include "numerics/special_functions.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct qlb_observer {
    const qlb_linop *L;
    qlb_basis *basis;
    qlb_burnett *burnett;
    qlb_eigenbasis *E;
    int d, N, q;
    size_t nb, grid;        /* basis size, q^d */
    double *x, *weight;     /* nodes and weights of E_{N(0,1)} in one coordinate */
    double *P;              /* q x (N+1): He_n(x_j) / sqrt(n!) */
    size_t *cube_pos;       /* Cartesian function i -> position in the (N+1)^d cube */
    double *cart, *w, *buf[2];
    int invariant[QLB_MAX_DIM + 2]; /* spherical indices of the invariants */
    size_t e1[QLB_OBSERVE_MAX_DIM], e2[QLB_OBSERVE_MAX_DIM]; /* Cartesian e_i, 2 e_i */
};

/* Exact for the cubic term of the entropy, and as many more nodes as keep
 * the grid near 10^6 points (at most 64 per coordinate): the entropy
 * integrand is analytic but not polynomial, and Gauss–Hermite converges on
 * it like exp(-c sqrt(q)) (relative error 1e-4 at q = 12, 2e-11 at q = 64
 * for F = M (1 + 0.3 (v1^2 - 1))). */
static int nodes_for(int N, int d)
{
    int exact = (3 * N + 2) / 2 + 1, affordable = (int)floor(pow(1e6, 1.0 / d) + 1e-9);
    if (affordable > 64) affordable = 64;
    return exact > affordable ? exact : affordable;
}

double qlb_observer_estimate_bytes(const qlb_params *p)
{
    double grid = pow(nodes_for(p->degree, p->dim), p->dim);
    return qlb_burnett_estimate_bytes(p->dim, p->degree) + 16 * grid +
           3.0 * sizeof(double) * (double)qlb_params_basis_size(p);
}

static qlb_status make_rule(qlb_observer *o)
{
    qlb_status st = qlb_normal_rule(o->q, o->x, o->weight);
    for (int j = 0; j < o->q && !st; j++)
        qlb_hermite_recurrence(o->N, o->x[j], 1, o->P + (size_t)j * (size_t)(o->N + 1));
    return st;
}

static void make_indices(qlb_observer *o)
{
    size_t k = 0;
    for (size_t i = 0; i < o->nb; i++) {
        const int *a = qlb_basis_multi_index(o->basis, i);
        size_t pos = 0;
        for (int j = 0; j < o->d; j++) pos = pos * (size_t)(o->N + 1) + (size_t)a[j];
        o->cube_pos[i] = pos;
        int n, l, m;
        qlb_basis_spherical_label(o->basis, i, &n, &l, &m);
        if (n < qlb_invariants_in_block(l)) o->invariant[k++] = (int)i;
    }
    int alpha[QLB_OBSERVE_MAX_DIM] = {0};
    for (int j = 0; j < o->d; j++) {
        alpha[j] = 1;
        o->e1[j] = qlb_basis_index(o->basis, alpha);
        alpha[j] = 2;
        o->e2[j] = qlb_basis_index(o->basis, alpha);
        alpha[j] = 0;
    }
}

static qlb_status allocate(qlb_observer *o)
{
    size_t big = o->grid;
    qlb_status st = qlb_check_memory(16.0 * (double)big, "the quadrature grid of the diagnostics");
    if (st) return st;
    o->x = malloc((size_t)o->q * sizeof(double));
    o->weight = malloc((size_t)o->q * sizeof(double));
    o->P = malloc((size_t)o->q * (size_t)(o->N + 1) * sizeof(double));
    o->cube_pos = malloc(o->nb * sizeof(size_t));
    o->cart = malloc(o->nb * sizeof(double));
    o->w = malloc(o->nb * sizeof(double));
    o->buf[0] = malloc(big * sizeof(double));
    o->buf[1] = malloc(big * sizeof(double));
    int ok = o->x && o->weight && o->P && o->cube_pos && o->cart && o->w && o->buf[0] && o->buf[1];
    return ok ? QLB_OK : qlb_fail(QLB_ENOMEM, "observe: out of memory");
}

static qlb_status setup(qlb_observer *o)
{
    const qlb_params *p = qlb_linop_params(o->L);
    o->d = p->dim;
    o->N = p->degree;
    if (o->d > QLB_OBSERVE_MAX_DIM)
        return qlb_fail(QLB_EINVAL, "observe: dimension %d > %d", o->d, QLB_OBSERVE_MAX_DIM);
    o->q = nodes_for(o->N, o->d);
    double grid = pow(o->q, o->d);
    if (grid > 1e12) return qlb_fail(QLB_ENOMEM, "observe: %d^%d quadrature nodes", o->q, o->d);
    o->grid = (size_t)grid;
    qlb_status st = qlb_basis_create(o->d, o->N, &o->basis);
    if (!st) st = qlb_burnett_create(o->basis, &o->burnett);
    if (!st) st = qlb_eigenbasis_create(o->L, &o->E);
    qlb_context(st, "observe");
    if (!st) {
        o->nb = qlb_basis_size(o->basis);
        st = allocate(o);
    }
    if (!st) st = make_rule(o);
    if (!st) make_indices(o);
    return st;
}

qlb_status qlb_observer_create(const qlb_linop *L, qlb_observer **out)
{
    *out = NULL;
    qlb_observer *o = calloc(1, sizeof *o);
    if (!o) return qlb_fail(QLB_ENOMEM, "observe: out of memory");
    o->L = L;
    qlb_status st = setup(o);
    if (st) {
        qlb_observer_free(o);
        return st;
    }
    *out = o;
    return QLB_OK;
}

void qlb_observer_free(qlb_observer *o)
{
    if (!o) return;
    qlb_eigenbasis_free(o->E);
    qlb_burnett_free(o->burnett);
    qlb_basis_free(o->basis);
    free(o->x), free(o->weight), free(o->P), free(o->cube_pos);
    free(o->cart), free(o->w), free(o->buf[0]), free(o->buf[1]);
    free(o);
}

int qlb_observer_nodes(const qlb_observer *o) { return o->q; }
const double *qlb_observer_cartesian(const qlb_observer *o) { return o->cart; }

/* h at the q^d nodes (row-major, coordinate 1 slowest); returns the buffer. */
static double *values_at_nodes(qlb_observer *o)
{
    size_t n1 = (size_t)o->N + 1, rest = 1, q = (size_t)o->q;
    for (int j = 1; j < o->d; j++) rest *= n1;
    double *in = o->buf[0], *out = o->buf[1];
    memset(in, 0, rest * n1 * sizeof(double));
    for (size_t i = 0; i < o->nb; i++) in[o->cube_pos[i]] = o->cart[i];
    /* (n1, rest) -> (rest, q): the transformed axis moves to the end */
    for (int j = 0; j < o->d; j++) {
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasTrans, (int)rest, (int)q, (int)n1, 1.0, in,
                    (int)rest, o->P, (int)n1, 0.0, out, (int)q);
        double *t = in;
        in = out, out = t;
        if (j + 1 < o->d) rest = rest / n1 * q;
    }
    return in;
}

/* Entropy, negative mass, min F and the two moments by quadrature. */
static void quadrature(qlb_observer *o, qlb_observables *r)
{
    const double *h = values_at_nodes(o);
    int d = o->d, j[QLB_OBSERVE_MAX_DIM] = {0};
    double norm_m = pow(2 * M_PI, -0.5 * d);
    double ent = 0, neg = 0, m4 = 0, pdiff = 0, fmin = INFINITY;
    for (size_t k = 0; k < o->grid; k++) {
        double W = 1, v2 = 0;
        for (int i = 0; i < d; i++) {
            W *= o->weight[j[i]];
            v2 += o->x[j[i]] * o->x[j[i]];
        }
        double H = 1 + h[k], F = norm_m * exp(-v2 / 2) * H;
        ent += W * (H > 0 ? H * log(H) - H + 1 : 1);
        neg += W * (H < 0 ? -H : 0);
        m4 += W * v2 * v2 * H;
        pdiff += W * (o->x[j[0]] * o->x[j[0]] - o->x[j[1]] * o->x[j[1]]) * H;
        if (F < fmin) fmin = F;
        for (int i = d - 1; i >= 0 && ++j[i] == o->q; i--) j[i] = 0;
    }
    r->entropy = ent, r->negative_mass = neg, r->m4 = m4, r->pxx_minus_pyy = pdiff;
    r->min_f = fmin;
}

/* ||g - P g||: the coefficients other than the invariants' (summed
 * directly, no cancellation when g is close to an invariant). */
static double norm_off_invariants(const qlb_observer *o, const double *c)
{
    double sum = 0;
    for (size_t i = 0, k = 0; i < o->nb; i++) {
        if (k < (size_t)o->d + 2 && (size_t)o->invariant[k] == i) {
            k++;
            continue;
        }
        sum += c[i] * c[i];
    }
    return sqrt(sum);
}

/* Cartesian coefficient i, 0 for a function beyond the degree (index -1). */
static double cartesian_coefficient(const qlb_observer *o, size_t i)
{
    return i < o->nb ? o->cart[i] : 0;
}

double qlb_observe_decay_rate(double t0, double norm_perp0, double t1, double norm_perp1)
{
    return -log(norm_perp1 / norm_perp0) / (t1 - t0);
}

void qlb_observe(qlb_observer *o, const double *c, qlb_observables *r)
{
    memset(r, 0, sizeof *r);
    qlb_burnett_to_cartesian(o->burnett, c, o->cart);
    int d = o->d;
    double sum2e = 0;
    for (int i = 0; i < d; i++) {
        r->momentum[i] = cartesian_coefficient(o, o->e1[i]);
        sum2e += cartesian_coefficient(o, o->e2[i]);
    }
    r->mass = 1 + c[0];
    r->energy = 0.5 * (d * (1 + c[0]) + sqrt(2.0) * sum2e);
    r->norm = qlb_basis_norm(o->basis, o->cart, 0);
    r->norm_r1 = qlb_basis_norm(o->basis, o->cart, 1);
    r->norm_r2 = qlb_basis_norm(o->basis, o->cart, 2);
    r->norm_perp = norm_off_invariants(o, c);
    qlb_eigenbasis_to_eigen(o->E, c, o->w);
    for (size_t i = 0; i < o->nb; i++) r->dissipation += o->E->lambda[i] * o->w[i] * o->w[i];
    quadrature(o, r);
}
