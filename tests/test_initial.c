/* test_initial.c — initial data against closed forms:
 *  - a shifted Maxwellian N(u e1, 1): c_{n e1} = u^n / sqrt(n!) exactly
 *    (E He_n(u + Z) = u^n), every other coefficient 0, and the projection
 *    error equals sqrt(sum_{n>N} u^{2n}/n! / (e^{u^2} - 1)) (to 1e-10
 *    relative: the reported value is a difference of squares, 1e-16 ||g||^2
 *    against a tail of 3e-4);
 *  - heated and anisotropic: c_{2 e_i} = (T_i - 1)/sqrt 2, energy
 *    (sum T_i)/2; two-temperature: energy d ((1-S) Ta + S Tb)/2; bump:
 *    momentum eps u1, ||g0|| in closed form; all to 1e-14;
 *  - eigenvector data: <c, L c> = lambda ||c||^2 and no invariant part;
 *  - CSV: values land at their multi-indices; header, length, degree,
 *    value, duplicate and family-key errors are all QLB_EINVAL with a
 *    message; T >= 2 is refused (g not square-integrable). */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static qlb_linop *L;
static qlb_potential *pot;
static qlb_basis *basis;
static qlb_burnett *bu;
static qlb_observer *obs;
static size_t nb;

static qlb_observables load(const char *spec, double *c, qlb_initial_info *info)
{
    qlb_observables r;
    check_ok(spec, qlb_initial_load(spec, L, c, info));
    qlb_observe(obs, c, &r);
    return r;
}

static void shifted(void)
{
    double *c = malloc(nb * sizeof(double)), worst = 0, u = 1.0;
    qlb_initial_info info;
    load("maxwellian:u1=1", c, &info);
    const double *x = qlb_observer_cartesian(obs);
    int N = qlb_basis_degree(basis);
    for (size_t i = 0; i < nb; i++) {
        const int *a = qlb_basis_multi_index(basis, i);
        double want = a[1] == 0 && a[0] > 0 ? pow(u, a[0]) / sqrt(tgamma(a[0] + 1.0)) : 0;
        worst = fmax(worst, fabs(x[i] - want));
    }
    check_below("shifted Maxwellian: c_{n e1} = u^n/sqrt(n!)", worst, 1e-14);
    double tail = 0;
    for (int n = N + 1; n < 60; n++) tail += pow(u, 2 * n) / tgamma(n + 1.0);
    check_close("  projection error", info.projection_error, sqrt(tail / expm1(u * u)), 1e-10, 0);
    check_close("  ||g|| = sqrt(e^{u^2} - 1)", info.norm, sqrt(expm1(u * u)), 1e-14, 0);
    free(c);
}

static void moments(void)
{
    double *c = malloc(nb * sizeof(double));
    qlb_initial_info info;
    qlb_observables r = load("maxwellian:T=1.2,T2=0.9", c, &info);
    check_close("anisotropic: energy (T1 + T2)/2", r.energy, (1.2 + 0.9) / 2, 1e-14, 0);
    check_close("anisotropic: pxx - pyy", r.pxx_minus_pyy, 1.2 - 0.9, 1e-14, 0);
    r = load("two-temperature:theta=0.3,Ta=0.7,Tb=1.5", c, &info);
    check_close("two-temperature: energy", r.energy, (0.7 * 0.7 + 0.3 * 1.5), 1e-14, 0);
    check_close("two-temperature: mass", r.mass, 1, 1e-15, 0);
    r = load("bump:eps=0.1,u1=1.5,T=0.5", c, &info);
    check_close("bump: momentum eps u1", r.momentum[0], 0.15, 1e-14, 0);
    /* ||g0||^2 = eps^2 (Int N(u,T)^2/M - 1), a Gaussian integral (T < 2):
     * Int N^2/M = (2 pi T)^-d (2 pi)^(d/2) (pi/a)^(d/2) exp(|b|^2/(4a) - |u|^2/T),
     * a = 1/T - 1/2, b = 2u/T; d = 2 here */
    double eps = 0.1, u = 1.5, T = 0.5, a = 1 / T - 0.5, b = 2 * u / T;
    double n2m = pow(2 * M_PI * T, -2) * (2 * M_PI) * (M_PI / a) * exp(b * b / (4 * a) - u * u / T);
    check_close("bump: ||g0|| in closed form", info.norm, eps * sqrt(n2m - 1), 5e-13, 0);
    double kept = 0;
    for (size_t i = 0; i < nb; i++) kept += c[i] * c[i];
    check_close("bump: projection error^2 = 1 - ||Pi_N g0||^2/||g0||^2",
                info.projection_error * info.projection_error, 1 - kept / (info.norm * info.norm),
                1e-12, 0);
    r = load("maxwellian:rho=1.1", c, &info);
    check_close("rho = 1.1: mass", r.mass, 1.1, 1e-15, 0);
    free(c);
}

static void eigen(void)
{
    double *c = malloc(nb * sizeof(double)), *A = malloc(nb * nb * sizeof(double));
    qlb_initial_info info;
    qlb_observables r = load("eigenvector:l=0,k=1,amp=0.01", c, &info);
    qlb_linop_spherical(L, basis, A);
    double w[8];
    int count;
    check_ok("complement", qlb_spectrum_complement(L, NULL, 0, w, &count));
    check_close("eigenvector l=0 k=1: <c,Lc> = lambda ||c||^2", r.dissipation,
                w[1] * 1e-4, 1e-12, 0);
    check_close("  no invariant part", r.norm_perp, r.norm, 1e-15, 0);
    free(c), free(A);
}

static void expect_error(const char *spec, const char *what)
{
    double *c = malloc(nb * sizeof(double));
    qlb_initial_info info;
    qlb_status st = qlb_initial_load(spec, L, c, &info);
    char line[300];
    snprintf(line, sizeof line, "%s refused: %s", what, st ? qlb_last_error() : "(accepted)");
    check_true(line, st == QLB_EINVAL || st == QLB_EIO);
    free(c);
}

static char csv_dir[64];

/* Writes text to NAME in a fresh temporary directory; returns the path. */
static const char *write_csv(const char *name, const char *text)
{
    static char path[256];
    char *dir = csv_dir;
    if (!dir[0]) {
        snprintf(dir, sizeof csv_dir, "/tmp/qlb_initial_XXXXXX");
        check_true("temporary directory", mkdtemp(dir) != NULL);
    }
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static void csv(void)
{
    double *c = malloc(nb * sizeof(double));
    qlb_initial_info info;
    load(write_csv("init_ok.csv", "multi_index,value\n0:2,0.25\n1:0,-0.5\n\n"), c, &info);
    const double *x = qlb_observer_cartesian(obs);
    int a02[2] = {0, 2}, a10[2] = {1, 0};
    double others = 0;
    for (size_t i = 0; i < nb; i++)
        if (i != qlb_basis_index(basis, a02) && i != qlb_basis_index(basis, a10)) others += fabs(x[i]);
    check_true("CSV: values at their multi-indices, zero elsewhere",
               fabs(x[qlb_basis_index(basis, a02)] - 0.25) < 1e-15 &&
                   fabs(x[qlb_basis_index(basis, a10)] + 0.5) < 1e-15 && others < 1e-15);
    expect_error(write_csv("init_h.csv", "index,value\n0:0,1\n"), "wrong header");
    expect_error(write_csv("init_l.csv", "multi_index,value\n1:0:0,1\n"), "multi-index too long");
    expect_error(write_csv("init_s.csv", "multi_index,value\n1,1\n"), "multi-index too short");
    expect_error(write_csv("init_d.csv", "multi_index,value\n5:5,1\n"), "beyond the degree");
    expect_error(write_csv("init_v.csv", "multi_index,value\n1:1,abc\n"), "malformed value");
    expect_error(write_csv("init_n.csv", "multi_index,value\n1:1,nan\n"), "NaN value");
    expect_error(write_csv("init_u.csv", "multi_index,value\n1:1,0\n1:1,2\n"), "duplicate");
    expect_error(write_csv("init_m.csv", "multi_index,value\n-1:1,1\n"), "negative index");
    expect_error("missing.csv", "missing file");
    expect_error("maxwellian:T=2.5", "T >= 2");
    expect_error("maxwellian:q=1", "unknown key");
    expect_error("maxwellian:T=", "empty value");
    expect_error("bump:eps=2", "eps > 1");
    expect_error("eigenvector:l=9", "l beyond the degree");
    expect_error("gaussian", "unknown family");
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", csv_dir);
    check_true("temporary files removed", system(cmd) == 0);
    free(c);
}

int main(void)
{
    L = make_operator(2, 1.0, 6, "gaussian:A=2,s=1", 1, &pot);
    check_ok("observer", qlb_observer_create(L, &obs));
    check_ok("basis", qlb_basis_create(2, 6, &basis));
    check_ok("burnett", qlb_burnett_create(basis, &bu));
    nb = qlb_basis_size(basis);
    shifted();
    moments();
    eigen();
    csv();
    qlb_observer_free(obs);
    qlb_burnett_free(bu);
    qlb_basis_free(basis);
    qlb_linop_free(L);
    qlb_potential_free(pot);
    return test_summary();
}
