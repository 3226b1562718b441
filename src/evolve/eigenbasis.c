/* eigenbasis.c — the eigendecomposition of L by rotation blocks, and the
 * group-by-group changes of coordinates it defines (see eigenbasis.h). */
#include "evolve/eigenbasis.h"
#include "qlb/basis.h"
#include "basis/collision_invariants.h"
#include "core/error.h"
#include "operator/linear_operator.h"
#include "analysis/species_spectrum.h"
#include "numerics/parallel.h"

#include <lapacke.h>
#include <stdlib.h>
#include <string.h>

static int block_size(int N, int l) { return (N - l) / 2 + 1; }

/* V_l = identity on the invariants, eigenvectors of the complement below;
 * lam[k] = eigenvalue of column k. */
static qlb_status diagonalize_block(const qlb_linop *L, int l, double *V, double *lam)
{
    int s = block_size(qlb_linop_params(L)->degree, l), skip = qlb_invariants_in_block(l), m;
    double *A;
    qlb_status st = qlb_linop_block_complement(L, l, &A, &m);
    if (st) return st;
    memset(V, 0, (size_t)s * s * sizeof(double));
    for (int k = 0; k < s && k < skip; k++) {
        V[(size_t)k * s + k] = 1;
        lam[k] = 0;
    }
    if (m > 0) {
        int info = LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', m, A, m, lam + skip);
        if (info) st = qlb_fail(QLB_ELAPACK, "eigenbasis: eigensolver failed on block l = %d", l);
        for (int i = 0; i < m && !st; i++)
            memcpy(V + (size_t)(i + skip) * s + skip, A + (size_t)i * m, (size_t)m * sizeof(double));
    }
    free(A);
    return st;
}

/* Groups (l, m) and their indices, ordered by species, then n: species a's
 * f_{n,l,m} at a nb + its spherical index (S = 1: one species). */
static qlb_status make_groups(qlb_eigenbasis *E, const qlb_basis *b, int N, int d, int S)
{
    size_t *first = calloc((size_t)N + 2, sizeof(size_t)), nb = qlb_basis_size(b);
    if (!first) return qlb_fail(QLB_ENOMEM, "eigenbasis: out of memory");
    for (int l = 0; l <= N; l++) first[l + 1] = first[l] + qlb_basis_dim_harmonic(l, d);
    E->groups = (int)first[N + 1];
    E->group_l = malloc((size_t)E->groups * sizeof(int));
    E->offset = malloc(((size_t)E->groups + 1) * sizeof(size_t));
    E->index = malloc(E->size * sizeof(size_t));
    if (!E->group_l || !E->offset || !E->index) {
        free(first);
        return qlb_fail(QLB_ENOMEM, "eigenbasis: out of memory");
    }
    E->offset[0] = 0;
    for (int l = 0, g = 0; l <= N; l++)
        for (size_t m = 0; m < first[l + 1] - first[l]; m++, g++) {
            E->group_l[g] = l;
            E->offset[g + 1] = E->offset[g] + (size_t)S * block_size(N, l);
        }
    for (size_t i = 0; i < nb; i++) {
        int n, l, m;
        qlb_basis_spherical_label(b, i, &n, &l, &m);
        for (int a = 0; a < S; a++)
            E->index[E->offset[first[l] + (size_t)m] + (size_t)a * block_size(N, l) + (size_t)n] = (size_t)a * nb + i;
    }
    free(first);
    return QLB_OK;
}

/* What fill needs of an operator: its degree, dimension, species count and
 * each block's eigenvectors (V_l, s x s) and eigenvalues. */
typedef struct {
    int N, d, S;
    qlb_status (*block)(const void *op, int l, double *V, double *lam);
    const void *op;
} operator_blocks;

static qlb_status linop_block(const void *op, int l, double *V, double *lam)
{
    return diagonalize_block(op, l, V, lam);
}

static qlb_status mixop_block(const void *op, int l, double *V, double *lam)
{
    return qlb_mixop_block_eigen(op, l, V, lam);
}

static qlb_status fill(qlb_eigenbasis *E, const operator_blocks *op)
{
    int N = op->N, S = op->S;
    qlb_basis *b;
    qlb_status st = qlb_basis_create(op->d, N, &b);
    if (st) return st;
    E->size = (size_t)S * qlb_basis_size(b);
    E->degree = N;
    E->lambda = malloc(E->size * sizeof(double));
    E->vectors = calloc((size_t)N + 1, sizeof(double *));
    size_t stride = (size_t)S * (N / 2 + 1);
    double *lam = malloc(stride * (size_t)(N + 1) * sizeof(double));
    st = E->lambda && E->vectors && lam ? make_groups(E, b, N, op->d, S)
                                         : qlb_fail(QLB_ENOMEM, "eigenbasis: out of memory");
    for (int l = 0; l <= N && !st; l++) {
        int s = S * block_size(N, l);
        E->vectors[l] = malloc((size_t)s * s * sizeof(double));
        st = E->vectors[l] ? op->block(op->op, l, E->vectors[l], lam + (size_t)l * stride)
                           : qlb_fail(QLB_ENOMEM, "eigenbasis: out of memory");
    }
    for (int g = 0; g < E->groups && !st; g++)
        for (size_t k = E->offset[g]; k < E->offset[g + 1]; k++) {
            double v = lam[(size_t)E->group_l[g] * stride + (k - E->offset[g])];
            E->lambda[E->index[k]] = v;
            if (v > E->lambda_max) E->lambda_max = v;
        }
    free(lam);
    qlb_basis_free(b);
    return st;
}

static qlb_status create(const operator_blocks *op, qlb_eigenbasis **out)
{
    *out = NULL;
    qlb_eigenbasis *E = calloc(1, sizeof *E);
    if (!E) return qlb_fail(QLB_ENOMEM, "eigenbasis: out of memory");
    qlb_status st = fill(E, op);
    if (st) {
        qlb_eigenbasis_free(E);
        return st;
    }
    *out = E;
    return QLB_OK;
}

qlb_status qlb_eigenbasis_create(const qlb_linop *L, qlb_eigenbasis **out)
{
    const qlb_params *p = qlb_linop_params(L);
    operator_blocks op = {p->degree, p->dim, 1, linop_block, L};
    return create(&op, out);
}

qlb_status qlb_eigenbasis_create_mixture(const qlb_mixop *L, qlb_eigenbasis **out)
{
    const qlb_params *p = qlb_mixop_params(L);
    operator_blocks op = {p->degree, p->dim, qlb_mixop_species_count(L), mixop_block, L};
    qlb_blas_serial_begin(); /* LAPACK's results independent of the thread count */
    qlb_status st = create(&op, out);
    qlb_blas_serial_end();
    return st;
}

void qlb_eigenbasis_free(qlb_eigenbasis *E)
{
    if (!E) return;
    if (E->vectors)
        for (int l = 0; l <= E->degree; l++) free(E->vectors[l]);
    free(E->vectors);
    free(E->group_l);
    free(E->offset);
    free(E->index);
    free(E->lambda);
    free(E);
}

/* out_g = V_l^T in_g (transpose) or V_l in_g, group by group. */
static void transform(const qlb_eigenbasis *E, const double *in, double *out, int transpose)
{
    for (int g = 0; g < E->groups; g++) {
        const size_t *idx = E->index + E->offset[g];
        size_t s = E->offset[g + 1] - E->offset[g];
        const double *V = E->vectors[E->group_l[g]];
        for (size_t i = 0; i < s; i++) {
            double sum = 0;
            for (size_t k = 0; k < s; k++)
                sum += (transpose ? V[k * s + i] : V[i * s + k]) * in[idx[k]];
            out[idx[i]] = sum;
        }
    }
}

void qlb_eigenbasis_to_eigen(const qlb_eigenbasis *E, const double *c, double *w)
{
    transform(E, c, w, 1);
}

void qlb_eigenbasis_from_eigen(const qlb_eigenbasis *E, const double *w, double *c)
{
    transform(E, w, c, 0);
}

void qlb_eigenbasis_apply_minus_L(const qlb_eigenbasis *E, const double *c, double *y,
                                  double *work)
{
    transform(E, c, work, 1);
    for (size_t i = 0; i < E->size; i++) work[i] *= -E->lambda[i];
    transform(E, work, y, 0);
}

void qlb_eigenbasis_minus_L_dense(const qlb_eigenbasis *E, double *A)
{
    size_t n = E->size;
    memset(A, 0, n * n * sizeof(double));
    for (int g = 0; g < E->groups; g++) {
        const size_t *idx = E->index + E->offset[g];
        size_t s = E->offset[g + 1] - E->offset[g];
        const double *V = E->vectors[E->group_l[g]];
        for (size_t i = 0; i < s; i++)
            for (size_t j = 0; j < s; j++) {
                double sum = 0;
                for (size_t k = 0; k < s; k++)
                    sum += V[i * s + k] * E->lambda[idx[k]] * V[j * s + k];
                A[idx[i] * n + idx[j]] = -sum;
            }
    }
}
