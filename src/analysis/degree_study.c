/* degree_study.c — evaluates the gap, a coercivity constant or the transport
 * coefficients on the truncations of degree N, N-2, ... down to the lowest
 * degree where they exist, and assesses their convergence
 * (qlb_convergence_assess, noise level QLB_CONVERGENCE_NOISE(tol)). */
#include "qlb/study.h"
#include "core/error.h"
#include "qlb/spectrum.h"
#include "qlb/transport.h"

#include <math.h>
#include <stdlib.h>

#define MAX_STUDY 96   /* degrees in a study: <= 160/2 + 1 */

int qlb_study_min_degree(qlb_study_kind kind) { return kind == QLB_STUDY_TRANSPORT ? 3 : 2; }

/* The quantity at one degree: v[0] (and v[1], prandtl for transport). */
static qlb_status evaluate(const qlb_linop *L, const qlb_linop *G, qlb_study_kind kind, int N,
                           double *v, int *l, double *prandtl)
{
    qlb_linop *Lt = NULL, *Gt = NULL;
    qlb_status st = qlb_linop_truncate(L, N, &Lt);
    if (!st && G) st = qlb_linop_truncate(G, N, &Gt);
    if (!st && kind == QLB_STUDY_TRANSPORT) {
        qlb_transport t;
        st = qlb_transport_coefficients(Lt, &t);
        v[0] = t.viscosity;
        v[1] = t.heat_conductivity;
        *prandtl = t.prandtl;
    } else if (!st) {
        st = qlb_spectrum_coercivity(Lt, Gt, &v[0], l);
    }
    qlb_linop_free(Lt);
    qlb_linop_free(Gt);
    return st;
}

qlb_status qlb_study_run(const qlb_linop *L, const qlb_linop *G, qlb_study_kind kind, int N,
                     double conv_tol, qlb_study_result *out)
{
    int lo = qlb_study_min_degree(kind), count = 0;
    int first = N - 2 * ((N - lo) / 2);
    int degrees[MAX_STUDY];
    double values[MAX_STUDY], heat[MAX_STUDY], v[2] = {0, 0};
    /* below lo the library reports the degree */
    qlb_status st = conv_tol > 0 && isfinite(conv_tol)
                        ? QLB_OK
                        : qlb_fail(QLB_EINVAL, "the convergence tolerance must be finite and > 0, got %g", conv_tol);
    for (int n = first; n <= N && !st && count < MAX_STUDY; n += 2, count++) {
        st = evaluate(L, G, kind, n, v, &out->l, &out->prandtl);
        degrees[count] = n;
        values[count] = v[0];
        heat[count] = v[1];
    }
    double noise = QLB_CONVERGENCE_NOISE(qlb_linop_params(L)->tol);
    if (!st) st = qlb_convergence_assess(degrees, values, count, conv_tol, noise, &out->conv[0]);
    if (!st && kind == QLB_STUDY_TRANSPORT)
        st = qlb_convergence_assess(degrees, heat, count, conv_tol, noise, &out->conv[1]);
    return st;
}
