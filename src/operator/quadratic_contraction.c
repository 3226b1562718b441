/* quadratic_contraction.c — T(x, z), T(c, c) and 2 T(c, .) in factored form
 * (qlb/quadratic.h, quadratic_storage.h), nothing expanded.
 *
 * For an output degree l and each stored block (l, l1 <= l2):
 *   1. couple: W[m][n1][n2] = sum_{m1,m2} G[m][m1][m2] x_{n1 l1 m1} z_{n2 l2 m2},
 *      per (m, m1) run of G: v[n2] = sum_{m2} G z_{n2 l2 m2}, then
 *      W[m] += x_{. l1 m1} (x) v (entries are sorted by (m, m1)), on
 *      slices of the input by degree (m-major, contiguous in n, on the
 *      stack: QLB_SLICE_MAX bounds dim H_l times the radial orders);
 *   2. contract: y_{n l m} += alpha sum_{n1 n2} t[n][n1][n2] W[m][n1][n2], one
 *      small matrix product (rows x K x K1 K2) for a range of m. Written out,
 *      not cblas_dgemm: OpenBLAS serializes concurrent calls from the OpenMP
 *      threads on its buffer lock, and for these sizes (K <= 21 at N = 40)
 *      its packing costs more than the product (d = 3, N = 12 on 2 threads:
 *      1.08 ms per contraction with dgemm, 0.65 ms without).
 * By the symmetry T[a][b][c] = T[a][c][b] the blocks with l1 > l2 add the
 * swapped pair: T(x, z) couples x (x) z + z (x) x with alpha = 1 over
 * l1 < l2 and alpha = 1/2 over l1 = l2 (the block holds both orders, and
 * T(x, z) = T(z, x)); T(c, c) couples c (x) c with alpha = 2 and 1. The work units (an l and a
 * range of m) own their output rows: OpenMP over units, no locks, scratch
 * on the stack. The Jacobian row (n, l, m) gets from each block the direct
 * term (b in l1) and, for l1 < l2, the swapped one (b in l2).
 * A tensor antisymmetric in its inputs (the cross terms of two species,
 * species_quadratic.c) couples x (x) z - z (x) x: its block (l, l2, l1)
 * is minus the transpose of (l, l1, l2). */
#include "operator/quadratic_storage.h"

#include <string.h>

/* The input of one coupling: x (x) z, plus sign z (x) x when pair is set,
 * and the tensor's radial values (T's own or another of its layout). */
typedef struct {
    const double *x, *z;
    int pair, sign;
    const double *radial;
    double scale;           /* 0: y = the result; else y += scale times it */
} coupling_input;

/* The coefficients of degree l as a D x K slice, s[m * K + n] = v_{n l m}
 * (contiguous in n for the products below). */
static void slice(const qlb_quadratic *T, int l, const double *v, double *s)
{
    const size_t *o = qlb_quadratic_offsets(T, l);
    int K = (T->N - l) / 2 + 1, D = (int)T->harmonics[l];
    for (int n = 0; n < K; n++)
        for (int m = 0; m < D; m++) s[m * K + n] = v[o[n] + m];
}

/* The slices of one side (l1 or l2) of the coupling: x, and z for a pair. */
typedef struct {
    double x[QLB_SLICE_MAX], z[QLB_SLICE_MAX];
} slices;

static void make_slices(const qlb_quadratic *T, int l, const coupling_input *in, slices *S)
{
    slice(T, l, in->x, S->x);
    if (in->pair) slice(T, l, in->z, S->z);
}

/* W (K1 x K2) += the coupling of m into block B, from the slices of l1 (S1)
 * and l2 (S2): per run of m1, v = sum_{m2} G z2[m2], W += x1[m1] (x) v. */
static void couple(const qlb_quadratic_stored *B, int m, const coupling_input *in,
                   const slices *S1, const slices *S2, double *W)
{
    const qlb_gaunt_block *G = B->G;
    const double *z2 = in->pair ? S2->z : S2->x, *x2 = S2->x;
    int K1 = B->K1, K2 = B->K2;
    double v[QLB_MAX_RADIAL], vx[QLB_MAX_RADIAL];
    for (int e0 = G->start[m], e1; e0 < G->start[m + 1]; e0 = e1) {
        int m1 = G->mm[2 * e0];
        for (e1 = e0; e1 < G->start[m + 1] && G->mm[2 * e1] == m1; e1++) {
            double g = G->g[e1];
            const double *zr = z2 + (size_t)G->mm[2 * e1 + 1] * K2, *xr = x2 + (size_t)G->mm[2 * e1 + 1] * K2;
            if (e1 == e0) { /* the first entry of the run sets v */
                for (int n2 = 0; n2 < K2; n2++) v[n2] = g * zr[n2], vx[n2] = g * xr[n2];
                continue;
            }
            for (int n2 = 0; n2 < K2; n2++) v[n2] += g * zr[n2];
            if (in->pair)
                for (int n2 = 0; n2 < K2; n2++) vx[n2] += g * xr[n2];
        }
        const double *a = S1->x + (size_t)m1 * K1, *b = in->pair ? S1->z + (size_t)m1 * K1 : NULL;
        for (int n1 = 0; n1 < K1; n1++) {
            double *row = W + (size_t)n1 * K2;
            for (int n2 = 0; n2 < K2; n2++) row[n2] += a[n1] * v[n2];
            if (b)
                for (int n2 = 0; n2 < K2; n2++) row[n2] += in->sign * b[n1] * vx[n2];
        }
    }
}

/* Y[r][n] += alpha sum_q W[r][q] t[n][q] (r < rows, n < K, q < P). */
static void add_products(int rows, int K, int P, double alpha, const double *W, const double *t,
                         double *Y)
{
    for (int r = 0; r < rows; r++)
        for (int n = 0; n < K; n++) {
            const double *w = W + (size_t)r * P, *tn = t + (size_t)n * P;
            double s0 = 0, s1 = 0; /* two sums: one would wait on the add latency */
            int q = 0;
            for (; q + 1 < P; q += 2) s0 += w[q] * tn[q], s1 += w[q + 1] * tn[q + 1];
            if (q < P) s0 += w[q] * tn[q];
            Y[(size_t)r * K + n] += alpha * (s0 + s1);
        }
}

/* y on the rows of unit u. Blocks come by l1, then l2: the l1 slices are
 * made once per l1. */
static void contract_unit(const qlb_quadratic *T, const qlb_quadratic_unit *u,
                          const coupling_input *in, double *y)
{
    double W[QLB_COUPLED_MAX], Y[QLB_UNIT_M * QLB_MAX_RADIAL];
    slices S1, S2;
    int l = u->l, rows = u->m_end - u->m_begin, K = (T->N - l) / 2 + 1, l1 = -1;
    memset(Y, 0, (size_t)rows * K * sizeof(double));
    for (int k = T->first_block[l]; k < T->first_block[l + 1]; k++) {
        const qlb_quadratic_stored *B = &T->block[k];
        if (B->l1 != l1) make_slices(T, l1 = B->l1, in, &S1);
        make_slices(T, B->l2, in, &S2);
        int P = B->K1 * B->K2;
        memset(W, 0, (size_t)rows * P * sizeof(double));
        for (int m = u->m_begin; m < u->m_end; m++)
            couple(B, m, in, &S1, &S2, W + (size_t)(m - u->m_begin) * P);
        double alpha = (B->l1 < B->l2 ? 2 : 1) * (in->pair ? 0.5 : 1);
        add_products(rows, K, P, alpha, W, in->radial + (B->t - T->radial), Y);
    }
    const size_t *o = qlb_quadratic_offsets(T, l);
    for (int m = u->m_begin; m < u->m_end; m++)
        for (int n = 0; n < K; n++) {
            double v = Y[(size_t)(m - u->m_begin) * K + n];
            y[o[n] + m] = in->scale != 0 ? y[o[n] + m] + in->scale * v : v;
        }
}

static void contract(const qlb_quadratic *T, const coupling_input *in, double *y)
{
    if (T->parts > 1 && in->scale == 0) memset(y, 0, T->info.size * sizeof(double)); /* rows of other parts */
#pragma omp parallel for schedule(dynamic, 1)
    for (int u = 0; u < T->units; u++) contract_unit(T, &T->unit[u], in, y);
}

void qlb_quadratic_apply(const qlb_quadratic *T, const double *c, double *y)
{
    coupling_input in = {c, c, 0, 1, T->radial, 0};
    contract(T, &in, y);
}

void qlb_quadratic_apply_pair(const qlb_quadratic *T, const double *x, const double *z,
                             double *y)
{
    coupling_input in = {x, z, 1, 1, T->radial, 0};
    contract(T, &in, y);
}

void qlb_quadratic_contract(const qlb_quadratic *T, const double *radial, int sign, double scale,
                            const double *x, const double *z, double *y)
{
    coupling_input in = {x, z ? z : x, z != NULL, sign, radial, scale};
    contract(T, &in, y);
}

/* Row (n, l, m) of J += 2 t[n][n1][.] . u at column (n1, l1, m1), for
 * the run of entries of (m, m1) (u = its coupling of c_{l2}). */
static void jacobian_direct(const qlb_quadratic *T, const qlb_quadratic_stored *B, int m, int m1,
                            const double *u, double *J)
{
    const size_t *o = qlb_quadratic_offsets(T, B->l), *o1 = qlb_quadratic_offsets(T, B->l1);
    size_t nb = T->info.size;
    for (int n = 0; n < B->K; n++)
        for (int n1 = 0; n1 < B->K1; n1++) {
            const double *t = B->t + ((size_t)n * B->K1 + n1) * B->K2;
            double s = 0;
            for (int n2 = 0; n2 < B->K2; n2++) s += t[n2] * u[n2];
            J[(o[n] + m) * nb + o1[n1] + m1] += 2 * s;
        }
}

/* Row (n, l, m) of J += 2 g sum_{n1} t[n][n1][n2] c_{n1 l1 m1} at column
 * (n2, l2, m2), for the run of entries e0 .. e1-1 of (m, m1): the swapped
 * term of a block with l1 < l2. */
static void jacobian_swapped(const qlb_quadratic *T, const qlb_quadratic_stored *B, int m, int e0,
                             int e1, const double *c, double *J)
{
    const size_t *o = qlb_quadratic_offsets(T, B->l), *o1 = qlb_quadratic_offsets(T, B->l1),
                 *o2 = qlb_quadratic_offsets(T, B->l2);
    size_t nb = T->info.size;
    int m1 = B->G->mm[2 * e0];
    double s[QLB_MAX_RADIAL];
    for (int n = 0; n < B->K; n++) {
        memset(s, 0, (size_t)B->K2 * sizeof(double));
        for (int n1 = 0; n1 < B->K1; n1++) {
            const double *t = B->t + ((size_t)n * B->K1 + n1) * B->K2;
            double a = c[o1[n1] + m1];
            for (int n2 = 0; n2 < B->K2; n2++) s[n2] += a * t[n2];
        }
        double *row = J + (o[n] + m) * nb;
        for (int e = e0; e < e1; e++) {
            int m2 = B->G->mm[2 * e + 1];
            for (int n2 = 0; n2 < B->K2; n2++) row[o2[n2] + m2] += 2 * B->G->g[e] * s[n2];
        }
    }
}

/* The rows of J of unit u from block B. */
static void jacobian_block(const qlb_quadratic *T, const qlb_quadratic_stored *B,
                           const qlb_quadratic_unit *u, const double *c, double *J)
{
    const size_t *o2 = qlb_quadratic_offsets(T, B->l2);
    const qlb_gaunt_block *G = B->G;
    double v[QLB_MAX_RADIAL];
    for (int m = u->m_begin; m < u->m_end; m++)
        for (int e0 = G->start[m], e1; e0 < G->start[m + 1]; e0 = e1) {
            int m1 = G->mm[2 * e0];
            memset(v, 0, (size_t)B->K2 * sizeof(double));
            for (e1 = e0; e1 < G->start[m + 1] && G->mm[2 * e1] == m1; e1++)
                for (int n2 = 0; n2 < B->K2; n2++) v[n2] += G->g[e1] * c[o2[n2] + G->mm[2 * e1 + 1]];
            jacobian_direct(T, B, m, m1, v, J);
            if (B->l1 < B->l2) jacobian_swapped(T, B, m, e0, e1, c, J);
        }
}

void qlb_quadratic_jacobian(const qlb_quadratic *T, const double *c, double *J)
{
    size_t nb = T->info.size;
    if (T->parts > 1) memset(J, 0, nb * nb * sizeof(double)); /* rows of other parts */
#pragma omp parallel for schedule(dynamic, 1)
    for (int k = 0; k < T->units; k++) {
        const qlb_quadratic_unit *u = &T->unit[k];
        const size_t *o = qlb_quadratic_offsets(T, u->l);
        for (int n = 0; n < (T->N - u->l) / 2 + 1; n++)
            for (int m = u->m_begin; m < u->m_end; m++) memset(J + (o[n] + m) * nb, 0, nb * sizeof(double));
        for (int b = T->first_block[u->l]; b < T->first_block[u->l + 1]; b++)
            jacobian_block(T, &T->block[b], u, c, J);
    }
}
