/* test_resonance.c — strong coupling, where 1/|eps|^2 has plasma-wave
 * resonances (Lorentzian peaks down to width 1e-12 at |u| ~ sqrt(Vhat)):
 * Debye-screened Coulomb (power:a=2) in d = 3 and d = 2.
 *  - the operator keeps its structure: d+2 zeros, PSD, exact block
 *    quadrature (same bounds and reasons as test_invariants);
 *  - the error control is honest there: kernels requested at 1e-9 and at
 *    1e-11 differ by at most 1e-9 of the kernel's norm (the looser one may
 *    use all of its budget, the tighter one contributes 1e-11). */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static qlb_linop *coulomb(int d, double hbar, int N, double tol, qlb_potential *pot)
{
    qlb_params p = test_params(d, hbar, N, pot, 1);
    p.tol = tol;
    qlb_linop *L = NULL;
    check_ok("coulomb operator", qlb_linop_create(&p, &L));
    return L;
}

static void check_case(int d, double hbar, int N)
{
    qlb_potential *pot;
    qlb_potential_parse("power:A=1,a=2", &pot);
    qlb_linop *loose = coulomb(d, hbar, N, 1e-9, pot), *tight = coulomb(d, hbar, N, 1e-11, pot);
    if (!loose || !tight) exit(1);
    const double *K1 = qlb_linop_kernel(loose), *K2 = qlb_linop_kernel(tight);
    double diff = 0, norm = 0;
    for (int i = 0; i < (N + 1) * (N + 1); i++) {
        diff += (K1[i] - K2[i]) * (K1[i] - K2[i]);
        norm += K2[i] * K2[i];
    }
    char what[200];
    snprintf(what, sizeof what, "d=%d hbar=%g N=%d screened Coulomb: |K(1e-9) - K(1e-11)| / |K|", d,
             hbar, N);
    check_below(what, sqrt(diff / norm), 1e-9);
    qlb_eigenvalue *ev;
    size_t count, zeros = 0;
    check_ok("spectrum", qlb_spectrum_blocks(tight, &ev, &count));
    double lmax = ev[count - 1].value;
    for (size_t i = 0; i < count; i++)
        if (fabs(ev[i].value) < 1e-12 * lmax) zeros += ev[i].multiplicity;
    snprintf(what, sizeof what, "d=%d Coulomb: d+2 zero eigenvalues (%zu), PSD", d, zeros);
    check_true(what, zeros == (size_t)(d + 2) && ev[0].value >= -1e-12 * lmax);
    snprintf(what, sizeof what, "d=%d Coulomb: block asymmetry", d);
    check_below(what, qlb_linop_get_info(tight).asymmetry, 1e-13);
    free(ev);
    qlb_linop_free(loose);
    qlb_linop_free(tight);
    qlb_potential_free(pot);
}

int main(void)
{
    check_case(3, 0.5, 8);
    check_case(2, 1.0, 8);
    return test_summary();
}
