/* relaxation.c — energy exchange between species of a plasma at their own
 * temperatures, from the quantum Lenard–Balescu collision term (docs/DESIGN.md
 * §9). For the pair (a, b), with the Fermi golden rule rate of the seed's
 * (1.29) in Gaussian units, s = omega/k the component along k of the
 * exchanged fluctuation's phase velocity, delta_c = hbar k/(2 m_c) and
 * f_c the 1-D Maxwellian of species c at T_c, the power density a receives
 * from b is
 *   P_ab = (16 pi n_a n_b Z_a^2 Z_b^2 e^4 / hbar) Int_0^inf dk/k^2
 *          Int ds s |eps(k, k s)|^-2 f_a(s - delta_a) f_b(s + delta_b),
 * and eps sums the Lindhard response of every species at its own
 * temperature (qlb_dielectric_mixture_derivatives with Vhat = 4 pi e^2/k^2).
 * |eps| is even in s, so only the odd part of f_a f_b counts; with
 * e^Q(s) = f_a(s - delta_a) f_b(s + delta_b) it is
 *   e^Q(s) - e^Q(-s) = -e^Q(s) expm1(x),   x = hbar k s (1/T_b - 1/T_a),
 * whence P_ab = K_ab (T_b - T_a) with the symmetric, positive coefficient
 *   K_ab = 16 pi n_a n_b Z_a^2 Z_b^2 e^4 / (T_a T_b)
 *          Int dk/k Int_0^inf ds s^2 |eps|^-2 e^Q(s) expm1(x)/x,
 * finite at T_a = T_b and at hbar = 0 (x = 0: the classical rate, whose k
 * integral diverges logarithmically without a cutoff). The s integral runs
 * over the Gaussians e^Q(+-s), |s| <= |s_0| + 12 sigma, sigma^-2 =
 * m_a/T_a + m_b/T_b, with the zeros of Re eps (coupled ion-acoustic modes
 * when T_e >> T_i) as breakpoints of an adaptive Gauss–Legendre rule; the
 * k integral is adaptive in ln k from 1e-5 k_D (the integrand falls as k^4
 * below k_D) to 8 k_q (e^Q(0) = exp(-k^2/k_q^2)) or the cutoff. */
#include "qlb/plasma.h"
#include "qlb/dielectric.h"
#include "core/error.h"
#include "numerics/adaptive_quadrature.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SCAN_POINTS 256
#define MAX_ZEROS 32
#define WIDTHS 12.0         /* the Gaussians' half-window, in sigma */
#define K_BELOW_DEBYE 1e-5  /* lower end of the k integral, in k_D */
#define K_ABOVE_QUANTUM 8.0 /* upper end, in k_q */
#define MAX_INTERVALS 4000

typedef struct {
    int S, a, b;
    double hbar;                         /* hbar times the factor */
    double m[16], T[16];                 /* g, erg */
    qlb_dielectric_species medium[16];
    double k, vhat;                      /* current k, 4 pi e^2/k^2 */
    double tol;
    qlb_adapt *inner;
} exchange;

static double eps_real(const exchange *X, double s, double *im)
{
    double complex e;
    qlb_dielectric_mixture_derivatives(X->medium, X->S, X->vhat, X->hbar * X->k, s, 0, &e);
    if (im) *im = cimag(e);
    return creal(e);
}

/* log f_c(x), the 1-D Maxwellian of species c. */
static double log_maxwellian(const exchange *X, int c, double x)
{
    return 0.5 * log(X->m[c] / (2 * M_PI * X->T[c])) - X->m[c] * x * x / (2 * X->T[c]);
}

/* s^2 |eps|^-2 e^Q(s) expm1(x)/x at the points s[i], times w[i], summed into out[0]. */
static qlb_status inner_points(void *ctx, const double *s, const double *w, int count, double *out)
{
    const exchange *X = ctx;
    int a = X->a, b = X->b;
    double hk = X->hbar * X->k, da = hk / (2 * X->m[a]), db = hk / (2 * X->m[b]);
    for (int i = 0; i < count; i++) {
        double im, re = eps_real(X, s[i], &im);
        double Q = log_maxwellian(X, a, s[i] - da) + log_maxwellian(X, b, s[i] + db);
        double x = hk * s[i] * (1 / X->T[b] - 1 / X->T[a]);
        double odd = fabs(x) < 0.5 ? exp(Q) * (x == 0 ? 1 : expm1(x) / x) : (exp(Q + x) - exp(Q)) / x;
        out[0] += w[i] * s[i] * s[i] * odd / (re * re + im * im);
    }
    return QLB_OK;
}

/* Int_0^smax of the inner integrand, the zeros of Re eps as breakpoints. */
static qlb_status inner_integral(exchange *X, double *value)
{
    int a = X->a, b = X->b;
    double inv = X->m[a] / X->T[a] + X->m[b] / X->T[b], sigma = 1 / sqrt(inv);
    double s0 = X->hbar * X->k / 2 * (1 / X->T[a] - 1 / X->T[b]) / inv;
    double smax = fabs(s0) + WIDTHS * sigma, breaks[MAX_ZEROS + 2];
    int nb = 0;
    breaks[nb++] = 0;
    double prev = eps_real(X, 0, NULL);
    for (int i = 1; i <= SCAN_POINTS && nb < MAX_ZEROS + 1; i++) {
        double s = smax * i / SCAN_POINTS, cur = eps_real(X, s, NULL);
        if ((cur > 0) != (prev > 0)) { /* bisect the zero */
            double lo = smax * (i - 1) / SCAN_POINTS, hi = s, flo = prev;
            for (int it = 0; it < 60; it++) {
                double mid = (lo + hi) / 2, fm = eps_real(X, mid, NULL);
                if ((fm > 0) == (flo > 0)) lo = mid, flo = fm;
                else hi = mid;
            }
            breaks[nb++] = (lo + hi) / 2;
        }
        prev = cur;
    }
    breaks[nb++] = smax;
    qlb_adapt_reset(X->inner);
    qlb_status st = QLB_OK;
    for (int i = 0; i + 1 < nb && !st; i++)
        if (breaks[i + 1] > breaks[i]) st = qlb_adapt_add(X->inner, inner_points, X, breaks[i], breaks[i + 1], 0);
    if (!st) st = qlb_adapt_refine(X->inner, inner_points, X, X->tol / 4, 0);
    if (!st) qlb_adapt_sum(X->inner, value);
    return st;
}

/* The outer integrand at t = ln k: the inner integral (dk/k = dt). */
static qlb_status outer_points(void *ctx, const double *t, const double *w, int count, double *out)
{
    exchange *X = ctx;
    for (int i = 0; i < count; i++) {
        double J;
        X->k = exp(t[i]);
        X->vhat = 4 * M_PI * QLB_CGS_CHARGE * QLB_CGS_CHARGE / (X->k * X->k);
        qlb_status st = inner_integral(X, &J);
        if (st) return st;
        out[0] += w[i] * J;
    }
    return QLB_OK;
}

/* K_ab of one pair. */
static qlb_status pair_coefficient(exchange *X, const qlb_plasma_species *sp, double cutoff_k, double kD,
                                   double *K)
{
    int a = X->a, b = X->b;
    double kq = X->hbar > 0 ? sqrt(8 / (X->hbar * X->hbar * (1 / (X->m[a] * X->T[a]) + 1 / (X->m[b] * X->T[b]))))
                            : INFINITY;
    double lo = log(K_BELOW_DEBYE * kD), hi = log(fmin(K_ABOVE_QUANTUM * kq, cutoff_k));
    if (!(hi > lo)) return qlb_fail(QLB_EINVAL, "the cutoff is below 1e-5 of the Debye wavenumber");
    qlb_adapt *outer;
    qlb_status st = qlb_adapt_create_vector(1, MAX_INTERVALS, &outer);
    int pieces = (int)ceil(hi - lo);
    for (int i = 0; i < pieces && !st; i++)
        st = qlb_adapt_add(outer, outer_points, X, lo + (hi - lo) * i / pieces, lo + (hi - lo) * (i + 1) / pieces, 0);
    if (!st) st = qlb_adapt_refine(outer, outer_points, X, X->tol / 2, 0);
    double J = 0;
    if (!st) qlb_adapt_sum(outer, &J);
    qlb_adapt_free(outer);
    double e4 = pow(QLB_CGS_CHARGE, 4), za = sp[a].charge, zb = sp[b].charge;
    *K = 16 * M_PI * sp[a].density_cc * sp[b].density_cc * za * za * zb * zb * e4 / (X->T[a] * X->T[b]) * J;
    return st;
}

qlb_relax_options qlb_relax_default(void)
{
    qlb_relax_options o = {1.0, 0.0, 1e-9};
    return o;
}

static qlb_status check_options(const qlb_relax_options *o)
{
    if (!isfinite(o->hbar_factor) || o->hbar_factor < 0)
        return qlb_fail(QLB_EINVAL, "the hbar factor must be finite and >= 0");
    if (!isfinite(o->cutoff_cm) || o->cutoff_cm < 0)
        return qlb_fail(QLB_EINVAL, "the cutoff must be finite and >= 0");
    if (!(o->tol >= 1e-13 && o->tol <= 1e-2)) return qlb_fail(QLB_EINVAL, "tol must be in [1e-13, 1e-2]");
    if (o->hbar_factor == 0 && o->cutoff_cm == 0)
        return qlb_fail(QLB_EDIVERGE, "the classical (hbar = 0) Coulomb rate diverges at large k "
                        "(Int dk/k); give a short-range cutoff (--cutoff, a distance in cm)");
    return QLB_OK;
}

qlb_status qlb_relax_coefficients(const qlb_plasma_species *sp, int count,
                                  const qlb_relax_options *o, double *K)
{
    qlb_status st = qlb_plasma_check(sp, count);
    if (!st) st = check_options(o);
    if (st) return st;
    exchange X;
    memset(&X, 0, sizeof X);
    X.S = count;
    X.hbar = QLB_CGS_HBAR * o->hbar_factor;
    X.tol = o->tol;
    double kD2 = 0, e2 = QLB_CGS_CHARGE * QLB_CGS_CHARGE;
    for (int c = 0; c < count; c++) {
        X.m[c] = sp[c].mass_u * QLB_CGS_ATOMIC_MASS;
        X.T[c] = sp[c].temperature_ev * QLB_CGS_EV;
        X.medium[c] = (qlb_dielectric_species){sp[c].density_cc * sp[c].charge * sp[c].charge, X.m[c], X.T[c]};
        kD2 += 4 * M_PI * e2 * X.medium[c].weight / X.T[c];
    }
    st = qlb_adapt_create_vector(1, MAX_INTERVALS, &X.inner);
    double cutoff_k = o->cutoff_cm > 0 ? 1 / o->cutoff_cm : INFINITY;
    memset(K, 0, (size_t)count * count * sizeof(double));
    for (int a = 0; a < count && !st; a++)
        for (int b = a + 1; b < count && !st; b++) {
            X.a = a;
            X.b = b;
            st = pair_coefficient(&X, sp, cutoff_k, sqrt(kD2), &K[a * count + b]);
            K[b * count + a] = K[a * count + b];
        }
    qlb_adapt_free(X.inner);
    return st;
}
