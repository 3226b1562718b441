/* relaxation_history.c — the temperatures of a plasma's species relaxing
 * toward each other (qlb/plasma.h): dT/dt = -A(T) T with
 * A = C (D - K), C = diag(2 / (3 n_a)), D = diag(sum_b K_ab), K the exchange
 * coefficients at the current temperatures (relaxation.c). Each step
 * freezes K at the midpoint: T_half = exp(-h/2 A(T_n)) T_n, then
 * T_{n+1} = exp(-h A(T_half)) T_n, where exp(-h A) = C^(1/2) V exp(-h L) V^T
 * C^(-1/2) from the eigenpairs (L, V) of the symmetric C^(1/2) (D - K) C^(1/2)
 * (LAPACK dsyev). n^T A = 0, so sum_a n_a T_a is conserved by every step. */
#include "qlb/plasma.h"
#include "core/error.h"

#include <lapacke.h>
#include <math.h>
#include <string.h>

#define MAX_S 16

/* out = exp(-h A(K)) in (temperatures, eV). */
static qlb_status propagate(const qlb_plasma_species *sp, int S, const double *K, double h, const double *in,
                            double *out)
{
    double M[MAX_S * MAX_S], w[MAX_S], root[MAX_S], y[MAX_S];
    for (int a = 0; a < S; a++) root[a] = sqrt(2 / (3 * sp[a].density_cc));
    for (int a = 0; a < S; a++) {
        double row = 0;
        for (int b = 0; b < S; b++) row += K[a * S + b];
        for (int b = 0; b < S; b++) M[a * S + b] = root[a] * ((a == b) * row - K[a * S + b]) * root[b];
    }
    if (LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', S, M, S, w))
        return qlb_fail(QLB_ELAPACK, "the eigensolver failed on the exchange matrix");
    for (int k = 0; k < S; k++) { /* y = exp(-h L) V^T C^(-1/2) in */
        double c = 0;
        for (int a = 0; a < S; a++) c += M[a * S + k] * in[a] / root[a];
        y[k] = exp(-h * fmax(w[k], 0)) * c;
    }
    for (int a = 0; a < S; a++) {
        double v = 0;
        for (int k = 0; k < S; k++) v += M[a * S + k] * y[k];
        out[a] = root[a] * v;
    }
    return QLB_OK;
}

/* K at the temperatures T (eV). */
static qlb_status coefficients_at(const qlb_plasma_species *sp, int S, const qlb_relax_options *o,
                                  const double *T, double *K)
{
    qlb_plasma_species now[MAX_S];
    memcpy(now, sp, (size_t)S * sizeof *now);
    for (int a = 0; a < S; a++) now[a].temperature_ev = T[a];
    return qlb_relax_coefficients(now, S, o, K);
}

qlb_status qlb_relax_history(const qlb_plasma_species *sp, int S, const qlb_relax_options *o,
                             double t_final, int steps, double *T, void (*progress)(void *, int), void *ctx)
{
    if (!(isfinite(t_final) && t_final > 0)) return qlb_fail(QLB_EINVAL, "the final time must be finite and > 0");
    if (steps < 1 || steps > 100000) return qlb_fail(QLB_EINVAL, "steps must be in 1..100000");
    qlb_status st = qlb_plasma_check(sp, S);
    if (st) return st;
    double K[MAX_S * MAX_S], half[MAX_S], h = t_final / steps;
    for (int a = 0; a < S; a++) T[a] = sp[a].temperature_ev;
    for (int i = 0; i < steps && !st; i++) {
        const double *cur = T + (size_t)i * S;
        st = coefficients_at(sp, S, o, cur, K);
        if (!st) st = propagate(sp, S, K, h / 2, cur, half);
        if (!st) st = coefficients_at(sp, S, o, half, K);
        if (!st) st = propagate(sp, S, K, h, cur, T + (size_t)(i + 1) * S);
        if (!st && progress) progress(ctx, i + 1);
    }
    return st;
}
