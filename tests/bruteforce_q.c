/* bruteforce_q.c — the quadratic term and the full collision operator
 * (1.11) straight from their definitions, d = 2:
 *
 *   <phi_a, Q_LB(F)/sqrt M> = c_d/hbar^2 Int dk dv1 dv2 delta(k.(v2 - v1 - hbar k))
 *        Vhat^2 |eps(F,k,v1)|^-2 phi_a(v1)/sqrt M(v1) [F(v1') F(v2') - F(v1) F(v2)],
 *
 * and its second-order part for F = M + sqrt(M) g (M1' M2' = M1 M2 on the
 * collision sphere):
 *   <phi_a, Q(g, g)> = c_d/hbar^2 Int .. phi_a(v1) sqrt M(v2) { S [g1' g2' - g1 g2]
 *        - dS[sqrt(M) g] D_g },
 *   D_g = g1 sqrtM2 + g2 sqrtM1 - g1' sqrtM2' - g2' sqrtM1',
 * polarized to (phi_b, phi_c). eps(F) = eps(M) + delta eps[sqrt(M) g] exactly
 * (eps is affine in F); delta eps of sqrt(M) phi_b in direction khat is
 * sum_q c_q delta eps_q (qlb_dielectric_variation, checked on its own against
 * principal-value quadrature in test_dielectric), with the marginal
 * coefficients c_q = Int Int nu(x) phi_b(w khat + x khat_perp) psi_q(w) dw dx
 * computed here by Gauss–Hermite quadrature of the rotated function.
 * Quadrature as in bruteforce.c: k = kappa (cos t, sin t), v_i = u_i khat +
 * x_i khat_perp, u2 = u1 + hbar kappa; trapezoid in t (exact for the tensor;
 * for (1.11), whose t-integrand has |eps(F)|^-2, 3N+8 points are exact through
 * third order in the amplitude), Gauss–Hermite in
 * x1, x2, q-point Gauss–Legendre panels in kappa (to 2^7) and u1. Hermite
 * functions from GSL. Nothing here uses the factorization, the kernels or
 * the rotational averaging of the library. */
#include "bruteforce_q.h"
#include "bruteforce.h"

#include <complex.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_hermite.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define KAPPA_PANELS 14
#define U_WIDTH 2.0
#define MAXN 16

typedef struct {
    const qlb_basis *basis;
    int nb, N, nx, nt, screening, variation;
    double hbar;
    const double *g;                 /* full-operator mode, else NULL */
    double *out;
    const double *xn, *xw;           /* Gauss–Hermite, weight exp(-x^2/2) */
    double *cq;                      /* per t: nb x (N+1) */
    double *phi[4];                  /* nb values at v1, v2, v1', v2' */
    double norm[MAXN + 1];
} bq;

static void hermite_1d(const bq *B, double x, double *h)
{
    gsl_sf_hermite_prob_array(B->N, x, h);
    for (int n = 0; n <= B->N; n++) h[n] *= exp(-x * x / 4) * B->norm[n];
}

/* phi_b(v) for every b. */
static void basis_at(const bq *B, const double *v, double *out)
{
    double h0[MAXN + 1], h1[MAXN + 1];
    hermite_1d(B, v[0], h0);
    hermite_1d(B, v[1], h1);
    for (int b = 0; b < B->nb; b++) {
        const int *al = qlb_basis_multi_index(B->basis, (size_t)b);
        out[b] = h0[al[0]] * h1[al[1]];
    }
}

/* phi_b(v) / sqrt M(v) = prod_i He_{alpha_i}(v_i) / sqrt(alpha_i!) (no underflow). */
static void polynomials_at(const bq *B, const double *v, double *out)
{
    double h0[MAXN + 1], h1[MAXN + 1];
    gsl_sf_hermite_prob_array(B->N, v[0], h0);
    gsl_sf_hermite_prob_array(B->N, v[1], h1);
    for (int b = 0; b < B->nb; b++) {
        const int *al = qlb_basis_multi_index(B->basis, (size_t)b);
        out[b] = h0[al[0]] * h1[al[1]] * B->norm[al[0]] * B->norm[al[1]] * sqrt(2 * M_PI);
    }
}

static double sqrt_maxwellian(const double *v)
{
    return exp(-(v[0] * v[0] + v[1] * v[1]) / 4) / sqrt(2 * M_PI);
}

/* Marginal coefficients c_q of sqrt(M) phi_b along khat = (c, s). */
static void marginal(const bq *B, double c, double s, double *cq)
{
    double hw[MAXN + 1], v[2], *phi = malloc((size_t)B->nb * sizeof(double));
    memset(cq, 0, (size_t)B->nb * (B->N + 1) * sizeof(double));
    for (int iw = 0; iw < B->nx; iw++)
        for (int ix = 0; ix < B->nx; ix++) {
            double w = B->xn[iw], x = B->xn[ix];
            double wt = B->xw[iw] * B->xw[ix] * exp((w * w + x * x) / 2);
            double nu = exp(-x * x / 4) / pow(2 * M_PI, 0.25);
            v[0] = w * c - x * s;
            v[1] = w * s + x * c;
            basis_at(B, v, phi);
            hermite_1d(B, w, hw);
            for (int b = 0; b < B->nb; b++)
                for (int q = 0; q <= B->N; q++) cq[b * (B->N + 1) + q] += wt * nu * phi[b] * hw[q];
        }
    free(phi);
}

/* The collision integrand at one point, added with weight W. */
static void add_point(bq *B, const double *v1, const double *v2, const double *w1,
                      const double *w2, double S, const double *dS, double W)
{
    for (int k = 0; k < 4; k++) basis_at(B, k == 0 ? v1 : k == 1 ? v2 : k == 2 ? w1 : w2, B->phi[k]);
    double m1 = sqrt_maxwellian(v1), m2 = sqrt_maxwellian(v2);
    double n1 = sqrt_maxwellian(w1), n2 = sqrt_maxwellian(w2);
    int nb = B->nb;
    const double *p0 = B->phi[0], *p1 = B->phi[1], *p2 = B->phi[2], *p3 = B->phi[3];
    if (B->g) {
        double F[4] = {m1 * m1, m2 * m2, n1 * n1, n2 * n2}, sq[4] = {m1, m2, n1, n2};
        for (int k = 0; k < 4; k++)
            for (int b = 0; b < nb; b++) F[k] += sq[k] * B->g[b] * B->phi[k][b];
        double gain = F[2] * F[3] - F[0] * F[1], ratio[MAXN * MAXN];
        polynomials_at(B, v1, ratio);
        for (int a = 0; a < nb; a++) B->out[a] += W * S * ratio[a] * gain;
        return;
    }
    double D[MAXN * MAXN];
    for (int b = 0; b < nb; b++) D[b] = p0[b] * m2 + p1[b] * m1 - p2[b] * n2 - p3[b] * n1;
    for (int a = 0; a < nb; a++) {
        double wa = W * p0[a] * m2;
        for (int b = 0; b < nb; b++)
            for (int c = 0; c < nb; c++) {
                double coll = p2[b] * p3[c] + p2[c] * p3[b] - p0[b] * p1[c] - p0[c] * p1[b];
                double var = B->variation ? dS[b] * D[c] + dS[c] * D[b] : 0;
                B->out[((size_t)a * nb + b) * nb + c] += wa * (S * coll / 2 - var / 2);
            }
    }
}

/* Sum over t, x1, x2 at fixed (kappa, u1). */
static void point(bq *B, double vhat, double a, double u1, double base)
{
    int N = B->N, nb = B->nb;
    double complex eps = B->screening ? qlb_dielectric_eps(vhat, a, u1) : 1, deps[MAXN + 1];
    qlb_dielectric_variation(vhat, a, u1, N, deps);
    double SM = 1 / (creal(eps) * creal(eps) + cimag(eps) * cimag(eps)), dS[MAXN * MAXN];
    for (int it = 0; it < B->nt; it++) {
        double t = 2 * M_PI * it / B->nt, c = cos(t), s = sin(t), S = SM;
        const double *cq = B->cq + (size_t)it * nb * (N + 1);
        double complex epsF = eps;
        for (int b = 0; b < nb; b++) {
            double complex de = 0;
            for (int q = 0; q <= N; q++) de += cq[b * (N + 1) + q] * deps[q];
            dS[b] = -2 * SM * SM * creal(conj(eps) * de);
            if (B->g && B->screening) epsF += B->g[b] * de;
        }
        if (B->g && B->screening) S = 1 / (creal(epsF) * creal(epsF) + cimag(epsF) * cimag(epsF));
        for (int i1 = 0; i1 < B->nx; i1++)
            for (int i2 = 0; i2 < B->nx; i2++) {
                double x1 = B->xn[i1], x2 = B->xn[i2], v1[2], v2[2], w1[2], w2[2];
                bruteforce_collision_geometry(u1, a, x1, x2, c, s, v1, v2, w1, w2);
                double W = base * B->xw[i1] * B->xw[i2] * exp((x1 * x1 + x2 * x2) / 2);
                add_point(B, v1, v2, w1, w2, S, dS, W);
            }
    }
}

static void run(bq *B, const qlb_potential *pot, int q)
{
    gsl_integration_fixed_workspace *hx =
        gsl_integration_fixed_alloc(gsl_integration_fixed_hermite, (size_t)B->nx, 0, 0.5, 0, 0);
    gsl_integration_glfixed_table *gl = gsl_integration_glfixed_table_alloc((size_t)q);
    B->xn = gsl_integration_fixed_nodes(hx);
    B->xw = gsl_integration_fixed_weights(hx);
    B->cq = malloc((size_t)B->nt * B->nb * (B->N + 1) * sizeof(double));
    for (int k = 0; k < 4; k++) B->phi[k] = malloc((size_t)B->nb * sizeof(double));
    for (int n = 0; n <= B->N; n++)
        B->norm[n] = 1 / (pow(2 * M_PI, 0.25) * sqrt(gsl_sf_fact((unsigned)n)));
    for (int it = 0; it < B->nt; it++) {
        double t = 2 * M_PI * it / B->nt;
        marginal(B, cos(t), sin(t), B->cq + (size_t)it * B->nb * (B->N + 1));
    }
    double cd = 2 / (4 * M_PI * M_PI), pref = cd / (B->hbar * B->hbar);
    for (int kp = 0; kp < KAPPA_PANELS; kp++) {
        double klo = kp ? ldexp(1.0, kp - 7) : 0, khi = ldexp(1.0, kp - 6);
        for (int ik = 0; ik < q; ik++) {
            double xk, wk;
            gsl_integration_glfixed_point(klo, khi, (size_t)ik, &xk, &wk, gl);
            double vhat = qlb_potential_eval(pot, xk), a = B->hbar * xk, ulo = -10 - a;
            if (vhat * vhat < 1e-40) continue;
            int upanels = (int)ceil((10 - ulo) / U_WIDTH);
            for (int up = 0; up < upanels; up++) {
                double width = (10 - ulo) / upanels, plo = ulo + width * up;
                for (int iu = 0; iu < q; iu++) {
                    double u1, wu;
                    gsl_integration_glfixed_point(plo, plo + width, (size_t)iu, &u1, &wu, gl);
                    point(B, vhat, a, u1, pref * wk * wu * vhat * vhat * 2 * M_PI / B->nt);
                }
            }
        }
    }
    for (int k = 0; k < 4; k++) free(B->phi[k]);
    free(B->cq);
    gsl_integration_glfixed_table_free(gl);
    gsl_integration_fixed_free(hx);
}

void bruteforce_tensor(const qlb_basis *basis, double hbar, const qlb_potential *pot,
                       int screening, int variation, int q, double *out)
{
    int N = qlb_basis_degree(basis), nb = (int)qlb_basis_size(basis);
    bq B = {basis, nb, N, N + 3, 3 * N + 4, screening, variation && screening, hbar, NULL, out,
            NULL, NULL, NULL, {NULL}, {0}};
    memset(out, 0, (size_t)nb * nb * nb * sizeof(double));
    run(&B, pot, q);
}

void bruteforce_collision(const qlb_basis *basis, double hbar, const qlb_potential *pot,
                          int screening, const double *g, int q, double *out)
{
    int N = qlb_basis_degree(basis), nb = (int)qlb_basis_size(basis);
    bq B = {basis, nb, N, N + 3, 3 * N + 8, screening, 0, hbar, g, out,
            NULL, NULL, NULL, {NULL}, {0}};
    memset(out, 0, (size_t)nb * sizeof(double));
    run(&B, pot, q);
}
