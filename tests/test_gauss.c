/* test_gauss.c — Gauss rules integrate their polynomial degree exactly.
 * Moments: Hermite Int x^{2j} e^{-x^2} = Gamma(j + 1/2); Laguerre
 * Int x^{alpha+j} e^{-x} = Gamma(alpha + j + 1); Legendre Int x^{2j} = 2/(2j+1).
 * The rules return scaled weights (omega / weight(x)), so the moments are
 * sum w_i x_i^k weight(x_i). Tolerance 1e-13 relative: Golub–Welsch nodes
 * plus Christoffel weights lose a few digits on high moments only. */
#include "numerics/gauss_rules.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>

static void check_rule(qlb_gauss_kind kind, int n, double alpha, const char *name)
{
    double x[200], w[200], worst = 0;
    check_ok(name, qlb_gauss_rule(kind, n, alpha, x, w));
    for (int k = 0; k < 2 * n; k++) {
        double sum = 0, exact;
        for (int i = 0; i < n; i++) {
            double weight = kind == QLB_GAUSS_HERMITE    ? exp(-x[i] * x[i])
                            : kind == QLB_GAUSS_LAGUERRE ? exp(-x[i])
                                                         : 1.0;
            sum += w[i] * weight * pow(x[i], k);
        }
        if (kind == QLB_GAUSS_HERMITE) exact = k % 2 ? 0 : tgamma(k / 2 + 0.5);
        else if (kind == QLB_GAUSS_LAGUERRE) exact = tgamma(alpha + k + 1);
        else exact = k % 2 ? 0 : 2.0 / (k + 1);
        double scale = kind == QLB_GAUSS_HERMITE    ? tgamma(k / 2.0 + 0.5)
                       : kind == QLB_GAUSS_LAGUERRE ? exact
                                                    : 2.0 / (k + 1);
        worst = fmax(worst, fabs(sum - exact) / fmax(scale, 1e-300));
    }
    char what[160];
    snprintf(what, sizeof what, "%s n=%d: moments 0..%d exact", name, n, 2 * n - 1);
    check_below(what, worst, 1e-13);
}

int main(void)
{
    check_rule(QLB_GAUSS_HERMITE, 5, 0, "hermite");
    check_rule(QLB_GAUSS_HERMITE, 41, 0, "hermite");
    check_rule(QLB_GAUSS_LAGUERRE, 6, -0.5, "laguerre alpha=-1/2");
    check_rule(QLB_GAUSS_LAGUERRE, 21, 1.0, "laguerre alpha=1");
    check_rule(QLB_GAUSS_LEGENDRE, 16, 0, "legendre");
    double x[4], w[4];
    check_true("bad alpha rejected", qlb_gauss_rule(QLB_GAUSS_LAGUERRE, 4, -1.5, x, w) == QLB_EINVAL);
    return test_summary();
}
