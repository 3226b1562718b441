/* test_observe.c — the diagnostics against independent formulas:
 *  - moments: Int |v|^4 F and Int (v1^2 - v2^2) F by quadrature equal their
 *    exact Hermite expansions (x^2 = sqrt2 P2 + 1, x^4 = sqrt24 P4 +
 *    6 sqrt2 P2 + 3) for random c, d = 2, 3, to 1e-13 (the rule is exact;
 *    rounding of ~q^d terms);
 *  - energy from the Cartesian coefficients equals the spherical form
 *    (d c_000 + sqrt(2d) c_100)/2 + d/2, to 1e-14;
 *  - dissipation = c^T L c with the dense spherical matrix, to 1e-13
 *    relative; ||g||, ||g - Pg|| from the coefficients;
 *  - the relative entropy of the positive densities F = M (1 + 0.1 (|v|^2 - d))
 *    and F = M (1 + 0.3 (v1^2 - 1)) against 1-D adaptive integrals over the
 *    chi-square / normal law (GSL qagiu / qagi at 1e-13): the Gauss rule
 *    (64 nodes per coordinate in d = 2, 3) leaves 2e-11 on the 1-D case;
 *    required to 1e-9 relative; negative mass is 0 there and positive for e (1 - v1^2) with
 *    e = 0.5 (F < 0 beyond |v1| = sqrt 3);
 *  - g = 0: entropy 0, m4 = d(d+2), min F > 0. */
#include "testutil.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    qlb_potential *pot;
    qlb_linop *L;
    qlb_observer *obs;
    qlb_basis *b;
    qlb_burnett *bu;
    size_t n;
} fixture;

static fixture make_fixture(int d, int N)
{
    fixture f;
    f.L = make_operator(d, 1.0, N, "gaussian:A=2,s=1", 1, &f.pot);
    check_ok("observer", qlb_observer_create(f.L, &f.obs));
    check_ok("basis", qlb_basis_create(d, N, &f.b));
    check_ok("burnett", qlb_burnett_create(f.b, &f.bu));
    f.n = qlb_basis_size(f.b);
    return f;
}

static void free_fixture(fixture *f)
{
    qlb_observer_free(f->obs);
    qlb_burnett_free(f->bu);
    qlb_basis_free(f->b);
    qlb_linop_free(f->L);
    qlb_potential_free(f->pot);
}

static size_t cart_index(const qlb_basis *b, int i, int ki, int j, int kj)
{
    int a[8] = {0};
    a[i] += ki;
    a[j] += kj;
    return qlb_basis_index(b, a);
}

/* <|v|^4 phi_0, g> from the Cartesian coefficients x. */
static double fourth_moment(const qlb_basis *b, const double *x)
{
    int d = qlb_basis_dim(b);
    double m = 0;
    for (int i = 0; i < d; i++) {
        m += sqrt(24.0) * x[cart_index(b, i, 4, 0, 0)] + 6 * sqrt(2.0) * x[cart_index(b, i, 2, 0, 0)] +
             3 * x[0];
        for (int j = 0; j < d; j++)
            if (j != i)
                m += 2 * x[cart_index(b, i, 2, j, 2)] + sqrt(2.0) * x[cart_index(b, i, 2, 0, 0)] +
                     sqrt(2.0) * x[cart_index(b, j, 2, 0, 0)] + x[0];
    }
    return m;
}

static void moments_and_norms(int d)
{
    fixture f = make_fixture(d, 6);
    double *c = malloc(f.n * sizeof(double)), *x = malloc(f.n * sizeof(double));
    double *A = malloc(f.n * f.n * sizeof(double));
    qlb_linop_spherical(f.L, f.b, A);
    random_vector(f.n, 9, c);
    qlb_observables r;
    qlb_observe(f.obs, c, &r);
    qlb_burnett_to_cartesian(f.bu, c, x);
    int i100 = -1;
    for (size_t i = 0; i < f.n; i++) {
        int n, l, m;
        qlb_basis_spherical_label(f.b, i, &n, &l, &m);
        if (n == 1 && l == 0) i100 = (int)i;
    }
    double m4 = d * (d + 2.0) + fourth_moment(f.b, x);
    double pd = sqrt(2.0) * (x[cart_index(f.b, 0, 2, 0, 0)] - x[cart_index(f.b, 1, 2, 0, 0)]);
    double energy = 0.5 * (d + d * c[0] + sqrt(2.0 * d) * c[i100]);
    double diss = 0, nn = 0;
    for (size_t i = 0; i < f.n; i++) {
        nn += c[i] * c[i];
        for (size_t j = 0; j < f.n; j++) diss += c[i] * A[i * f.n + j] * c[j];
    }
    char what[96];
    snprintf(what, sizeof what, "d=%d m4 by quadrature vs Hermite expansion", d);
    check_close(what, r.m4, m4, 1e-13, 0);
    snprintf(what, sizeof what, "d=%d pxx-pyy by quadrature vs expansion", d);
    check_close(what, r.pxx_minus_pyy, pd, 1e-13, 1);
    snprintf(what, sizeof what, "d=%d energy: Cartesian vs spherical form", d);
    check_close(what, r.energy, energy, 1e-14, 0);
    snprintf(what, sizeof what, "d=%d dissipation vs c^T L c", d);
    check_close(what, r.dissipation, diss, 1e-13, 0);
    check_close("||g||", r.norm, sqrt(nn), 1e-14, 0);
    check_close("mass", r.mass, 1 + c[0], 1e-15, 0);
    memset(c, 0, f.n * sizeof(double));
    c[0] = 0.3;
    c[i100] = -0.2;
    qlb_observe(f.obs, c, &r);
    check_below("||g - Pg|| of an invariant", r.norm_perp, 1e-300);
    memset(c, 0, f.n * sizeof(double));
    qlb_observe(f.obs, c, &r);
    check_below("g = 0: entropy", r.entropy, 1e-300);
    check_close("g = 0: m4 = d(d+2) (rounding of q^d terms)", r.m4, d * (d + 2.0), 1e-13, 0);
    check_true("g = 0: min F > 0", r.min_f > 0);
    free(c), free(x), free(A);
    free_fixture(&f);
}

typedef struct {
    double e, dof;
    int radial;
} entropy_case;

/* phi(1 + h) times the law of r = |v|^2 (chi-square, dof d) or of x ~ N(0,1). */
static double entropy_integrand(double s, void *ctx)
{
    const entropy_case *k = ctx;
    double h, density;
    if (k->radial) {
        h = k->e * (s - k->dof);
        density = exp((k->dof / 2 - 1) * log(s) - s / 2 - k->dof / 2 * log(2.0) -
                      gsl_sf_lngamma(k->dof / 2));
    } else {
        h = k->e * (s * s - 1);
        density = exp(-s * s / 2) / sqrt(2 * M_PI);
    }
    double H = 1 + h;
    return (H * log(H) - h) * density;
}

static double entropy_reference(entropy_case k)
{
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    gsl_function F = {entropy_integrand, &k};
    double r, err;
    if (k.radial) gsl_integration_qagiu(&F, 0, 0, 1e-13, 1000, w, &r, &err);
    else gsl_integration_qagi(&F, 0, 1e-13, 1000, w, &r, &err);
    gsl_integration_workspace_free(w);
    return r;
}

static void entropy(int d)
{
    fixture f = make_fixture(d, 6);
    double *x = calloc(f.n, sizeof(double)), *c = malloc(f.n * sizeof(double));
    qlb_observables r;
    const double e = 0.1;
    /* h = e (|v|^2 - d) = e sqrt2 sum_i P2(v_i) */
    for (int i = 0; i < d; i++) x[cart_index(f.b, i, 2, 0, 0)] = e * sqrt(2.0);
    qlb_burnett_to_spherical(f.bu, x, c);
    qlb_observe(f.obs, c, &r);
    char what[96];
    snprintf(what, sizeof what, "d=%d entropy of M(1 + e(|v|^2 - d)), e = %g", d, e);
    check_close(what, r.entropy, entropy_reference((entropy_case){e, d, 1}), 1e-9, 0);
    check_below("  negative mass", r.negative_mass, 1e-300);
    memset(x, 0, f.n * sizeof(double));
    x[cart_index(f.b, 0, 2, 0, 0)] = 0.3 * sqrt(2.0);
    qlb_burnett_to_spherical(f.bu, x, c);
    qlb_observe(f.obs, c, &r);
    snprintf(what, sizeof what, "d=%d entropy of M(1 + e(v1^2 - 1)), e = 0.3", d);
    check_close(what, r.entropy, entropy_reference((entropy_case){0.3, 1, 0}), 1e-9, 0);
    x[cart_index(f.b, 0, 2, 0, 0)] = -0.5 * sqrt(2.0);
    qlb_burnett_to_spherical(f.bu, x, c);
    qlb_observe(f.obs, c, &r);
    printf("  M(1 + 0.5 (1 - v1^2)): negative mass %.3e, min F %.3e\n", r.negative_mass, r.min_f);
    check_true("  negative mass > 0 and min F < 0 when F < 0 for |v1| > sqrt 3",
               r.negative_mass > 0 && r.min_f < 0);
    free(x), free(c);
    free_fixture(&f);
}

int main(void)
{
    gsl_set_error_handler_off();
    moments_and_norms(2);
    moments_and_norms(3);
    entropy(2);
    entropy(3);
    return test_summary();
}
