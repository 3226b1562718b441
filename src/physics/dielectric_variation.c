/* dielectric_variation.c — the variation of eps by a perturbation whose
 * marginal is mu psi_q (qlb/dielectric.h's qlb_dielectric_variation) where
 * u is far outside that perturbation's thermal range: a heavy species in
 * the collisions of light ones (docs/DESIGN.md §9). With
 * H_q(x) = Int mu psi_q(w)/(w - x - i0) dw:
 *
 * - Far out (|x| >= X_FAR(q)), the asymptotic series
 *     Re H_q(x) = -sum_{k>=0} M_{q+2k} / x^{q+2k+1},
 *     M_j = Int w^j mu psi_q = j! (j-q-1)!! / ((j-q)! sqrt(q!)),
 *   whose terms decrease once (q+2k+1)(q+2k+2) < (2k+2) x^2 and stop at
 *   1e-17 of the sum; Im H_q = pi mu psi_q(x). The divided difference of
 *   x^-p is summed without cancellation: [(y+a)^-p - y^-p]/a =
 *   -Q S_p / y^(p+1), Q = y/(y+a), S_p = 1 + Q + ... + Q^(p-1).
 * - Elsewhere, from 1/(w - x - i0) = i Int_0^inf exp(-i (w - x) t) dt and
 *   the Fourier transform of He_q m, (-i t)^q exp(-t^2/2):
 *     H_q(x) = i (-i)^q Int_0^inf f_q(t) exp(i x t) dt,  f_q = t^q exp(-t^2/2)/sqrt(q!),
 *     [H_q(y+a) - H_q(y)]/a = -(-i)^q Int_0^inf t f_q(t) sinc(a t/2) exp(i (y + a/2) t) dt,
 *   exact in a (a = 0 is H_q'), by 16-point Gauss–Legendre on panels of
 *   width <= min(1, 2 pi/(|y| + a + 1)) over t <= sqrt(q + 1) + 9 (beyond, the
 *   integrand is below 1e-20 of its peak): absolute error ~1e-16, the
 *   size of the rounding of the O(1) integrand.
 * The forward recurrence of qlb_dielectric_variation would multiply its
 * rounding by |He_q(x)|/sqrt(q!) ~ exp(x^2/4) there. */
#include "physics/dielectric_variation.h"
#include "core/limits.h"
#include "numerics/gauss_rules.h"
#include "numerics/special_functions.h"

#include <math.h>
#include <stdlib.h>

#define GL_NODES 16
#define TAIL_T 9.0
#define MAX_WIDTH 1.0      /* panel width for the Gaussian factor */
#define SERIES_MAX 4000

/* The far region of q: beyond every turning point and 12 further. */
static double far_from(int nmax) { return fmax(25.0, 2 * sqrt(nmax + 1.0) + 12); }

/* sum over k of M_{q+2k} w_p(x), p = q + 2k + 1, w_p = -Q S_p/y^(p+1) (the
 * divided difference of x^-p over [y, y + a]); -Re of the divided
 * difference of H_q. */
static double asymptotic_difference(int q, double y, double a)
{
    double Q = y / (y + a), M = sqrt(tgamma(q + 1.0)), sum = 0;
    double S = 0, Qp = 1; /* S_p, Q^p */
    for (int i = 0; i < q + 1; i++) S += Qp, Qp *= Q;
    double ypow = pow(y, -(q + 2.0)); /* y^-(p+1) */
    for (int k = 0; k < SERIES_MAX; k++) {
        int p = q + 2 * k + 1;
        double term = M * Q * S * ypow;
        sum += term;
        if (k > 0 && fabs(term) <= 1e-17 * fabs(sum) && (double)(p + 1) * (p + 2) < (2.0 * k + 2) * y * y) break;
        M *= (double)(p) * (p + 1) / (2.0 * k + 2); /* M_{j+2}/M_j = (j+1)(j+2)/(2k+2), j = p - 1 */
        S += Qp + Qp * Q;
        Qp *= Q * Q;
        ypow /= y * y;
    }
    return sum;
}

/* out[q] = [H_q(y + a) - H_q(y)]/a (H_q' at a = 0), far from both; the
 * imaginary part from pi mu psi_q = pi m He_q / sqrt(q!), m the normal
 * density (and its derivative -sqrt(q+1) pi mu psi_{q+1}). */
static void far_difference(double a, double y, int nmax, double complex *out)
{
    double c = 1 / sqrt(2 * M_PI), m_y[QLB_MAX_DEGREE + 2], m_ya[QLB_MAX_DEGREE + 2];
    qlb_hermite_recurrence(nmax + 1, y, c * exp(-y * y / 2), m_y);
    qlb_hermite_recurrence(nmax + 1, y + a, c * exp(-(y + a) * (y + a) / 2), m_ya);
    for (int q = 0; q <= nmax; q++) {
        double im = a > 0 ? M_PI * (m_ya[q] - m_y[q]) / a : -M_PI * sqrt(q + 1.0) * m_y[q + 1];
        out[q] = asymptotic_difference(q, y, a) + I * im;
    }
}

/* The 16-point Gauss–Legendre rule on [-1, 1] (computed once). */
static const double *legendre_rule(void)
{
    static double rule[2 * GL_NODES];
    static int ready;
#pragma omp critical(qlb_variation_rule)
    if (!ready) {
        qlb_gauss_rule(QLB_GAUSS_LEGENDRE, GL_NODES, 0, rule, rule + GL_NODES);
        ready = 1;
    }
    return rule;
}

/* out[q] = [H_q(y + a) - H_q(y)]/a by the Fourier integral: panels of
 * equal width, at most 1 and one turn of exp(i (|y| + a + 1) t); the
 * phases exp(i X t) and exp(i a t/2) per node from one value per panel
 * and one per node of the rule. */
static void fourier_difference(double a, double y, int nmax, double complex *out)
{
    const double *gx = legendre_rule(), *gw = gx + GL_NODES;
    double f[QLB_MAX_DEGREE + 2], root[QLB_MAX_DEGREE + 2], X = y + a / 2, T = sqrt(nmax + 1.0) + TAIL_T;
    for (int q = 1; q <= nmax; q++) root[q] = 1 / sqrt((double)q);
    int panels = (int)ceil(T * fmax((fabs(y) + a + 1) / (2 * M_PI), 1 / MAX_WIDTH));
    double width = T / panels;
    double re[QLB_MAX_DEGREE + 2] = {0}, im[QLB_MAX_DEGREE + 2] = {0};
    double complex rot_x[GL_NODES], rot_a[GL_NODES];
    for (int j = 0; j < GL_NODES; j++) {
        double dt = width / 2 * gx[j];
        rot_x[j] = cexp(I * X * dt);
        rot_a[j] = cexp(I * a / 2 * dt);
    }
    for (int k = 0; k < panels; k++) {
        double tc = width * (k + 0.5);
        double complex ex = cexp(I * X * tc), ea = cexp(I * a / 2 * tc);
        for (int j = 0; j < GL_NODES; j++) {
            double t = tc + width / 2 * gx[j], z = a * t / 2;
            double sinc = z == 0 ? 1 : cimag(ea * rot_a[j]) / z;
            double complex e = width / 2 * gw[j] * t * sinc * (ex * rot_x[j]);
            f[0] = exp(-t * t / 2);
            for (int q = 1; q <= nmax; q++) f[q] = f[q - 1] * t * root[q];
            double er = creal(e), ei = cimag(e);
            for (int q = 0; q <= nmax; q++) re[q] += f[q] * er, im[q] += f[q] * ei;
        }
    }
    double complex phase = -1; /* -(-i)^q */
    for (int q = 0; q <= nmax; q++, phase *= -I) out[q] = phase * (re[q] + I * im[q]);
}

void qlb_dielectric_variation_far(double vhat, double a, double u, int nmax, double complex *out)
{
    if (nmax > QLB_MAX_DEGREE) nmax = QLB_MAX_DEGREE;
    double far = far_from(nmax);
    if (fmin(fabs(u), fabs(u + a)) >= far && (u > 0) == (u + a > 0))
        far_difference(a, u, nmax, out);
    else
        fourier_difference(a, u, nmax, out);
    for (int q = 0; q <= nmax; q++) out[q] *= -vhat;
}
