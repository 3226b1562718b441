/* qlb/potential.h — radial interaction potentials given by their Fourier
 * transform Vhat(k), k = |k| (convention (1.13) of the paper).
 *
 * Families (docs/DESIGN.md §1), spec strings parsed strictly:
 *   algebraic:A=..,p=..   Vhat = A (1 + k^2)^(-p)
 *   gaussian:A=..,s=..    Vhat = A exp(-k^2 / (2 s^2))
 *   power:A=..,a=..       Vhat = A k^(-a)      (a = (d-2)/2: Maxwell molecules)
 *   table:PATH            two columns "k Vhat" (whitespace or comma separated,
 *                         '#' comments), k strictly increasing from k = 0,
 *                         natural cubic spline inside, Vhat = 0 beyond the last k.
 * and a C callback for library users. */
#ifndef QLB_POTENTIAL_H
#define QLB_POTENTIAL_H

#include "qlb/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct qlb_potential qlb_potential;

typedef enum {
    QLB_POTENTIAL_ALGEBRAIC,
    QLB_POTENTIAL_GAUSSIAN,
    QLB_POTENTIAL_POWER,
    QLB_POTENTIAL_TABLE,
    QLB_POTENTIAL_CALLBACK
} qlb_potential_kind;

/* Parse a spec string. On success *out owns a new potential (free with
 * qlb_potential_free); on failure *out is NULL and the message names the
 * offending part of the spec. */
qlb_status qlb_potential_parse(const char *spec, qlb_potential **out);

/* Wrap a user function Vhat(k, ctx). The function must be finite and
 * non-negative for k > 0 and thread-safe; ctx is borrowed (not copied or
 * freed) and must outlive the potential. `name` (copied) is used in metadata. */
qlb_status qlb_potential_from_callback(double (*vhat)(double k, void *ctx),
                                       void *ctx, const char *name,
                                       qlb_potential **out);

void qlb_potential_free(qlb_potential *pot);

/* Vhat(k) for k >= 0 (thread-safe); NaN for k < 0 or NaN. Never aborts:
 * a table is evaluated only inside its range (0 beyond the last k). */
double qlb_potential_eval(const qlb_potential *pot, double k);

/* The same with a status: QLB_EINVAL for k < 0 or NaN, QLB_EDIVERGE where
 * Vhat is not finite (k = 0 of a power law); *vhat is NaN then. */
qlb_status qlb_potential_value(const qlb_potential *pot, double k, double *vhat);

qlb_potential_kind qlb_potential_get_kind(const qlb_potential *pot);

/* Family parameter by name ("A", "p", "s", "a"); NaN if the family has none. */
double qlb_potential_param(const qlb_potential *pot, const char *name);

/* Canonical spec string (owned by pot), e.g. "algebraic:A=2,p=3". */
const char *qlb_potential_spec(const qlb_potential *pot);

/* What the potential is, for comparing runs: the spec, and for a table also
 * the sha256 of the values read ("table:PATH sha256=..."), so an edited
 * table is not taken for the same potential. Owned by pot. */
const char *qlb_potential_fingerprint(const qlb_potential *pot);

/* Largest k where Vhat may be non-zero (INFINITY except for tables). */
double qlb_potential_support(const qlb_potential *pot);

/* Lambda = Int_0^inf k^3 Vhat(k)^2 dk (relative accuracy 1e-13). The
 * classical unscreened d = 3 operator is Landau's with this Coulomb
 * logarithm, and its Braginskii time tau = 1/nu_ii is 12 pi^{5/2} / Lambda
 * in qlb's units (n = T = m = 1). QLB_EDIVERGE for power laws (the integral
 * diverges at 0 or at infinity) and where it does not converge. */
qlb_status qlb_potential_coulomb_logarithm(const qlb_potential *pot, double *lambda);

#ifdef __cplusplus
}
#endif

#endif
