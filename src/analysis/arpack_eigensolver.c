/* arpack_eigensolver.c — the k smallest eigenvalues of a dense symmetric PSD matrix by
 * ARPACK (dsaupd/dseupd) in shift-invert mode 3: Lanczos on
 * (A - sigma I)^-1 with sigma < 0, applied through a Cholesky factorization
 * (LAPACK dpotrf/dpotrs), so the wanted end of the spectrum, including a
 * degenerate kernel, converges first. */
#include "qlb/spectrum.h"
#include "core/error.h"

#include <arpack/arpack.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    a_int n, nev, ncv, lworkl;
    a_int iparam[11], ipntr[11]; /* kept from dsaupd for dseupd */
    double *resid, *v, *workd, *workl, *d, *factor;
    a_int *select;
} arpack_ws;

static void ws_free(arpack_ws *w)
{
    free(w->resid);
    free(w->v);
    free(w->workd);
    free(w->workl);
    free(w->d);
    free(w->factor);
    free(w->select);
}

static qlb_status ws_alloc(arpack_ws *w, size_t n, int k)
{
    w->n = (a_int)n;
    w->nev = k;
    w->ncv = 2 * k + 20 < (int)n ? 2 * k + 20 : (a_int)n;
    w->lworkl = w->ncv * (w->ncv + 8);
    w->resid = malloc(n * sizeof(double));
    w->v = malloc(n * (size_t)w->ncv * sizeof(double));
    w->workd = malloc(3 * n * sizeof(double));
    w->workl = malloc((size_t)w->lworkl * sizeof(double));
    w->d = malloc((size_t)w->ncv * sizeof(double));
    w->factor = malloc(n * n * sizeof(double));
    w->select = calloc((size_t)w->ncv, sizeof(a_int));
    if (w->resid && w->v && w->workd && w->workl && w->d && w->factor && w->select)
        return QLB_OK;
    return qlb_fail(QLB_ENOMEM, "arpack: %zu x %zu problem does not fit in memory", n, n);
}

/* factor = chol(A - sigma I), sigma = -(1e-3 of the mean diagonal). */
static qlb_status factorize(const double *A, arpack_ws *w, double *sigma)
{
    size_t n = (size_t)w->n;
    double trace = 0;
    for (size_t i = 0; i < n; i++) trace += A[i * n + i];
    *sigma = -1e-3 * (trace > 0 ? trace / n : 1.0);
    memcpy(w->factor, A, n * n * sizeof(double));
    for (size_t i = 0; i < n; i++) w->factor[i * n + i] -= *sigma;
    int info = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'U', (int)n, w->factor, (int)n);
    return info ? qlb_fail(QLB_ELAPACK, "arpack: matrix is not positive semi-definite "
                                        "(Cholesky of A - sigma I failed at %d)", info)
                : QLB_OK;
}

static qlb_status lanczos(arpack_ws *w, double tol)
{
    a_int ido = 0, info = 0, *iparam = w->iparam, *ipntr = w->ipntr;
    iparam[0] = 1;     /* exact shifts */
    iparam[2] = 1000;  /* max iterations */
    iparam[6] = 3;     /* shift-invert */
    for (;;) {
        dsaupd_c(&ido, "I", w->n, "LM", w->nev, tol, w->resid, w->ncv, w->v, w->n, iparam,
                 ipntr, w->workd, w->workl, w->lworkl, &info);
        if (ido != -1 && ido != 1) break;
        double *x = w->workd + ipntr[0] - 1, *y = w->workd + ipntr[1] - 1;
        memcpy(y, x, (size_t)w->n * sizeof(double));
        LAPACKE_dpotrs(LAPACK_ROW_MAJOR, 'U', w->n, 1, w->factor, w->n, y, 1);
    }
    if (info < 0 || info > 1)
        return qlb_fail(QLB_ELAPACK, "arpack: dsaupd failed (info %d)", (int)info);
    if (info == 1 || iparam[4] < w->nev)
        return qlb_fail(QLB_ENOCONV, "arpack: %d of %d eigenvalues converged",
                        (int)iparam[4], (int)w->nev);
    return QLB_OK;
}

static qlb_status extract(arpack_ws *w, double sigma, double tol, double *values)
{
    a_int info = 0;
    dseupd_c(0, "A", w->select, w->d, w->v, w->n, sigma, "I", w->n, "LM", w->nev, tol,
             w->resid, w->ncv, w->v, w->n, w->iparam, w->ipntr, w->workd, w->workl,
             w->lworkl, &info);
    if (info)
        return qlb_fail(QLB_ELAPACK, "arpack: dseupd failed (info %d)", (int)info);
    for (int i = 0; i < w->nev; i++) values[i] = w->d[i];
    for (int i = 1; i < w->nev; i++) /* insertion sort to ascending order */
        for (int j = i; j > 0 && values[j] < values[j - 1]; j--) {
            double t = values[j];
            values[j] = values[j - 1];
            values[j - 1] = t;
        }
    return QLB_OK;
}

qlb_status qlb_spectrum_smallest(const double *A, size_t n, int k, double *values)
{
    if (k < 1 || (size_t)k >= n)
        return qlb_fail(QLB_EINVAL, "arpack: need 1 <= k < n (k = %d, n = %zu)", k, n);
    arpack_ws w;
    memset(&w, 0, sizeof w);
    double sigma = 0, tol = 1e-14;
    qlb_status st = ws_alloc(&w, n, k);
    if (!st) st = factorize(A, &w, &sigma);
    if (!st) st = lanczos(&w, tol);
    if (!st) st = extract(&w, sigma, tol, values);
    ws_free(&w);
    return st;
}
