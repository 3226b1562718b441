/* dielectric.c — eps_hbar(M,k,v) and eps_0(M,k,v) from the Faddeeva function.
 *
 * G^(k)(x) = i sqrt(pi/2) 2^(-k/2) w^(k)(x/sqrt 2), with the derivatives of w
 * from w' = -2 z w + 2i/sqrt(pi), w^(k+1) = -2 z w^(k) - 2k w^(k-1).
 * For a < SERIES_BELOW the divided difference [G(u+a) - G(u)]/a is the
 * Taylor series sum_k G^(k)(u) a^(k-1)/k!, truncated at SERIES_TERMS where
 * the remainder is below 1e-17 relative; above it the difference is formed
 * directly (cancellation at most eps/a). u-derivatives of eps, used to model
 * eps near plasma resonances, come from the same recurrence. A mixture's eps
 * is a sum of such divided differences, one per species in its own thermal
 * variable (docs/DESIGN.md §9).
 *
 * The variation of eps in the direction of a perturbation whose marginal
 * along khat is mu psi_q = He_q m / sqrt(q!) uses
 *   H_q(x) = Int mu psi_q(w) / (w - x - i0) dw,
 *   H_0 = G, H_{q+1} = (x H_q - sqrt(q) H_{q-1} + [q = 0]) / sqrt(q+1)
 * (from w He_q = He_{q+1} + q He_{q-1}), and H_q' = -sqrt(q+1) H_{q+1}, so
 * the divided difference [H_q(u+a) - H_q(u)]/a for small a is the series
 * sum_j (-1)^j sqrt((q+j)!/q!) H_{q+j}(u) a^(j-1)/j!. Forward recurrence:
 * the absolute error of H_q is ~1e-16 |He_q(x)| / sqrt(q!) |G(x)|, harmless
 * against the Gaussian weights it is integrated with. */
#include "qlb/dielectric.h"

#include <cerf.h>
#include <float.h>
#include <math.h>

#define SERIES_BELOW 0.05
#define SERIES_TERMS 12
#define MAX_DERIV 8

static const double sqrt_half_pi = 1.2533141373155002512; /* sqrt(pi/2) */

double complex qlb_dielectric_G(double x)
{
    return I * sqrt_half_pi * w_of_z(x / M_SQRT2);
}

double complex qlb_dielectric_Gprime(double x)
{
    double complex z = x / M_SQRT2;
    double complex wp = -2.0 * z * w_of_z(z) + 2.0 * I / sqrt(M_PI);
    return I * sqrt_half_pi * M_SQRT1_2 * wp;
}


#define ASYMPTOTIC_ABOVE 25.0  /* |x| beyond which G's derivatives come from the series */
#define ASYMPTOTIC_TERMS 200

/* g[k] = G^(k)(x), k = 0..n, for |x| >= ASYMPTOTIC_ABOVE: Re G = P Int m(w)/(w - x) dw
 * = -sum_j (2j-1)!! / x^(2j+1) (asymptotic; at |x| >= 25 its terms fall below
 * 1e-17 of the sum long before they turn), differentiated term by term,
 * and Im G = sqrt(pi/2) exp(-x^2/2), whose derivatives are
 * (-1)^k He_k(x) times it. */
static void G_asymptotic(double x, int n, double complex *g)
{
    double re[MAX_DERIV + SERIES_TERMS + 2] = {0}, t = 1 / x, x2 = x * x;
    for (int j = 0; j < ASYMPTOTIC_TERMS; j++) {
        double c = t, biggest = 0;
        for (int k = 0; k <= n; k++) {
            double term = (k & 1 ? c : -c);
            re[k] += term;
            biggest = fmax(biggest, fabs(term) / fmax(fabs(re[k]), DBL_MIN));
            c *= (2 * j + k + 1) / x;
        }
        if (biggest < 1e-17) break;
        t *= (2 * j + 1) / x2;
    }
    double gauss = sqrt_half_pi * exp(-x2 / 2), he = 1, he_prev = 0;
    for (int k = 0; k <= n; k++) {
        g[k] = re[k] + I * (k & 1 ? -he : he) * gauss;
        double next = x * he - k * he_prev;
        he_prev = he;
        he = next;
    }
}

/* g[k] = G^(k)(x), k = 0..n: the recurrence of w's derivatives below
 * ASYMPTOTIC_ABOVE (beyond it that recurrence loses a factor ~x^2 per
 * derivative, which a heavy species' sqrt(m)^k multiplies). */
static void G_derivatives(double x, int n, double complex *g)
{
    if (fabs(x) >= ASYMPTOTIC_ABOVE) {
        G_asymptotic(x, n, g);
        return;
    }
    double complex z = x / M_SQRT2, wkm1 = w_of_z(z);
    double complex wk = -2.0 * z * wkm1 + 2.0 * I / sqrt(M_PI);
    double scale = 1;
    g[0] = I * sqrt_half_pi * wkm1;
    for (int k = 1; k <= n; k++) {
        scale *= M_SQRT1_2;
        g[k] = I * sqrt_half_pi * scale * wk;
        double complex wkp1 = -2.0 * z * wk - 2.0 * k * wkm1;
        wkm1 = wk;
        wk = wkp1;
    }
}

/* [G(u+a) - G(u)]/a for u and u + a beyond ASYMPTOTIC_ABOVE on one side,
 * from the asymptotic series without cancellation: with q = u/(u+a) and
 * S_p = 1 + q + ... + q^(p-1) (positive terms),
 * [(u+a)^-p - u^-p]/a = -q S_p / u^(p+1), so the real part is
 * sum_j (2j-1)!! q S_(2j+1) / u^(2j+2); the imaginary part is
 * sqrt(pi/2) exp(-u^2/2) expm1(-(2u + a) a/2)/a. A heavy species' term is
 * evaluated here at almost every node of a light pair's integral. */
static double complex asymptotic_difference(double a, double u)
{
    double q = u / (u + a), u2 = u * u, S = 1, qp = q, power = 1 / u2, re = 0;
    for (int j = 0; j < ASYMPTOTIC_TERMS; j++) { /* S = S_(2j+1), qp = q^(2j+1), power = (2j-1)!!/u^(2j+2) */
        double term = power * q * S;
        re += term;
        if (fabs(term) < 1e-17 * fabs(re)) break;
        S += qp + qp * q;
        qp *= q * q;
        power *= (2 * j + 1) / u2;
    }
    double im = a == 0 ? -u : expm1(-(2 * u + a) * a / 2) / a;
    return re + I * sqrt_half_pi * exp(-u2 / 2) * im;
}

/* dd[k] = d^k/du^k of [G(u+a) - G(u)]/a, k = 0..kmax. */
static void divided_difference(double a, double u, int kmax, double complex *dd)
{
    if (kmax == 0 && fabs(u) >= ASYMPTOTIC_ABOVE && fabs(u + a) >= ASYMPTOTIC_ABOVE && u * (u + a) > 0) {
        dd[0] = asymptotic_difference(a, u);
        return;
    }
    double complex g[MAX_DERIV + SERIES_TERMS + 2];
    if (a < SERIES_BELOW) { /* sum_{j>=1} G^(k+j)(u) a^(j-1)/j! */
        G_derivatives(u, kmax + SERIES_TERMS, g);
        for (int k = 0; k <= kmax; k++) {
            double coef = 1;
            dd[k] = 0;
            for (int j = 1; j <= SERIES_TERMS; j++) {
                dd[k] += coef * g[k + j];
                coef *= a / (j + 1);
            }
        }
        return;
    }
    double complex g2[MAX_DERIV + 1];
    G_derivatives(u, kmax, g);
    G_derivatives(u + a, kmax, g2);
    for (int k = 0; k <= kmax; k++) dd[k] = (g2[k] - g[k]) / a;
}

void qlb_dielectric_eps_derivatives(double vhat, double a, double u, int kmax,
                                    double complex *out)
{
    double complex dd[MAX_DERIV + 1];
    if (kmax > MAX_DERIV) kmax = MAX_DERIV;
    divided_difference(a, u, kmax, dd);
    for (int k = 0; k <= kmax; k++) out[k] = (k == 0) - vhat * dd[k];
}

void qlb_dielectric_mixture_derivatives(const qlb_dielectric_species *species, int count,
                                        double vhat, double a, double x, int kmax,
                                        double complex *out)
{
    double complex dd[MAX_DERIV + 1];
    if (kmax > MAX_DERIV) kmax = MAX_DERIV;
    for (int k = 0; k <= kmax; k++) out[k] = k == 0;
    for (int s = 0; s < count; s++) { /* the species' term is dd(h, root x - h/2)/T, h = a/sqrt(m T) */
        double m = species[s].mass, T = species[s].temperature;
        double root = sqrt(m / T), h = a / sqrt(m * T), scale = vhat * species[s].weight / T;
        divided_difference(h, root * x - h / 2, kmax, dd);
        for (int k = 0; k <= kmax; k++, scale *= root) out[k] -= scale * dd[k];
    }
}

double complex qlb_dielectric_eps(double vhat, double a, double u)
{
    double complex e;
    qlb_dielectric_eps_derivatives(vhat, a, u, 0, &e);
    return e;
}

double qlb_dielectric_screening(double vhat, double a, double u)
{
    double complex e = qlb_dielectric_eps(vhat, a, u);
    double re = creal(e), im = cimag(e);
    return 1.0 / (re * re + im * im);
}

#define VARIATION_TERMS 40

/* |z|^2 without the overflow-safe (and slow) hypot of cabs. */
static double norm2(double complex z) { return creal(z) * creal(z) + cimag(z) * cimag(z); }

/* h[q] = H_q(x), q = 0..n. */
static void hilbert_hermite(double x, int n, double complex *h)
{
    h[0] = qlb_dielectric_G(x);
    if (n > 0) h[1] = x * h[0] + 1;
    for (int q = 1; q < n; q++) h[q + 1] = (x * h[q] - sqrt((double)q) * h[q - 1]) / sqrt(q + 1.0);
}

void qlb_dielectric_variation(double vhat, double a, double u, int nmax, double complex *out)
{
    double complex h[QLB_DIELECTRIC_MAX_Q + VARIATION_TERMS + 2];
    if (nmax > QLB_DIELECTRIC_MAX_Q) nmax = QLB_DIELECTRIC_MAX_Q;
    if (a >= SERIES_BELOW) {
        double complex h2[QLB_DIELECTRIC_MAX_Q + 1];
        hilbert_hermite(u, nmax, h);
        hilbert_hermite(u + a, nmax, h2);
        for (int q = 0; q <= nmax; q++) out[q] = -vhat * (h2[q] - h[q]) / a;
        return;
    }
    hilbert_hermite(u, nmax + VARIATION_TERMS, h);
    for (int q = 0; q <= nmax; q++) {
        double complex sum = 0;
        double coef = -sqrt(q + 1.0); /* (-1)^j sqrt((q+j)!/q!) a^(j-1)/j! at j = 1 */
        for (int j = 1; j <= VARIATION_TERMS; j++) {
            double complex term = coef * h[q + j];
            sum += term;
            if (norm2(term) <= 1e-34 * norm2(sum)) break; /* |term| <= 1e-17 |sum| */
            coef *= -a * sqrt((double)(q + j + 1)) / (j + 1);
        }
        out[q] = -vhat * sum;
    }
}
