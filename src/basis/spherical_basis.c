/* spherical_basis.c — Cartesian coefficients of the Burnett functions f_{n,l,m}.
 *
 * Built along the chain R^d = R x R^(d-1) (Gelfand–Tsetlin), recursively down
 * to R^1, where the Burnett functions are psi_{2n+l} (l = 0, 1). With the
 * Burnett functions f'_{n',j,m'} of R^(d-1), the products
 * psi_k(v_1) f'_{n',j,m'}(v_2..v_d), k + 2n' + j = s, span for fixed (s, j, m')
 * a space of dimension K = (s-j)/2 + 1 that contains exactly one f_{n,l,(j,m')}
 * for each l = s, s-2, .., >= j. The rotation Casimir of R^d is there the
 * symmetric tridiagonal matrix (in n'; k = s-j-2n', N' = 2n'+j)
 *   diag  -j(j+d-3) - k (N'+d-1) - (k+1) N'
 *   off   sqrt(k (k-1)) sqrt(4 (n'+1) (n'+j+(d-1)/2))   [a_1^2 A'^+]
 * with the distinct eigenvalues -l(l+d-2): its eigenvectors (LAPACK dstev)
 * are the coefficients W_{s,j}[n'][n] of f_{n,l} = sum_n' W psi_k f'_{n'}.
 * Every column of U_s is then a product of orthonormal pieces, orthonormal to
 * rounding at any degree. (Gram–Schmidt of Cartesian vectors lost all digits
 * near s = 55, and raising alone amplifies rounding by ~s/sqrt(l) per shell.)
 * Signs: the n' = 0 entry of the harmonic (n = 0) is positive, and
 * f_{n+1,l,m} . A^+ f_{n,l,m} > 0 (the small raising, exact up to rounding,
 * fixes only the sign). m runs over (j, m'), j = 0..l ascending, then m';
 * m = 0 is the zonal function about the v_1 axis. */
#include "qlb/burnett.h"
#include "core/error.h"
#include "core/limits.h"

#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct qlb_burnett {
    const qlb_basis *basis;
    int degree;
    double **shell; /* shell[s]: size_s x size_s row-major */
};

/* Column of the first function of block l in shell s (l = s&1, s&1 + 2, ...). */
static size_t block_column(int d, int s, int l)
{
    size_t c = 0;
    for (int lp = s & 1; lp < l; lp += 2) c += qlb_basis_dim_harmonic(lp, d);
    return c;
}

/* Offset of the GT label (j, 0) among the m of any block l >= j. */
static size_t chain_offset(int d, int j)
{
    size_t m = 0;
    for (int jp = 0; jp < j; jp++) m += qlb_basis_dim_harmonic(jp, d - 1);
    return m;
}

/* sqrt(4 n (n - 1 + j + D/2)): A'^+ f'_{n-1,j} = this f'_{n,j} in R^D. */
static double raise_norm(int n, int j, int D) { return sqrt(4.0 * n * (n - 1 + j + D / 2.0)); }

/* W (K x K row-major, column n = f_{n, s-2n}) for shell s and chain label j
 * in R^d; prev is W of shell s-2 (K-1 columns; NULL when K = 1); work 2K. */
static qlb_status chain_matrix(int d, int s, int j, const double *prev, double *W,
                               double *work)
{
    int K = (s - j) / 2 + 1;
    double *diag = work, *off = work + K;
    for (int p = 0; p < K; p++) {
        double k = s - j - 2 * p, Np = 2 * p + j;
        diag[p] = -j * (j + d - 3.0) - k * (Np + d - 1) - (k + 1) * Np;
        if (p + 1 < K) off[p] = sqrt(k * (k - 1)) * raise_norm(p + 1, j, d - 1);
    }
    if (LAPACKE_dstev(LAPACK_ROW_MAJOR, 'V', K, diag, off, W, K))
        return qlb_fail(QLB_ELAPACK, "burnett: tridiagonal eigensolver failed (shell %d)", s);
    for (int n = 0; n < K; n++) { /* eigenvalues ascend: column n is l = s - 2n */
        double dot = W[n]; /* harmonic: first entry positive */
        if (n > 0) {       /* others: along A^+ of the previous shell's column n-1 */
            dot = 0;
            for (int p = 0; p < K; p++) {
                double k = s - j - 2 * p, v = 0;
                if (p < K - 1) v += sqrt((k - 1) * k) * prev[p * (K - 1) + n - 1];
                if (p > 0) v += raise_norm(p, j, d - 1) * prev[(p - 1) * (K - 1) + n - 1];
                dot += v * W[p * K + n];
            }
        }
        if (dot < 0)
            for (int p = 0; p < K; p++) W[p * K + n] = -W[p * K + n];
    }
    return QLB_OK;
}

/* Adds to U_s the columns of chain label j: f_{n,l,(j,m')} = sum_n' W[n'][n]
 * psi_{s-j-2n'} f'_{n',j,m'}; the rows phi_(k, alpha') with alpha' in shell
 * 2n'+j of R^(d-1) are contiguous, in its order, from alpha = (k, 2n'+j, 0..). */
static void chain_columns(const qlb_basis *b, int s, int j, const double *W,
                          const qlb_basis *sub_basis, const qlb_burnett *sub, double *U)
{
    int d = qlb_basis_dim(b), K = (s - j) / 2 + 1;
    size_t n = qlb_basis_shell_size(b, s), off = qlb_basis_shell_offset(b, s);
    size_t hj = qlb_basis_dim_harmonic(j, d - 1), m0 = chain_offset(d, j);
    int alpha[QLB_MAX_DIM] = {0};
    for (int p = 0; p < K; p++) {
        int sp = 2 * p + j;
        size_t nsub = qlb_basis_shell_size(sub_basis, sp), csub = block_column(d - 1, sp, j);
        const double *Usub = qlb_burnett_shell(sub, sp);
        alpha[0] = s - sp;
        alpha[1] = sp;
        size_t row = qlb_basis_index(b, alpha) - off;
        for (int nr = 0; nr < K; nr++) {
            size_t col = block_column(d, s, s - 2 * nr) + m0;
            double w = W[p * K + nr];
            for (size_t r = 0; r < nsub; r++)
                for (size_t mp = 0; mp < hj; mp++)
                    U[(row + r) * n + col + mp] = w * Usub[r * nsub + csub + mp];
        }
    }
}

double qlb_burnett_estimate_bytes(int dim, int degree)
{
    double bytes = 0;
    for (int s = 0; s <= degree; s++) { /* size_s = C(s+d-1, d-1), in floating point */
        double n = 1;
        for (int i = 1; i < dim; i++) n *= (s + i) / (double)i;
        bytes += n * n * sizeof(double);
    }
    return bytes;
}

/* Fills every shell of res from the Burnett functions of R^(d-1). Chain
 * matrices of shells s-2 and s are kept per j (2 x (N/2+1)^2 doubles each). */
static qlb_status build_shells(qlb_burnett *res, const qlb_basis *sub_basis,
                               const qlb_burnett *sub)
{
    const qlb_basis *b = res->basis;
    int d = qlb_basis_dim(b), N = res->degree, K = N / 2 + 1;
    double *store = malloc(((size_t)4 * (N + 1) * K * K + 2 * K) * sizeof(double));
    if (!store) return qlb_fail(QLB_ENOMEM, "burnett: out of memory");
    double *work = store + (size_t)4 * (N + 1) * K * K;
    qlb_status st = QLB_OK;
    for (int s = 0; s <= N && !st; s++)
        for (int j = 0; j <= s && !st; j++) {
            if (qlb_basis_dim_harmonic(j, d - 1) == 0) continue;
            /* per j: two slots of K^2, alternating with the parity of s */
            double *W = store + ((size_t)j * 4 + 2 * (s & 1) + ((s >> 1) & 1)) * K * K;
            double *prev = store + ((size_t)j * 4 + 2 * (s & 1) + (((s >> 1) & 1) ^ 1)) * K * K;
            st = chain_matrix(d, s, j, s - j >= 2 ? prev : NULL, W, work);
            if (!st) chain_columns(b, s, j, W, sub_basis, sub, res->shell[s]);
        }
    free(store);
    return st;
}

/* The Burnett shells of R^(d-1) at the same degree. */
static qlb_status create_sub(const qlb_basis *b, qlb_basis **sub_basis, qlb_burnett **sub)
{
    *sub = NULL;
    qlb_status st = qlb_basis_create(qlb_basis_dim(b) - 1, qlb_basis_degree(b), sub_basis);
    if (!st) st = qlb_burnett_create(*sub_basis, sub);
    return st;
}

qlb_status qlb_burnett_create(const qlb_basis *b, qlb_burnett **out)
{
    *out = NULL;
    int N = qlb_basis_degree(b);
    qlb_status st = qlb_check_memory(qlb_burnett_estimate_bytes(qlb_basis_dim(b), N), "the Cartesian-spherical change of basis");
    if (st) return st;
    qlb_burnett *res = calloc(1, sizeof *res);
    if (!res) return qlb_fail(QLB_ENOMEM, "burnett: out of memory");
    res->basis = b;
    res->degree = N;
    res->shell = calloc((size_t)N + 1, sizeof *res->shell);
    if (!res->shell) {
        free(res);
        return qlb_fail(QLB_ENOMEM, "burnett: out of memory");
    }
    for (int s = 0; s <= N && !st; s++) {
        size_t n = qlb_basis_shell_size(b, s);
        if (!(res->shell[s] = calloc(n * n, sizeof(double))))
            st = qlb_fail(QLB_ENOMEM, "burnett: shell %d (%zu^2 doubles) does not fit in memory",
                          s, n);
    }
    if (!st && qlb_basis_dim(b) == 1) /* psi_s itself */
        for (int s = 0; s <= N; s++) res->shell[s][0] = 1;
    else if (!st) {
        qlb_basis *sub_basis = NULL;
        qlb_burnett *sub = NULL;
        st = create_sub(b, &sub_basis, &sub);
        if (!st) st = build_shells(res, sub_basis, sub);
        qlb_burnett_free(sub);
        qlb_basis_free(sub_basis);
    }
    if (st) {
        qlb_burnett_free(res);
        return st;
    }
    *out = res;
    return QLB_OK;
}

void qlb_burnett_free(qlb_burnett *b)
{
    if (!b) return;
    for (int s = 0; s <= b->degree; s++) free(b->shell[s]);
    free(b->shell);
    free(b);
}

const double *qlb_burnett_shell(const qlb_burnett *b, int s) { return b->shell[s]; }

/* out_s = U_s^T in_s (transpose) or U_s in_s, shell by shell. */
static void transform(const qlb_burnett *bu, int transpose, const double *in, double *out)
{
    for (int s = 0; s <= bu->degree; s++) {
        size_t off = qlb_basis_shell_offset(bu->basis, s);
        int n = (int)qlb_basis_shell_size(bu->basis, s);
        cblas_dgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, n, n, 1.0,
                    bu->shell[s], n, in + off, 1, 0.0, out + off, 1);
    }
}

void qlb_burnett_to_spherical(const qlb_burnett *bu, const double *cart, double *sph)
{
    transform(bu, 1, cart, sph);
}

void qlb_burnett_to_cartesian(const qlb_burnett *bu, const double *sph, double *cart)
{
    transform(bu, 0, sph, cart);
}
