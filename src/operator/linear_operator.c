/* linear_operator.c — the rotation blocks of L from the parallel kernel Kt:
 *
 *   block_l = (c_d/2) (T1 - T2),      (Gram of (3.5): c_d T1; of (3.6): T1)
 *   T1[n,n'] = |S^{d-2}| Int dx1 dy1 Int rho^{d-2} drho
 *              R_nl(|x|) R_n'l(|y|) G_l(x.y/|x||y|) Kt(x1, y1),
 *              x = (x1, rho), y = (y1, rho), x.y = x1 y1 + rho^2,
 *   T2 = beta Kt beta^T,
 *   beta[n,p] = Int R_nl(|x|) G_l(x1/|x|) psi_p(x1) nu(x_perp) dx,
 *
 * with Kt(x1,y1) = sum_pq Kt[p,q] psi_p(x1) psi_q(y1) and nu the Gaussian
 * ground state of R^{d-1} (DESIGN.md §4). All integrands are polynomials
 * times exp(-x1^2/2 - y1^2/2 - rho^2/2), so Gauss–Hermite in x1, y1
 * (N+1 nodes) and generalized Gauss–Laguerre in t = rho^2/2
 * (alpha = (d-3)/2, N/2+1 nodes) are exact. Per rho node and l the double
 * sum over (x1, y1) nodes is two matrix products. */
#include "operator/linear_operator.h"
#include "qlb/linop.h"
#include "basis/collision_invariants.h"
#include "core/error.h"
#include "core/limits.h"
#include "numerics/gauss_rules.h"
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
    qlb_potential *owned; /* a loaded operator's potential (params.potential), or NULL */
};

typedef struct {
    int N, d, nq, nr;
    double *x, *wx;        /* x1 nodes, scaled weights for exp(-x^2/2) */
    double *rho, *wrho;    /* rho nodes, weights incl. 2^alpha |S^{d-2}| */
    double *psi;           /* psi_p(x_i): (N+1) x nq */
    double *Kw;            /* w_i w_j Kt(x_i, x_j): nq x nq */
    double *R;             /* R_nl(r_i): per l, size_l x nq */
    double *Gpair;         /* G_l(cos_ij): (N+1) x nq x nq */
    double *Gaxis;         /* G_l(x_i / r_i): nq x (N+1) */
    double *M, *Y, *Z;     /* scratch */
    double **T1, **beta;   /* per l */
} assembly;

static int block_size(int N, int l) { return (N - l) / 2 + 1; }

static qlb_status assembly_rules(assembly *A)
{
    qlb_status st = qlb_gauss_rule(QLB_GAUSS_HERMITE, A->nq, 0, A->x, A->wx);
    for (int i = 0; i < A->nq; i++) {
        A->x[i] *= M_SQRT2;
        A->wx[i] *= M_SQRT2;
    }
    double alpha = (A->d - 3) / 2.0;
    if (!st) st = qlb_gauss_rule(QLB_GAUSS_LAGUERRE, A->nr, alpha, A->rho, A->wrho);
    double scale = pow(2.0, alpha) * qlb_sphere_area(A->d - 1);
    for (int k = 0; k < A->nr; k++) {
        A->rho[k] = sqrt(2 * A->rho[k]);
        A->wrho[k] *= scale;
    }
    return st;
}

static qlb_status assembly_alloc(assembly *A)
{
    size_t nq = (size_t)A->nq, nk = (size_t)A->N + 1;
    A->x = malloc(nq * sizeof(double));
    A->wx = malloc(nq * sizeof(double));
    A->rho = malloc((size_t)A->nr * sizeof(double));
    A->wrho = malloc((size_t)A->nr * sizeof(double));
    A->psi = malloc(nk * nq * sizeof(double));
    A->Kw = malloc(nq * nq * sizeof(double));
    A->R = malloc(nk * nk * nq * sizeof(double));
    A->Gpair = malloc(nk * nq * nq * sizeof(double));
    A->Gaxis = malloc(nq * nk * sizeof(double));
    A->M = malloc(nq * nq * sizeof(double));
    A->Y = malloc(nk * nq * sizeof(double));
    A->Z = malloc(nk * nk * sizeof(double));
    A->T1 = calloc(nk, sizeof(double *));
    A->beta = calloc(nk, sizeof(double *));
    int ok = A->x && A->wx && A->rho && A->wrho && A->psi && A->Kw && A->R && A->Gpair &&
             A->Gaxis && A->M && A->Y && A->Z && A->T1 && A->beta;
    for (int l = 0; ok && l <= A->N; l++) {
        size_t s = (size_t)block_size(A->N, l);
        A->T1[l] = calloc(s * s, sizeof(double));
        A->beta[l] = calloc(s * nk, sizeof(double));
        ok = A->T1[l] && A->beta[l];
    }
    return ok ? QLB_OK : qlb_fail(QLB_ENOMEM, "operator assembly: out of memory");
}

static void assembly_free(assembly *A)
{
    for (int l = 0; A->T1 && l <= A->N; l++) free(A->T1[l]);
    for (int l = 0; A->beta && l <= A->N; l++) free(A->beta[l]);
    free(A->T1);
    free(A->beta);
    free(A->x);
    free(A->wx);
    free(A->rho);
    free(A->wrho);
    free(A->psi);
    free(A->Kw);
    free(A->R);
    free(A->Gpair);
    free(A->Gaxis);
    free(A->M);
    free(A->Y);
    free(A->Z);
}

/* psi_p at the x nodes and Kw = W Psi^T Kt Psi W. */
static void kernel_on_nodes(assembly *A, const double *Kt)
{
    int nk = A->N + 1, nq = A->nq;
    double *col = A->Z;
    for (int i = 0; i < nq; i++) {
        qlb_hermite_functions(A->N, A->x[i], col);
        for (int p = 0; p < nk; p++) A->psi[p * nq + i] = col[p];
    }
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, nk, nq, nk, 1.0, Kt, nk, A->psi,
                nq, 0.0, A->Y, nq);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, nq, nq, nk, 1.0, A->psi, nq, A->Y,
                nq, 0.0, A->Kw, nq);
    for (int i = 0; i < nq; i++)
        for (int j = 0; j < nq; j++) A->Kw[i * nq + j] *= A->wx[i] * A->wx[j];
}

/* Radial functions and zonal polynomials at rho node k. */
static void functions_at_rho(assembly *A, double rho)
{
    int N = A->N, nq = A->nq, nk = N + 1;
    double *tmp = A->Z, r[QLB_MAX_DEGREE + 1];
    for (int i = 0; i < nq; i++) {
        r[i] = hypot(A->x[i], rho);
        qlb_zonal_polynomials(A->d, N, A->x[i] / r[i], A->Gaxis + (size_t)i * nk);
        for (int l = 0; l <= N; l++) {
            int s = block_size(N, l);
            qlb_radial_functions(A->d, l, s - 1, r[i], tmp);
            for (int n = 0; n < s; n++) A->R[((size_t)l * nk + n) * nq + i] = tmp[n];
        }
    }
    for (int i = 0; i < nq; i++)
        for (int j = 0; j < nq; j++) {
            double c = (A->x[i] * A->x[j] + rho * rho) / (r[i] * r[j]);
            qlb_zonal_polynomials(A->d, N, c, tmp);
            for (int l = 0; l <= N; l++) A->Gpair[((size_t)l * nq + i) * nq + j] = tmp[l];
        }
}

/* Adds the contributions of one rho node to T1 and beta of every l. */
static void accumulate_rho(assembly *A, double rho, double w)
{
    int N = A->N, nq = A->nq, nk = N + 1;
    double nu = pow(2 * M_PI, -(A->d - 1) / 4.0) * exp(-rho * rho / 4);
    functions_at_rho(A, rho);
    for (int l = 0; l <= N; l++) {
        int s = block_size(N, l);
        const double *R = A->R + (size_t)l * nk * nq, *G = A->Gpair + (size_t)l * nq * nq;
        for (int i = 0; i < nq * nq; i++) A->M[i] = A->Kw[i] * G[i];
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s, nq, nq, 1.0, R, nq, A->M,
                    nq, 0.0, A->Y, nq);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, s, s, nq, w, A->Y, nq, R, nq,
                    1.0, A->T1[l], s);
        for (int n = 0; n < s; n++)
            for (int i = 0; i < nq; i++)
                A->Y[n * nq + i] = R[n * nq + i] * A->wx[i] * A->Gaxis[(size_t)i * nk + l];
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, s, nk, nq, w * nu, A->Y, nq,
                    A->psi, nq, 1.0, A->beta[l], nk);
    }
}

/* block_l = (c_d/2) (T1 - beta Kt beta^T) for L, c_d T1 or T1 for the
 * norms, symmetrized; returns the relative asymmetry before symmetrization. */
static double finish_block(assembly *A, const double *Kt, int l, qlb_form form, double *B)
{
    int s = block_size(A->N, l), nk = A->N + 1;
    double cd = 2 / pow(2 * M_PI, A->d);
    double scale = form == QLB_FORM_COLLISION ? cd / 2 : form == QLB_FORM_NORM_HBAR ? cd : 1;
    memcpy(B, A->T1[l], (size_t)s * s * sizeof(double));
    if (form == QLB_FORM_COLLISION) {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s, nk, nk, 1.0, A->beta[l], nk,
                    Kt, nk, 0.0, A->Z, nk);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, s, s, nk, -1.0, A->Z, nk,
                    A->beta[l], nk, 1.0, B, s);
    }
    double asym = 0, big = 0;
    for (int i = 0; i < s; i++)
        for (int j = 0; j <= i; j++) {
            asym = fmax(asym, fabs(B[i * s + j] - B[j * s + i]));
            big = fmax(big, fabs(B[i * s + j]));
            double v = scale / 2 * (B[i * s + j] + B[j * s + i]);
            B[i * s + j] = B[j * s + i] = v;
        }
    return big > 0 ? asym / big : 0;
}

static qlb_status assemble_blocks(qlb_linop *L)
{
    assembly A;
    memset(&A, 0, sizeof A);
    A.N = L->params.degree;
    A.d = L->params.dim;
    A.nq = A.N + 1;
    A.nr = A.N / 2 + 1;
    qlb_status st = assembly_alloc(&A);
    if (!st) st = assembly_rules(&A);
    if (!st) {
        kernel_on_nodes(&A, L->kernel);
        for (int k = 0; k < A.nr; k++) accumulate_rho(&A, A.rho[k], A.wrho[k]);
        for (int l = 0; l <= A.N; l++)
            L->info.asymmetry =
                fmax(L->info.asymmetry, finish_block(&A, L->kernel, l, L->form, L->block[l]));
    }
    assembly_free(&A);
    return st;
}

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
    int ok = L->kernel && L->block;
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
    if (!st) st = qlb_parallel_kernel(p, form, L->kernel, &L->info);
    if (!st) st = assemble_blocks(L);
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
    free(L);
}

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
