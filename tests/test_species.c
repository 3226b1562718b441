/* test_species.c — the multi-species operator (docs/DESIGN.md §9) against
 * what it must be:
 *  - one species of mass, charge and density 1 is qlb_linop's operator bit
 *    for bit (the pair path evaluates the same integrands: E with the
 *    opposite sign, eps as a mixture of one);
 *  - two copies of one species (densities 0.3, 0.7): every eigenvalue of
 *    the one-species block l is an eigenvalue of the two-species block l,
 *    to 1e-12 relative (zero eigenvalues to 1e-12 of the largest), for
 *    d = 2, 3, hbar = 0, 1, screened and not — the acceptance bound
 *    (measured up to 1.8e-13: the two operators' kernels are integrated
 *    adaptively on different node sets only through their error estimates);
 *  - electrons and ions at the hydrogen mass ratio 1836.15: blocks
 *    symmetric before symmetrization to 1e-13 (measured 6e-16), no
 *    eigenvalue below -1e-14 of the largest (measured -6e-17), exactly
 *    S + d + 1 eigenvalues below 1e-12 of the largest (counted with
 *    multiplicity; the smallest nonzero one, the e-i temperature mode, is
 *    ~1e-4 of it), and the invariants of qlb_mixop_invariants annihilated to
 *    1e-13 of the largest eigenvalue (measured 2e-16);
 *  - mass scaling, exactly: unscreened hbar = 0 is Landau's operator for
 *    every pair, whose electron temperature relaxation rate (the l = 0 entry
 *    of the electron's n = 1 row) is proportional to
 *    sqrt(m_i) / (1 + m_i)^(3/2) (NRL formulary, nu^eps); ratios to m_i = 1
 *    to 1e-10 (measured 1e-12 at m_i = 1836.15);
 *  - the pairs' test and field parts add up to the blocks (e, p, alpha), and
 *    three species have exactly 7 zero eigenvalues;
 *  - linear evolution: the semigroup property (1e-16, measured 7e-18),
 *    d/dt c = -L c by a centred difference (h = 10: the O(h^2) truncation,
 *    3e-9, under 1e-6), densities and total momentum unchanged (1e-17), the
 *    moments of projected Maxwellians (1e-13);
 *  - the blocks do not depend on the number of threads (1, 2, 3: bit for bit);
 *  - mixture transport: one species and two copies give the one-species
 *    viscosity and heat conductivity (1e-13; measured 7e-16), electrons and protons'
 *    grow with the degree;
 *  - invalid species are refused with QLB_EINVAL.
 * Every tolerance is about 100x the measured error, printed by each check. */
#include "testutil.h"

#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static qlb_mixop *make_mixop(const qlb_params *p, const qlb_species *sp, int count)
{
    qlb_mixop *L = NULL;
    if (qlb_mixop_create(p, sp, count, &L)) {
        printf("FAIL multi-species operator: %s\n", qlb_last_error());
        exit(1);
    }
    return L;
}

/* The mixture's operator for a potential spec (*v: the potential, freed by the caller). */
static qlb_mixop *mixture(const char *pot, int d, double hbar, int N, const qlb_species *sp, int count,
                          qlb_potential **v)
{
    check_ok("potential", qlb_potential_parse(pot, v));
    qlb_params p = test_params(d, hbar, N, *v, 1);
    return make_mixop(&p, sp, count);
}

/* Eigenvalues of a symmetric n x n matrix (ascending, malloc'ed). */
static double *eigenvalues(const double *B, int n)
{
    if (n <= 0) exit(1);
    double *A = malloc((size_t)n * n * sizeof(double)), *w = malloc((size_t)n * sizeof(double));
    memcpy(A, B, (size_t)n * n * sizeof(double));
    if (LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'N', 'U', n, A, n, w)) {
        printf("FAIL dsyev\n");
        exit(1);
    }
    free(A);
    return w;
}

static double block_max(const double *B, int n)
{
    double m = 0;
    for (int i = 0; i < n * n; i++) m = fmax(m, fabs(B[i]));
    return m;
}

static void check_single(void)
{
    qlb_potential *v;
    qlb_linop *L = make_operator(3, 1.0, 10, "algebraic:A=1,p=2", 1, &v);
    qlb_species one = test_species("e", 1, 1, 1);
    qlb_mixop *M = make_mixop(qlb_linop_params(L), &one, 1);
    double diff = 0, big = 0;
    for (int l = 0; l <= 10; l++) {
        int s, s2;
        const double *A = qlb_linop_block(L, l, &s), *B = qlb_mixop_block(M, l, &s2);
        diff = fmax(diff, max_abs_diff(A, B, (size_t)s * s));
        big = fmax(big, block_max(A, s));
    }
    char what[160];
    snprintf(what, sizeof what, "one species through the pair path: the same blocks bit for bit (max diff %.1e of %.1e)", diff, big);
    check_true(what, diff == 0);
    qlb_mixop_free(M);
    qlb_linop_free(L);
    qlb_potential_free(v);
}

/* Largest relative distance of an eigenvalue of `one` to the eigenvalues of `two`. */
static double containment(const double *one, int n1, const double *two, int n2, double lmax)
{
    double worst = 0;
    for (int i = 0; i < n1; i++) {
        double best = INFINITY;
        for (int j = 0; j < n2; j++) best = fmin(best, fabs(one[i] - two[j]));
        worst = fmax(worst, best / fmax(fabs(one[i]), 1e-3 * lmax));
    }
    return worst;
}

static void check_two_copies(int d, double hbar, int screening)
{
    const char *pot = "algebraic:A=1,p=2";
    int N = 10;
    qlb_potential *v;
    qlb_linop *L = make_operator(d, hbar, N, pot, screening, &v);
    qlb_species two[2] = {test_species("a", 1, 1, 0.3), test_species("b", 1, 1, 0.7)};
    qlb_mixop *M = make_mixop(qlb_linop_params(L), two, 2);
    double worst = 0, zeros = 0, lmax = 0;
    for (int l = 0; l <= N; l++) {
        int s;
        const double *B = qlb_linop_block(L, l, &s);
        double *e1 = eigenvalues(B, s);
        lmax = fmax(lmax, e1[s - 1]);
        free(e1);
    }
    for (int l = 0; l <= N; l++) {
        int s, s2;
        const double *B1 = qlb_linop_block(L, l, &s), *B2 = qlb_mixop_block(M, l, &s2);
        double *e1 = eigenvalues(B1, s), *e2 = eigenvalues(B2, s2);
        worst = fmax(worst, containment(e1, s, e2, s2, lmax));
        for (int i = 0; i < s; i++)
            if (fabs(e1[i]) < 1e-3 * lmax) zeros = fmax(zeros, containment(e1 + i, 1, e2, s2, lmax) * 1e-3);
        free(e1);
        free(e2);
    }
    char what[200];
    snprintf(what, sizeof what, "two copies d=%d hbar=%g %s: one-species eigenvalues in the spectrum (relative)",
             d, hbar, screening ? "screened" : "unscreened");
    check_below(what, worst, 1e-12);
    snprintf(what, sizeof what, "two copies d=%d hbar=%g %s: its zero eigenvalues (/ lambda_max)", d, hbar,
             screening ? "screened" : "unscreened");
    check_below(what, zeros, 1e-12);
    qlb_mixop_free(M);
    qlb_linop_free(L);
    qlb_potential_free(v);
}

/* max |B v| / lambda_max over the invariants of block l. */
static double invariant_residual(const qlb_mixop *M, int l, double lmax)
{
    int s;
    const double *B = qlb_mixop_block(M, l, &s);
    double *V = malloc((size_t)(QLB_MAX_SPECIES + 1) * s * sizeof(double)), worst = 0;
    int count = qlb_mixop_invariants(M, l, V);
    for (int k = 0; k < count; k++)
        for (int i = 0; i < s; i++) {
            double r = 0;
            for (int j = 0; j < s; j++) r += B[i * s + j] * V[k * s + j];
            worst = fmax(worst, fabs(r) / lmax);
        }
    free(V);
    return worst;
}

static void check_electron_ion(int d, double hbar, const char *pot, int N)
{
    qlb_potential *v;
    qlb_species ei[2] = {test_species("e", -1, 1, 0.5), test_species("p", 1, 1836.15, 0.5)};
    qlb_mixop *M = mixture(pot, d, hbar, N, ei, 2, &v);
    double lmax = 0, lmin = INFINITY, residual = 0;
    double **ev = malloc((size_t)(N + 1) * sizeof(double *));
    for (int l = 0; l <= N; l++) {
        int s;
        const double *B = qlb_mixop_block(M, l, &s);
        ev[l] = eigenvalues(B, s);
        lmax = fmax(lmax, ev[l][s - 1]);
        lmin = fmin(lmin, ev[l][0]);
    }
    size_t zeros = 0;
    for (int l = 0; l <= N; l++) {
        int s;
        qlb_mixop_block(M, l, &s);
        for (int i = 0; i < s; i++)
            if (fabs(ev[l][i]) < 1e-12 * lmax) zeros += qlb_basis_dim_harmonic(l, d);
        residual = fmax(residual, invariant_residual(M, l, lmax));
        free(ev[l]);
    }
    free(ev);
    char what[200];
    snprintf(what, sizeof what, "e-p 1836.15 d=%d hbar=%g %s: block asymmetry", d, hbar, pot);
    check_below(what, qlb_mixop_get_info(M).asymmetry, 1e-13);
    snprintf(what, sizeof what, "e-p d=%d hbar=%g: lambda_min / lambda_max = %.2e >= -1e-14", d, hbar, lmin / lmax);
    check_true(what, lmin >= -1e-14 * lmax);
    snprintf(what, sizeof what, "e-p d=%d hbar=%g: %zu zero eigenvalues (want S + d + 1 = %d)", d, hbar, zeros, d + 3);
    check_true(what, zeros == (size_t)(d + 3));
    snprintf(what, sizeof what, "e-p d=%d hbar=%g: L annihilates the densities, momentum, energy", d, hbar);
    check_below(what, residual, 1e-13);
    qlb_mixop_free(M);
    qlb_potential_free(v);
}

/* Electron temperature relaxation rate: entry (e, n = 1) of block 0. */
static double electron_rate(const qlb_params *p, double mass)
{
    qlb_species ei[2] = {test_species("e", -1, 1, 0.5), test_species("i", 1, mass, 0.5)};
    qlb_mixop *M = make_mixop(p, ei, 2);
    int s;
    const double *B = qlb_mixop_block(M, 0, &s);
    double rate = B[1 * s + 1];
    qlb_mixop_free(M);
    return rate;
}

static void check_landau_mass_scaling(void)
{
    qlb_potential *v;
    check_ok("potential", qlb_potential_parse("gaussian:A=1,s=1", &v));
    qlb_params p = test_params(3, 0.0, 6, v, 0);
    double base = electron_rate(&p, 1.0);
    const double masses[] = {4.0, 100.0, 1836.15};
    for (int i = 0; i < 3; i++) {
        double m = masses[i], want = pow(2.0, 1.5) * sqrt(m) / pow(1 + m, 1.5);
        char what[160];
        snprintf(what, sizeof what, "Landau: electron-ion temperature rate at m_i = %g over m_i = 1", m);
        check_close(what, electron_rate(&p, m) / base, want, 1e-10, 0);
    }
    qlb_potential_free(v);
}

/* The gap by the QR complement equals the smallest eigenvalue of the full
 * spectrum above the S + d + 1 zeros (the kernel is exactly the invariants),
 * and two copies' gap is min(one-species gap, the smallest eigenvalue of the
 * antisymmetric combination), which is <= the one-species gap. */
static void check_gap(void)
{
    qlb_potential *v;
    check_ok("potential", qlb_potential_parse("algebraic:A=1,p=2", &v));
    qlb_params p = test_params(3, 1.0, 8, v, 1);
    qlb_species ep[2] = {test_species("e", -1, 1, 0.5), test_species("p", 1, 1836.15, 0.5)};
    qlb_mixop *M = make_mixop(&p, ep, 2);
    qlb_eigenvalue *ev;
    size_t n;
    double gap;
    int l;
    check_ok("mixture spectrum", qlb_mixop_spectrum(M, &ev, &n));
    check_ok("mixture gap", qlb_mixop_gap(M, &gap, &l));
    size_t skipped = 0, i = 0;
    while (skipped < 6) skipped += ev[i++].multiplicity;
    check_close("e-p gap = first eigenvalue above the 6 zeros (measured 4e-15)", gap, ev[i].value, 1e-13, 0);
    check_true("e-p gap at the same l", l == ev[i].l);
    free(ev);
    qlb_mixop_free(M);
    qlb_linop *L;
    check_ok("one species", qlb_linop_create(&p, &L));
    qlb_species copies[2] = {test_species("a", 1, 1, 0.3), test_species("b", 1, 1, 0.7)};
    M = make_mixop(&p, copies, 2);
    double gap1;
    int l1;
    check_ok("one-species gap", qlb_spectrum_gap(L, &gap1, &l1));
    check_ok("two-copies gap", qlb_mixop_gap(M, &gap, &l));
    check_true("two copies: gap <= one-species gap (the copies add self-diffusion modes)", gap <= gap1 * (1 + 1e-12));
    qlb_species one = test_species("a", 1, 1, 1);
    qlb_params p1 = test_params(3, 1.0, 1, v, 1);
    qlb_mixop *M1 = make_mixop(&p1, &one, 1);
    check_true("one species at N = 1 has no gap (QLB_EINVAL)", qlb_mixop_gap(M1, &gap, &l) == QLB_EINVAL);
    qlb_mixop_free(M1);
    qlb_mixop_free(M);
    qlb_linop_free(L);
    qlb_potential_free(v);
}

/* The pairs' test and field parts add up to the blocks. */
static void check_pair_parts(void)
{
    qlb_potential *v;
    int N = 6;
    qlb_species sp[3] = {test_species("e", -1, 1, 0.6), test_species("p", 1, 1836.15, 0.2), test_species("a", 2, 7294.3, 0.1)};
    qlb_mixop *M = mixture("algebraic:A=1,p=2", 3, 1.0, N, sp, 3, &v);
    double *test[3][3][7], *field[3][3][7], worst = 0, big = 0;
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++) {
            for (int l = 0; l <= N; l++) {
                int k = (N - l) / 2 + 1;
                test[a][b][l] = malloc((size_t)k * k * sizeof(double));
                field[a][b][l] = malloc((size_t)k * k * sizeof(double));
            }
            check_ok("pair parts", qlb_mixop_pair_parts(M, a, b, test[a][b], field[a][b]));
        }
    for (int l = 0; l <= N; l++) {
        int s, k = (N - l) / 2 + 1;
        const double *B = qlb_mixop_block(M, l, &s);
        big = fmax(big, block_max(B, s));
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                for (int i = 0; i < k; i++)
                    for (int j = 0; j < k; j++) {
                        double sum = field[a][b][l][i * k + j];
                        for (int c = 0; a == b && c < 3; c++) sum += test[a][c][l][i * k + j];
                        worst = fmax(worst, fabs(sum - B[(a * k + i) * s + b * k + j]));
                    }
    }
    check_below("e, p, alpha: the pairs' test and field parts add up to the blocks (/ max entry)", worst / big, 1e-13);
    qlb_eigenvalue *ev;
    size_t n, zeros = 0;
    check_ok("three-species spectrum", qlb_mixop_spectrum(M, &ev, &n));
    for (size_t i = 0; i < n; i++)
        if (fabs(ev[i].value) < 1e-12 * ev[n - 1].value) zeros += ev[i].multiplicity;
    free(ev);
    check_true("e, p, alpha: exactly S + d + 1 = 7 zero eigenvalues", zeros == 7);
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            for (int l = 0; l <= N; l++) free(test[a][b][l]), free(field[a][b][l]);
    qlb_mixop_free(M);
    qlb_potential_free(v);
}

/* Linear evolution: the semigroup property, d/dt c = -L c (a centred
 * difference), the invariants' components unchanged, and the moments of
 * the projected Maxwellians. */
static void check_evolution(void)
{
    qlb_potential *v;
    int N = 6;
    qlb_species ep[2] = {test_species("e", -1, 1, 0.5), test_species("p", 1, 1836.15, 0.5)};
    qlb_mixop *M = mixture("algebraic:A=1,p=2", 3, 1.0, N, ep, 2, &v);
    qlb_mixture_evolver *E;
    check_ok("evolver", qlb_mixture_evolver_create(M, &E));
    size_t n = qlb_mixture_size(E), nb = n / 2;
    double *c0 = calloc(n, sizeof(double)), *a = malloc(n * sizeof(double)), *b = malloc(n * sizeof(double));
    double *c = malloc(n * sizeof(double)), *lo = malloc(n * sizeof(double)), *hi = malloc(n * sizeof(double));
    qlb_initial_info info;
    check_ok("electron data", qlb_initial_load_basis("maxwellian:T=1.02,u1=0.01", 3, N, c0, &info));
    check_ok("proton data", qlb_initial_load_basis("maxwellian:T=0.98,rho=1.01", 3, N, c0 + nb, &info));
    for (size_t i = 0; i < n; i++) c0[i] *= sqrt(0.5);
    qlb_species_moments m;
    qlb_mixture_moments(E, c0, 1, &m);
    check_close("proton density moment of maxwellian:rho=1.01", m.density, 0.01, 1e-13, 0);
    qlb_mixture_moments(E, c0, 0, &m);
    check_close("electron temperature moment of T = 1.02, u1 = 0.01 (exact moments: T - 1)", m.temperature,
                0.02, 1e-13, 0);
    check_close("electron velocity moment", m.velocity, 0.01, 1e-13, 0);
    check_ok("c(3e5)", qlb_mixture_evolve(E, c0, 3e5, c));
    check_ok("c(1e5)", qlb_mixture_evolve(E, c0, 1e5, a));
    check_ok("c(2e5) of c(1e5)", qlb_mixture_evolve(E, a, 2e5, b));
    check_below("semigroup: c(1e5 + 2e5) = c(3e5)", max_abs_diff(b, c, n), 1e-16);
    double h = 10, t = 1e5, worst = 0, scale = 0;
    check_ok("c(t - h)", qlb_mixture_evolve(E, c0, t - h, lo));
    check_ok("c(t + h)", qlb_mixture_evolve(E, c0, t + h, hi));
    for (int l = 0; l <= N; l++) { /* -L c(t), block by block */
        int s, K = (N - l) / 2 + 1;
        const double *B = qlb_mixop_block(M, l, &s);
        qlb_basis *basis;
        check_ok("basis", qlb_basis_create(3, N, &basis));
        for (size_t mm = 0; mm < qlb_basis_dim_harmonic(l, 3); mm++)
            for (int i = 0; i < s; i++) {
                double r = 0;
                for (int j = 0; j < s; j++)
                    r -= B[i * s + j] * a[(j / K) * nb + qlb_basis_spherical_index(basis, j % K, l, 0) + mm];
                size_t at = (i / K) * nb + qlb_basis_spherical_index(basis, i % K, l, 0) + mm;
                worst = fmax(worst, fabs((hi[at] - lo[at]) / (2 * h) - r));
                scale = fmax(scale, fabs(r));
            }
        qlb_basis_free(basis);
    }
    check_below("d/dt c = -L c (centred difference, h = 10, / max |L c|)", worst / scale, 1e-6);
    double before[2], after[2];
    for (int k = 0; k < 2; k++) {
        qlb_mixture_moments(E, k ? c : c0, 0, &m);
        double p_e = m.momentum, d_e = m.density;
        qlb_mixture_moments(E, k ? c : c0, 1, &m);
        before[k] = 0.5 * p_e + 0.5 * m.momentum;
        after[k] = d_e + m.density;
    }
    check_below("total momentum unchanged at t = 3e5", fabs(before[1] - before[0]), 1e-17);
    check_below("densities unchanged at t = 3e5", fabs(after[1] - after[0]), 1e-17);
    free(c0), free(a), free(b), free(c), free(lo), free(hi);
    qlb_mixture_evolver_free(E);
    qlb_mixop_free(M);
    qlb_potential_free(v);
}

/* Mixture transport: one species of mass 1 and two copies give the
 * one-species coefficients; electrons and protons' values increase with the
 * degree (both are variational). */
static void check_transport(void)
{
    qlb_potential *v;
    qlb_linop *L = make_operator(3, 1.0, 8, "algebraic:A=1,p=2", 1, &v);
    qlb_transport one, mix;
    check_ok("one-species transport", qlb_transport_coefficients(L, &one));
    qlb_species single = test_species("a", 1, 1, 1), copies[2] = {test_species("a", 1, 1, 0.3), test_species("b", 1, 1, 0.7)};
    qlb_mixop *M1 = make_mixop(qlb_linop_params(L), &single, 1), *M2 = make_mixop(qlb_linop_params(L), copies, 2);
    check_ok("mixture transport, one species", qlb_mixop_transport(M1, 8, &mix));
    check_close("one species: viscosity", mix.viscosity, one.viscosity, 1e-13, 0);
    check_close("one species: heat conductivity", mix.heat_conductivity, one.heat_conductivity, 1e-13, 0);
    check_ok("mixture transport, two copies", qlb_mixop_transport(M2, 8, &mix));
    check_close("two copies: viscosity", mix.viscosity, one.viscosity, 1e-13, 0);
    check_close("two copies: heat conductivity", mix.heat_conductivity, one.heat_conductivity, 1e-13, 0);
    qlb_species ep[2] = {test_species("e", -1, 1, 0.5), test_species("p", 1, 1836.15, 0.5)};
    qlb_mixop *M3 = make_mixop(qlb_linop_params(L), ep, 2);
    qlb_transport lo, hi;
    check_ok("e-p transport at 6", qlb_mixop_transport(M3, 6, &lo));
    check_ok("e-p transport at 8", qlb_mixop_transport(M3, 8, &hi));
    check_true("e-p: viscosity and heat conductivity grow with the degree (variational)",
               hi.viscosity >= lo.viscosity && hi.heat_conductivity >= lo.heat_conductivity && lo.viscosity > 0);
    check_true("transport at degree 2 refused", qlb_mixop_transport(M3, 2, &lo) == QLB_EINVAL);
    qlb_mixop_free(M1), qlb_mixop_free(M2), qlb_mixop_free(M3);
    qlb_linop_free(L);
    qlb_potential_free(v);
}

/* The blocks of electrons and protons are bit-identical on 1, 2 and 3 threads. */
static void check_threads(void)
{
    qlb_species ep[2] = {test_species("e", -1, 1, 0.5), test_species("p", 1, 1836.15, 0.5)};
    qlb_potential *v[3];
    qlb_mixop *M[3];
    for (int t = 0; t < 3; t++) {
        qlb_set_threads(t + 1);
        M[t] = mixture("power:A=1,a=2", 3, 1.0, 10, ep, 2, &v[t]);
    }
    qlb_set_threads(0);
    int same = 1;
    for (int l = 0; l <= 10; l++)
        for (int t = 1; t < 3; t++) {
            int s;
            const double *A = qlb_mixop_block(M[0], l, &s), *B = qlb_mixop_block(M[t], l, &s);
            same = same && !memcmp(A, B, (size_t)s * s * sizeof(double));
        }
    check_true("e-p blocks bit-identical on 1, 2 and 3 threads", same);
    for (int t = 0; t < 3; t++) {
        qlb_mixop_free(M[t]);
        qlb_potential_free(v[t]);
    }
}

static void check_refusals(void)
{
    qlb_species good = test_species("e", -1, 1, 1), s[2];
    struct { const char *what; qlb_species bad; } cases[] = {
        {"zero charge", test_species("x", 0, 1, 1)},
        {"zero mass", test_species("x", 1, 0, 1)},
        {"negative density", test_species("x", 1, 1, -1)},
        {"NaN mass", test_species("x", 1, NAN, 1)},
        {"empty name", test_species("", 1, 1, 1)},
        {"repeated name", test_species("e", 1, 1, 1)},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        s[0] = good;
        s[1] = cases[i].bad;
        char what[120];
        snprintf(what, sizeof what, "species check refuses a %s", cases[i].what);
        check_true(what, qlb_species_check(s, 2) == QLB_EINVAL);
    }
    check_true("species check refuses 0 species", qlb_species_check(s, 0) == QLB_EINVAL);
    check_true("species check refuses 17 species", qlb_species_check(s, QLB_MAX_SPECIES + 1) == QLB_EINVAL);
}

int main(void)
{
    check_single();
    for (int d = 2; d <= 3; d++)
        for (int h = 0; h <= 1; h++)
            for (int screening = 0; screening <= 1; screening++) check_two_copies(d, h, screening);
    check_electron_ion(3, 1.0, "power:A=1,a=2", 12);
    check_electron_ion(3, 0.0, "algebraic:A=1,p=2", 12);
    check_electron_ion(2, 0.5, "algebraic:A=2,p=1.5", 12);
    check_landau_mass_scaling();
    check_gap();
    check_pair_parts();
    check_evolution();
    check_threads();
    check_transport();
    check_refusals();
    return test_summary();
}
