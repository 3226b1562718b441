/* moment_matrix.c — L on the gyrotropic Hermite–Laguerre moments (see
 * qlb/moments.h): C = -sum_l W_l^T B_l W_l / nu, B_l the rotation block l
 * and W_l[n][a] = <f_{n,l,0}, sqrt(M) h_p L_j> the change of basis from the
 * moment a = (p, j) to the zonal Burnett functions f_{n,l,0} = R_nl Y_l0
 * (about v_1) of its shell 2n + l = p + 2j. W is an integral over
 * (v_1, rho = |v_perp|) of a polynomial times exp(-(v_1^2 + rho^2)/2):
 * Gauss–Hermite in v_1 and Gauss–Laguerre in t = rho^2/2, N + 1 nodes each
 * (N = P + 2J), are exact for it. */
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

/* Values at one node (v1, rho) of everything W needs. */
typedef struct {
    double *hermite;      /* psi_p(v1), p <= P */
    double *laguerre;     /* L_j(rho^2/2) exp(-rho^2/4) / sqrt(2 pi), j <= J */
    double *zonal;        /* Y_l0(v1 / r), l <= N */
    double *radial;       /* R_nl(r) at row first[l] + n */
} node_values;

static void evaluate_node(const layout *Y, double v1, double rho, node_values *V)
{
    double r = hypot(v1, rho);
    qlb_hermite_functions(Y->max_p, v1, V->hermite);
    /* qlb's d = 2 radial functions are (-1)^j L_j (positive leading coefficient) */
    qlb_radial_functions(2, 0, Y->max_j, rho, V->laguerre);
    for (int j = 0; j <= Y->max_j; j++) V->laguerre[j] *= (j % 2 ? -1 : 1) / sqrt(2 * M_PI);
    qlb_zonal_polynomials(3, Y->degree, v1 / r, V->zonal);
    for (int l = 0; l <= Y->degree; l++) {
        V->zonal[l] *= sqrt((2 * l + 1) / (4 * M_PI));
        qlb_radial_functions(3, l, (Y->degree - l) / 2, r, V->radial + Y->first[l]);
    }
}

/* W += weight * (values at the node), for each moment and each zonal
 * function of its shell. */
static void add_node(const layout *Y, const node_values *V, double weight, double *W)
{
    for (int p = 0; p <= Y->max_p; p++)
        for (int j = 0; j <= Y->max_j; j++) {
            int s = p + 2 * j;
            size_t a = (size_t)(Y->max_j + 1) * (size_t)p + (size_t)j;
            double moment = weight * V->hermite[p] * V->laguerre[j];
            for (int l = s % 2; l <= s; l += 2) {
                size_t row = Y->first[l] + (size_t)(s - l) / 2;
                W[row * Y->moments + a] += moment * V->radial[row] * V->zonal[l];
            }
        }
}

/* W (rows x moments, row-major) by the product Gauss rule. */
static qlb_status change_of_basis(const layout *Y, double *W)
{
    int K = Y->degree + 1;
    double *mem = malloc(((size_t)4 * K + (size_t)Y->max_p + Y->max_j + Y->degree + 3 + Y->rows) *
                         sizeof(double));
    if (!mem) return qlb_fail(QLB_ENOMEM, "moments: out of memory");
    double *x = mem, *wx = x + K, *t = wx + K, *wt = t + K;
    node_values V = {wt + K, wt + K + Y->max_p + 1, wt + K + Y->max_p + Y->max_j + 2,
                     wt + K + Y->max_p + Y->max_j + Y->degree + 3};
    qlb_status st = qlb_gauss_rule(QLB_GAUSS_HERMITE, K, 0, x, wx);
    if (!st) st = qlb_gauss_rule(QLB_GAUSS_LAGUERRE, K, 0, t, wt);
    for (int i = 0; i < K && !st; i++)
        for (int k = 0; k < K; k++) {
            /* dv = 2 pi rho drho dv1, v1 = sqrt2 x, rho drho = dt */
            evaluate_node(Y, M_SQRT2 * x[i], sqrt(2 * t[k]), &V);
            add_node(Y, &V, 2 * M_PI * M_SQRT2 * wx[i] * wt[k], W);
        }
    free(mem);
    return st;
}

/* out = -scale sum_l W_l^T B_l W_l. */
static qlb_status project_blocks(const qlb_linop *L, const layout *Y, const double *W,
                                 double scale, double *out)
{
    size_t m = Y->moments;
    double *BW = malloc(((size_t)Y->degree / 2 + 1) * m * sizeof(double));
    if (!BW) return qlb_fail(QLB_ENOMEM, "moments: out of memory");
    for (size_t i = 0; i < m * m; i++) out[i] = 0;
    for (int l = 0; l <= Y->degree; l++) {
        int size, k = (Y->degree - l) / 2 + 1;
        const double *B = qlb_linop_block(L, l, &size);
        const double *Wl = W + Y->first[l] * m;
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, k, (int)m, k, 1.0, B, size, Wl,
                    (int)m, 0.0, BW, (int)m);
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)m, (int)m, k, -scale, Wl, (int)m,
                    BW, (int)m, 1.0, out, (int)m);
    }
    free(BW);
    return QLB_OK;
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
    if (max_p + 2 * max_j > p->degree)
        return qlb_fail(QLB_EINVAL, "moments: P + 2J = %d exceeds the operator's degree %d",
                        max_p + 2 * max_j, p->degree);
    return QLB_OK;
}

/* 1 / nu in qlb's time unit. */
static qlb_status time_unit(const qlb_linop *L, qlb_moment_units units, double *scale)
{
    *scale = 1;
    if (units == QLB_MOMENT_UNITS_QLB) return QLB_OK;
    double lambda;
    qlb_status st = qlb_potential_coulomb_logarithm(qlb_linop_params(L)->potential, &lambda);
    if (st) return qlb_context(st, "moments: Landau units");
    *scale = 12 * pow(M_PI, 2.5) / lambda;
    return QLB_OK;
}

qlb_status qlb_moment_matrix(const qlb_linop *L, int max_p, int max_j, qlb_moment_units units,
                             double *out)
{
    double scale;
    qlb_status st = check_request(L, max_p, max_j);
    if (!st) st = time_unit(L, units, &scale);
    if (st) return st;
    layout Y = {0};
    st = make_layout(max_p, max_j, &Y);
    if (!st) st = qlb_check_memory(8.0 * (double)Y.rows * (double)Y.moments, "the moment change of basis");
    double *W = st ? NULL : calloc(Y.rows * Y.moments, sizeof(double));
    if (!st && !W) st = qlb_fail(QLB_ENOMEM, "moments: out of memory");
    if (!st) st = change_of_basis(&Y, W);
    if (!st) st = project_blocks(L, &Y, W, scale, out);
    free(W);
    free(Y.first);
    return st;
}
