/* test_basis.c — index tables, special functions and the weighted norms.
 *  - export order (2,0),(1,1),(0,2) and qlb_basis_index inverting it;
 *  - sizes C(N+d,d) and dim H_l(d) (1, d, d(d+1)/2 - 1, ... and 2 in d = 2);
 *  - psi_n and R_nl orthonormal, G_l(1) = 1 and G_l = Legendre P_l in d = 3,
 *    checked by GSL quadrature / GSL Legendre (independent of the library);
 *  - ||g||_1^2 of (1.31) against ||g||^2 + ||(grad - v/2) g||^2 evaluated by
 *    quadrature of the derivative in d = 2 (weight n + d + 1).
 * Tolerances 1e-12: quadratures asked for 1e-13. */
#include "testutil.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_legendre.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    int d, l, n1, n2, p, q;
} fpar;

static double radial_product(double r, void *par)
{
    const fpar *f = par;
    double R[40];
    if (r == 0) return 0;
    qlb_radial_functions(f->d, f->l, f->n2, r, R);
    return R[f->n1] * R[f->n2] * pow(r, f->d - 1);
}

static double hermite_product(double x, void *par)
{
    const fpar *f = par;
    double h[40];
    qlb_hermite_functions(f->q, x, h);
    return h[f->p] * h[f->q];
}

static double integrate(double (*fn)(double, void *), fpar *p, int half_line)
{
    gsl_function f = {fn, p};
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(500);
    double res, err;
    if (half_line) gsl_integration_qagiu(&f, 0, 1e-14, 1e-13, 500, w, &res, &err);
    else gsl_integration_qagi(&f, 1e-14, 1e-13, 500, w, &res, &err);
    gsl_integration_workspace_free(w);
    return res;
}

static void check_indices(void)
{
    qlb_basis *b;
    check_ok("basis d=2 N=2", qlb_basis_create(2, 2, &b));
    const int want[6][2] = {{0, 0}, {1, 0}, {0, 1}, {2, 0}, {1, 1}, {0, 2}};
    int ok = qlb_basis_size(b) == 6;
    for (size_t i = 0; ok && i < 6; i++) {
        const int *a = qlb_basis_multi_index(b, i);
        ok = a[0] == want[i][0] && a[1] == want[i][1];
    }
    check_true("export order (0,0),(1,0),(0,1),(2,0),(1,1),(0,2)", ok);
    qlb_basis_free(b);
    check_ok("basis d=4 N=7", qlb_basis_create(4, 7, &b));
    ok = qlb_basis_size(b) == 330;
    for (size_t i = 0; i < qlb_basis_size(b); i++)
        ok &= qlb_basis_index(b, qlb_basis_multi_index(b, i)) == i;
    int big[4] = {8, 0, 0, 0};
    ok &= qlb_basis_index(b, big) == (size_t)-1;
    check_true("d=4 N=7: 330 functions, index inverts the enumeration", ok);
    size_t count = 0;
    for (size_t i = 0; i < qlb_basis_size(b); i++) {
        int n, l, m;
        qlb_basis_spherical_label(b, i, &n, &l, &m);
        count += m == 0 ? 1 : 0;
        ok &= 2 * n + l <= 7 && m < (int)qlb_basis_dim_harmonic(l, 4);
    }
    check_true("spherical labels (n,l,m) cover the same space", ok && count == 20);
    qlb_basis_free(b);
    check_true("dim H_l: d=2 -> 1,2,2; d=3 -> 2l+1; d=5, l=2 -> 14",
               qlb_basis_dim_harmonic(0, 2) == 1 && qlb_basis_dim_harmonic(1, 2) == 2 &&
                   qlb_basis_dim_harmonic(7, 2) == 2 && qlb_basis_dim_harmonic(4, 3) == 9 &&
                   qlb_basis_dim_harmonic(2, 5) == 14);
}

static void check_special_functions(void)
{
    double worst = 0;
    for (int d = 2; d <= 5; d++)
        for (int l = 0; l <= 6; l += 3)
            for (int n1 = 0; n1 <= 4; n1++)
                for (int n2 = n1; n2 <= 4; n2++) {
                    fpar p = {d, l, n1, n2, 0, 0};
                    worst = fmax(worst, fabs(integrate(radial_product, &p, 1) - (n1 == n2)));
                }
    check_below("R_nl orthonormal with r^{d-1} dr (d=2..5, l=0,3,6, n<=4)", worst, 1e-12);
    worst = 0;
    for (int p = 0; p <= 12; p++)
        for (int q = p; q <= 12; q++) {
            fpar f = {0, 0, 0, 0, p, q};
            worst = fmax(worst, fabs(integrate(hermite_product, &f, 0) - (p == q)));
        }
    check_below("psi_n orthonormal (n <= 12)", worst, 1e-12);
    double G[31];
    worst = 0;
    for (double x = -1; x <= 1; x += 0.125) {
        qlb_zonal_polynomials(3, 25, x, G);
        for (int l = 0; l <= 25; l++) worst = fmax(worst, fabs(G[l] - gsl_sf_legendre_Pl(l, x)));
    }
    check_below("G_l = Legendre P_l in d = 3 (l <= 25)", worst, 1e-13);
    qlb_zonal_polynomials(5, 30, 1.0, G);
    check_close("G_30(1) = 1 in d = 5", G[30], 1, 1e-13, 1);
}

/* ||(grad - v/2) phi_alpha||^2 in d = 2 by 2-D quadrature of exact derivatives. */
static double raised_norm(int a0, int a1)
{
    double x[60], w[60], h0[40], h1[40], sum = 0;
    gsl_integration_fixed_workspace *ws =
        gsl_integration_fixed_alloc(gsl_integration_fixed_hermite, 40, 0, 0.5, 0, 0);
    for (int i = 0; i < 40; i++) {
        x[i] = gsl_integration_fixed_nodes(ws)[i];
        w[i] = gsl_integration_fixed_weights(ws)[i] * exp(x[i] * x[i] / 2);
    }
    for (int i = 0; i < 40; i++)
        for (int j = 0; j < 40; j++) {
            qlb_hermite_functions(a0 + 1, x[i], h0);
            qlb_hermite_functions(a1 + 1, x[j], h1);
            /* d/dx psi_n = sqrt(n) psi_{n-1} - x psi_n / 2 (exact), so
               (d - x/2) psi_n = sqrt(n) psi_{n-1} - x psi_n */
            double d0 = (a0 ? sqrt(a0) * h0[a0 - 1] : 0) - x[i] * h0[a0];
            double d1 = (a1 ? sqrt(a1) * h1[a1 - 1] : 0) - x[j] * h1[a1];
            double g0 = d0 * h1[a1], g1 = h0[a0] * d1;
            sum += w[i] * w[j] * (g0 * g0 + g1 * g1);
        }
    gsl_integration_fixed_free(ws);
    return sum;
}

static void check_norms(void)
{
    qlb_basis *b;
    check_ok("basis d=2 N=6", qlb_basis_create(2, 6, &b));
    double c[28] = {0}, direct = 0;
    for (size_t i = 0; i < qlb_basis_size(b); i++) {
        const int *a = qlb_basis_multi_index(b, i);
        c[i] = 1.0 / (1 + i);
        direct += c[i] * c[i] * (1 + raised_norm(a[0], a[1]));
    }
    double lib = qlb_basis_norm(b, c, 1);
    check_close("||g||_1^2 of (1.31) = ||g||^2 + ||(grad - v/2) g||^2 by quadrature", lib * lib,
                direct, 1e-12, 0);
    check_close("weight of degree n for r = 2: 1 + (n+d) + (n+d)(n+d+1)",
                qlb_basis_norm_weight(3, 2, 2), 1 + 5 + 30, 0, 1);
    qlb_basis_free(b);
}

/* C(s + d - 1, d - 1): the number of monomials of degree s in d variables. */
static size_t monomials(int s, int d)
{
    unsigned __int128 c = 1;
    for (int i = 1; i <= d - 1; i++) c = c * (unsigned)(s + i) / (unsigned)i;
    return (size_t)c;
}

/* dim H_l(d) in large dimensions, by the shell identity
 * sum_{l = s, s-2, ...} dim H_l(d) = C(s + d - 1, d - 1) (the polynomials of
 * degree s split into harmonics times powers of r^2): exact where it fits
 * 64 bits (it wrapped around at d = 40 before), the double version to
 * 1e-11 beyond (observed 2.2e-13, the rounding of lgamma near 200). */
static void check_large_multiplicities(void)
{
    int d = 40, exact = 1;
    for (int s = 0; s <= 27; s++) {
        size_t sum = 0;
        for (int l = s % 2; l <= s; l += 2) sum += qlb_basis_dim_harmonic(l, d);
        exact &= sum == monomials(s, d);
    }
    check_true("d = 40, shells s <= 27: sum of dim H_l = C(s+d-1, d-1) exactly (no wrap-around)", exact);
    check_true("d = 40, l = 40: dim H_l does not fit 64 bits and says so (SIZE_MAX)",
               qlb_basis_dim_harmonic(40, d) == SIZE_MAX);
    double worst = 0;
    for (int s = 28; s <= 160; s++) {
        double sum = 0, want = exp(lgamma(s + d) - lgamma(s + 1.0) - lgamma((double)d));
        for (int l = s % 2; l <= s; l += 2) sum += qlb_basis_dim_harmonic_real(l, d);
        worst = fmax(worst, fabs(sum / want - 1));
    }
    check_below("d = 40, shells 28..160: sum of the double dim H_l against C(s+d-1, d-1) (relative)", worst, 1e-11);
}

int main(void)
{
    check_large_multiplicities();
    gsl_set_error_handler_off();
    check_indices();
    check_special_functions();
    check_norms();
    return test_summary();
}
