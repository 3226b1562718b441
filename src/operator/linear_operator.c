/* linear_operator.c — the operator handle: L (or a dissipation form) is
 * its parallel kernel Kt (parallel_kernel.c) and its rotation blocks
 * (block_assembly.c); truncation to a lower degree, application to a
 * vector block by block, and the dense spherical and Cartesian matrices. */
#include "operator/linear_operator.h"
#include "qlb/linop.h"
#include "basis/collision_invariants.h"
#include "core/error.h"
#include "core/limits.h"
#include "numerics/gauss_rules.h"
#include "operator/block_assembly.h"
#include "operator/parallel_kernel.h"
#include "physics/parameters.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct qlb_linop {
    qlb_params params;
    qlb_form form;
    qlb_linop_info info;
    double *kernel;   /* (N+1)^2 */
    double **block;   /* block[l]: size_l^2 */
    double *noise;    /* noise[l]: absolute error of block l's entries (0: unknown, loaded) */
    qlb_potential *owned; /* a loaded operator's potential (params.potential), or NULL */
};

static int block_size(int N, int l) { return (N - l) / 2 + 1; }

qlb_status qlb_linop_create(const qlb_params *p, qlb_linop **out)
{
    return qlb_linop_create_form(p, QLB_FORM_COLLISION, out);
}

/* An object with room for the kernel and blocks of degree p->degree. */
static qlb_status linop_alloc(const qlb_params *p, qlb_form form, qlb_linop **out)
{
    qlb_linop *L = calloc(1, sizeof *L);
    if (!L) return qlb_fail(QLB_ENOMEM, "operator: out of memory");
    L->params = *p;
    L->form = form;
    int N = p->degree;
    size_t nk = (size_t)N + 1;
    L->kernel = malloc(nk * nk * sizeof(double));
    L->block = calloc(nk, sizeof(double *));
    L->noise = calloc(nk, sizeof(double));
    int ok = L->kernel && L->block && L->noise;
    for (int l = 0; ok && l <= N; l++) {
        size_t s = (size_t)block_size(N, l);
        ok = (L->block[l] = malloc(s * s * sizeof(double))) != NULL;
    }
    if (!ok) {
        qlb_linop_free(L);
        return qlb_fail(QLB_ENOMEM, "operator: out of memory");
    }
    *out = L;
    return QLB_OK;
}

/* The norms need more decay of Vhat at large k than L: (3.5) for hbar > 0
 * contains Int k^(d-2) Vhat^2 dk (the term g(v1')^2 M(v2) does not decay
 * as the momentum transfer grows), its hbar = 0 limit and (3.6) contain
 * Int k^d Vhat^2 dk. Checked for the power and algebraic families. */
static qlb_status check_form(const qlb_params *p, qlb_form form)
{
    if (form == QLB_FORM_COLLISION) return QLB_OK;
    int hbar_norm = form == QLB_FORM_NORM_HBAR && p->hbar > 0;
    return qlb_check_large_k(p->potential, hbar_norm ? p->dim - 1 : p->dim + 1,
                             form == QLB_FORM_NORM_HBAR ? "the dissipation norm (3.5)"
                                                        : "the dissipation norm (3.6)");
}

qlb_status qlb_linop_create_form(const qlb_params *p, qlb_form form, qlb_linop **out)
{
    *out = NULL;
    qlb_linop *L = NULL;
    qlb_status st = qlb_params_check(p);
    if (!st) st = check_form(p, form);
    if (!st) st = linop_alloc(p, form, &L);
    if (!st) st = qlb_parallel_kernel(p, form, NULL, L->kernel, &L->info);
    if (!st) st = qlb_assemble_blocks(p, form, L->kernel, L->block, &L->info.asymmetry, L->noise);
    if (st) {
        qlb_linop_free(L);
        return st;
    }
    *out = L;
    return QLB_OK;
}

qlb_status qlb_linop_truncate(const qlb_linop *L, int degree, qlb_linop **out)
{
    *out = NULL;
    int N = L->params.degree;
    if (degree < 0 || degree > N)
        return qlb_fail(QLB_EINVAL, "truncation degree %d outside 0..%d", degree, N);
    qlb_params p = L->params;
    p.degree = degree;
    qlb_linop *T;
    qlb_status st = linop_alloc(&p, L->form, &T);
    if (st) return st;
    T->info = L->info;
    for (int i = 0; i <= degree; i++)
        memcpy(T->kernel + (size_t)i * (degree + 1), L->kernel + (size_t)i * (N + 1),
               (size_t)(degree + 1) * sizeof(double));
    for (int l = 0; l <= degree; l++) {
        int s = block_size(degree, l), S = block_size(N, l);
        T->noise[l] = L->noise[l];
        for (int i = 0; i < s; i++)
            memcpy(T->block[l] + (size_t)i * s, L->block[l] + (size_t)i * S,
                   (size_t)s * sizeof(double));
    }
    *out = T;
    return QLB_OK;
}

qlb_status qlb_linop_block_complement(const qlb_linop *L, int l, double **out, int *m)
{
    int s, skip = qlb_invariants_in_block(l);
    const double *B = qlb_linop_block(L, l, &s);
    *out = NULL;
    *m = s > skip ? s - skip : 0;
    if (!*m) return QLB_OK;
    double *A = malloc((size_t)*m * *m * sizeof(double));
    if (!A) return qlb_fail(QLB_ENOMEM, "operator: out of memory");
    for (int i = 0; i < *m; i++)
        memcpy(A + (size_t)i * *m, B + (size_t)(i + skip) * s + skip, (size_t)*m * sizeof(double));
    *out = A;
    return QLB_OK;
}

qlb_status qlb_linop_from_parts(const qlb_params *p, qlb_form form, const qlb_linop_info *info,
                                const double *kernel, const double *blocks, qlb_potential *owned,
                                qlb_linop **out)
{
    *out = NULL;
    qlb_linop *L;
    qlb_status st = linop_alloc(p, form, &L);
    if (st) {
        qlb_potential_free(owned);
        return st;
    }
    int N = p->degree;
    L->info = *info;
    L->owned = owned;
    memcpy(L->kernel, kernel, (size_t)(N + 1) * (N + 1) * sizeof(double));
    for (int l = 0; l <= N; l++) {
        size_t s = (size_t)block_size(N, l);
        memcpy(L->block[l], blocks, s * s * sizeof(double));
        blocks += s * s;
    }
    *out = L;
    return QLB_OK;
}

void qlb_linop_free(qlb_linop *L)
{
    if (!L) return;
    qlb_potential_free(L->owned);
    for (int l = 0; L->block && l <= L->params.degree; l++) free(L->block[l]);
    free(L->block);
    free(L->kernel);
    free(L->noise);
    free(L);
}

double qlb_linop_block_noise(const qlb_linop *L, int l) { return L->noise[l]; }

const qlb_params *qlb_linop_params(const qlb_linop *L) { return &L->params; }
qlb_linop_info qlb_linop_get_info(const qlb_linop *L) { return L->info; }
const double *qlb_linop_kernel(const qlb_linop *L) { return L->kernel; }
qlb_form qlb_linop_form(const qlb_linop *L) { return L->form; }

const double *qlb_linop_block(const qlb_linop *L, int l, int *size)
{
    *size = block_size(L->params.degree, l);
    return L->block[l];
}

void qlb_linop_spherical(const qlb_linop *L, const qlb_basis *basis, double *out)
{
    size_t nb = qlb_basis_size(basis);
    memset(out, 0, nb * nb * sizeof(double));
    for (size_t i = 0; i < nb; i++)
        for (size_t j = 0; j < nb; j++) {
            int n, l, m, n2, l2, m2, s;
            qlb_basis_spherical_label(basis, i, &n, &l, &m);
            qlb_basis_spherical_label(basis, j, &n2, &l2, &m2);
            if (l == l2 && m == m2) out[i * nb + j] = qlb_linop_block(L, l, &s)[n * s + n2];
        }
}

qlb_status qlb_linop_apply(const qlb_linop *L, const qlb_basis *basis, const double *x, double *y)
{
    const qlb_params *p = qlb_linop_params(L);
    if (qlb_basis_dim(basis) != p->dim || qlb_basis_degree(basis) != p->degree)
        return qlb_fail(QLB_EINVAL, "apply: the basis (d = %d, N = %d) is not the operator's (d = %d, N = %d)",
                        qlb_basis_dim(basis), qlb_basis_degree(basis), p->dim, p->degree);
#pragma omp parallel for schedule(dynamic, 1)
    for (int l = 0; l <= p->degree; l++) {
        int K;
        const double *B = qlb_linop_block(L, l, &K);
        size_t first[QLB_MAX_DEGREE / 2 + 1];
        for (int n = 0; n < K; n++) first[n] = qlb_basis_spherical_index(basis, n, l, 0);
        for (size_t m = 0; m < qlb_basis_dim_harmonic(l, p->dim); m++)
            for (int n = 0; n < K; n++) {
                double s = 0;
                for (int k = 0; k < K; k++) s += B[n * K + k] * x[first[k] + m];
                y[first[n] + m] = s;
            }
    }
    return QLB_OK;
}

/* Column of f_{n,l,0} inside the matrix U_s of its shell s = 2n + l:
 * the l' < l of the same parity come first. */
static size_t column_in_shell(int s, int l, int d)
{
    size_t c = 0;
    for (int lp = s & 1; lp < l; lp += 2) c += qlb_basis_dim_harmonic(lp, d);
    return c;
}

static int same_parity(const int *a, const int *b, int d)
{
    for (int i = 0; i < d; i++)
        if ((a[i] ^ b[i]) & 1) return 0;
    return 1;
}

void qlb_linop_cartesian(const qlb_linop *L, const qlb_basis *basis,
                         const qlb_burnett *burnett, double *out)
{
    int N = L->params.degree, d = L->params.dim;
    size_t nb = qlb_basis_size(basis);
    memset(out, 0, nb * nb * sizeof(double));
    for (int l = 0; l <= N; l++) {
        int h = (int)qlb_basis_dim_harmonic(l, d), s;
        const double *B = qlb_linop_block(L, l, &s);
        for (int n = 0; n < s; n++)
            for (int n2 = 0; n2 < s; n2++) {
                int sh = 2 * n + l, sh2 = 2 * n2 + l;
                size_t c = column_in_shell(sh, l, d), c2 = column_in_shell(sh2, l, d);
                size_t ns = qlb_basis_shell_size(basis, sh), ns2 = qlb_basis_shell_size(basis, sh2);
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)ns, (int)ns2, h,
                            B[n * s + n2], qlb_burnett_shell(burnett, sh) + c, (int)ns,
                            qlb_burnett_shell(burnett, sh2) + c2, (int)ns2, 1.0,
                            out + qlb_basis_shell_offset(basis, sh) * nb +
                                qlb_basis_shell_offset(basis, sh2),
                            (int)nb);
            }
    }
    for (size_t i = 0; i < nb; i++)
        for (size_t j = 0; j < nb; j++)
            if (!same_parity(qlb_basis_multi_index(basis, i), qlb_basis_multi_index(basis, j), d))
                out[i * nb + j] = 0;
}
