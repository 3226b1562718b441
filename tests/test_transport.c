/* test_transport.c — Chapman–Enskog coefficients (qlb/transport.h).
 *
 * 1. Maxwell molecules, d = 2..5: mu = 1/lambda_{0,2}, kappa =
 *    (d+2)/(2 lambda_{1,1}) with the exact eigenvalues (tests/maxwell.c),
 *    and Pr = (d-1)/d. Tolerance 1e-10: the kernel is requested at 1e-12.
 * 2. The same coefficients by an independent route: the Cartesian matrix of
 *    L, the sources written out in Hermite functions
 *      A_12 = phi_{e1+e2},  B_1 = (sqrt 6 phi_{3e1} + sqrt 2 sum_j phi_{e1+2ej}) / 2,
 *    and a dense solve of (L + P) x = source, P the projector on the d+2
 *    invariants (L + P is positive definite; source and x are orthogonal to
 *    them). Agreement to 1e-10 relative (dense solve rounding).
 * 3. Classical unscreened d = 3 is the Landau–Coulomb gas with Coulomb
 *    logarithm Lambda = Int_0^inf k^3 Vhat^2 dk (= 1/12 for Vhat = (1+k^2)^-2):
 *    the classical limit is d_t F = div Int a(v-v*) (grad - grad*) F F* with
 *    a(z) = (c_d/2) Int Vhat^2 k (x) k delta(k.z) dk = Lambda/(8 pi^2) (|z|^2 I - z z)/|z|^3,
 *    i.e. Landau's constant e^4 lnL/(8 pi eps0^2 m^2), and Braginskii's
 *    tau_i = 12 pi^{3/2} eps0^2 m^{1/2} T^{3/2} / (n e^4 lnL) becomes
 *    tau = 12 pi^{5/2} / Lambda. In units n T tau: the first Chapman–Enskog
 *    approximation (one Sonine polynomial, N = 3) is mu = 5/6, kappa = 25/8,
 *    Pr = 2/3 exactly; two polynomials (kappa at N = 5, mu at N = 4) give
 *    Braginskii's ion coefficients kappa = 3.906 (= 125/32) and mu = 0.96.
 *    Tolerances: 1e-10 for the rational values, Braginskii's rounding (5e-3
 *    and 5e-4) for his.
 * 4. Convergence in N: on truncations the coefficients are variational, so
 *    they must not decrease with N (beyond 1e-12 relative rounding), and
 *    qlb_convergence_assess must call them converged at 1e-6 by N = 24 for
 *    the Landau–Coulomb gas and a screened quantum case. */
#include "maxwell.h"
#include "testutil.h"

#include <gsl/gsl_errno.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void maxwell(int d, double hbar)
{
    char spec[64], what[160];
    snprintf(spec, sizeof spec, "power:A=1,a=%g", (d - 2) / 2.0);
    qlb_potential *pot;
    qlb_linop *L = make_operator(d, hbar, 6, spec, 0, &pot);
    qlb_transport t;
    check_ok("transport", qlb_transport_coefficients(L, &t));
    snprintf(what, sizeof what, "Maxwell molecules d=%d hbar=%g: viscosity = 1/lambda_02", d, hbar);
    check_close(what, t.viscosity, 1 / maxwell_lambda(d, 0, 2, hbar, 1), 1e-10, 0);
    snprintf(what, sizeof what, "Maxwell molecules d=%d: heat conductivity = (d+2)/(2 lambda_11)", d);
    check_close(what, t.heat_conductivity, (d + 2) / (2 * maxwell_lambda(d, 1, 1, hbar, 1)),
                1e-10, 0);
    snprintf(what, sizeof what, "Maxwell molecules d=%d: Prandtl = (d-1)/d", d);
    check_close(what, t.prandtl, (d - 1.0) / d, 1e-10, 0);
    qlb_linop_free(L);
    qlb_potential_free(pot);
}

/* <s, L^+ s> from the dense Cartesian matrix. */
static double cartesian_quadratic(const double *Lc, const qlb_basis *b, const double *source)
{
    int d = qlb_basis_dim(b);
    size_t nb = qlb_basis_size(b);
    double *A = malloc(nb * nb * sizeof(double)), *x = malloc(nb * sizeof(double));
    double *inv = malloc((size_t)(d + 2) * nb * sizeof(double));
    memcpy(A, Lc, nb * nb * sizeof(double));
    invariant_vectors(b, inv);
    for (int k = 0; k < d + 2; k++)
        for (size_t i = 0; i < nb; i++)
            for (size_t j = 0; j < nb; j++) A[i * nb + j] += inv[k * nb + i] * inv[k * nb + j];
    memcpy(x, source, nb * sizeof(double));
    check_true("L + P is positive definite", LAPACKE_dposv(LAPACK_ROW_MAJOR, 'U', (int)nb, 1, A,
                                                           (int)nb, x, 1) == 0);
    double q = 0;
    for (size_t i = 0; i < nb; i++) q += source[i] * x[i];
    free(A);
    free(x);
    free(inv);
    return q;
}

static void cartesian_route(int d, double hbar, int N, const char *spec)
{
    qlb_potential *pot;
    qlb_linop *L = make_operator(d, hbar, N, spec, 1, &pot);
    qlb_basis *b;
    check_ok("basis", qlb_basis_create(d, N, &b));
    size_t nb = qlb_basis_size(b);
    double *Lc = cartesian_matrix(L, b), *s = calloc(nb, sizeof(double));
    int alpha[8] = {0};
    alpha[0] = alpha[1] = 1;
    s[qlb_basis_index(b, alpha)] = 1;
    double mu = cartesian_quadratic(Lc, b, s);
    memset(s, 0, nb * sizeof(double));
    memset(alpha, 0, sizeof alpha);
    alpha[0] = 3;
    s[qlb_basis_index(b, alpha)] = sqrt(6.0) / 2;
    alpha[0] = 1;
    for (int j = 1; j < d; j++) {
        alpha[j] = 2;
        s[qlb_basis_index(b, alpha)] = sqrt(2.0) / 2;
        alpha[j] = 0;
    }
    double kappa = cartesian_quadratic(Lc, b, s);
    qlb_transport t;
    check_ok("transport", qlb_transport_coefficients(L, &t));
    char what[160];
    snprintf(what, sizeof what, "d=%d hbar=%g N=%d %s: viscosity, blocks vs Cartesian solve", d,
             hbar, N, spec);
    check_close(what, t.viscosity, mu, 1e-10, 0);
    snprintf(what, sizeof what, "d=%d hbar=%g N=%d %s: heat conductivity, blocks vs Cartesian",
             d, hbar, N, spec);
    check_close(what, t.heat_conductivity, kappa, 1e-10, 0);
    free(Lc);
    free(s);
    qlb_basis_free(b);
    qlb_linop_free(L);
    qlb_potential_free(pot);
}

/* Coefficients at every degree 3..N by truncation, in units of tau. */
static void coefficients_by_degree(const qlb_linop *L, int N, double tau, double *mu,
                                   double *kappa, double *pr)
{
    for (int n = 3; n <= N; n++) {
        qlb_linop *T;
        qlb_transport t;
        check_ok("truncate", qlb_linop_truncate(L, n, &T));
        check_ok("transport", qlb_transport_coefficients(T, &t));
        mu[n] = t.viscosity / tau;
        kappa[n] = t.heat_conductivity / tau;
        pr[n] = t.prandtl;
        qlb_linop_free(T);
    }
}

/* Non-decreasing in N (variational) and converged at 1e-6 by degree N. */
static void check_convergence(const char *name, const double *v, int N)
{
    int monotone = 1, degrees[32], k = 0;
    double values[32];
    for (int n = 4; n <= N; n++) monotone &= v[n] >= v[n - 1] * (1 - 1e-12);
    for (int n = N % 2 ? 3 : 4; n <= N; n += 2, k++) degrees[k] = n, values[k] = v[n];
    qlb_convergence c;
    check_ok("assess", qlb_convergence_assess(degrees, values, k, 1e-6, QLB_CONVERGENCE_NOISE(1e-12), &c));
    char what[160];
    snprintf(what, sizeof what, "%s non-decreasing in N = 3..%d", name, N);
    check_true(what, monotone);
    snprintf(what, sizeof what, "%s converged at 1e-6 by N = %d (estimated error %.1e)", name, N,
             c.error);
    check_true(what, c.converged);
}

static void landau_coulomb(void)
{
    int N = 24;
    qlb_potential *pot;
    qlb_linop *L = make_operator(3, 0.0, N, "algebraic:A=1,p=2", 0, &pot);
    double tau = 12 * pow(M_PI, 2.5) / (1.0 / 12), mu[32], kappa[32], pr[32];
    coefficients_by_degree(L, N, tau, mu, kappa, pr);
    check_close("Landau-Coulomb first approximation: viscosity = 5/6 n T tau", mu[3], 5.0 / 6,
                1e-10, 0);
    check_close("Landau-Coulomb first approximation: heat conductivity = 25/8", kappa[3],
                25.0 / 8, 1e-10, 0);
    check_close("Landau-Coulomb first approximation: Prandtl = 2/3", pr[3], 2.0 / 3, 1e-10, 0);
    check_close("Landau-Coulomb two polynomials: heat conductivity = 125/32 (Braginskii 3.906)",
                kappa[5], 125.0 / 32, 1e-10, 0);
    check_close("Landau-Coulomb two polynomials: viscosity (Braginskii 0.96)", mu[4], 0.96, 5e-3,
                0);
    printf("     Landau-Coulomb converged (N = %d): viscosity %.6f, heat conductivity %.6f, "
           "Prandtl %.6f\n", N, mu[N], kappa[N], pr[N]);
    check_convergence("Landau-Coulomb viscosity", mu, N);
    check_convergence("Landau-Coulomb heat conductivity", kappa, N);
    qlb_linop_free(L);
    qlb_potential_free(pot);
}

static void screened_quantum(void)
{
    int N = 24;
    qlb_potential *pot;
    qlb_linop *L = make_operator(3, 1.0, N, "algebraic:A=1,p=2", 1, &pot);
    double mu[32], kappa[32], pr[32];
    coefficients_by_degree(L, N, 1.0, mu, kappa, pr);
    check_convergence("screened d=3 hbar=1 viscosity", mu, N);
    check_convergence("screened d=3 hbar=1 heat conductivity", kappa, N);
    qlb_linop_free(L);
    qlb_potential_free(pot);
}

int main(void)
{
    gsl_set_error_handler_off();
    for (int d = 2; d <= 5; d++) maxwell(d, 1.0);
    maxwell(3, 0.5);
    cartesian_route(3, 1.0, 6, "algebraic:A=1,p=2");
    cartesian_route(2, 0.5, 7, "gaussian:A=2,s=1");
    landau_coulomb();
    screened_quantum();
    return test_summary();
}
