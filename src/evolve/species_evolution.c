/* species_evolution.c — the linear evolution of several species
 * (docs/DESIGN.md §9): c(t) = exp(-t L) c0 block by block, from the
 * eigenpairs of every rotation block of the multi-species operator (LAPACK
 * dsyev once), applied to each harmonic m; and the linearized moments of
 * each species. With c_a = sqrt(n_a) chat_a (chat: the coefficients of g_a
 * in species a's own Hermite functions),
 *   delta n_a / n_a = chat_{0,0,0},  u_a1 = chat_{0,1,0} / sqrt(m_a),
 *   delta T_a / T = sqrt(2/d) chat_{1,0,0}
 * (f_{0,0,0} = sqrt(M), f_{0,1,0} = w_1 sqrt(M) with m = 0 the zonal
 * harmonic about the first axis, f_{1,0,0} = (|w|^2 - d)/sqrt(2d) sqrt(M)).
 * The invariants' components are taken out before the propagation and put
 * back after it (the propagated rest projected off them again): the
 * eigenvectors of the decaying modes carry components ~1e-15 along the
 * invariants, which would otherwise move the totals as the modes decay. */
#include "qlb/evolve.h"
#include "core/error.h"
#include "numerics/parallel.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct qlb_mixture_evolver {
    const qlb_mixop *L;
    qlb_basis *basis;
    int S, N, d;
    size_t nb;
    double **vectors, **values;  /* per l: eigenvectors (columns, row-major s x s) and eigenvalues */
    double **invariants;         /* per l: the invariants' orthonormal rows (counts[l] x s) */
    int *counts;
};

void qlb_mixture_evolver_free(qlb_mixture_evolver *E)
{
    if (!E) return;
    for (int l = 0; l <= E->N && E->vectors; l++) {
        free(E->vectors[l]);
        free(E->values[l]);
        free(E->invariants[l]);
    }
    free(E->vectors);
    free(E->values);
    free(E->invariants);
    free(E->counts);
    qlb_basis_free(E->basis);
    free(E);
}

static qlb_status decompose(qlb_mixture_evolver *E, int l)
{
    int s;
    const double *B = qlb_mixop_block(E->L, l, &s);
    E->vectors[l] = malloc((size_t)s * s * sizeof(double));
    E->values[l] = malloc((size_t)s * sizeof(double));
    E->invariants[l] = malloc((size_t)(QLB_MAX_SPECIES + 1) * s * sizeof(double));
    if (!E->vectors[l] || !E->values[l] || !E->invariants[l])
        return qlb_fail(QLB_ENOMEM, "species evolution: out of memory");
    E->counts[l] = qlb_mixop_invariants(E->L, l, E->invariants[l]);
    memcpy(E->vectors[l], B, (size_t)s * s * sizeof(double));
    int info = LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', s, E->vectors[l], s, E->values[l]);
    return info ? qlb_fail(QLB_ELAPACK, "species evolution: eigensolver failed on block l = %d", l) : QLB_OK;
}

qlb_status qlb_mixture_evolver_create(const qlb_mixop *L, qlb_mixture_evolver **out)
{
    *out = NULL;
    qlb_mixture_evolver *E = calloc(1, sizeof *E);
    if (!E) return qlb_fail(QLB_ENOMEM, "species evolution: out of memory");
    const qlb_params *p = qlb_mixop_params(L);
    E->L = L;
    E->S = qlb_mixop_species_count(L);
    E->N = p->degree;
    E->d = p->dim;
    E->vectors = calloc((size_t)E->N + 1, sizeof(double *));
    E->values = calloc((size_t)E->N + 1, sizeof(double *));
    E->invariants = calloc((size_t)E->N + 1, sizeof(double *));
    E->counts = calloc((size_t)E->N + 1, sizeof(int));
    qlb_status st = E->vectors && E->values && E->invariants && E->counts ? qlb_basis_create(E->d, E->N, &E->basis)
                                            : qlb_fail(QLB_ENOMEM, "species evolution: out of memory");
    qlb_blas_serial_begin(); /* LAPACK's results independent of the thread count */
    for (int l = 0; l <= E->N && !st; l++) st = decompose(E, l);
    qlb_blas_serial_end();
    if (st) {
        qlb_mixture_evolver_free(E);
        return st;
    }
    E->nb = qlb_basis_size(E->basis);
    *out = E;
    return QLB_OK;
}

size_t qlb_mixture_size(const qlb_mixture_evolver *E) { return (size_t)E->S * E->nb; }

/* x -= P x with P the projector on block l's invariants; their components
 * into alpha (if not NULL). */
static void remove_invariants(const qlb_mixture_evolver *E, int l, int s, double *x, double *alpha)
{
    const double *inv = E->invariants[l];
    for (int k = 0; k < E->counts[l]; k++) {
        double c = 0;
        for (int i = 0; i < s; i++) c += inv[k * s + i] * x[i];
        for (int i = 0; i < s; i++) x[i] -= c * inv[k * s + i];
        if (alpha) alpha[k] = c;
    }
}

/* y = exp(-t B_l) x for block l (s values; z scratch; x is modified): the
 * invariants' part of x as it is, the rest by V exp(-t w) V^T. */
static void propagate_block(const qlb_mixture_evolver *E, int l, int s, double t, double *x,
                            double *z, double *y)
{
    const double *V = E->vectors[l], *w = E->values[l], *inv = E->invariants[l];
    double alpha[QLB_MAX_SPECIES + 1];
    remove_invariants(E, l, s, x, alpha);
    for (int k = 0; k < s; k++) {
        double c = 0;
        for (int i = 0; i < s; i++) c += V[i * s + k] * x[i];
        z[k] = exp(-t * w[k]) * c;
    }
    for (int i = 0; i < s; i++) {
        double v = 0;
        for (int k = 0; k < s; k++) v += V[i * s + k] * z[k];
        y[i] = v;
    }
    remove_invariants(E, l, s, y, NULL);
    for (int k = 0; k < E->counts[l]; k++)
        for (int i = 0; i < s; i++) y[i] += alpha[k] * inv[k * s + i];
}

qlb_status qlb_mixture_evolve(const qlb_mixture_evolver *E, const double *c0, double t, double *c)
{
    if (!(t >= 0) || !isfinite(t)) return qlb_fail(QLB_EINVAL, "species evolution: t must be finite and >= 0");
    int S = E->S;
    size_t nb = E->nb;
    double *buf = malloc((size_t)3 * S * (E->N / 2 + 1) * sizeof(double));
    if (!buf) return qlb_fail(QLB_ENOMEM, "species evolution: out of memory");
    for (int l = 0; l <= E->N; l++) {
        int K = (E->N - l) / 2 + 1, s = S * K;
        double *x = buf, *z = buf + s, *y = buf + 2 * s;
        for (size_t m = 0; m < qlb_basis_dim_harmonic(l, E->d); m++) {
            for (int a = 0; a < S; a++)
                for (int n = 0; n < K; n++) x[a * K + n] = c0[a * nb + qlb_basis_spherical_index(E->basis, n, l, 0) + m];
            propagate_block(E, l, s, t, x, z, y);
            for (int a = 0; a < S; a++)
                for (int n = 0; n < K; n++) c[a * nb + qlb_basis_spherical_index(E->basis, n, l, 0) + m] = y[a * K + n];
        }
    }
    free(buf);
    return QLB_OK;
}

/* chat of species a at (n, l, m), 0 if the basis has no such function. */
static double scaled(const qlb_mixture_evolver *E, const double *c, int a, int n, int l)
{
    if (2 * n + l > E->N) return 0;
    return c[a * E->nb + qlb_basis_spherical_index(E->basis, n, l, 0)] / sqrt(qlb_mixop_species(E->L, a)->density);
}

void qlb_mixture_moments(const qlb_mixture_evolver *E, const double *c, int a, qlb_species_moments *out)
{
    const qlb_species *sp = qlb_mixop_species(E->L, a);
    double p2 = 0, d = E->d, nd = sqrt(sp->density);
    for (size_t m = 0; E->N >= 1 && m < (size_t)E->d; m++) {
        double v = c[a * E->nb + qlb_basis_spherical_index(E->basis, 0, 1, 0) + m] / nd;
        p2 += v * v; /* (sqrt(m_a) chat_{0,1,m})^2 / m_a */
    }
    double density = scaled(E, c, a, 0, 0), n = 1 + density;
    out->density = density;
    out->momentum = sqrt(sp->mass) * scaled(E, c, a, 0, 1);
    out->energy = d / 2 * density + sqrt(d / 2) * scaled(E, c, a, 1, 0);
    out->velocity = out->momentum / (sp->mass * n);
    out->speed = sqrt(p2 / sp->mass) / n;
    /* (2/d) (energy of F_a less its drift's) / n - 1 */
    out->temperature = (2 / d * (d / 2 + out->energy - p2 / (2 * n)) - n) / n;
}
