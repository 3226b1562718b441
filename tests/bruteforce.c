/* bruteforce.c — the quadratic forms straight from their definitions, d = 2:
 *
 *   (1.29)  c_d/(4 hbar^2) Int dk dv1 dv2 delta(k.(v2 - v1 - hbar k)) W D_a D_b,
 *           D_g = g(v1) sqrtM(v2) + g(v2) sqrtM(v1) - g(v1') sqrtM(v2') - g(v2') sqrtM(v1'),
 *   (3.5)   c_d/hbar^2 Int dk dv1 dv2 delta(..) W [P_a P_b + Q_a Q_b],
 *           P_g = (g(v1) - g(v1')) sqrtM(v2),  Q_g = g(v1) (sqrtM(v2) - sqrtM(v2')),
 *   (3.6)   Int dk dv Vhat^2 |k| |eps_0|^-2 M_1(u) [(khat.grad g)^2 + u^2 g^2],
 *
 * W = Vhat^2/|eps|^2, with k = kappa (cos t, sin t), v_i = u_i khat + x_i khat_perp,
 * the delta resolved as u2 = u1 + hbar kappa (Jacobian 1/kappa against
 * dk = kappa dkappa dt), u = v.khat and M_1 the 1-D Maxwellian. Cartesian
 * Hermite functions and their gradients come from GSL's probabilists'
 * Hermite polynomials (He_n' = n He_{n-1}). Quadrature: trapezoid in t
 * (exact: trigonometric polynomials of degree 2N, 2N+4 for (3.6)), GSL's
 * Gauss–Hermite in x1, x2 (exact), composite q-point Gauss–Legendre (GSL)
 * on [0, 2^-6] and dyadic kappa panels up to 2^7, and on panels of width 2
 * in u1 over [-10 - a, 10] (the Gaussians of (3.5) sit at u1 = 0 and -a).
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
#define U_WIDTH 2.0       /* u1 panel width */
#define MAX_GL 32

typedef struct {
    const qlb_basis *basis;
    qlb_form form;
    int nb, N;
    double *P, *Q, *norm;  /* norm[n] = 1 / ((2 pi)^{1/4} sqrt(n!)) */
    double h[4][2][17];    /* He_n at the 4 velocities, 2 components */
    double dh[2][17];      /* derivative of the normalized functions at slot 0 */
} bf;

/* He_n(v_i) e^{-v_i^2/4} norm[n] for n <= N (+1) at velocity slot p. */
static void hermite_at(bf *b, int p, const double *v)
{
    for (int i = 0; i < 2; i++) {
        gsl_sf_hermite_prob_array(b->N + 1, v[i], b->h[p][i]);
        for (int n = b->N; n >= 0; n--) { /* downwards: He_{n-1} still raw */
            double g = exp(-v[i] * v[i] / 4) * b->norm[n];
            if (p == 0) b->dh[i][n] = g * ((n ? n * b->h[p][i][n - 1] : 0) - v[i] / 2 * b->h[p][i][n]);
            b->h[p][i][n] *= g;
        }
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

/* The vectors (P, and Q for rank-2 forms) of every basis function at one
 * collision v1, v2 -> w1 = v1', w2 = v2'. */
static void collision_vectors(bf *b, const double *v1, const double *v2, const double *w1,
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
        if (b->form == QLB_FORM_COLLISION) {
            b->P[a] = phi(b, al, 0) * m2 + phi(b, al, 1) * m1 - phi(b, al, 2) * n2 -
                      phi(b, al, 3) * n1;
        } else {
            b->P[a] = (phi(b, al, 0) - phi(b, al, 2)) * m2;
            b->Q[a] = phi(b, al, 0) * (m2 - n2);
        }
    }
}

/* P = khat.grad phi, Q = u phi at v (slot 0), khat = (c, s). */
static void gradient_vectors(bf *b, const double *v, double u, double c, double s)
{
    hermite_at(b, 0, v);
    for (int a = 0; a < b->nb; a++) {
        const int *al = qlb_basis_multi_index(b->basis, (size_t)a);
        b->P[a] = c * b->dh[0][al[0]] * b->h[0][1][al[1]] + s * b->h[0][0][al[0]] * b->dh[1][al[1]];
        b->Q[a] = u * phi(b, al, 0);
    }
}

static void add_outer(const bf *b, double w, double *out)
{
    int rank2 = b->form != QLB_FORM_COLLISION;
    for (int i = 0; i < b->nb; i++)
        for (int j = 0; j < b->nb; j++)
            out[i * b->nb + j] += w * (b->P[i] * b->P[j] + (rank2 ? b->Q[i] * b->Q[j] : 0));
}

void bruteforce_collision_geometry(double u1, double a, double x1, double x2, double c,
                                   double s, double *v1, double *v2, double *w1, double *w2)
{
    /* v = u khat + x khat_perp, khat = (c, s), perp = (-s, c) */
    double u2 = u1 + a;
    v1[0] = u1 * c - x1 * s, v1[1] = u1 * s + x1 * c;
    v2[0] = u2 * c - x2 * s, v2[1] = u2 * s + x2 * c;
    w1[0] = u2 * c - x1 * s, w1[1] = u2 * s + x1 * c;
    w2[0] = u1 * c - x2 * s, w2[1] = u1 * s + x2 * c;
}

static void gl_rule(int q, double *x, double *w)
{
    gsl_integration_glfixed_table *t = gsl_integration_glfixed_table_alloc((size_t)q);
    for (int i = 0; i < q; i++) gsl_integration_glfixed_point(-1, 1, (size_t)i, &x[i], &w[i], t);
    gsl_integration_glfixed_table_free(t);
}

typedef struct {
    const double *xn, *xw;  /* Gauss–Hermite for exp(-x^2/2) */
    int nx, nt;
} rules;

/* Sum over t and x1, x2 at fixed (kappa, u1) of the collision forms. */
static void collision_point(bf *b, const rules *r, double a, double u1, double base, double *out)
{
    for (int it = 0; it < r->nt; it++) {
        double t = 2 * M_PI * it / r->nt, c = cos(t), s = sin(t);
        for (int i1 = 0; i1 < r->nx; i1++)
            for (int i2 = 0; i2 < r->nx; i2++) {
                double x1 = r->xn[i1], x2 = r->xn[i2], v1[2], v2[2], w1[2], w2[2];
                bruteforce_collision_geometry(u1, a, x1, x2, c, s, v1, v2, w1, w2);
                collision_vectors(b, v1, v2, w1, w2);
                add_outer(b, base * r->xw[i1] * r->xw[i2] * exp((x1 * x1 + x2 * x2) / 2), out);
            }
    }
}

/* Sum over t and x at fixed (kappa, u) of (3.6). */
static void gradient_point(bf *b, const rules *r, double u, double base, double *out)
{
    double m = exp(-u * u / 2) / sqrt(2 * M_PI);
    for (int it = 0; it < r->nt; it++) {
        double t = 2 * M_PI * it / r->nt, c = cos(t), s = sin(t);
        for (int i1 = 0; i1 < r->nx; i1++) {
            double x = r->xn[i1], v[2] = {u * c - x * s, u * s + x * c};
            gradient_vectors(b, v, u, c, s);
            add_outer(b, base * m * r->xw[i1] * exp(x * x / 2), out);
        }
    }
}

void bruteforce_matrix(const qlb_basis *basis, qlb_form form, double hbar,
                       const qlb_potential *pot, int screening, int q, double *out)
{
    bf b = {basis, form, (int)qlb_basis_size(basis), qlb_basis_degree(basis),
            NULL, NULL, NULL, {{{0}}}, {{0}}};
    b.P = malloc((size_t)b.nb * sizeof(double));
    b.Q = malloc((size_t)b.nb * sizeof(double));
    b.norm = malloc((size_t)(b.N + 1) * sizeof(double));
    for (int n = 0; n <= b.N; n++)
        b.norm[n] = 1 / (pow(2 * M_PI, 0.25) * sqrt(gsl_sf_fact((unsigned)n)));
    memset(out, 0, (size_t)b.nb * b.nb * sizeof(double));
    rules r = {NULL, NULL, b.N + 2, form == QLB_FORM_NORM_CLASSICAL ? 2 * b.N + 6 : 2 * b.N + 2};
    gsl_integration_fixed_workspace *hx =
        gsl_integration_fixed_alloc(gsl_integration_fixed_hermite, (size_t)r.nx, 0, 0.5, 0, 0);
    r.xn = gsl_integration_fixed_nodes(hx);
    r.xw = gsl_integration_fixed_weights(hx);
    double glx[MAX_GL], glw[MAX_GL];
    gl_rule(q, glx, glw);
    double cd = 2 / (4 * M_PI * M_PI);
    double pref = form == QLB_FORM_COLLISION ? cd / (4 * hbar * hbar)
                : form == QLB_FORM_NORM_HBAR ? cd / (hbar * hbar) : 1;
    if (form == QLB_FORM_NORM_CLASSICAL) hbar = 0;
    for (int kp = 0; kp < KAPPA_PANELS; kp++) {
        double klo = kp ? ldexp(1.0, kp - 7) : 0, khi = ldexp(1.0, kp - 6);
        for (int ik = 0; ik < q; ik++) {
            double kappa = (klo + khi) / 2 + (khi - klo) / 2 * glx[ik];
            double wk = (khi - klo) / 2 * glw[ik], vhat = qlb_potential_eval(pot, kappa);
            double a = hbar * kappa, ulo = form == QLB_FORM_NORM_HBAR ? -10 - a : -10;
            int upanels = (int)ceil((10 - ulo) / U_WIDTH);
            if (vhat * vhat < 1e-40) continue;
            for (int up = 0; up < upanels; up++) {
                double width = (10 - ulo) / upanels, plo = ulo + width * up;
                for (int iu = 0; iu < q; iu++) {
                    double u1 = plo + width / 2 * (1 + glx[iu]), wu = width / 2 * glw[iu];
                    double S = screening ? qlb_dielectric_screening(vhat, a, u1) : 1.0;
                    double base = pref * wk * wu * vhat * vhat * S * 2 * M_PI / r.nt;
                    if (form == QLB_FORM_NORM_CLASSICAL)
                        gradient_point(&b, &r, u1, base * kappa * kappa, out);
                    else
                        collision_point(&b, &r, a, u1, base, out);
                }
            }
        }
    }
    gsl_integration_fixed_free(hx);
    free(b.P);
    free(b.Q);
    free(b.norm);
}
