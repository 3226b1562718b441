/* adaptive_quadrature.c — globally adaptive Gauss–Legendre integration of vector-valued
 * functions: plain vectors (Euclidean norm) or symmetric matrices (only
 * upper triangles are used; Frobenius norm).
 *
 * Every interval holds the QLB_ADAPT_NODES-point Gauss–Legendre values of its two
 * halves; its error estimate is |GL(whole) - GL(left) - GL(right)|_F, and
 * its contribution is GL(left) + GL(right). Refinement replaces the
 * interval with the largest estimate by its halves (whose values it
 * already holds). A running total and error are kept up to date; the
 * final sum is recomputed from the intervals. Intervals whose bisection
 * does not reduce the error are at the rounding floor and are not bisected
 * again (their error stays in the estimate). Interval buffers are recycled
 * across refinements and resets, so repeated use allocates nothing. */

#include "numerics/adaptive_quadrature.h"
#include "core/error.h"
#include "numerics/gauss_rules.h"
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>


typedef struct {
    double lo, hi, err;
    int tag, settled;  /* settled: at the rounding floor, not bisected again */
    double *left, *right;
} interval;

struct qlb_adapt {
    int n;             /* symmetric n x n matrices, or 0: plain vectors */
    size_t len;        /* doubles per value */
    int count, cap;
    interval *iv;
    double **spare;    /* released interval buffers, reused before malloc */
    int nspare;
    double *whole, *running, *scratch;
    double err, settled_err;
    double x[QLB_ADAPT_NODES], w[QLB_ADAPT_NODES];
    double xs[QLB_ADAPT_NODES], ws[QLB_ADAPT_NODES];
};

double qlb_sym_norm(const double *M, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        s += M[i * n + i] * M[i * n + i];
        for (int j = i + 1; j < n; j++) s += 2 * M[i * n + j] * M[i * n + j];
    }
    return sqrt(s);
}

static double value_norm(const qlb_adapt *A, const double *v)
{
    return A->n ? qlb_sym_norm(v, A->n) : cblas_dnrm2((int)A->len, v, 1);
}

static qlb_status adapt_create(int n, size_t nn, int max_intervals, qlb_adapt **out)
{
    *out = NULL;
    qlb_adapt *A = calloc(1, sizeof *A);
    if (!A) return qlb_fail(QLB_ENOMEM, "adaptive quadrature: out of memory");
    A->n = n;
    A->len = nn;
    A->cap = max_intervals;
    A->iv = calloc((size_t)max_intervals, sizeof *A->iv);
    A->spare = calloc((size_t)max_intervals, sizeof *A->spare);
    A->whole = malloc(nn * sizeof(double));
    A->running = calloc(nn, sizeof(double));
    A->scratch = malloc(nn * sizeof(double));
    qlb_status st = A->iv && A->spare && A->whole && A->running && A->scratch
                        ? qlb_gauss_rule(QLB_GAUSS_LEGENDRE, QLB_ADAPT_NODES, 0, A->x, A->w)
                        : qlb_fail(QLB_ENOMEM, "adaptive quadrature: out of memory");
    if (st) {
        qlb_adapt_free(A);
        return st;
    }
    *out = A;
    return QLB_OK;
}

qlb_status qlb_adapt_create(int n, int max_intervals, qlb_adapt **out)
{
    return adapt_create(n, (size_t)n * n, max_intervals, out);
}

qlb_status qlb_adapt_create_vector(size_t len, int max_intervals, qlb_adapt **out)
{
    return adapt_create(0, len, max_intervals, out);
}

/* Keeps an interval buffer for reuse (there are never more than cap). */
static void release(qlb_adapt *A, double *buf)
{
    A->spare[A->nspare++] = buf;
}

void qlb_adapt_reset(qlb_adapt *A)
{
    for (int k = 0; k < A->count; k++) release(A, A->iv[k].left);
    A->count = 0;
    A->err = A->settled_err = 0;
    memset(A->running, 0, A->len * sizeof(double));
}

void qlb_adapt_free(qlb_adapt *A)
{
    if (!A) return;
    if (A->iv && A->spare) qlb_adapt_reset(A);
    for (int k = 0; k < A->nspare; k++) free(A->spare[k]);
    free(A->spare);
    free(A->iv);
    free(A->whole);
    free(A->running);
    free(A->scratch);
    free(A);
}

/* out = GL value on [lo, hi]. */
static qlb_status gauss_legendre(qlb_adapt *A, qlb_adapt_fn f, void *ctx, double lo, double hi,
                                 double *out)
{
    double half = (hi - lo) / 2, mid = (hi + lo) / 2;
    for (int i = 0; i < QLB_ADAPT_NODES; i++) {
        A->xs[i] = mid + half * A->x[i];
        A->ws[i] = half * A->w[i];
    }
    memset(out, 0, A->len * sizeof(double));
    return f(ctx, A->xs, A->ws, QLB_ADAPT_NODES, out);
}

/* running += sign * (left + right), err likewise. */
static void account(qlb_adapt *A, const interval *it, double sign)
{
    int nn = (int)A->len;
    cblas_daxpy(nn, sign, it->left, 1, A->running, 1);
    cblas_daxpy(nn, sign, it->right, 1, A->running, 1);
    A->err += sign * it->err;
}

/* |whole - left - right| (Frobenius norm of the symmetric matrix for
 * matrices) in one pass. */
static double difference_norm(const qlb_adapt *A, const double *whole, const double *left,
                              const double *right)
{
    double s = 0;
    if (!A->n) {
        for (size_t i = 0; i < A->len; i++) {
            double d = whole[i] - left[i] - right[i];
            s += d * d;
        }
        return sqrt(s);
    }
    for (int i = 0, n = A->n; i < n; i++) {
        double d = whole[i * n + i] - left[i * n + i] - right[i * n + i], off = 0;
        s += d * d;
        for (int j = i + 1; j < n; j++) {
            double e = whole[i * n + j] - left[i * n + j] - right[i * n + j];
            off += e * e;
        }
        s += 2 * off;
    }
    return sqrt(s);
}

/* Appends [lo, hi] (not yet in the running total); `whole` is its GL
 * value if already known, else NULL. */
static qlb_status append(qlb_adapt *A, qlb_adapt_fn f, void *ctx, double lo, double hi,
                         int tag, const double *whole)
{
    if (A->count == A->cap)
        return qlb_fail(QLB_ENOCONV, "adaptive quadrature needs more than %d intervals "
                                     "(last at [%g, %g])", A->cap, lo, hi);
    size_t nn = A->len;
    double *buf = A->nspare ? A->spare[--A->nspare] : malloc(2 * nn * sizeof(double));
    if (!buf) return qlb_fail(QLB_ENOMEM, "adaptive quadrature: out of memory");
    interval *it = &A->iv[A->count++];
    *it = (interval){lo, hi, 0, tag, 0, buf, buf + nn};
    double mid = (lo + hi) / 2;
    qlb_status st = gauss_legendre(A, f, ctx, lo, mid, it->left);
    if (!st) st = gauss_legendre(A, f, ctx, mid, hi, it->right);
    if (!st && !whole) {
        st = gauss_legendre(A, f, ctx, lo, hi, A->whole);
        whole = A->whole;
    }
    if (st) return st;
    it->err = difference_norm(A, whole, it->left, it->right);
    return QLB_OK;
}

qlb_status qlb_adapt_add(qlb_adapt *A, qlb_adapt_fn f, void *ctx, double lo, double hi, int tag)
{
    qlb_status st = append(A, f, ctx, lo, hi, tag, NULL);
    if (!st) account(A, &A->iv[A->count - 1], 1.0);
    return st;
}

/* The running total with parent replaced by its halves a, b, in one pass. */
static void replace_in_total(qlb_adapt *A, const interval *parent, const interval *a,
                             const interval *b)
{
    for (size_t i = 0; i < A->len; i++)
        A->running[i] += (a->left[i] + a->right[i] + b->left[i] + b->right[i]) -
                         (parent->left[i] + parent->right[i]);
    A->err += a->err + b->err - parent->err;
}

/* Replaces interval k by its halves. If their errors add up to more than
 * NOISE_RATIO of its own, the error estimate is rounding noise (a smooth
 * integrand's drops ~2^-32 per bisection with 16 nodes, a jump's by 1/2):
 * the halves are settled. For matrices (sums of positive multiples of
 * E E^T: no cancellation) only if the error is also at most FLOOR of the
 * interval's value: a larger error that does not drop is an unresolved
 * peak narrower than the nodes' spacing (a plasma resonance), bisected on
 * (settling it had left errors of 1e-6 in screened Coulomb kernels). For
 * vectors, whose entries cancel, the value is no scale for the rounding;
 * their users (the quadratic kernels) refuse resonances. */
#define NOISE_RATIO 0.7
#define FLOOR 1e-11

static double interval_norm(qlb_adapt *A, const interval *it)
{
    for (size_t i = 0; i < A->len; i++) A->scratch[i] = it->left[i] + it->right[i];
    return value_norm(A, A->scratch);
}

static qlb_status bisect(qlb_adapt *A, qlb_adapt_fn f, void *ctx, int k)
{
    interval it = A->iv[k];
    A->iv[k] = A->iv[--A->count];
    double mid = (it.lo + it.hi) / 2;
    qlb_status st = append(A, f, ctx, it.lo, mid, it.tag, it.left);
    if (!st) st = append(A, f, ctx, mid, it.hi, it.tag, it.right);
    if (!st) replace_in_total(A, &it, &A->iv[A->count - 2], &A->iv[A->count - 1]);
    if (!st && A->iv[A->count - 1].err + A->iv[A->count - 2].err > NOISE_RATIO * it.err &&
        (!A->n || it.err <= FLOOR * interval_norm(A, &it)))
        for (int h = 1; h <= 2; h++) {
            A->iv[A->count - h].settled = 1;
            A->settled_err += A->iv[A->count - h].err;
        }
    release(A, it.left);
    return st;
}

qlb_status qlb_adapt_refine(qlb_adapt *A, qlb_adapt_fn f, void *ctx, double rel_tol,
                            double scale)
{
    /* The norm of the total (a pass over it) is refreshed only near the
     * stopping point: far from it, continuing is right with any recent norm. */
    double norm = qlb_adapt_total_norm(A);
    while (A->err - A->settled_err > rel_tol * fmax(scale, norm)) {
        int worst = -1;
        for (int k = 0; k < A->count; k++)
            if (!A->iv[k].settled && (worst < 0 || A->iv[k].err > A->iv[worst].err)) worst = k;
        if (worst < 0) break; /* all at the rounding floor: qlb_adapt_error says how far */
        qlb_status st = bisect(A, f, ctx, worst);
        if (st) return st;
        if (A->err - A->settled_err <= 2 * rel_tol * fmax(scale, norm)) norm = qlb_adapt_total_norm(A);
    }
    return QLB_OK;
}

double qlb_adapt_total_norm(const qlb_adapt *A) { return value_norm(A, A->running); }
double qlb_adapt_error(const qlb_adapt *A) { return A->err; }
int qlb_adapt_intervals(const qlb_adapt *A) { return A->count; }

double qlb_adapt_tag_norm(qlb_adapt *A, int tag)
{
    int nn = (int)A->len;
    memset(A->scratch, 0, A->len * sizeof(double));
    for (int k = 0; k < A->count; k++)
        if (A->iv[k].tag == tag) {
            cblas_daxpy(nn, 1.0, A->iv[k].left, 1, A->scratch, 1);
            cblas_daxpy(nn, 1.0, A->iv[k].right, 1, A->scratch, 1);
        }
    return value_norm(A, A->scratch);
}

void qlb_adapt_sum(const qlb_adapt *A, double *out)
{
    int n = A->n, nn = (int)A->len;
    memset(out, 0, A->len * sizeof(double));
    for (int k = 0; k < A->count; k++) {
        cblas_daxpy(nn, 1.0, A->iv[k].left, 1, out, 1);
        cblas_daxpy(nn, 1.0, A->iv[k].right, 1, out, 1);
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++) out[i * n + j] = out[j * n + i];
}
