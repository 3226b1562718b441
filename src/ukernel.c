/* ukernel.c — F(kappa) = Int S(kappa,u) E_n(u) E_n'(u) du for all n, n' <= N,
 *
 *   E_n(u) = [psi_n(u) mu(u+a) - psi_n(u+a) mu(u)] / a,   a = hbar kappa,
 *
 * S = |eps_hbar(M,kappa,u)|^-2 (screened) or 1. For a sqrt(n) < 1, E_n is
 * the exact finite sum -mu(u+a) sum_k a^{k-1}/k! sqrt(n!/(n-k)!) psi_{n-k}(u)
 * (Taylor expansion of He_n), free of cancellation as a -> 0 and equal to
 * the classical -sqrt(n) mu psi_{n-1} at a = 0.
 *
 * E_n E_n' is a polynomial of degree <= 2N-2 times exp(-s^2), s = u + a/2:
 * unscreened, Gauss–Hermite with N+1 nodes is exact. Screened, S is smooth
 * except near the plasma-wave resonances: where Re eps = 0 at large |u|,
 * Im eps ~ exp(-u^2/2) is tiny and S is a Lorentzian spike of width down
 * to 1e-13 that carries a finite share of the integral. They exist only if
 * Vhat max(Re G') >= 1 (max Re G' = 0.2854 < 1/3); they are located by a
 * scan of Re eps and bisection. The integral is adaptive Gauss–Legendre on
 * s in [-U, U], U = sqrt(2N) + 12 (beyond U even a resonance contributes
 * below 1e-30 of the total), with the zeros as breakpoints. Pointwise,
 * 1 - Vhat dd has an absolute error ~1e-16, i.e. a relative noise 1e-16/|eps|
 * that no quadrature can integrate away where |Im eps| is small. So around
 * every zero with |Im eps| < 1e-2, eps is replaced by its Taylor polynomial
 * of degree 7 in the offset x, on a window where the next term is below
 * 1e-14 of eps' x, and outside it |eps| >= |eps'| x keeps the noise below
 * 1e-13. In the window the Lorentzian of the linear model is integrated
 * exactly and only a bounded remainder numerically, so peaks of any width
 * (down to 1e-50 far out in |u|, still weighing ~1e-11) cost a few nodes. */
#include "ukernel.h"
#include "adapt.h"
#include "internal.h"
#include "qlb/basis.h"
#include "qlb/dielectric.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define U_PIECE 4.0          /* initial interval width in s */
#define SCAN_STEP 0.05       /* resonance scan step */
#define SCAN_VHAT 3.0        /* below this Vhat, Re eps > 0 everywhere */
#define MAX_BREAKS 512
#define MAX_U_INTERVALS 4000
#define MAX_RES 16
#define MODEL_BELOW 1e-2     /* model eps where |Im eps| at a zero of Re eps is below */
#define MODEL_ORDER 7        /* Taylor model of eps: degree */
#define MODEL_ERROR 1e-14    /* next Taylor term / (eps' x) at the window's edge */

typedef struct {
    double s0, half;                      /* centre (in s) and half-width */
    double complex c[MODEL_ORDER + 1];    /* eps^(k)(u0) / k! */
    double xi, eta, c1sq;                 /* linear model: |eps|^2 = c1sq ((x-xi)^2 + eta^2) */
} resonance;

struct qlb_ukernel {
    const qlb_params *p;
    int nk;
    double *gh_s, *gh_w;     /* Gauss–Hermite, N+1 nodes */
    double *psi_u, *psi_ua, *coef, *Et, *part, *Ecentre;
    double a, vhat;          /* current kappa */
    double U;
    double breaks[MAX_BREAKS];
    resonance res[MAX_RES];
    int nres;
    const resonance *current;             /* window being integrated */
    qlb_adapt *adapt;
};

/* coef[n][k] = a^{k-1}/k! sqrt(n!/(n-k)!). */
static void series_coefficients(int N, double a, double *coef)
{
    for (int n = 1; n <= N; n++) {
        double *c = coef + (size_t)n * (N + 1);
        c[1] = sqrt((double)n);
        for (int k = 1; k < n; k++) c[k + 1] = c[k] * a * sqrt((double)(n - k)) / (k + 1);
    }
}

/* sc * E_n(u), n = 0..N, into column j of Et (row-major, ld = m). */
static void fill_E(qlb_ukernel *K, double u, double sc, int m, int j)
{
    int N = K->nk - 1;
    double a = K->a;
    qlb_hermite_functions(N, u, K->psi_u);
    qlb_hermite_functions(N, u + a, K->psi_ua);
    double mu = K->psi_u[0], mua = K->psi_ua[0];
    K->Et[j] = 0;
    for (int n = 1; n <= N; n++) {
        double e;
        if (a * sqrt((double)n) < 1) {
            const double *c = K->coef + (size_t)n * (N + 1);
            double sum = 0;
            for (int k = 1; k <= n && c[k] >= 1e-18 * c[1]; k++) sum += c[k] * K->psi_u[n - k];
            e = -mua * sum;
        } else {
            e = (K->psi_u[n] * mua - K->psi_ua[n] * mu) / a;
        }
        K->Et[(size_t)n * m + j] = sc * e;
    }
}

/* adapt callback: out += sum_i w_i S E E^T at s = x_i. */
static qlb_status screened_points(void *ctx, const double *x, const double *w, int count,
                                  double *out)
{
    qlb_ukernel *K = ctx;
    for (int j = 0; j < count; j++) {
        double u = x[j] - K->a / 2;
        fill_E(K, u, sqrt(w[j] * qlb_dielectric_screening(K->vhat, K->a, u)), count, j);
    }
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, K->nk, count, 1.0, K->Et, count, 1.0,
                out, K->nk);
    return QLB_OK;
}

/* |eps|^-2 from the Taylor model at offset x. */
static double model_screening(const resonance *r, double x)
{
    double complex e = 0;
    for (int k = MODEL_ORDER; k >= 0; k--) e = e * x + r->c[k];
    return 1 / (creal(e) * creal(e) + cimag(e) * cimag(e));
}

/* adapt callback in a resonance window, t in [0, half]: adds
 *   sum_j w_j [ g(xi+t_j) S(xi+t_j) + g(xi-t_j) S(xi-t_j) - 2 g(xi) L(t_j) ],
 * g = E E^T, S from the Taylor model of eps (pointwise 1 - Vhat dd carries an
 * absolute error ~1e-16 against |eps| ~ 1e-13 at the peak), L the Lorentzian
 * of its linear part. The 1/t parts cancel between xi + t and xi - t, so the
 * integrand is bounded and the peak scale eta need not be resolved; the
 * Lorentzian itself is added analytically (add_window). */
static qlb_status window_points(void *ctx, const double *x, const double *w, int count,
                                double *out)
{
    qlb_ukernel *K = ctx;
    const resonance *r = K->current;
    double lorentz = 0;
    for (int j = 0; j < count; j++)
        for (int side = 0; side < 2; side++) {
            double off = r->xi + (side ? -x[j] : x[j]);
            fill_E(K, r->s0 + off - K->a / 2, sqrt(w[j] * model_screening(r, off)), 2 * count,
                   2 * j + side);
        }
    for (int j = 0; j < count; j++) lorentz += 2 * w[j] / (r->c1sq * (x[j] * x[j] + r->eta * r->eta));
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, K->nk, 2 * count, 1.0, K->Et, 2 * count,
                1.0, out, K->nk);
    cblas_dsyr(CblasRowMajor, CblasUpper, K->nk, -lorentz, K->Ecentre, 1, out, K->nk);
    return QLB_OK;
}

static double re_eps(const qlb_ukernel *K, double s)
{
    return creal(qlb_dielectric_eps(K->vhat, K->a, s - K->a / 2));
}

/* Zero of Re eps in [lo, hi] (signs differ) by bisection. */
static double bisect_zero(const qlb_ukernel *K, double lo, double hi)
{
    double flo = re_eps(K, lo);
    for (int it = 0; it < 60; it++) {
        double mid = (lo + hi) / 2, fm = re_eps(K, mid);
        if ((fm > 0) == (flo > 0)) lo = mid, flo = fm;
        else hi = mid;
    }
    return (lo + hi) / 2;
}

/* Window half-width around a zero of Re eps at s0 whose neighbours are
 * `gap` away, and the Taylor coefficients there. Returns 0 if eps needs no
 * model (|Im eps| >= MODEL_BELOW: pointwise noise ~1e-16/|eps| is harmless). */
static double model_window(const qlb_ukernel *K, double s0, double gap, resonance *r)
{
    double complex d[MODEL_ORDER + 2];
    qlb_dielectric_eps_derivatives(K->vhat, K->a, s0 - K->a / 2, MODEL_ORDER + 1, d);
    if (fabs(cimag(d[0])) >= MODEL_BELOW) return 0;
    double fact = 1;
    for (int k = 0; k <= MODEL_ORDER + 1; k++, fact *= k) d[k] /= fact;
    double half = pow(MODEL_ERROR * cabs(d[1]) / cabs(d[MODEL_ORDER + 1]), 1.0 / MODEL_ORDER);
    half = fmin(fmin(half, 0.05), gap / 4);
    double gamma = cimag(d[0]), c1sq = creal(d[1]) * creal(d[1]) + cimag(d[1]) * cimag(d[1]);
    r->xi = -gamma * cimag(d[1]) / c1sq;  /* centre of the peak, offset from s0 */
    if (fabs(r->xi) > half / 2) return 0;  /* not a peak worth modelling */
    r->s0 = s0;
    r->half = half;
    for (int k = 0; k <= MODEL_ORDER; k++) r->c[k] = d[k];
    r->c[0] = I * cimag(d[0]); /* Re eps(s0) = 0 up to rounding: the centre */
    r->c1sq = c1sq;
    r->eta = fabs(gamma * creal(d[1])) / c1sq;
    return half;
}

/* Turns the zeros of Re eps into breakpoints, or into modelled windows
 * whose ends are breakpoints. Returns the new number of breakpoints. */
static int add_zeros(qlb_ukernel *K, const double *zero, int nz, int nb)
{
    for (int i = 0; i < nz && nb + 2 <= MAX_BREAKS; i++) {
        double gap = fmin(i > 0 ? zero[i] - zero[i - 1] : INFINITY,
                          i + 1 < nz ? zero[i + 1] - zero[i] : INFINITY);
        resonance *r = &K->res[K->nres];
        double half = K->nres < MAX_RES ? model_window(K, zero[i], gap, r) : 0;
        if (half > 0) {
            K->nres++;
            K->breaks[nb++] = zero[i] + r->xi - half;
            K->breaks[nb++] = zero[i] + r->xi + half;
        } else {
            K->breaks[nb++] = zero[i];
        }
    }
    return nb;
}

/* Sorted breakpoints in s: the ends, pieces of width <= U_PIECE, and the
 * zeros of Re eps or the windows around them. Returns their number. */
static int breakpoints(qlb_ukernel *K)
{
    int nb = 0, pieces = (int)ceil(2 * K->U / U_PIECE);
    K->nres = 0;
    for (int i = 0; i <= pieces; i++) K->breaks[nb++] = -K->U + 2 * K->U * i / pieces;
    if (K->vhat < SCAN_VHAT) return nb;
    double zero[MAX_BREAKS / 2], prev = re_eps(K, -K->U);
    int nz = 0;
    for (double s = -K->U + SCAN_STEP; s <= K->U && nz < MAX_BREAKS / 2; s += SCAN_STEP) {
        double cur = re_eps(K, s);
        if ((prev > 0) != (cur > 0)) zero[nz++] = bisect_zero(K, s - SCAN_STEP, s);
        prev = cur;
    }
    nb = add_zeros(K, zero, nz, nb);
    for (int i = 1; i < nb; i++) /* insertion sort */
        for (int j = i; j > 0 && K->breaks[j] < K->breaks[j - 1]; j--) {
            double t = K->breaks[j];
            K->breaks[j] = K->breaks[j - 1];
            K->breaks[j - 1] = t;
        }
    return nb;
}

static int inside_window(const qlb_ukernel *K, double lo, double hi)
{
    for (int r = 0; r < K->nres; r++) {
        double c = K->res[r].s0 + K->res[r].xi;
        if (lo >= c - K->res[r].half && hi <= c + K->res[r].half) return 1;
    }
    return 0;
}

/* F += the integral over the window [xi - half, xi + half] of resonance r:
 * the Lorentzian term (2 / (c1sq eta)) atan(half / eta) g(xi), plus the
 * adaptive integral of the bounded remainder over t in [0, half], refined
 * relative to everything this window adds to. */
static qlb_status add_window(qlb_ukernel *K, int r, double *F, double *part)
{
    const resonance *res = &K->res[r];
    K->current = res;
    fill_E(K, res->s0 + res->xi - K->a / 2, 1.0, 1, 0);
    memcpy(K->Ecentre, K->Et, (size_t)K->nk * sizeof(double));
    double area = 2 * atan(res->half / res->eta) / (res->c1sq * res->eta), e2 = 0;
    for (int i = 0; i < K->nk; i++) e2 += K->Ecentre[i] * K->Ecentre[i];
    double scale = qlb_sym_norm(F, K->nk) + area * e2;
    qlb_adapt_reset(K->adapt);
    qlb_status st = qlb_adapt_add(K->adapt, window_points, K, 0, res->half, 0);
    if (!st) st = qlb_adapt_refine(K->adapt, window_points, K, K->p->tol / 4, scale);
    if (st) return st;
    qlb_adapt_sum(K->adapt, part);
    for (int i = 0; i < K->nk; i++)
        for (int j = 0; j < K->nk; j++)
            F[i * K->nk + j] += part[i * K->nk + j] + area * K->Ecentre[i] * K->Ecentre[j];
    return QLB_OK;
}

static qlb_status screened(qlb_ukernel *K, double *F)
{
    qlb_adapt_reset(K->adapt);
    int nb = breakpoints(K);
    qlb_status st = QLB_OK;
    for (int i = 0; i + 1 < nb && !st; i++)
        if (K->breaks[i + 1] > K->breaks[i] && !inside_window(K, K->breaks[i], K->breaks[i + 1]))
            st = qlb_adapt_add(K->adapt, screened_points, K, K->breaks[i], K->breaks[i + 1], 0);
    if (!st) st = qlb_adapt_refine(K->adapt, screened_points, K, K->p->tol / 4, 0);
    if (st) return st;
    qlb_adapt_sum(K->adapt, F);
    for (int r = 0; r < K->nres && !st; r++) st = add_window(K, r, F, K->part);
    return st;
}

static void unscreened(qlb_ukernel *K, double *F)
{
    int m = K->nk;
    for (int j = 0; j < m; j++) fill_E(K, K->gh_s[j] - K->a / 2, sqrt(K->gh_w[j]), m, j);
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, K->nk, m, 1.0, K->Et, m, 0.0, F, K->nk);
}

qlb_status qlb_ukernel_eval(qlb_ukernel *K, double kappa, double vhat, double *F)
{
    K->a = K->p->hbar * kappa;
    K->vhat = vhat;
    series_coefficients(K->nk - 1, K->a, K->coef);
    if (!K->p->screening) {
        unscreened(K, F);
        return QLB_OK;
    }
    return screened(K, F);
}

qlb_status qlb_ukernel_create(const qlb_params *p, qlb_ukernel **out)
{
    *out = NULL;
    qlb_ukernel *K = calloc(1, sizeof *K);
    if (!K) return qlb_fail(QLB_ENOMEM, "u-integral: out of memory");
    size_t nk = (size_t)p->degree + 1, m = nk > 32 ? nk : 32;
    K->p = p;
    K->nk = (int)nk;
    K->U = sqrt(2.0 * p->degree) + 12;
    K->gh_s = malloc(2 * nk * sizeof(double));
    K->psi_u = malloc(nk * sizeof(double));
    K->psi_ua = malloc(nk * sizeof(double));
    K->coef = calloc(nk * nk, sizeof(double));
    K->Et = malloc(nk * m * sizeof(double));
    K->part = malloc(nk * nk * sizeof(double));
    K->Ecentre = malloc(nk * sizeof(double));
    qlb_status st = K->gh_s && K->psi_u && K->psi_ua && K->coef && K->Et && K->part && K->Ecentre
                        ? QLB_OK
                        : qlb_fail(QLB_ENOMEM, "u-integral: out of memory");
    if (!st) {
        K->gh_w = K->gh_s + nk;
        st = qlb_gauss_rule(QLB_GAUSS_HERMITE, (int)nk, 0, K->gh_s, K->gh_w);
    }
    if (!st && p->screening) st = qlb_adapt_create((int)nk, MAX_U_INTERVALS, &K->adapt);
    if (st) {
        qlb_ukernel_free(K);
        return st;
    }
    *out = K;
    return QLB_OK;
}

void qlb_ukernel_free(qlb_ukernel *K)
{
    if (!K) return;
    free(K->gh_s);
    free(K->psi_u);
    free(K->psi_ua);
    free(K->coef);
    free(K->Et);
    free(K->part);
    free(K->Ecentre);
    qlb_adapt_free(K->adapt);
    free(K);
}
