/* bruteforce.c — <phi_a, L phi_b> straight from (1.29), d = 2:
 *
 *   c_d/(4 hbar^2) Int dk dv1 dv2 delta(k.(v2 - v1 - hbar k)) Vhat^2/|eps|^2 D_a D_b,
 *   D_g = g(v1) sqrtM(v2) + g(v2) sqrtM(v1) - g(v1') sqrtM(v2') - g(v2') sqrtM(v1'),
 *
 * with k = kappa (cos t, sin t), v_i = u_i khat + x_i khat_perp, and the delta
 * resolved as u2 = u1 + hbar kappa (Jacobian 1/kappa against dk = kappa dkappa dt).
 * Cartesian Hermite functions come from GSL's probabilists' Hermite
 * polynomials. Quadrature: trapezoid in t (exact for the trigonometric
 * polynomial of degree 2N), GSL's Gauss–Hermite in x1, x2 (exact),
 * composite q-point Gauss–Legendre (GSL) on [0, 2^-6] and dyadic kappa
 * panels up to 2^7, and on 10 panels of u1 in [-10, 10].
 * Nothing here uses the factorization or the rotation blocks. */
#include "bruteforce.h"

#include <gsl/gsl_integration.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_hermite.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define KAPPA_PANELS 14   /* [0, 2^-6], then dyadic up to 2^7 */
#define U_PANELS 10       /* u1 in [-10, 10] */
#define MAX_GL 32

typedef struct {
    const qlb_basis *basis;
    int nb, N;
    double *D, *norm;   /* norm[n] = 1 / ((2 pi)^{1/4} sqrt(n!)) */
    double h[4][2][16]; /* He_n at the 4 velocities, 2 components */
} bf;

/* He_n(v_i) e^{-v_i^2/4} norm[n] for n <= N at velocity slot p. */
static void hermite_at(bf *b, int p, const double *v)
{
    for (int i = 0; i < 2; i++) {
        gsl_sf_hermite_prob_array(b->N, v[i], b->h[p][i]);
        for (int n = 0; n <= b->N; n++) b->h[p][i][n] *= exp(-v[i] * v[i] / 4) * b->norm[n];
    }
}

static double phi(const bf *b, const int *alpha, int p)
{
    return b->h[p][0][alpha[0]] * b->h[p][1][alpha[1]];
}

static double sqrt_maxwellian(const double *v)
{
    return exp(-(v[0] * v[0] + v[1] * v[1]) / 4) / sqrt(2 * M_PI);
}

/* D_a for all basis functions at one collision. */
static void collision_vector(bf *b, const double *v1, const double *v2, const double *w1,
                             const double *w2)
{
    double m1 = sqrt_maxwellian(v1), m2 = sqrt_maxwellian(v2);
    double n1 = sqrt_maxwellian(w1), n2 = sqrt_maxwellian(w2);
    hermite_at(b, 0, v1);
    hermite_at(b, 1, v2);
    hermite_at(b, 2, w1);
    hermite_at(b, 3, w2);
    for (int a = 0; a < b->nb; a++) {
        const int *al = qlb_basis_multi_index(b->basis, (size_t)a);
        b->D[a] = phi(b, al, 0) * m2 + phi(b, al, 1) * m1 - phi(b, al, 2) * n2 -
                  phi(b, al, 3) * n1;
    }
}

static void gl_rule(int q, double *x, double *w)
{
    gsl_integration_glfixed_table *t = gsl_integration_glfixed_table_alloc((size_t)q);
    for (int i = 0; i < q; i++) gsl_integration_glfixed_point(-1, 1, (size_t)i, &x[i], &w[i], t);
    gsl_integration_glfixed_table_free(t);
}

void bruteforce_matrix(const qlb_basis *basis, double hbar, const qlb_potential *pot,
                       int screening, int q, double *out)
{
    bf b = {basis, (int)qlb_basis_size(basis), qlb_basis_degree(basis), NULL, NULL, {{{0}}}};
    b.D = malloc((size_t)b.nb * sizeof(double));
    b.norm = malloc((size_t)(b.N + 1) * sizeof(double));
    for (int n = 0; n <= b.N; n++)
        b.norm[n] = 1 / (pow(2 * M_PI, 0.25) * sqrt(gsl_sf_fact((unsigned)n)));
    memset(out, 0, (size_t)b.nb * b.nb * sizeof(double));
    int nx = b.N + 2, nt = 2 * b.N + 2;
    gsl_integration_fixed_workspace *hx =
        gsl_integration_fixed_alloc(gsl_integration_fixed_hermite, (size_t)nx, 0, 0.5, 0, 0);
    const double *xn = gsl_integration_fixed_nodes(hx), *xw = gsl_integration_fixed_weights(hx);
    double glx[MAX_GL], glw[MAX_GL];
    gl_rule(q, glx, glw);
    double cd = 2 / (4 * M_PI * M_PI), pref = cd / (4 * hbar * hbar);
    for (int kp = 0; kp < KAPPA_PANELS; kp++) {
        double klo = ldexp(1.0, kp - 7), khi = 2 * klo;
        if (kp == 0) klo = 0;
        for (int ik = 0; ik < q; ik++) {
            double kappa = (klo + khi) / 2 + (khi - klo) / 2 * glx[ik];
            double wk = (khi - klo) / 2 * glw[ik], vhat = qlb_potential_eval(pot, kappa);
            double a = hbar * kappa;
            for (int up = 0; up < U_PANELS; up++) {
                double ulo = -10 + 20.0 * up / U_PANELS, uhi = ulo + 20.0 / U_PANELS;
                for (int iu = 0; iu < q; iu++) {
                    double u1 = (ulo + uhi) / 2 + (uhi - ulo) / 2 * glx[iu];
                    double wu = (uhi - ulo) / 2 * glw[iu];
                    double S = screening ? qlb_dielectric_screening(vhat, a, u1) : 1.0;
                    double base = pref * wk * wu * vhat * vhat * S * 2 * M_PI / nt;
                    for (int it = 0; it < nt; it++) {
                        double t = 2 * M_PI * it / nt, c = cos(t), s = sin(t);
                        for (int i1 = 0; i1 < nx; i1++)
                            for (int i2 = 0; i2 < nx; i2++) {
                                /* v = u khat + x khat_perp, khat = (c, s), perp = (-s, c) */
                                double u2 = u1 + a, x1 = xn[i1], x2 = xn[i2];
                                double v1[2] = {u1 * c - x1 * s, u1 * s + x1 * c};
                                double v2[2] = {u2 * c - x2 * s, u2 * s + x2 * c};
                                double w1[2] = {u2 * c - x1 * s, u2 * s + x1 * c};
                                double w2[2] = {u1 * c - x2 * s, u1 * s + x2 * c};
                                double w = base * xw[i1] * xw[i2] *
                                           exp((x1 * x1 + x2 * x2) / 2);
                                collision_vector(&b, v1, v2, w1, w2);
                                for (int i = 0; i < b.nb; i++)
                                    for (int j = 0; j < b.nb; j++)
                                        out[i * b.nb + j] += w * b.D[i] * b.D[j];
                            }
                    }
                }
            }
        }
    }
    gsl_integration_fixed_free(hx);
    free(b.D);
    free(b.norm);
}
