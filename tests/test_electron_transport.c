/* test_electron_transport.c — Braginskii's electron coefficients from the
 * Spitzer problem on the multi-species operator (qlb_electron_coefficients,
 * docs/DESIGN.md §10), for Landau's operator (classical, unscreened):
 * - the Lorentz gas (electron-electron dropped): alpha0 = 3 pi/32,
 *   beta0 = 3/2, gamma0 = 128/(3 pi) at N = 101 (the Galerkin values
 *   converge algebraically, like N^-4.4: seen 2e-9 .. 9e-9; the 1e-8);
 * - N = 5 (three Burnett functions, Braginskii's approximation) against his
 *   Table 2 to its printed digits (Braginskii 1965, as transcribed in
 *   PlasmaPy's plasmapy/transport/classical/braginskii.py). His alpha0 at
 *   Z = 2 and 3 (0.4408, 0.3965) disagree with his own magnetized
 *   coefficients, alpha0 = 1 - alpha0'/delta0 = 0.4309 and 0.3954, which
 *   are what the three functions give; those are used. At Z = 4 his 0.3752
 *   is 1.6e-4 from the 0.37514 found (and 1 - alpha0'/delta0 = 0.37506):
 *   alpha0 is checked to 2e-4 relative, beta0 and gamma0 to half a unit of
 *   the last printed digit;
 * - converged (N = 101) against Spitzer and Harm's Table III (Phys. Rev. 89,
 *   977 (1953); gamma_E, gamma_T, delta_E, delta_T as transcribed in
 *   PlasmaPy's plasmapy/formulary/braginskii.py): alpha0 = (3 pi/32)/gamma_E,
 *   beta0 = (5/2)(8 delta_E/(5 gamma_E) - 1), gamma0 = (64/pi) delta_T (5/3 -
 *   gamma_T delta_E/(delta_T gamma_E)). Their table is good to about 1e-3,
 *   not to its 4 digits: at Z = 2 its alpha0 = 0.4310 exceeds Braginskii's
 *   three-function value 0.4309, an upper bound of the exact one (alpha0 =
 *   tau_e/L_00 and L_00 grows with the degree). Seen: alpha0 5.6e-4 (Z = 1)
 *   and 9.5e-4 (Z = 16), beta0 4.9e-3 and 3.9e-3, gamma0 1.2e-4 and 1.5e-2;
 *   at Z = 16 Ji and Held's fit (Phys. Plasmas 20, 042114 (2013), in
 *   PlasmaPy: Z (13.5 Z^2 + 54.4 Z + 25.2)/(Z^3 + 8.35 Z^2 + 15.2 Z + 4.51) in
 *   this normalization) gives gamma0 = 10.74, 0.46% from the 10.79 found and
 *   1% from Spitzer-Harm's 10.63. Checked to 2e-3 (alpha0), 1e-2 (beta0) and
 *   2e-2 (gamma0);
 * - variational: the converged alpha0 lies below the N = 5 value at every Z;
 * - tau_e is Braginskii's: the Coulomb logarithm it defines is
 *   Int k^3 Vhat^2 dk = 1/12 of algebraic:A=1,p=2 (seen 5e-11: the ions'
 *   1e10 electron masses, the static limit's 0.5 m_e/m_i; 1e-14 at 1e14);
 * - monotone in Z (1, 2, 4, 16 at N = 41): alpha0 falls, beta0 and gamma0 rise;
 * - hbar -> 0: the quantum (unscreened) coefficients reach Landau's at order
 *   2, as L does (test_classical_limit): log2 of the ratio of the
 *   differences at hbar = 0.1 and 0.05 is within 0.1 of 2 (seen: within 0.010). */
#include "qlb/qlb.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>

static qlb_electron_transport quantum_coefficients(double Z, int lorentz, int N, double hbar)
{
    qlb_potential *v;
    check_ok("potential", qlb_potential_parse("algebraic:A=1,p=2", &v));
    qlb_params p = test_params(3, hbar, N, v, 0);
    qlb_species sp[2];
    check_ok("species", qlb_electron_species(Z, 0, sp));
    qlb_mixop *M = NULL;
    check_ok("operator", qlb_mixop_create(&p, sp, 2, &M));
    qlb_electron_transport t;
    check_ok("coefficients", qlb_electron_coefficients(M, lorentz, 1, &N, &t));
    qlb_mixop_free(M);
    qlb_potential_free(v);
    return t;
}

static qlb_electron_transport coefficients(double Z, int lorentz, int N)
{
    return quantum_coefficients(Z, lorentz, N, 0.0);
}

/* The order of convergence as hbar -> 0 of the three coefficients at
 * Z = 1, N = 21 (unscreened): log2 of the ratio of the differences from
 * hbar = 0 at hbar = 0.1 and 0.05; the worst distance from 2. */
static double hbar_order(void)
{
    qlb_electron_transport c = coefficients(1, 0, 21), a = quantum_coefficients(1, 0, 21, 0.1),
                           b = quantum_coefficients(1, 0, 21, 0.05);
    double worst = 0, x[3][3] = {{c.alpha0, a.alpha0, b.alpha0}, {c.beta0, a.beta0, b.beta0},
                                 {c.gamma0, a.gamma0, b.gamma0}};
    for (int k = 0; k < 3; k++) worst = fmax(worst, fabs(log2((x[k][1] - x[k][0]) / (x[k][2] - x[k][0])) - 2));
    return worst;
}

int main(void)
{
    qlb_electron_transport t = coefficients(1, 1, 101);
    check_close("Lorentz gas alpha0 = 3 pi/32 (N = 101)", t.alpha0, 3 * M_PI / 32, 1e-8, 0);
    check_close("Lorentz gas beta0 = 3/2", t.beta0, 1.5, 1e-8, 0);
    check_close("Lorentz gas gamma0 = 128/(3 pi)", t.gamma0, 128 / (3 * M_PI), 1e-8, 0);
    check_close("tau_e is Braginskii's: its lnLambda = Int k^3 Vhat^2 dk = 1/12", t.coulomb_log, 1.0 / 12, 5e-9, 0);

    const double Z[5] = {1, 2, 3, 4, INFINITY};
    const double alpha[5] = {0.5129, 0.4309, 0.3954, 0.3752, 0.2949};
    const double beta[5] = {0.7110, 0.9052, 1.016, 1.090, 1.521}, beta_unit[5] = {1e-4, 1e-4, 1e-3, 1e-3, 1e-3};
    const double gamma[5] = {3.1616, 4.890, 6.064, 6.920, 12.471}, gamma_unit[5] = {1e-4, 1e-3, 1e-3, 1e-3, 1e-3};
    for (int k = 0; k < 5; k++) {
        qlb_electron_transport b = coefficients(isinf(Z[k]) ? 1 : Z[k], isinf(Z[k]), 5);
        char what[120];
        snprintf(what, sizeof what, "Braginskii's approximation (N = 5), Z = %g: alpha0", Z[k]);
        check_close(what, b.alpha0, alpha[k], 2e-4, 0);
        snprintf(what, sizeof what, "Braginskii's approximation (N = 5), Z = %g: beta0 (to its digits)", Z[k]);
        check_below(what, fabs(b.beta0 - beta[k]), beta_unit[k] / 2);
        snprintf(what, sizeof what, "Braginskii's approximation (N = 5), Z = %g: gamma0 (to its digits)", Z[k]);
        check_below(what, fabs(b.gamma0 - gamma[k]), gamma_unit[k] / 2);
    }

    const double sh_Z[2] = {1, 16}, gE[2] = {0.5816, 0.9225}, gT[2] = {0.2727, 0.8279};
    const double dE[2] = {0.4652, 0.8870}, dT[2] = {0.2252, 0.7907};
    for (int k = 0; k < 2; k++) {
        t = coefficients(sh_Z[k], 0, 101);
        qlb_electron_transport b = coefficients(sh_Z[k], 0, 5);
        char what[120];
        snprintf(what, sizeof what, "Z = %g converged (N = 101): alpha0 = Spitzer-Harm's", sh_Z[k]);
        check_close(what, t.alpha0, 3 * M_PI / 32 / gE[k], 2e-3, 0);
        snprintf(what, sizeof what, "Z = %g: beta0 = Spitzer-Harm's", sh_Z[k]);
        check_close(what, t.beta0, 2.5 * (1.6 * dE[k] / gE[k] - 1), 1e-2, 0);
        snprintf(what, sizeof what, "Z = %g: gamma0 = Spitzer-Harm's", sh_Z[k]);
        check_close(what, t.gamma0, 64 / M_PI * dT[k] * (5.0 / 3 - gT[k] * dE[k] / (dT[k] * gE[k])), 2e-2, 0);
        snprintf(what, sizeof what, "Z = %g: converged alpha0 below Braginskii's three-function value (variational)", sh_Z[k]);
        check_true(what, t.alpha0 < b.alpha0);
    }

    qlb_electron_transport prev = coefficients(1, 0, 41);
    int monotone = 1;
    for (double z = 2; z <= 16; z *= 2) {
        qlb_electron_transport next = coefficients(z, 0, 41);
        monotone &= next.alpha0 < prev.alpha0 && next.beta0 > prev.beta0 && next.gamma0 > prev.gamma0;
        prev = next;
    }
    check_true("Z = 1, 2, 4, 16: alpha0 falls, beta0 and gamma0 rise", monotone);
    check_below("hbar -> 0 (unscreened, Z = 1, N = 21): order 2 as for L, |log2 ratio - 2|", hbar_order(), 0.1);
    return test_summary();
}
