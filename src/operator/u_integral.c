/* u_integral.c — F(kappa) = Int S(kappa,u) sum_r E^r_n(u) E^r_n'(u) du for all
 * n, n' <= N, a = hbar kappa, psi_n the Hermite functions, mu = psi_0:
 *
 *   collision (1.29), rank 1:  E_n = [psi_n(u) mu(u+a) - psi_n(u+a) mu(u)] / a
 *   norm (3.5), rank 2:        E^1_n = mu(u+a) [psi_n(u) - psi_n(u+a)] / a,
 *                              E^2_n = psi_n(u) [mu(u+a) - mu(u)] / a
 *   norm (3.6), rank 2, a = 0: E^1_n = mu psi_n',  E^2_n = u mu psi_n
 *
 * S = |eps_hbar(M,kappa,u)|^-2 (screened; eps_0 for (3.6)) or 1. Where
 * a sqrt(n) < 1 the differences are evaluated without cancellation from
 * the finite Taylor series of He_n (hermite_differences.c); at a = 0 this is the classical
 * limit (-sqrt(n) mu psi_{n-1}, resp. -mu psi_n' and -(u/2) mu psi_n).
 *
 * Collision: E_n E_n' is a polynomial of degree <= 2N-2 times exp(-s^2),
 * s = u + a/2; (3.5) and (3.6) at a = 0: degree <= 2N+2 times exp(-u^2).
 * Unscreened, Gauss–Hermite with N+2 nodes is then exact. The (3.5) terms
 * for a > 0 are Gaussians centred anywhere in s in [-a/2, a/2]; they are
 * integrated adaptively with S = 1 on windows of half-width U about
 * s = -a/2 and s = a/2 (joined when they overlap; apart, in the variables
 * u + a and u, which stay small there). Screened, S is smooth
 * except near the plasma-wave resonances: where Re eps = 0 at large |u|,
 * Im eps ~ exp(-u^2/2) is tiny and S is a Lorentzian spike of width down
 * to 1e-13 that carries a finite share of the integral. They exist only if
 * Vhat max(Re G') >= 1 (max Re G' = 0.2854 < 1/3); they are located by a
 * scan of Re eps and bisection. The integral is adaptive Gauss–Legendre on
 * those windows, U = sqrt(2N) + 12 (beyond U even a resonance contributes
 * below 1e-30 of the total), with the zeros as breakpoints. Pointwise,
 * 1 - Vhat dd has an absolute error ~1e-16, i.e. a relative noise 1e-16/|eps|
 * that no quadrature can integrate away where |Im eps| is small. So around
 * every zero with |Im eps| < 1e-2, eps is replaced by its Taylor polynomial
 * of degree 7 in the offset x, on a window where the next term is below
 * 1e-14 of eps' x, and outside it |eps| >= |eps'| x keeps the noise below
 * 1e-13. In the window the Lorentzian of the linear model is integrated
 * exactly and only a bounded remainder numerically, so peaks of any width
 * (down to 1e-50 far out in |u|, still weighing ~1e-11) cost a few nodes.
 *
 * A pair of species a, b (docs/DESIGN.md §9) has, in the frequency variable
 * s = omega/kappa, t_c = sqrt(m_c) s and alpha_c = a / (2 sqrt(m_c)),
 *   E^ab_n = [mu(t_b - alpha_b) psi_n(t_a + alpha_a) - mu(t_b + alpha_b) psi_n(t_a - alpha_a)] / a,
 * and E^ba likewise with a and b exchanged. E_0 = 0 (energy conservation) and
 * the recurrence of E above holds at u = t_a - alpha_a with the source
 * mu(t_b - alpha_b) psi_n(t_a + alpha_a) / sqrt(m_a): the same stable routine.
 * E E^T is a polynomial times exp(-x^2), x = sigma s, sigma^2 = (m_a + m_b)/2,
 * so the pair is integrated in x exactly as one species in s (sigma = 1),
 * with eps the mixture's and F scaled by sqrt(m_a m_b) / sigma. Unequal
 * masses stack E^ab and E^ba (2 (N+1) rows: the test kernels of a and b
 * and their cross kernel); equal masses have E^ba = E^ab. */
#include "operator/u_integral.h"
#include "qlb/basis.h"
#include "qlb/dielectric.h"
#include "core/error.h"
#include "numerics/adaptive_quadrature.h"
#include "numerics/gauss_rules.h"
#include "operator/hermite_differences.h"
#include "core/limits.h"
#include "numerics/special_functions.h"

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
#define MAX_RANK 2
#define MAX_BATCH (QLB_MAX_DEGREE + 2)  /* points per fill: Gauss–Hermite's N + 2 */
enum { FRAME_S, FRAME_U, FRAME_UA };  /* x = s = u + a/2, x = u, x = u + a */
#define MODEL_BELOW 1e-2     /* model eps where |Im eps| at a zero of Re eps is below */
#define MODEL_ORDER 7        /* Taylor model of eps: degree */
#define MODEL_ERROR 1e-14    /* next Taylor term / (eps' x) at the window's edge */

typedef struct {
    double s0, half;                      /* centre (in s) and half-width */
    double complex c[MODEL_ORDER + 1];    /* eps^(k)(u0) / k! */
    double xi, eta, c1sq;                 /* linear model: |eps|^2 = c1sq ((x-xi)^2 + eta^2) */
} resonance;

struct qlb_u_integral {
    const qlb_params *p;
    qlb_form form;
    int nk, rank, nh;        /* N + 1; vectors E^r per node; Gauss–Hermite nodes used */
    int rows;                /* rows of F: nk, or 2 nk for a pair of unequal masses */
    const qlb_u_pair *pair;  /* NULL: one species */
    double sigma, strength;  /* pair: x = sigma s; sum of the medium's weights (1 alone) */
    double *gh_s, *gh_w;     /* Gauss–Hermite, N+2 nodes: those >= 0, 0 at half weight */
    double *u, *mu_u;        /* the batch's points u and mu(u) */
    double *psi_u, *psi_ua, *D;  /* psi_n(u), psi_n(u + a), D_n at the batch: row n */
    double *Et, *part, *second, *Ecentre;
    double a, vhat;          /* current kappa */
    int frame;               /* integration variable x: FRAME_S, _U or _UA */
    double U;
    double breaks[MAX_BREAKS];
    resonance res[MAX_RES];
    int nres;
    int crossed;             /* a resonance window reaches below the region */
    long nodes;              /* u nodes evaluated */
    int split, ne;           /* parity layout: rows of even n first (ne of them), odd n after */
    int *row;                /* row of E_n in Et and of n in F (identity unless split) */
    const resonance *current;             /* window being integrated */
    qlb_adapt *adapt;
};

/* Collision vectors E_n at the batch's points times sc[j]: column j of
 * Et, row row[n]. */
static void fill_collision(qlb_u_integral *K, int count, const double *sc, int ld)
{
    qlb_collision_batch(K->nk - 1, count, K->u, K->mu_u, K->psi_ua, count, K->D, count);
    for (int n = 0; n < K->nk; n++) {
        const double *E = K->D + (size_t)n * count;
        double *row = K->Et + (size_t)K->row[n] * ld;
        for (int j = 0; j < count; j++) row[j] = sc[j] * E[j];
    }
}

/* Norm vectors E^1_n = -mu(u+a) D_n, E^2_n of (3.5) (or (3.6): factor u
 * instead of u/2 in E^2 at a = 0) at the batch's points times sc[j]:
 * columns 2j, 2j + 1 of Et. */
static void fill_norm(qlb_u_integral *K, int count, const double *sc, int ld)
{
    int N = K->nk - 1;
    double d0[MAX_BATCH], e2[MAX_BATCH], a = K->a;
    qlb_hermite_batch(N, count, K->u, K->mu_u, K->psi_u, count);
    for (int j = 0; j < count; j++) { /* E^2 = psi_n(u) [mu(u+a) - mu(u)] / a = psi_n D_0 */
        d0[j] = qlb_shift_start(a, K->u[j], K->mu_u[j], K->psi_ua[j]);
        e2[j] = K->form == QLB_FORM_NORM_CLASSICAL ? -K->u[j] * K->mu_u[j] : d0[j];
    }
    qlb_shift_batch(N, count, a, K->u, d0, K->psi_u, K->psi_ua, count, K->D, count);
    for (int n = 0; n <= N; n++) {
        const double *D = K->D + (size_t)n * count, *psi = K->psi_u + (size_t)n * count;
        double *row = K->Et + (size_t)K->row[n] * ld;
        for (int j = 0; j < count; j++) {
            row[2 * j] = -sc[j] * K->psi_ua[j] * D[j];
            row[2 * j + 1] = sc[j] * psi[j] * e2[j];
        }
    }
}

/* A pair's vectors E^ab (and E^ba in rows nk.. when the masses differ) at
 * the points x[j] times sc[j] (header comment). */
static void fill_pair(qlb_u_integral *K, const double *x, const double *sc, int count, int ld)
{
    double ua[MAX_BATCH], mu_ua[MAX_BATCH], c = pow(2 * M_PI, -0.25);
    for (int role = 0; role < K->rows / K->nk; role++) {
        double mine = role ? K->pair->mass_b : K->pair->mass_a;
        double other = role ? K->pair->mass_a : K->pair->mass_b;
        double root = sqrt(mine), alpha = K->a / (2 * root);
        double root_o = sqrt(other), alpha_o = K->a / (2 * root_o);
        for (int j = 0; j < count; j++) {
            double s = x[j] / K->sigma, partner = root_o * s - alpha_o;
            K->u[j] = root * s - alpha;
            ua[j] = root * s + alpha;
            K->mu_u[j] = -c * exp(-partner * partner / 4) / root;
            mu_ua[j] = c * exp(-ua[j] * ua[j] / 4);
        }
        qlb_hermite_batch(K->nk - 1, count, ua, mu_ua, K->psi_ua, count);
        qlb_collision_batch(K->nk - 1, count, K->u, K->mu_u, K->psi_ua, count, K->D, count);
        for (int n = 0; n < K->nk; n++) {
            const double *E = K->D + (size_t)n * count;
            double *row = K->Et + (size_t)K->row[role * K->nk + n] * ld;
            for (int j = 0; j < count; j++) row[j] = sc[j] * E[j];
        }
    }
}

/* u and u + a from the integration variable x, each without cancellation
 * where it is small (for a in the thousands, s - a/2 would lose digits). */
static void frame_to_u(const qlb_u_integral *K, double x, double *u, double *ua)
{
    double a = K->a;
    *u = K->frame == FRAME_U ? x : K->frame == FRAME_UA ? x - a : x - a / 2;
    *ua = K->frame == FRAME_U ? x + a : K->frame == FRAME_UA ? x : x + a / 2;
}

/* sc[j] * E^r at the points x[j] (count <= MAX_BATCH) into columns
 * rank*j .. rank*j + rank-1 of Et (row-major, ld). */
static void fill_E(qlb_u_integral *K, const double *x, const double *sc, int count, int ld)
{
    double ua[MAX_BATCH], mu_ua[MAX_BATCH], c = pow(2 * M_PI, -0.25);
    K->nodes += count;
    if (K->pair) {
        fill_pair(K, x, sc, count, ld);
        return;
    }
    for (int j = 0; j < count; j++) {
        frame_to_u(K, x[j], &K->u[j], &ua[j]);
        K->mu_u[j] = c * exp(-K->u[j] * K->u[j] / 4);
        mu_ua[j] = c * exp(-ua[j] * ua[j] / 4);
    }
    qlb_hermite_batch(K->nk - 1, count, ua, mu_ua, K->psi_ua, count);
    if (K->form == QLB_FORM_COLLISION) fill_collision(K, count, sc, ld);
    else fill_norm(K, count, sc, ld);
}

/* out += sum over the ld columns of Et of E E^T (upper triangle); split:
 * only the blocks of equal parity (the others vanish by symmetry). */
static void rank_update(const qlb_u_integral *K, int ld, double *out)
{
    int nk = K->rows, ne = K->split ? K->ne : nk;
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, ne, ld, 1.0, K->Et, ld, 1.0, out, nk);
    if (ne < nk)
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, nk - ne, ld, 1.0, K->Et + (size_t)ne * ld,
                    ld, 1.0, out + (size_t)ne * nk + ne, nk);
}

/* out += alpha x x^T (upper triangle; x with stride inc), likewise by parity. */
static void rank_one(const qlb_u_integral *K, double alpha, const double *x, int inc, double *out)
{
    int nk = K->rows, ne = K->split ? K->ne : nk;
    cblas_dsyr(CblasRowMajor, CblasUpper, ne, alpha, x, inc, out, nk);
    if (ne < nk)
        cblas_dsyr(CblasRowMajor, CblasUpper, nk - ne, alpha, x + (size_t)ne * inc, inc,
                   out + (size_t)ne * nk + ne, nk);
}

/* d^k eps / dx^k at the integration variable x, k = 0..kmax. */
static void eps_derivatives(const qlb_u_integral *K, double x, int kmax, double complex *d)
{
    if (K->pair) {
        qlb_dielectric_mixture_derivatives(K->pair->medium, K->pair->count, K->vhat, K->a,
                                           x / K->sigma, kmax, d);
        double scale = 1;
        for (int k = 1; k <= kmax; k++) d[k] *= scale /= K->sigma;
        return;
    }
    double u, ua;
    frame_to_u(K, x, &u, &ua);
    qlb_dielectric_eps_derivatives(K->vhat, K->a, u, kmax, d);
}

static double screening_at(const qlb_u_integral *K, double x)
{
    if (!K->p->screening) return 1.0;
    double complex e;
    eps_derivatives(K, x, 0, &e);
    return 1 / (creal(e) * creal(e) + cimag(e) * cimag(e));
}

/* adapt callback: out += sum_i w_i S sum_r E^r E^r^T at s = x_i. */
static qlb_status screened_points(void *ctx, const double *x, const double *w, int count,
                                  double *out)
{
    qlb_u_integral *K = ctx;
    int ld = K->rank * count;
    double sc[MAX_BATCH];
    for (int j = 0; j < count; j++) sc[j] = sqrt(w[j] * screening_at(K, x[j]));
    fill_E(K, x, sc, count, ld);
    rank_update(K, ld, out);
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
 * g = sum_r E^r E^r^T, S from the Taylor model of eps (pointwise 1 - Vhat dd
 * carries an absolute error ~1e-16 against |eps| ~ 1e-13 at the peak), L
 * the Lorentzian of its linear part. The 1/t parts cancel between xi + t
 * and xi - t, so the integrand is bounded and the peak scale eta need not
 * be resolved; the Lorentzian itself is added analytically (add_window). */
static qlb_status window_points(void *ctx, const double *x, const double *w, int count,
                                double *out)
{
    qlb_u_integral *K = ctx;
    const resonance *r = K->current;
    int ld = 2 * K->rank * count;
    double lorentz = 0, at[MAX_BATCH] = {0}, sc[MAX_BATCH] = {0};
    for (int j = 0; j < count; j++)
        for (int side = 0; side < 2; side++) {
            double off = r->xi + (side ? -x[j] : x[j]);
            at[2 * j + side] = r->s0 + off;
            sc[2 * j + side] = sqrt(w[j] * model_screening(r, off));
        }
    fill_E(K, at, sc, 2 * count, ld);
    for (int j = 0; j < count; j++) lorentz += 2 * w[j] / (r->c1sq * (x[j] * x[j] + r->eta * r->eta));
    rank_update(K, ld, out);
    for (int c = 0; c < K->rank; c++) rank_one(K, -lorentz, K->Ecentre + c, K->rank, out);
    return QLB_OK;
}
static double re_eps(const qlb_u_integral *K, double x)
{
    double complex e;
    eps_derivatives(K, x, 0, &e);
    return creal(e);
}

/* Zero of Re eps in [lo, hi] (signs differ) by bisection. */
static double bisect_zero(const qlb_u_integral *K, double lo, double hi)
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
static double model_window(const qlb_u_integral *K, double s0, double gap, resonance *r)
{
    double complex d[MODEL_ORDER + 2];
    eps_derivatives(K, s0, MODEL_ORDER + 1, d);
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
static int add_zeros(qlb_u_integral *K, const double *zero, int nz, int nb)
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

/* Sorted breakpoints in s in [lo, hi]: the ends, pieces of width <= U_PIECE,
 * and the zeros of Re eps or the windows around them (appended to K->res).
 * Returns their number. */
static int breakpoints(qlb_u_integral *K, double lo, double hi)
{
    int nb = 0, pieces = (int)ceil((hi - lo) / U_PIECE);
    K->crossed = 0;
    for (int i = 0; i <= pieces; i++) K->breaks[nb++] = lo + (hi - lo) * i / pieces;
    if (K->vhat * K->strength < SCAN_VHAT || !K->p->screening) return nb;
    double zero[MAX_BREAKS / 2], prev = re_eps(K, lo);
    int nz = 0;
    for (double s = lo + SCAN_STEP; s <= hi && nz < MAX_BREAKS / 2; s += SCAN_STEP) {
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
    K->crossed = K->breaks[0] < lo;
    return nb;
}

static int inside_window(const qlb_u_integral *K, double lo, double hi)
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
static qlb_status add_window(qlb_u_integral *K, int r, double *F, double *part)
{
    const resonance *res = &K->res[r];
    int nk = K->rows, rank = K->rank;
    K->current = res;
    double centre = res->s0 + res->xi, one = 1;
    fill_E(K, &centre, &one, 1, rank);
    memcpy(K->Ecentre, K->Et, (size_t)nk * rank * sizeof(double));
    double area = 2 * atan(res->half / res->eta) / (res->c1sq * res->eta), e2 = 0;
    for (int i = 0; i < nk * rank; i++) e2 += K->Ecentre[i] * K->Ecentre[i];
    double scale = qlb_sym_norm(F, nk) + area * e2;
    qlb_adapt_reset(K->adapt);
    qlb_status st = qlb_adapt_add(K->adapt, window_points, K, 0, res->half, 0);
    if (!st) st = qlb_adapt_refine(K->adapt, window_points, K, K->p->tol / 4, scale);
    if (st) return st;
    qlb_adapt_sum(K->adapt, part);
    for (int i = 0; i < nk; i++)
        for (int j = 0; j < nk; j++) {
            double g = 0;
            if (!K->split || (i < K->ne) == (j < K->ne))
                for (int c = 0; c < rank; c++) g += K->Ecentre[i * rank + c] * K->Ecentre[j * rank + c];
            F[i * nk + j] += part[i * nk + j] + area * g;
        }
    return QLB_OK;
}

/* Adds the pieces of [lo, hi] outside resonance windows to the adaptive sum. */
static qlb_status add_region(qlb_u_integral *K, double lo, double hi)
{
    int nb = breakpoints(K, lo, hi);
    qlb_status st = QLB_OK;
    for (int i = 0; i + 1 < nb && !st; i++)
        if (K->breaks[i + 1] > K->breaks[i] && !inside_window(K, K->breaks[i], K->breaks[i + 1]))
            st = qlb_adapt_add(K->adapt, screened_points, K, K->breaks[i], K->breaks[i + 1], 0);
    return st;
}

/* Integrands even in s: E(-s) has the entries of E(s) times -(-1)^n, so
 * F[n][n'] vanishes unless n + n' is even. Such F are computed in the
 * parity layout (even n first: two diagonal blocks, half the products of
 * the rank updates) and, over s >= 0 only, doubled. */
static int row_parity(const qlb_u_integral *K, int i) { return i % K->nk & 1; }

static void set_layout(qlb_u_integral *K, int split)
{
    int even = 0, odd = K->ne;
    K->split = split;
    for (int i = 0; i < K->rows; i++) K->row[i] = !split ? i : row_parity(K, i) ? odd++ : even++;
}

/* F (parity layout, upper triangles of its blocks) to the natural order,
 * full, times factor. */
static void restore(qlb_u_integral *K, double *F, double factor)
{
    int nk = K->rows;
    memcpy(K->part, F, (size_t)nk * nk * sizeof(double));
    for (int n = 0; n < nk; n++)
        for (int m = n; m < nk; m++) {
            int i = K->row[n], j = K->row[m];
            double v = row_parity(K, n) != row_parity(K, m) ? 0 : factor * K->part[i <= j ? i * nk + j : j * nk + i];
            F[n * nk + m] = F[m * nk + n] = v;
        }
}

/* F = the adaptive integral over [lo, hi] in the current frame, resonance
 * windows included. */
static qlb_status adaptive_region(qlb_u_integral *K, double lo, double hi, double *F)
{
    K->nres = 0;
    qlb_adapt_reset(K->adapt);
    qlb_status st = add_region(K, lo, hi);
    if (!st) st = qlb_adapt_refine(K->adapt, screened_points, K, K->p->tol / 4, 0);
    if (st) return st;
    qlb_adapt_sum(K->adapt, F);
    for (int r = 0; r < K->nres && !st; r++) st = add_window(K, r, F, K->part);
    return st;
}

/* Adaptive integral over windows of half-width U about the centres of the
 * integrand's Gaussians: s = 0, or for (3.5) s = -a/2 and a/2, as one
 * window in s when they overlap, else separately in x = u + a and x = u. */
static qlb_status adaptive(qlb_u_integral *K, double *F)
{
    double c = K->form == QLB_FORM_NORM_HBAR ? K->a / 2 : 0, U = K->U;
    K->frame = FRAME_S;
    if (c == 0) { /* even in s: over s >= 0, unless a resonance window reaches below 0 */
        qlb_status st = adaptive_region(K, 0, U, F);
        if (!st && !K->crossed) restore(K, F, 2);
        if (st || !K->crossed) return st;
        st = adaptive_region(K, -U, U, F);
        if (!st) restore(K, F, 1);
        return st;
    }
    if (c <= U) return adaptive_region(K, -c - U, c + U, F);
    K->frame = FRAME_UA;
    qlb_status st = adaptive_region(K, -U, U, F);
    K->frame = FRAME_U;
    if (!st) st = adaptive_region(K, -U, U, K->second);
    for (int i = 0; !st && i < K->rows * K->rows; i++) F[i] += K->second[i];
    return st;
}

/* Unscreened and all Gaussians centred at s = 0: Gauss–Hermite is exact;
 * the integrand is even, so its nodes s >= 0 (s = 0 at half weight). */
static void gauss_hermite(qlb_u_integral *K, double *F)
{
    int m = K->nh, ld = K->rank * m;
    double sc[MAX_BATCH];
    K->frame = FRAME_S;
    for (int j = 0; j < m; j++) sc[j] = sqrt(K->gh_w[j]);
    fill_E(K, K->gh_s, sc, m, ld);
    memset(F, 0, (size_t)K->rows * K->rows * sizeof(double));
    rank_update(K, ld, F);
    restore(K, F, 2);
}

qlb_status qlb_u_integral_eval(qlb_u_integral *K, double kappa, double vhat, double *F)
{
    K->a = K->form == QLB_FORM_NORM_CLASSICAL ? 0 : K->p->hbar * kappa;
    K->vhat = vhat;
    set_layout(K, K->form != QLB_FORM_NORM_HBAR || K->a == 0);
    qlb_status st = QLB_OK;
    if (!K->p->screening && (K->form == QLB_FORM_COLLISION || K->a == 0)) gauss_hermite(K, F);
    else st = adaptive(K, F);
    if (K->pair) { /* ds = dx / sigma, and the Maxwellians' sqrt(m_a m_b) */
        double scale = sqrt(K->pair->mass_a * K->pair->mass_b) / K->sigma;
        for (int i = 0; i < K->rows * K->rows; i++) F[i] *= scale;
    }
    return st;
}

int qlb_u_integral_rows(const qlb_params *p, const qlb_u_pair *pair)
{
    int nk = p->degree + 1;
    return pair && pair->mass_a != pair->mass_b ? 2 * nk : nk;
}

qlb_status qlb_u_integral_create(const qlb_params *p, qlb_form form, const qlb_u_pair *pair,
                                 qlb_u_integral **out)
{
    *out = NULL;
    qlb_u_integral *K = calloc(1, sizeof *K);
    if (!K) return qlb_fail(QLB_ENOMEM, "u-integral: out of memory");
    size_t nk = (size_t)p->degree + 1, cols = nk + 1 > 2 * QLB_ADAPT_NODES ? nk + 1 : 2 * QLB_ADAPT_NODES;
    size_t rows = (size_t)qlb_u_integral_rows(p, pair);
    K->p = p;
    K->form = form;
    K->nk = (int)nk;
    K->rows = (int)rows;
    K->pair = pair;
    K->sigma = pair ? sqrt((pair->mass_a + pair->mass_b) / 2) : 1;
    K->strength = 1;
    if (pair) {
        K->strength = 0;
        for (int s = 0; s < pair->count; s++) K->strength += pair->medium[s].weight;
    }
    K->rank = form == QLB_FORM_COLLISION ? 1 : MAX_RANK;
    K->U = sqrt(2.0 * p->degree) + 12;
    K->gh_s = malloc(2 * (nk + 1) * sizeof(double));
    K->u = malloc(2 * MAX_BATCH * sizeof(double));
    K->psi_u = malloc(3 * nk * cols * sizeof(double));
    K->Et = malloc(rows * cols * MAX_RANK * sizeof(double));
    K->part = malloc(rows * rows * sizeof(double));
    K->second = malloc(rows * rows * sizeof(double));
    K->Ecentre = malloc(rows * MAX_RANK * sizeof(double));
    K->row = malloc(rows * sizeof(int));
    K->ne = (int)(rows / nk * ((nk + 1) / 2));
    qlb_status st = K->gh_s && K->u && K->psi_u && K->Et && K->part && K->second && K->Ecentre && K->row
                        ? QLB_OK
                        : qlb_fail(QLB_ENOMEM, "u-integral: out of memory");
    if (!st) {
        K->mu_u = K->u + MAX_BATCH;
        K->psi_ua = K->psi_u + nk * cols;
        K->D = K->psi_ua + nk * cols;
    }
    if (!st) {
        K->nh = (K->nk + 2) / 2;
        K->gh_w = K->gh_s + K->nh;
        st = qlb_half_hermite_rule(K->nk + 1, K->gh_s, K->gh_w);
    }
    if (!st) st = qlb_adapt_create((int)rows, MAX_U_INTERVALS, &K->adapt);
    if (st) {
        qlb_u_integral_free(K);
        return st;
    }
    *out = K;
    return QLB_OK;
}

long qlb_u_integral_nodes(const qlb_u_integral *K) { return K->nodes; }

void qlb_u_integral_free(qlb_u_integral *K)
{
    if (!K) return;
    free(K->gh_s);
    free(K->u);
    free(K->psi_u);
    free(K->Et);
    free(K->part);
    free(K->second);
    free(K->Ecentre);
    free(K->row);
    qlb_adapt_free(K->adapt);
    free(K);
}
