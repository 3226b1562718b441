/* test_relax.c — electron–ion temperature relaxation (qlb/plasma.h) against
 * what it must be:
 *  - two independent computations agree: at T_e = T_i the electron row of
 *    the multi-species operator (the Hermite–Galerkin kernels, Gauss rules
 *    and blocks, in qlb's units by qlb_plasma_units_of) and the direct
 *    (k, s) integral of the energy exchange give the same rate, to 1e-10
 *    (measured 4e-12), for hydrogen at weak (hbar' = 0.005) and strong
 *    (hbar' = 1.7) quantum parameter and a carbon-mass ion;
 *  - the Born limit of Brown, Preston and Singleton: with ions 1e6 u heavy
 *    (their formula is leading order in m_e/m_i) lnL at n_e = 1e20 cm^-3,
 *    T = 100 eV is theirs to 5e-4 relative (measured 5.4e-6: 3e-5 in lnL, the
 *    O((k_D/k_q)^2) terms);
 *    at hydrogen's mass the difference (-0.0078) is the mass ratio: it falls
 *    with the ion mass (10 u, 100 u);
 *  - hbar -> 0: lnL grows by ln 10 per decade of hbar (the quantum cutoff
 *    k_q ~ 1/hbar), to 1e-6 relative (measured 3.5e-9 between 0.01 and
 *    0.001; 1.4e-5 between 1 and 0.1, where (k_D/k_q)^2 still shows);
 *    hbar = 0 without a cutoff is refused (QLB_EDIVERGE); with one it is
 *    finite;
 *  - K is symmetric, positive, and continuous at T_e = T_i (1e-8 for
 *    T_i = T_e (1 - 1e-7); measured 3.5e-11);
 *  - bad plasmas are refused (QLB_EINVAL): not neutral, zero charge,
 *    repeated name, negative temperature, NaN density; unknown particle. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static qlb_plasma_species plasma(const char *name, double Z, double A, double n, double T)
{
    qlb_plasma_species s;
    memset(&s, 0, sizeof s);
    snprintf(s.name, sizeof s.name, "%s", name);
    s.charge = Z;
    s.mass_u = A;
    s.density_cc = n;
    s.temperature_ev = T;
    return s;
}

static double coefficient(double n, double Te, double Ti, double A, double hbar_factor, double cutoff)
{
    qlb_plasma_species sp[2] = {plasma("e", -1, QLB_ELECTRON_MASS_U, n, Te), plasma("i", 1, A, n, Ti)};
    qlb_relax_options o = qlb_relax_default();
    o.hbar_factor = hbar_factor;
    o.cutoff_cm = cutoff;
    double K[4];
    check_ok("relax coefficients", qlb_relax_coefficients(sp, 2, &o, K));
    check_true("K symmetric", K[1] == K[2] && K[0] == 0 && K[3] == 0);
    return K[1];
}

static double coulomb_log(double n, double Te, double Ti, double A, double hbar_factor)
{
    qlb_plasma_species e = plasma("e", -1, QLB_ELECTRON_MASS_U, n, Te), i = plasma("i", 1, A, n, Ti);
    return qlb_relax_coulomb_log(&e, &i, coefficient(n, Te, Ti, A, hbar_factor, 0));
}

/* The operator's electron temperature rate (l = 0, row e n = 1) in s^-1. */
static double operator_rate(double n, double T, double A)
{
    qlb_plasma_species sp[2] = {plasma("e", -1, QLB_ELECTRON_MASS_U, n, T), plasma("i", 1, A, n, T)};
    qlb_plasma_units u;
    check_ok("plasma units", qlb_plasma_units_of(sp, 2, &u));
    qlb_potential *v;
    check_ok("potential", qlb_potential_parse("power:A=1,a=2", &v));
    qlb_params p = test_params(3, u.hbar, 2, v, 1);
    qlb_species s[2];
    memset(s, 0, sizeof s);
    snprintf(s[0].name, sizeof s[0].name, "e");
    snprintf(s[1].name, sizeof s[1].name, "i");
    s[0].charge = -1, s[0].mass = 1, s[0].density = 0.5;
    s[1].charge = 1, s[1].mass = A / QLB_ELECTRON_MASS_U, s[1].density = 0.5;
    qlb_mixop *M;
    check_ok("mixture operator", qlb_mixop_create(&p, s, 2, &M));
    int size;
    const double *B = qlb_mixop_block(M, 0, &size);
    double rate = B[1 * size + 1] / u.time_s;
    qlb_mixop_free(M);
    qlb_potential_free(v);
    return rate;
}

static void check_operator_agrees(double n, double T, double A)
{
    qlb_plasma_species e = plasma("e", -1, QLB_ELECTRON_MASS_U, n, T);
    double direct = qlb_relax_rate(&e, coefficient(n, T, T, A, 1, 0));
    char what[200];
    snprintf(what, sizeof what, "n = %g, T = %g eV, A = %g: operator rate = direct integral", n, T, A);
    check_close(what, operator_rate(n, T, A), direct, 1e-10, 0);
}

static void check_refusals(void)
{
    qlb_plasma_species good[2] = {plasma("e", -1, QLB_ELECTRON_MASS_U, 1e20, 100), plasma("p", 1, 1.007, 1e20, 100)};
    qlb_plasma_species s[2];
    double K[4];
    qlb_relax_options o = qlb_relax_default();
    struct { const char *what; int which; qlb_plasma_species bad; } cases[] = {
        {"not neutral", 1, plasma("p", 1, 1.007, 2e20, 100)},
        {"zero charge", 1, plasma("p", 0, 1.007, 1e20, 100)},
        {"repeated name", 1, plasma("e", 1, 1.007, 1e20, 100)},
        {"negative temperature", 1, plasma("p", 1, 1.007, 1e20, -1)},
        {"NaN density", 0, plasma("e", -1, QLB_ELECTRON_MASS_U, NAN, 100)},
        {"zero mass", 1, plasma("p", 1, 0, 1e20, 100)},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        memcpy(s, good, sizeof s);
        s[cases[i].which] = cases[i].bad;
        char what[120];
        snprintf(what, sizeof what, "relax refuses a plasma with %s", cases[i].what);
        check_true(what, qlb_relax_coefficients(s, 2, &o, K) == QLB_EINVAL);
    }
    o.hbar_factor = 0;
    check_true("classical Coulomb without a cutoff: QLB_EDIVERGE", qlb_relax_coefficients(good, 2, &o, K) == QLB_EDIVERGE);
    double Z = 0, A;
    check_true("unknown particle refused", qlb_plasma_lookup("Xx", &Z, &A) == QLB_EINVAL);
    Z = 0;
    check_ok("lookup He", qlb_plasma_lookup("He", &Z, &A));
    check_close("He fully ionized: Z = 2, mass = 4.002602 - 2 m_e", A, 4.002602 - 2 * QLB_ELECTRON_MASS_U, 1e-15, 0);
    Z = 3;
    check_true("He3+ refused", qlb_plasma_lookup("He", &Z, &A) == QLB_EINVAL);
}

int main(void)
{
    check_operator_agrees(1e20, 100, 1.007276466621);
    check_operator_agrees(1e23, 10, 1.007276466621);
    check_operator_agrees(1e20, 100, 12.0);

    qlb_plasma_species e = plasma("e", -1, QLB_ELECTRON_MASS_U, 1e20, 100);
    double bps = qlb_relax_bps_born(&e), heavy = coulomb_log(1e20, 100, 100, 1e6, 1);
    check_close("BPS Born limit, ions 1e6 u, n_e = 1e20, T = 100 eV", heavy, bps, 5e-4, 0);
    double d1 = coulomb_log(1e20, 100, 100, 1.007276466621, 1) - bps, d10 = coulomb_log(1e20, 100, 100, 10, 1) - bps,
           d100 = coulomb_log(1e20, 100, 100, 100, 1) - bps;
    char what[200];
    snprintf(what, sizeof what, "lnL - BPS falls with the ion mass: %.2e (1 u), %.2e (10 u), %.2e (100 u)", d1, d10, d100);
    check_true(what, fabs(d100) < fabs(d10) && fabs(d10) < fabs(d1) && fabs(d1) < 0.02);

    double l2 = coulomb_log(1e20, 100, 100, 1e6, 0.01), l3 = coulomb_log(1e20, 100, 100, 1e6, 0.001);
    check_close("hbar -> 0: lnL grows by ln 10 per decade", l3 - l2, log(10.0), 1e-6, 0);
    double classical = coefficient(1e20, 100, 100, 1e6, 0, 1e-12);
    check_true("hbar = 0 with a cutoff of 1e-12 cm: finite and positive", isfinite(classical) && classical > 0);

    double K0 = coefficient(1e20, 100, 100, 1.007276466621, 1, 0);
    check_close("K continuous at T_e = T_i", coefficient(1e20, 100, 100 * (1 - 1e-7), 1.007276466621, 1, 0), K0, 1e-8, 0);
    double Khot = coefficient(1e20, 100, 10, 1.007276466621, 1, 0);
    check_true("K > 0 at T_e = 10 T_i", Khot > 0);
    check_refusals();
    return test_summary();
}
