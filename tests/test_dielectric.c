/* test_dielectric.c — eps_hbar(M,k,v) and eps_0(M,k,v) (docs/DESIGN.md §2).
 *
 * Against direct quadrature of (1.12) with the corrected sign, written on
 * the 1-D marginal along khat (u = v.khat, a = hbar |k|):
 *   eps = 1 - Vhat Int (m(w) - m(w - a)) / (a (w - u - a) - i0) dw,
 * real part a principal value (GSL QAWC), imaginary part from the delta:
 *   -Vhat (pi/a) (m(u + a) - m(u)).
 * Classical (1.20) likewise: eps_0 = 1 - Vhat [PV Int m'(w)/(w - u) dw + i pi m'(u)].
 * Tolerance 1e-10: QAWC is asked for 1e-12. Also: the static limit
 * eps_0(u = 0) = 1 + Vhat exactly; continuity across the series/direct
 * switch; the hbar -> 0 rate |eps_hbar - eps_0| = O(hbar) (observed
 * order printed, required in [0.9, 1.1]: the first correction a G''/2 is
 * generically nonzero); and eps(M,-k,v2) = conj eps(M,k,v1) on the
 * collision sphere u2 = u1 + a.
 * The variation of eps in the direction of a perturbation with marginal
 * f = mu psi_q = He_q m / sqrt(q!) (q <= 12), by the same quadrature with f in
 * place of m: delta eps = -Vhat [PV Int (f(w) - f(w-a))/a / (w - u - a) dw
 * + i pi (f(u+a) - f(u))/a] (f' at a = 0); tolerance 1e-10 absolute against
 * |delta eps| ~ 0.1..1 (QAWC asked for 1e-12); and its continuity in a.
 * A mixture's eps (docs/DESIGN.md §9): one species of weight and mass 1 is
 * eps at u = x - a/2 bit for bit; every species' term is the one-species
 * divided difference in its own variable, checked against the same
 * quadrature (electrons and protons, 1e-13 (measured 9e-16), including the protons'
 * arguments beyond 25, where G's derivatives come from the asymptotic
 * series); the static limit is Debye screening by every species,
 * 1 + Vhat sum n Z^2, whatever the masses; and the x-derivatives k = 1..8
 * beyond 25 agree with a five-point difference of derivative k - 1 (step
 * 0.01 at x = 40: truncation ~1e-11 at k = 8, rounding ~1e-12) to 1e-8
 * (measured 1.5e-10; the recurrence they replace was off by 1e4 at x = 25). */
#include "testutil.h"
#include "physics/dielectric_variation.h"

#include <complex.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_hermite.h>
#include <math.h>
#include <stdio.h>

typedef struct {
    double a;
    int q;   /* f = He_q m / sqrt(q!) */
} eps_par;

/* f(w) = He_q(w) m(w) / sqrt(q!) (GSL's probabilists' Hermite), and f'. */
static double f(int q, double w)
{
    return gsl_sf_hermite_prob(q, w) * exp(-w * w / 2) / sqrt(2 * M_PI * gsl_sf_fact((unsigned)q));
}

static double fprime(int q, double w)
{
    return -sqrt(q + 1.0) * f(q + 1, w);  /* (He_q m)' = -He_{q+1} m */
}

/* numerator of the PV integrand: Int numerator(w) / (w - c) dw */
static double numerator(double w, void *par)
{
    const eps_par *p = par;
    if (p->a == 0) return fprime(p->q, w);
    return (f(p->q, w) - f(p->q, w - p->a)) / p->a;
}

/* -Vhat Int (f(w) - f(w - a)) / (a (w - u - a) - i0) dw by QAWC. */
static double complex variation_quadrature(double vhat, double a, double u, int q)
{
    eps_par par = {a, q};
    gsl_function fn = {numerator, &par};
    double c = a == 0 ? u : u + a, lo = fmin(c, 0) - 40, hi = fmax(c, 0) + 40, res, err;
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    gsl_integration_qawc(&fn, lo, hi, c, 1e-14, 1e-12, 1000, w, &res, &err);
    gsl_integration_workspace_free(w);
    double im = a == 0 ? M_PI * fprime(q, u) : M_PI * (f(q, u + a) - f(q, u)) / a;
    return -vhat * (res + I * im);
}

static double complex eps_quadrature(double vhat, double a, double u)
{
    return 1 + variation_quadrature(vhat, a, u, 0);
}

/* max |delta eps_q - quadrature| over q <= 12 and a grid of (a, u). */
static double variation_error(void)
{
    const double as[] = {0.0, 0.02, 0.3, 1.0, 3.0};
    const double us[] = {-3.5, -0.7, 0.0, 1.2, 4.0};
    double complex out[13];
    double worst = 0;
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) {
            qlb_dielectric_variation(0.8, as[i], us[j], 12, out);
            for (int q = 0; q <= 12; q++)
                worst = fmax(worst, cabs(out[q] - variation_quadrature(0.8, as[i], us[j], q)));
        }
    return worst;
}

/* Relative jump of the variation across the series/direct switch at a = 0.05. */
static double variation_jump(void)
{
    double complex lo[21], hi[21];
    double jump = 0, big = 0;
    for (double u = -3; u <= 3; u += 0.5) {
        qlb_dielectric_variation(1.0, 0.05 * (1 - 1e-15), u, 20, lo);
        qlb_dielectric_variation(1.0, 0.05, u, 20, hi);
        for (int q = 0; q <= 20; q++) {
            jump = fmax(jump, cabs(hi[q] - lo[q]));
            big = fmax(big, cabs(hi[q]));
        }
    }
    return jump / big;
}

static void check_mixture(void)
{
    qlb_dielectric_species one = {1, 1, 1}, ep[2] = {{0.5, 1, 1}, {0.5, 1836.15, 1}};
    double same = 0, quad = 0, fd = 0;
    for (double a = 0; a <= 3; a += 0.75)
        for (double x = -3; x <= 3; x += 0.5) {
            double complex m, q = 1;
            qlb_dielectric_mixture_derivatives(&one, 1, 0.8, a, x, 0, &m);
            same = fmax(same, cabs(m - qlb_dielectric_eps(0.8, a, x - a / 2)));
            qlb_dielectric_mixture_derivatives(ep, 2, 0.8, a, x, 0, &m);
            for (int s = 0; s < 2; s++) { /* species term: 1 - eps of weight 1 at (h, sqrt(m) x - h/2) */
                double root = sqrt(ep[s].mass), h = a / root;
                q -= 0.8 * ep[s].weight * (1 - eps_quadrature(1.0, h, root * x - h / 2));
            }
            quad = fmax(quad, cabs(m - q) / cabs(q));
        }
    check_true("mixture of one species = eps at u = x - a/2, bit for bit", same == 0);
    check_below("electron-proton eps vs quadrature of each species' term", quad, 1e-13);
    double complex e;
    qlb_dielectric_mixture_derivatives(ep, 2, 2.5, 0, 0, 0, &e);
    check_close("mixture static limit eps_0(0) = 1 + Vhat sum n Z^2", creal(e), 3.5, 1e-15, 1);
    qlb_dielectric_species heavy = {1, 1, 1};
    for (int k = 1; k <= 8; k++) {
        double complex d[9], f[4];
        const double x = 40, h = 0.01, off[4] = {-2, -1, 1, 2};
        qlb_dielectric_mixture_derivatives(&heavy, 1, 1.0, 0.02, x, k, d);
        for (int i = 0; i < 4; i++) {
            double complex t[9];
            qlb_dielectric_mixture_derivatives(&heavy, 1, 1.0, 0.02, x + off[i] * h, k - 1, t);
            f[i] = t[k - 1];
        }
        double complex diff = (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * h);
        fd = fmax(fd, cabs(diff - d[k]) / cabs(d[k]));
    }
    check_below("x-derivatives 1..8 at x = 40 vs five-point differences", fd, 1e-8);
}

/* Re [H_q(u+h) - H_q(u)]/h = Int mu psi_q(w) / ((w-u-h)(w-u)) dw for u
 * (and u + h) beyond the support: 16-point Gauss–Legendre on unit panels
 * over |w| <= |u| - 1, where mu psi_q (q <= 30) has fallen below 1e-20. */
static double far_reference(int q, double u, double h)
{
    double x[16], w[16], psi[32], sum = 0, R = fabs(u) - 1;
    gsl_integration_glfixed_table *t = gsl_integration_glfixed_table_alloc(16);
    for (int i = 0; i < 16; i++) gsl_integration_glfixed_point(-1, 1, (size_t)i, &x[i], &w[i], t);
    gsl_integration_glfixed_table_free(t);
    for (double lo = -R; lo < R; lo += 1)
        for (int i = 0; i < 16; i++) {
            double v = lo + 0.5 * (x[i] + 1);
            qlb_hermite_functions(q, v, psi);
            sum += 0.5 * w[i] * pow(2 * M_PI, -0.25) * exp(-v * v / 4) * psi[q] / ((v - u - h) * (v - u));
        }
    return sum;
}

/* The variation of eps far from its species' thermal range
 * (dielectric_variation.c): the Fourier integral against the forward
 * recurrence where that is accurate (|u| <= 3, q <= 12: seen 3e-15), and
 * Fourier (|u| < 25) and asymptotic (beyond) against direct quadrature
 * (seen 9e-16, absolute: the values are 1.5e-3 and below). */
static void check_far_variation(void)
{
    double complex a[41], b[41];
    const double us[] = {-3, -0.7, 0, 0.4, 2.5}, hs[] = {0, 1e-3, 0.03, 0.3};
    double worst = 0;
    for (int i = 0; i < 5; i++)
        for (int k = 0; k < 4; k++) {
            qlb_dielectric_variation(1.0, hs[k], us[i], 12, a);
            qlb_dielectric_variation_far(1.0, hs[k], us[i], 12, b);
            for (int q = 0; q <= 12; q++) worst = fmax(worst, cabs(a[q] - b[q]));
        }
    check_below("variation of eps: Fourier integral = forward recurrence, |u| <= 3, q <= 12", worst, 3e-13);
    const double far[] = {14, 20, 26, 40, -31, 100}, fh[] = {0, 0.01, 1};
    worst = 0;
    for (int i = 0; i < 6; i++)
        for (int k = 0; k < 3; k++) {
            qlb_dielectric_variation_far(-1.0, fh[k], far[i], 30, b);
            for (int q = 0; q <= 30; q += 3) worst = fmax(worst, fabs(creal(b[q]) - far_reference(q, far[i], fh[k])));
        }
    check_below("variation of eps at |u| = 14..100, q <= 30: = direct quadrature (absolute)", worst, 5e-14);
}

int main(void)
{
    gsl_set_error_handler_off();
    check_mixture();
    check_far_variation();
    char what[200];
    const double as[] = {0.0, 0.01, 0.049, 0.051, 0.3, 1.0, 3.0};
    const double us[] = {-4.0, -1.3, -0.2, 0.0, 0.7, 2.5, 6.0};
    double worst = 0;
    for (int i = 0; i < 7; i++)
        for (int j = 0; j < 7; j++) {
            double complex q = eps_quadrature(0.8, as[i], us[j]);
            double complex e = qlb_dielectric_eps(0.8, as[i], us[j]);
            worst = fmax(worst, cabs(e - q) / cabs(q));
        }
    check_below("eps vs direct quadrature of corrected (1.12)/(1.20), 49 points", worst, 1e-10);

    check_close("static limit eps_0(u=0) = 1 + Vhat", creal(qlb_dielectric_eps(2.5, 0, 0)), 3.5,
                1e-15, 1);
    check_below("static limit: Im eps_0(u=0) = 0", cimag(qlb_dielectric_eps(2.5, 0, 0)), 1e-15);

    double below = 0, above = 0;
    for (double u = -3; u <= 3; u += 0.5) {
        double complex lo = qlb_dielectric_eps(1.0, 0.05 * (1 - 1e-15), u);
        double complex hi = qlb_dielectric_eps(1.0, 0.05, u);
        below = fmax(below, cabs(hi - lo));
        above = fmax(above, cabs(hi));
    }
    check_below("continuous across the series/direct switch at a = 0.05 (direct error <= eps/a)",
                below / above, 2e-14);

    double e1 = 0, e2 = 0;
    for (double u = -3; u <= 3; u += 0.25) {
        double complex c = qlb_dielectric_eps(1.0, 0, u);
        e1 = fmax(e1, cabs(qlb_dielectric_eps(1.0, 1e-3, u) - c));
        e2 = fmax(e2, cabs(qlb_dielectric_eps(1.0, 5e-4, u) - c));
    }
    double order = log2(e1 / e2);
    snprintf(what, sizeof what, "|eps_hbar - eps_0| = O(hbar): observed order %.4f", order);
    check_true(what, order > 0.9 && order < 1.1);

    double sym = 0;
    for (double u1 = -3; u1 <= 3; u1 += 0.37) {
        double a = 0.6, u2 = u1 + a;
        /* -k: parallel coordinate of v2 is -u2 */
        double complex e_minus = qlb_dielectric_eps(1.3, a, -u2);
        sym = fmax(sym, cabs(e_minus - conj(qlb_dielectric_eps(1.3, a, u1))));
    }
    check_below("eps(M,-k,v2) = conj eps(M,k,v1) on the collision sphere", sym, 1e-14);

    check_close("variation of eps along mu psi_q (q <= 12) vs direct quadrature", variation_error(),
                0, 1e-11, 1);
    check_below("variation continuous across the series/direct switch (q <= 20)",
                variation_jump(), 1e-13);
    double complex v0;
    qlb_dielectric_variation(0.8, 0.3, 0.4, 0, &v0);
    check_close("variation along M itself is eps(M) - 1", cabs(v0 - (qlb_dielectric_eps(0.8, 0.3, 0.4) - 1)),
                0, 1e-15, 1);

    int positive = 1;
    for (double u = -8; u <= 8; u += 0.01)
        positive &= qlb_dielectric_screening(5.0, 0.4, u) > 0 && isfinite(qlb_dielectric_screening(5.0, 0.4, u));
    check_true("|eps|^-2 finite and positive on a fine grid (Penrose)", positive);
    return test_summary();
}
