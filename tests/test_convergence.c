/* test_convergence.c — the convergence assessment (qlb/convergence.h).
 *
 * Synthetic sequences with known limits, N = 4, 6, ..., 24:
 *   v = 1 + N^-3:   true error 24^-3 = 7.2e-5; the power-law tail estimate
 *                   must bound it within a factor 3 (the fitted s is exact
 *                   only asymptotically) and call it converged at 1e-3 but
 *                   not at 1e-5;
 *   v = 1 + 2^-N:   geometric; converged at 1e-6;
 *   v = N^-1/2:     tends to 0; the tail estimate is then of the size of v
 *                   itself (error ~ 1): unconverged at 1e-1.
 * Operators: the truncated gap of a screened algebraic potential (d = 3,
 * hbar = 1) keeps falling with N (no L^2 gap in the limit) and must be
 * called unconverged at 1e-2; the gap of Maxwell molecules is exact from
 * N = 2 on and must be called converged at the noise level. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>

static qlb_convergence assess_sequence(double (*f)(int), double tol)
{
    int degrees[16], k = 0;
    double values[16];
    for (int N = 4; N <= 24; N += 2, k++) degrees[k] = N, values[k] = f(N);
    qlb_convergence c;
    check_ok("assess", qlb_convergence_assess(degrees, values, k, tol, 1e-14, &c));
    return c;
}

static double cubic(int N) { return 1 + pow(N, -3); }
static double geometric(int N) { return 1 + ldexp(1.0, -N); }
static double root(int N) { return pow(N, -0.5); }

static qlb_convergence operator_gap(const char *spec, int screening, double tol)
{
    int N = 24, degrees[16], k = 0;
    double values[16];
    qlb_potential *pot;
    qlb_linop *L = make_operator(3, 1.0, N, spec, screening, &pot);
    for (int n = 4; n <= N; n += 2, k++) {
        qlb_linop *T;
        int l;
        check_ok("truncate", qlb_linop_truncate(L, n, &T));
        check_ok("gap", qlb_spectrum_gap(T, &values[k], &l));
        degrees[k] = n;
        qlb_linop_free(T);
    }
    qlb_convergence c;
    check_ok("assess", qlb_convergence_assess(degrees, values, k, tol,
                                              QLB_CONVERGENCE_NOISE(1e-12), &c));
    qlb_linop_free(L);
    qlb_potential_free(pot);
    return c;
}

int main(void)
{
    qlb_convergence c = assess_sequence(cubic, 1e-3);
    double truth = pow(24, -3) / (1 + pow(24, -3));
    printf("     1 + N^-3: estimated error %.3e, true %.3e, local exponent %.3f\n", c.error,
           truth, c.exponent);
    check_true("1 + N^-3: estimate within a factor 3 of the true error",
               c.error > truth / 3 && c.error < 3 * truth);
    check_true("1 + N^-3: converged at 1e-3", c.converged);
    check_true("1 + N^-3: not converged at 1e-5", !assess_sequence(cubic, 1e-5).converged);
    c = assess_sequence(geometric, 1e-6);
    check_true("1 + 2^-N: converged at 1e-6", c.converged);
    c = assess_sequence(root, 1e-1);
    check_close("N^-1/2: local exponent", c.exponent, -0.5, 1e-12, 0);
    check_true("N^-1/2: not converged, estimated error > 0.5", !c.converged && c.error > 0.5);
    c = operator_gap("algebraic:A=1,p=2", 1, 1e-2);
    printf("     screened algebraic gap: %.4e, change %.3f, exponent %.3f, error %g\n", c.value,
           c.change, c.exponent, c.error);
    check_true("screened algebraic d=3 hbar=1: truncated gap not converged at 1e-2",
               !c.converged && c.exponent < -0.3);
    c = operator_gap("power:A=1,a=0.5", 0, 1e-6);
    check_true("Maxwell molecules d=3: gap converged (exact from N = 2)", c.converged);
    return test_summary();
}
