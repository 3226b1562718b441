/* kernel_nodes.c — the shared machinery of the quadratic terms' parallel
 * kernels (kernel_nodes.h): pair lists by parity, their dgemm products
 * per batch of nodes, and the split screened u-integral. Integrating S
 * whole adaptively would leave the rounding noise of the O(1) products
 * (it grows with N and the number of intervals: at N = 32 it stayed above
 * 1e-12 of the result where Vhat is small), so its exact part S = 1 goes
 * by the Gauss–Hermite rule that is exact for it. */
#include "operator/kernel_nodes.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define U_PIECE 4.0
#define U_EXTRA 12.0

int *qlb_parity_pairs(int nk, int lower, int count[2])
{
    int *pairs = malloc(2 * (size_t)nk * nk * sizeof(int) + 1), n = 0;
    if (!pairs) return NULL;
    for (int par = 0; par < 2; par++) {
        count[par] = 0;
        for (int i = 0; i < nk; i++)
            for (int k = lower < 0 ? 0 : i + lower; k < nk; k++)
                if (((i + k) & 1) == par) {
                    pairs[2 * n] = i, pairs[2 * n++ + 1] = k;
                    count[par]++;
                }
    }
    return pairs;
}

void qlb_parity_products(int nk, int m, const double *A, int batch, const double *B, const int count[2],
                         double *const out[2])
{
    int cols = count[0] + count[1];
    for (int par = 0; par < 2; par++) {
        int rows = (nk + 1 - par) / 2, n = count[par];
        if (rows == 0 || n == 0) continue;
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, n, m, 1.0, A + (size_t)par * batch,
                    2 * batch, B + (par ? count[0] : 0), cols, 1.0, out[par], n);
    }
}

qlb_status qlb_split_integrate(const qlb_split_integral *split, double *F)
{
    memset(F, 0, split->len * sizeof(double));
    *split->unit = 1;
    qlb_status st = split->add(split->ctx, split->gh_x, split->gh_w, split->ngh, F);
    *split->unit = 0;
    double U = sqrt(3.0 * split->N) + U_EXTRA, scale = cblas_dnrm2((int)split->len, F, 1);
    int pieces = (int)ceil(2 * U / U_PIECE);
    qlb_adapt_reset(split->adapt);
    for (int i = 0; i < pieces && !st; i++)
        st = qlb_adapt_add(split->adapt, split->add, split->ctx, -U + 2 * U * i / pieces, -U + 2 * U * (i + 1) / pieces, 0);
    if (!st) st = qlb_adapt_refine(split->adapt, split->add, split->ctx, split->tol / 4, scale);
    if (!st) {
        qlb_adapt_sum(split->adapt, split->rest);
        cblas_daxpy((int)split->len, 1.0, split->rest, 1, F, 1);
    }
    return st;
}
