/* burnett.c — Cartesian coefficients of the Burnett functions f_{n,l,m}.
 *
 * Shell s is built from shell s-2: raising every f_{n,l,m} with
 * A^+ phi_alpha = sum_i sqrt((alpha_i+1)(alpha_i+2)) phi_{alpha+2e_i} and the
 * exact norm 4 (n+1)(n+l+d/2) gives the l < s part; the harmonic part l = s
 * is the orthogonal complement, spanned by the projections of phi_alpha with
 * alpha_1 <= 1 (classical Gram–Schmidt, applied twice for stability). */
#include "qlb/burnett.h"
#include "internal.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct qlb_burnett {
    const qlb_basis *basis;
    int degree;
    double **shell; /* shell[s]: size_s x size_s row-major */
};

/* Column c of shell s-2 raised into column c of shell s (row-major dst). */
static void raise_column(const qlb_basis *b, int s, const double *src, size_t ncols_src,
                         size_t c, double scale, double *dst, size_t ncols_dst)
{
    int d = qlb_basis_dim(b);
    size_t off = qlb_basis_shell_offset(b, s - 2), n = qlb_basis_shell_size(b, s - 2);
    size_t off_dst = qlb_basis_shell_offset(b, s);
    int alpha[QLB_MAX_DIM];
    for (size_t r = 0; r < n; r++) {
        double v = src[r * ncols_src + c];
        if (v == 0) continue;
        memcpy(alpha, qlb_basis_multi_index(b, off + r), (size_t)d * sizeof(int));
        for (int i = 0; i < d; i++) {
            double f = sqrt((alpha[i] + 1.0) * (alpha[i] + 2.0));
            alpha[i] += 2;
            size_t t = qlb_basis_index(b, alpha) - off_dst;
            alpha[i] -= 2;
            dst[t * ncols_dst + c] += scale * f * v;
        }
    }
}

/* Orthogonalizes column c against columns 0..c-1 (twice), normalizes it.
 * Returns its norm after orthogonalization. */
static double orthonormalize_column(double *U, size_t n, size_t c)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < c; k++) {
            double dot = 0;
            for (size_t r = 0; r < n; r++) dot += U[r * n + k] * U[r * n + c];
            for (size_t r = 0; r < n; r++) U[r * n + c] -= dot * U[r * n + k];
        }
    double nrm = 0;
    for (size_t r = 0; r < n; r++) nrm += U[r * n + c] * U[r * n + c];
    nrm = sqrt(nrm);
    if (nrm > 0)
        for (size_t r = 0; r < n; r++) U[r * n + c] /= nrm;
    return nrm;
}

static qlb_status build_shell(const qlb_basis *b, int s, double *const *shells)
{
    int d = qlb_basis_dim(b);
    size_t n = qlb_basis_shell_size(b, s), col = 0;
    double *U = shells[s];
    if (s >= 2) {
        size_t nprev = qlb_basis_shell_size(b, s - 2);
        for (int l = s & 1; l <= s - 2; l += 2) {
            int nr = (s - 2 - l) / 2; /* radial index of the source */
            double scale = 1.0 / sqrt(4.0 * (nr + 1) * (nr + l + d / 2.0));
            for (size_t m = 0; m < qlb_basis_dim_harmonic(l, d); m++, col++)
                raise_column(b, s, shells[s - 2], nprev, col, scale, U, n);
        }
    }
    size_t off = qlb_basis_shell_offset(b, s);
    for (size_t r = 0; r < n && col < n; r++) {
        if (qlb_basis_multi_index(b, off + r)[0] > 1) continue;
        for (size_t k = 0; k < n; k++) U[k * n + col] = 0;
        U[r * n + col] = 1;
        if (orthonormalize_column(U, n, col) < 1e-8)
            return qlb_fail(QLB_ENOCONV, "burnett: harmonic basis degenerate in shell %d", s);
        col++;
    }
    if (col != n)
        return qlb_fail(QLB_ENOCONV, "burnett: shell %d has %zu of %zu functions", s, col, n);
    return QLB_OK;
}

qlb_status qlb_burnett_create(const qlb_basis *b, qlb_burnett **out)
{
    *out = NULL;
    int N = qlb_basis_degree(b);
    qlb_burnett *res = calloc(1, sizeof *res);
    if (!res) return qlb_fail(QLB_ENOMEM, "burnett: out of memory");
    res->basis = b;
    res->degree = N;
    res->shell = calloc((size_t)N + 1, sizeof *res->shell);
    if (!res->shell) {
        free(res);
        return qlb_fail(QLB_ENOMEM, "burnett: out of memory");
    }
    qlb_status st = QLB_OK;
    for (int s = 0; s <= N && !st; s++) {
        size_t n = qlb_basis_shell_size(b, s);
        res->shell[s] = calloc(n * n, sizeof(double));
        st = res->shell[s] ? build_shell(b, s, res->shell)
                           : qlb_fail(QLB_ENOMEM, "burnett: shell %d (%zu^2 doubles) "
                                                  "does not fit in memory", s, n);
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
