/* coulomb_logarithm.c — Lambda = Int_0^inf k^3 Vhat(k)^2 dk, the one number
 * the classical unscreened d = 3 operator depends on (it is then Landau's,
 * tests/test_transport.c), by adaptive Gauss–Legendre quadrature in
 * t = k / (1 + k) on [0, 1) (on [0, kmax] for tables). */
#include "qlb/potential.h"
#include "core/error.h"
#include "numerics/adaptive_quadrature.h"

#include <math.h>

#define MAX_INTERVALS 2000
#define TOLERANCE 1e-13

typedef struct {
    const qlb_potential *pot;
    double kmax;          /* finite support (tables), or INFINITY */
} integrand;

/* out += sum w k^3 Vhat^2 dk/dt at the nodes t. */
static qlb_status add_points(void *ctx, const double *t, const double *w, int count, double *out)
{
    const integrand *I = ctx;
    for (int i = 0; i < count; i++) {
        double k = isinf(I->kmax) ? t[i] / (1 - t[i]) : t[i];
        double jacobian = isinf(I->kmax) ? 1 / ((1 - t[i]) * (1 - t[i])) : 1;
        double v = qlb_potential_eval(I->pot, k);
        if (!isfinite(v)) return qlb_fail(QLB_EDIVERGE, "Vhat(%g) is not finite", k);
        out[0] += w[i] * k * k * k * v * v * jacobian;
    }
    return QLB_OK;
}

qlb_status qlb_potential_coulomb_logarithm(const qlb_potential *pot, double *lambda)
{
    if (qlb_potential_get_kind(pot) == QLB_POTENTIAL_POWER)
        return qlb_fail(QLB_EDIVERGE, "Int k^3 Vhat^2 dk diverges for a power law (%s)",
                        qlb_potential_spec(pot));
    integrand I = {pot, qlb_potential_support(pot)};
    qlb_adapt *A = NULL;
    qlb_status st = qlb_adapt_create_vector(1, MAX_INTERVALS, &A);
    if (!st) st = qlb_adapt_add(A, add_points, &I, 0, isinf(I.kmax) ? 1 : I.kmax, 0);
    if (!st) st = qlb_adapt_refine(A, add_points, &I, TOLERANCE, 0);
    if (!st) qlb_adapt_sum(A, lambda);
    qlb_adapt_free(A);
    if (!st && !(isfinite(*lambda) && *lambda > 0))
        st = qlb_fail(QLB_EDIVERGE, "Int k^3 Vhat^2 dk is not a positive number for %s",
                      qlb_potential_spec(pot));
    return st ? qlb_context(st, "Coulomb logarithm") : QLB_OK;
}
