/* parameters.c — validation of operator parameters, including the analytic
 * convergence conditions of the kappa integral for the potential families:
 *   small kappa:  kappa^d Vhat^2 / |eps|^2 must be integrable at 0;
 *   large kappa:  for hbar > 0 the collision kernel decays like
 *                 exp(-hbar^2 kappa^2 / 4); for hbar = 0 only Vhat^2 kappa^d
 *                 is left, which must be integrable at infinity. */
#include "physics/parameters.h"
#include "qlb/params.h"
#include "core/error.h"
#include "core/limits.h"
#include "numerics/special_functions.h"

#include <math.h>
#include <stddef.h>
#include <unistd.h>

qlb_params qlb_params_default(void)
{
    qlb_params p = {3, 1.0, 8, NULL, 1, 1e-12};
    return p;
}

/* Exponent q of Vhat(k)^2 ~ k^-q at large k for the families where it is
 * known (power: 2a, algebraic: 4p), else NAN. */
static double large_k_decay(const qlb_potential *v)
{
    switch (qlb_potential_get_kind(v)) {
    case QLB_POTENTIAL_POWER: return 2 * qlb_potential_param(v, "a");
    case QLB_POTENTIAL_ALGEBRAIC: return 4 * qlb_potential_param(v, "p");
    default: return NAN;
    }
}

qlb_status qlb_check_large_k(const qlb_potential *v, double need, const char *what)
{
    double q = large_k_decay(v);
    if (isnan(q) || q > need) return QLB_OK;
    return qlb_fail(QLB_EDIVERGE, "%s diverges at large k: it needs Int k^%g Vhat(k)^2 dk < inf, "
                    "i.e. Vhat^2 decaying faster than k^-%g (here k^-%g)", what, need - 1, need, q);
}

static qlb_status check_convergence(const qlb_params *p)
{
    const qlb_potential *v = p->potential;
    double d = p->dim;
    if (qlb_potential_get_kind(v) == QLB_POTENTIAL_POWER) {
        double a = qlb_potential_param(v, "a");
        if (!p->screening && !(d - 2 * a > -1))
            return qlb_fail(QLB_EDIVERGE,
                            "operator diverges at small k: unscreened power potential "
                            "needs a < (d+1)/2 = %g (got a = %g)", (d + 1) / 2, a);
    }
    return p->hbar == 0 ? qlb_check_large_k(v, d + 1, "the classical operator") : QLB_OK;
}

qlb_status qlb_params_check(const qlb_params *p)
{
    if (p->dim < 2)
        return qlb_fail(QLB_EINVAL, "dimension must be >= 2 (got %d)", p->dim);
    if (p->dim > QLB_MAX_DIM)
        return qlb_fail(QLB_EINVAL, "dimension must be <= 64 (got %d)", p->dim);
    if (!isfinite(p->hbar) || p->hbar < 0)
        return qlb_fail(QLB_EINVAL, "hbar must be finite and >= 0 (got %g)", p->hbar);
    if (p->degree < 0)
        return qlb_fail(QLB_EINVAL, "degree must be >= 0 (got %d)", p->degree);
    if (p->degree > QLB_MAX_DEGREE)
        return qlb_fail(QLB_EINVAL, "degree must be <= %d (got %d)", QLB_MAX_DEGREE,
                        p->degree);
    if (!(p->tol >= 1e-15 && p->tol <= 1e-2))
        return qlb_fail(QLB_EINVAL, "tolerance must be in [1e-15, 1e-2] (got %g)", p->tol);
    if (!p->potential) return qlb_fail(QLB_EINVAL, "no potential given");
    return check_convergence(p);
}

size_t qlb_params_basis_size(const qlb_params *p)
{
    return qlb_binomial(p->degree + p->dim, p->dim);
}

