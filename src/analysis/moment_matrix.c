/* moment_matrix.c — L on the gyrotropic Hermite–Laguerre moments (see
 * qlb/moments.h): C = -sum_l W_l^T B_l W_l / nu, B_l the rotation block l
 * and W_l[n][a] = <f_{n,l,0}, sqrt(M) h_p L_j> the change of basis from the
 * moment a = (p, j) to the zonal Burnett functions f_{n,l,0} = R_nl Y_l0
 * (about v_1) of its shell 2n + l = p + 2j (one n per l: W is stored as
 * W[a][l], and the products are sums over l). W is an integral over
 * (v_1, rho = |v_perp|) of a polynomial times exp(-(v_1^2 + rho^2)/2):
 * Gauss–Hermite in v_1 and Gauss–Laguerre in t = rho^2/2, N + 1 nodes each
 * (N = P + 2J), are exact for it. Per Laguerre node the v_1 sums of all
 * pairs are one matrix product, over v_1 >= 0 by parity. */
#include "qlb/moments.h"
#include "core/error.h"
#include "numerics/gauss_rules.h"
#include "qlb/basis.h"
#include "qlb/potential.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>

size_t qlb_moment_count(int max_p, int max_j)
{
    return (size_t)(max_p + 1) * (size_t)(max_j + 1);
}

/* Rows of the zonal Burnett functions: f_{n,l,0} is row first[l] + n. */
typedef struct {
    int degree, max_p, max_j;
    size_t moments, rows;
    size_t *first;        /* degree + 2 entries; first[degree + 1] = rows */
} layout;

static qlb_status make_layout(int max_p, int max_j, layout *Y)
{
    Y->degree = max_p + 2 * max_j;
    Y->max_p = max_p, Y->max_j = max_j;
    Y->moments = qlb_moment_count(max_p, max_j);
    Y->first = malloc((size_t)(Y->degree + 2) * sizeof(size_t));
    if (!Y->first) return qlb_fail(QLB_ENOMEM, "moments: out of memory");
    Y->first[0] = 0;
    for (int l = 0; l <= Y->degree; l++) Y->first[l + 1] = Y->first[l] + (size_t)(Y->degree - l) / 2 + 1;
    Y->rows = Y->first[Y->degree + 1];
    return QLB_OK;
}

/* Z[i][row] = f_{n,l,0}(v1_i, rho) = R_nl(r) Y_l0(v1_i / r) at the Hermite
 * nodes v1_i, for one rho; zonal has degree + 1 entries of scratch. */
static void zonal_functions(const layout *Y, const double *v1, int K, double rho, double *zonal,
                            double *Z)
{
    for (int i = 0; i < K; i++) {
        double r = hypot(v1[i], rho), *row = Z + (size_t)i * Y->rows;
        qlb_zonal_polynomials(3, Y->degree, v1[i] / r, zonal);
        for (int l = 0; l <= Y->degree; l++) {
            double *R = row + Y->first[l];
            int nmax = (Y->degree - l) / 2;
            qlb_radial_functions(3, l, nmax, r, R);
            double y = zonal[l] * sqrt((2 * l + 1) / (4 * M_PI));
            for (int n = 0; n <= nmax; n++) R[n] *= y;
        }
    }
}

/* W[a][l] += chi[j] G[row][p] for a = (p, j) and the row (n, l) of its shell. */
static void add_shells(const layout *Y, const double *G, const double *chi, double *W)
{
    int np = Y->max_p + 1;
    for (int p = 0; p <= Y->max_p; p++)
        for (int j = 0; j <= Y->max_j; j++) {
            int s = p + 2 * j;
            double *Wa = W + ((size_t)(Y->max_j + 1) * (size_t)p + (size_t)j) * (Y->degree + 1);
            for (int l = s % 2; l <= s; l += 2)
                Wa[l] += chi[j] * G[(Y->first[l] + (size_t)(s - l) / 2) * np + p];
        }
}

/* W (moments x (N + 1): W[a][l] the coefficient of moment a = (p, j) on
 * f_{n,l,0}, 2n + l = p + 2j, its only one in block l) by the product Gauss
 * rule: for each
 * Laguerre node rho_k, G = Z_k^T H (H[i][p] = weight_i psi_p(v1_i)) sums
 * the v1 integral of all pairs at once (one dgemm); W gathers the pairs of
 * equal shells with the weight times the Laguerre function of rho_k. Those
 * pairs have l = p mod 2, so their v1 integrand is even: the Hermite nodes
 * v1 >= 0 with doubled weights suffice. */
static qlb_status change_of_basis(const layout *Y, double *W)
{
    int K = Y->degree + 1, Kh = (K + 1) / 2, np = Y->max_p + 1;
    size_t scratch = (size_t)2 * Kh + 2 * (size_t)K + (size_t)Kh * np + (size_t)Y->max_j +
                     Y->degree + 2 + Y->rows * ((size_t)Kh + np);
    double *mem = malloc(scratch * sizeof(double));
    if (!mem) return qlb_fail(QLB_ENOMEM, "moments: out of memory");
    double *x = mem, *wx = x + Kh, *t = wx + Kh, *wt = t + K, *H = wt + K, *chi = H + (size_t)Kh * np;
    double *zonal = chi + Y->max_j + 1, *Z = zonal + Y->degree + 1, *G = Z + Y->rows * (size_t)Kh;
    qlb_status st = qlb_half_hermite_rule(K, x, wx);
    if (!st) st = qlb_gauss_rule(QLB_GAUSS_LAGUERRE, K, 0, t, wt);
    for (int i = 0; i < Kh && !st; i++) { /* v1 = sqrt2 x, dv1 = sqrt2 dx, even: twice */
        x[i] *= M_SQRT2;
        qlb_hermite_functions(Y->max_p, x[i], H + (size_t)i * np);
        for (int p = 0; p < np; p++) H[(size_t)i * np + p] *= 2 * M_SQRT2 * wx[i];
    }
    for (int k = 0; k < K && !st; k++) { /* rho drho = dt, dv = 2 pi rho drho dv1 */
        double rho = sqrt(2 * t[k]);
        zonal_functions(Y, x, Kh, rho, zonal, Z);
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)Y->rows, np, Kh, 1.0, Z,
                    (int)Y->rows, H, np, 0.0, G, np);
        /* qlb's d = 2 radial functions are (-1)^j L_j (positive leading coefficient) */
        qlb_radial_functions(2, 0, Y->max_j, rho, chi);
        for (int j = 0; j <= Y->max_j; j++) chi[j] *= (j % 2 ? -1 : 1) * sqrt(2 * M_PI) * wt[k];
        add_shells(Y, G, chi, W);
    }
    free(mem);
    return st;
}

/* The moment's shell p + 2j. */
static int shell(const layout *Y, size_t a)
{
    return (int)(a / (size_t)(Y->max_j + 1)) + 2 * (int)(a % (size_t)(Y->max_j + 1));
}

/* out[a][b] = -scale sum_l W[a][l] B_l[n_a][n_b] W[b][l] over the blocks
 * both shells reach (pairs of unlike parity vanish). */
static void project_blocks(const qlb_linop *L, const layout *Y, const double *W, double scale,
                           double *out)
{
    size_t m = Y->moments;
    int N = Y->degree;
    for (size_t a = 0; a < m; a++)
        for (size_t b = a; b < m; b++) {
            int sa = shell(Y, a), sb = shell(Y, b), top = (sa - sb) % 2 ? -1 : sa < sb ? sa : sb;
            double sum = 0;
            for (int l = sa % 2; l <= top; l += 2) {
                int size;
                const double *B = qlb_linop_block(L, l, &size);
                sum += W[a * (N + 1) + l] * B[(sa - l) / 2 * size + (sb - l) / 2] * W[b * (N + 1) + l];
            }
            out[a * m + b] = out[b * m + a] = -scale * sum;
        }
}

static qlb_status check_request(const qlb_linop *L, int max_p, int max_j)
{
    const qlb_params *p = qlb_linop_params(L);
    if (qlb_linop_form(L) != QLB_FORM_COLLISION)
        return qlb_fail(QLB_EINVAL, "moments: needs the collision operator, not a norm");
    if (p->dim != 3)
        return qlb_fail(QLB_EINVAL, "moments: Hermite-Laguerre moments are defined for d = 3 "
                                    "(got d = %d)", p->dim);
    if (max_p < 0 || max_j < 0)
        return qlb_fail(QLB_EINVAL, "moments: max p and max j must be >= 0 (got %d, %d)", max_p,
                        max_j);
    if ((long)max_p + 2L * max_j > p->degree)
        return qlb_fail(QLB_EINVAL, "moments: P + 2J = %ld exceeds the operator's degree %d",
                        (long)max_p + 2L * max_j, p->degree);
    return QLB_OK;
}

qlb_status qlb_moment_frequency(const qlb_potential *pot, qlb_moment_units units, double *nu)
{
    *nu = 1;
    if (units == QLB_MOMENT_UNITS_QLB) return QLB_OK;
    double lambda;
    qlb_status st = qlb_potential_coulomb_logarithm(pot, &lambda);
    if (st) return qlb_context(st, "moments: Landau units");
    *nu = lambda / (12 * pow(M_PI, 2.5));
    return QLB_OK;
}

qlb_status qlb_moment_matrix(const qlb_linop *L, int max_p, int max_j, qlb_moment_units units,
                             double *out)
{
    double nu;
    qlb_status st = check_request(L, max_p, max_j);
    if (!st) st = qlb_moment_frequency(qlb_linop_params(L)->potential, units, &nu);
    if (st) return st;
    layout Y = {0};
    st = make_layout(max_p, max_j, &Y);
    if (!st) st = qlb_check_memory(8.0 * (double)Y.rows * (Y.max_p + 2 + Y.degree / 2.0),
                                   "the moment change of basis");
    double *W = st ? NULL : calloc(Y.moments * (size_t)(Y.degree + 1), sizeof(double));
    if (!st && !W) st = qlb_fail(QLB_ENOMEM, "moments: out of memory");
    if (!st) st = change_of_basis(&Y, W);
    if (!st) project_blocks(L, &Y, W, 1 / nu, out);
    free(W);
    free(Y.first);
    return st;
}
