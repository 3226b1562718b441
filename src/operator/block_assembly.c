/* block_assembly.c — the rotation blocks of L (or of a norm) from its
 * parallel kernel Kt (docs/DESIGN.md §3):
 *
 *   block_l = (c_d/2) (T1 - T2),      (Gram of (3.5): c_d T1; of (3.6): T1)
 *   T1[n,n'] = |S^{d-2}| Int dx1 dy1 Int rho^{d-2} drho
 *              R_nl(|x|) R_n'l(|y|) G_l(x.y/|x||y|) Kt(x1, y1),
 *              x = (x1, rho), y = (y1, rho), x.y = x1 y1 + rho^2,
 *   T2 = beta Kt beta^T,
 *   beta[n,p] = Int R_nl(|x|) G_l(x1/|x|) psi_p(x1) nu(x_perp) dx,
 *
 * with Kt(x1,y1) = sum_pq Kt[p,q] psi_p(x1) psi_q(y1) and nu the Gaussian
 * ground state of R^{d-1}. All integrands are polynomials times
 * exp(-x1^2/2 - y1^2/2 - rho^2/2), so Gauss–Hermite in x1, y1 (N+1 nodes)
 * and generalized Gauss–Laguerre in t = rho^2/2 (alpha = (d-3)/2, N/2+1
 * nodes) are exact.
 *
 * Parity: the x1 nodes come in pairs +-x. R_nl(|x|) and G_l(x.y/|x||y|)
 * are unchanged by (x1, y1) -> (-x1, -y1), and beta[n,p] = 0 unless l + p
 * is even; so only the part of Kt with p + q even contributes (the rest
 * cancels), and the sums run over the nodes x >= 0 only (the node x = 0
 * with half weight):
 *
 *   T1 = sum_rho w_rho R M R^T,  M[k,m] = 2 [Kw(x_k, x_m) G_l(c+_km) + Kw(x_k, -x_m) G_l(c-_km)],
 *   c+-_km = (+-x_k x_m + rho^2) / (r_k r_m),
 *
 * a quarter of the products and half of the zonal polynomials of the plain
 * double sum. Per rho node (in order) the functions of every l are
 * tabulated in batches; then the blocks l are accumulated on parallel
 * threads, each block by one thread, so the result does not depend on the
 * number of threads.
 *
 * Several species (docs/DESIGN.md §9): block l has S x S sub-blocks of
 * size_l, species-major, (c_d/2) (delta_ab T1[test_a] - beta field_ab beta^T).
 * T1 is linear in the kernel, so each species' test kernel (already summed
 * over its partners) costs one T1, and the functions at each rho node,
 * which do not depend on the kernel, are tabulated once for all species. */
#include "operator/block_assembly.h"
#include "basis/basis_functions.h"
#include "core/error.h"
#include "numerics/gauss_rules.h"
#include "numerics/parallel.h"

#include <cblas.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int N, d, nq, nh, nr, nk, npairs;
    int S;                 /* species: T1 and the kernel on the nodes per species */
    double *x, *wx;        /* x1 nodes >= 0 (nh), weights for exp(-x^2/2) (the x = 0 one halved) */
    double *rho, *wrho;    /* rho nodes, weights incl. 2^alpha |S^{d-2}| */
    double *psi;           /* psi_p(x_k): nk x nh */
    double *Kpm;           /* per species: w_k w_m Kt(x_k, +-x_m), nh x nh each (+ then -) */
    double *r, *axis;      /* |x| and x1/|x| per node at the current rho */
    double *R;             /* R_nl(r_k): l-th slab nk x nh (rows n < size_l) */
    double *cosines;       /* c+ (npairs), then c- (npairs), pairs k <= m */
    double *Gpair;         /* G_l of the cosines: (N+1) x 2 npairs */
    double *Gaxis;         /* G_l(x_k / r_k): (N+1) x nh */
    double *scratch;       /* per thread: M (nh^2), Y (nk x nh) */
    double **T1, **beta;   /* T1 per species and l (index a (N+1) + l), beta per l */
} assembly;

static int block_size(int N, int l) { return (N - l) / 2 + 1; }

/* The nonnegative half of the Gauss–Hermite rule for exp(-x^2/2), and the
 * rho rule. */
static qlb_status assembly_rules(assembly *A)
{
    qlb_status st = qlb_half_hermite_rule(A->nq, A->x, A->wx);
    for (int k = 0; k < A->nh; k++) {
        A->x[k] *= M_SQRT2;
        A->wx[k] *= M_SQRT2;
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

static qlb_status assembly_alloc(assembly *A, int threads)
{
    size_t nh = (size_t)A->nh, nk = (size_t)A->nk, np = (size_t)A->npairs;
    A->x = malloc(nh * sizeof(double));
    A->wx = malloc(nh * sizeof(double));
    A->rho = malloc((size_t)A->nr * sizeof(double));
    A->wrho = malloc((size_t)A->nr * sizeof(double));
    A->psi = malloc(nk * nh * sizeof(double));
    A->Kpm = malloc((size_t)A->S * 2 * nh * nh * sizeof(double));
    A->r = malloc(2 * nh * sizeof(double));
    A->R = malloc(nk * nk * nh * sizeof(double));
    A->cosines = malloc(2 * np * sizeof(double));
    A->Gpair = malloc(nk * 2 * np * sizeof(double));
    A->Gaxis = malloc(nk * nh * sizeof(double));
    A->scratch = malloc((size_t)threads * (nh * nh + nk * nh) * sizeof(double));
    A->T1 = calloc((size_t)A->S * nk, sizeof(double *));
    A->beta = calloc(nk, sizeof(double *));
    int ok = A->x && A->wx && A->rho && A->wrho && A->psi && A->Kpm && A->r && A->R && A->cosines &&
             A->Gpair && A->Gaxis && A->scratch && A->T1 && A->beta;
    if (ok) A->axis = A->r + nh;
    for (int l = 0; ok && l <= A->N; l++) {
        size_t s = (size_t)block_size(A->N, l);
        A->beta[l] = calloc(s * nk, sizeof(double));
        ok = A->beta[l] != NULL;
        for (int a = 0; ok && a < A->S; a++) ok = (A->T1[a * nk + l] = calloc(s * s, sizeof(double))) != NULL;
    }
    return ok ? QLB_OK : qlb_fail(QLB_ENOMEM, "operator assembly: out of memory");
}

static void assembly_free(assembly *A)
{
    for (int i = 0; A->T1 && i < A->S * A->nk; i++) free(A->T1[i]);
    for (int l = 0; A->beta && l <= A->N; l++) free(A->beta[l]);
    free(A->T1);
    free(A->beta);
    free(A->x);
    free(A->wx);
    free(A->rho);
    free(A->wrho);
    free(A->psi);
    free(A->Kpm);
    free(A->r);
    free(A->R);
    free(A->cosines);
    free(A->Gpair);
    free(A->Gaxis);
    free(A->scratch);
}

/* out[k,m] = w_k w_m sum_pq psi_p(x_k) Kt[p,q] right[q,m] (Y: nk x nh scratch). */
static void kernel_product(const assembly *A, const double *Kt, const double *right, double *Y,
                           double *out)
{
    int nk = A->nk, nh = A->nh;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, nk, nh, nk, 1.0, Kt, nk, right, nh,
                0.0, Y, nh);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, nh, nh, nk, 1.0, A->psi, nh, Y, nh, 0.0,
                out, nh);
    for (int k = 0; k < nh; k++)
        for (int m = 0; m < nh; m++) out[k * nh + m] *= A->wx[k] * A->wx[m];
}

/* Kp, Km = w_k w_m Kt(x_k, +-x_m) of species a (nh x nh each). */
static double *kernel_plus(const assembly *A, int a) { return A->Kpm + (size_t)a * 2 * A->nh * A->nh; }
static double *kernel_minus(const assembly *A, int a) { return kernel_plus(A, a) + (size_t)A->nh * A->nh; }

/* psi_p at the nodes, and Kp, Km of species a for the part Ke of Kt with
 * p + q even (the only part that contributes), with
 * psi_q(-x) = (-1)^q psi_q(x). */
static qlb_status kernel_on_nodes(assembly *A, int a, const double *Kt)
{
    size_t nk = (size_t)A->nk, nh = (size_t)A->nh;
    double *flipped = malloc((2 * nk * nh + nk * nk) * sizeof(double)), *even = flipped + 2 * nk * nh;
    if (!flipped) return qlb_fail(QLB_ENOMEM, "operator assembly: out of memory");
    for (size_t p = 0; p < nk; p++)
        for (size_t q = 0; q < nk; q++) even[p * nk + q] = (p + q) & 1 ? 0 : Kt[p * nk + q];
    Kt = even;
    for (size_t k = 0; k < nh; k++) {
        qlb_hermite_functions(A->N, A->x[k], flipped);
        for (size_t p = 0; p < nk; p++) A->psi[p * nh + k] = flipped[p];
    }
    for (size_t p = 0; p < nk; p++)
        for (size_t k = 0; k < nh; k++) flipped[p * nh + k] = (p & 1 ? -1 : 1) * A->psi[p * nh + k];
    kernel_product(A, Kt, A->psi, flipped + nk * nh, kernel_plus(A, a));
    kernel_product(A, Kt, flipped, flipped + nk * nh, kernel_minus(A, a));
    free(flipped);
    return QLB_OK;
}

/* Radial functions, the axis and pair cosines and their zonal polynomials
 * at rho (nodes and pairs split over threads; every entry written once). */
static void functions_at_rho(assembly *A, double rho, int threads)
{
    int N = A->N, nh = A->nh, nk = A->nk, np = A->npairs;
    for (int k = 0; k < nh; k++) {
        A->r[k] = hypot(A->x[k], rho);
        A->axis[k] = A->x[k] / A->r[k];
    }
    qlb_zonal_batch(A->d, N, nh, A->axis, A->Gaxis, nh);
    for (int k = 0, c = 0; k < nh; k++)
        for (int m = k; m < nh; m++, c++) {
            double rr = A->r[k] * A->r[m], xx = A->x[k] * A->x[m];
            A->cosines[c] = (rho * rho + xx) / rr;
            A->cosines[np + c] = (rho * rho - xx) / rr;
        }
    int pieces = 4 * threads, len = (2 * np + pieces - 1) / pieces;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (threads > 1)
    for (int i = 0; i < pieces; i++) {
        int c0 = i * len, count = 2 * np - c0 < len ? 2 * np - c0 : len;
        if (count > 0) qlb_zonal_batch(A->d, N, count, A->cosines + c0, A->Gpair + c0, 2 * (size_t)np);
    }
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (threads > 1)
    for (int l = 0; l <= N; l++)
        qlb_radial_batch(A->d, l, block_size(N, l) - 1, nh, A->r, A->R + (size_t)l * nk * nh, nh);
}

/* Adds the contributions of one rho node (weight w, w nu for beta) to T1
 * of every species and to beta of block l; M (nh x nh) and Y (nk x nh)
 * are scratch. */
static void accumulate_block(assembly *A, int l, double w, double wnu, double *M, double *Y)
{
    int nh = A->nh, nk = A->nk, np = A->npairs, s = block_size(A->N, l);
    const double *R = A->R + (size_t)l * nk * nh, *Gp = A->Gpair + (size_t)l * 2 * np, *Gm = Gp + np;
    for (int a = 0; a < A->S; a++) {
        const double *Kp = kernel_plus(A, a), *Km = kernel_minus(A, a);
        for (int k = 0, c = 0; k < nh; k++)
            for (int m = k; m < nh; m++, c++)
                M[k * nh + m] = M[m * nh + k] = 2 * (Kp[k * nh + m] * Gp[c] + Km[k * nh + m] * Gm[c]);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s, nh, nh, 1.0, R, nh, M, nh, 0.0, Y, nh);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, s, s, nh, w, Y, nh, R, nh, 1.0,
                    A->T1[a * nk + l], s);
    }
    const double *G = A->Gaxis + (size_t)l * nh;
    for (int n = 0; n < s; n++)
        for (int k = 0; k < nh; k++) Y[n * nh + k] = R[n * nh + k] * A->wx[k] * G[k];
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, s, nk, nh, wnu, Y, nh, A->psi, nh, 1.0,
                A->beta[l], nk);
}

/* block_l = scale (delta_ab T1_a - beta field_ab beta^T) (S x S sub-blocks
 * of size_l; no field part when field is NULL), symmetrized; beta is first
 * completed by parity (doubled where l + p is even, 0 elsewhere). Z
 * (s x nk) is scratch. Returns the relative asymmetry before
 * symmetrization; *noise = the entries' absolute error, in the block's
 * units: the asymmetry, or the rounding of the difference of terms as large
 * as T1, whichever is larger. */
static double finish_block(assembly *A, const double *const *field, int l, double scale,
                           double *B, double *Z, double *noise)
{
    int s = block_size(A->N, l), nk = A->nk, S = A->S, n = S * s;
    double *beta = A->beta[l];
    for (int i = 0; i < s; i++)
        for (int p = 0; p < nk; p++) beta[i * nk + p] *= (l + p) & 1 ? 0 : 2;
    memset(B, 0, (size_t)n * n * sizeof(double));
    double asym = 0, big = 0, terms = 0;
    for (int a = 0; a < S; a++) {
        const double *T1 = A->T1[a * nk + l];
        for (int i = 0; i < s; i++) memcpy(B + (size_t)(a * s + i) * n + a * s, T1 + i * s, (size_t)s * sizeof(double));
        for (int i = 0; i < s * s; i++) terms = fmax(terms, fabs(T1[i]));
        for (int b = 0; field && b < S; b++) {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s, nk, nk, 1.0, beta, nk,
                        field[a * S + b], nk, 0.0, Z, nk);
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, s, s, nk, -1.0, Z, nk, beta, nk,
                        1.0, B + (size_t)a * s * n + b * s, n);
        }
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j <= i; j++) {
            asym = fmax(asym, fabs(B[i * n + j] - B[j * n + i]));
            big = fmax(big, fabs(B[i * n + j]));
            double v = scale / 2 * (B[i * n + j] + B[j * n + i]);
            B[i * n + j] = B[j * n + i] = v;
        }
    *noise = scale * fmax(asym, 4 * n * DBL_EPSILON * fmax(terms, big));
    return big > 0 ? asym / big : 0;
}

static void assemble(assembly *A, const double *const *field, double scale, int threads,
                     double **block, double *asymmetry, double *noise)
{
    size_t per_thread = (size_t)A->nh * A->nh + (size_t)A->nk * A->nh;
    double cnu = pow(2 * M_PI, -(A->d - 1) / 4.0), asym = 0;
    for (int k = 0; k < A->nr; k++) {
        double rho = A->rho[k], w = A->wrho[k], wnu = w * cnu * exp(-rho * rho / 4);
        functions_at_rho(A, rho, threads);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (threads > 1)
        for (int l = 0; l <= A->N; l++) {
            double *M = A->scratch + (size_t)qlb_thread_index() * per_thread;
            accumulate_block(A, l, w, wnu, M, M + (size_t)A->nh * A->nh);
        }
    }
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) if (threads > 1) reduction(max : asym)
    for (int l = 0; l <= A->N; l++) {
        double *Z = A->scratch + (size_t)qlb_thread_index() * per_thread;
        asym = fmax(asym, finish_block(A, field, l, scale, block[l], Z, &noise[l]));
    }
    *asymmetry = asym;
}

/* The blocks of S test kernels and (if not NULL) S x S field kernels. */
static qlb_status assemble_species(const qlb_params *p, int S, const double *const *test,
                                   const double *const *field, double scale, double **block,
                                   double *asymmetry, double *noise)
{
    assembly A;
    memset(&A, 0, sizeof A);
    A.N = p->degree;
    A.d = p->dim;
    A.S = S;
    A.nq = A.nk = A.N + 1;
    A.nh = (A.N + 2) / 2;
    A.nr = A.N / 2 + 1;
    A.npairs = A.nh * (A.nh + 1) / 2;
    int threads = qlb_threads();
    qlb_status st = assembly_alloc(&A, threads);
    if (!st) st = assembly_rules(&A);
    for (int a = 0; a < S && !st; a++) st = kernel_on_nodes(&A, a, test[a]);
    if (!st) {
        qlb_blas_serial_begin(); /* also at one thread: sums independent of the thread count */
        assemble(&A, field, scale, threads, block, asymmetry, noise);
        qlb_blas_serial_end();
    }
    assembly_free(&A);
    return st;
}

qlb_status qlb_assemble_blocks(const qlb_params *p, qlb_form form, const double *Kt,
                               double **block, double *asymmetry, double *noise)
{
    double cd = 2 / pow(2 * M_PI, p->dim);
    double scale = form == QLB_FORM_COLLISION ? cd / 2 : form == QLB_FORM_NORM_HBAR ? cd : 1;
    const double *const kernel[1] = {Kt};
    return assemble_species(p, 1, kernel, form == QLB_FORM_COLLISION ? kernel : NULL, scale, block,
                            asymmetry, noise);
}

qlb_status qlb_assemble_mixture_blocks(const qlb_params *p, int S, const double *const *test,
                                       const double *const *field, double **block,
                                       double *asymmetry, double *noise)
{
    return assemble_species(p, S, test, field, 1 / pow(2 * M_PI, p->dim), block, asymmetry, noise);
}
