/* u_integral.h — the inner u-integral of the parallel kernel at fixed kappa
 * (internal). */
#ifndef QLB_OPERATOR_U_INTEGRAL_H
#define QLB_OPERATOR_U_INTEGRAL_H

#include "qlb/dielectric.h"
#include "qlb/linop.h"
#include "qlb/params.h"

typedef struct qlb_u_integral qlb_u_integral;

/* A pair of species a, b (docs/DESIGN.md §9): their masses, and the
 * medium whose eps screens them (every species). */
typedef struct {
    double mass_a, mass_b;
    const qlb_dielectric_species *medium;
    int count;
} qlb_u_pair;

/* Rows of F: N + 1, or 2 (N + 1) for a pair of unequal masses (the vectors
 * E^ab of a, then E^ba of b). */
int qlb_u_integral_rows(const qlb_params *p, const qlb_u_pair *pair);

/* p (and pair, if not NULL: then form is QLB_FORM_COLLISION) must be
 * checked and outlive the object. */
qlb_status qlb_u_integral_create(const qlb_params *p, qlb_form form, const qlb_u_pair *pair,
                                 qlb_u_integral **out);
void qlb_u_integral_free(qlb_u_integral *U);
/* F = Int S(kappa,u) sum_r E^r(u) E^r(u)^T du (u_integral.c), rows^2, row-major;
 * vhat = Vhat(kappa). Not thread-safe (one object per thread). */
qlb_status qlb_u_integral_eval(qlb_u_integral *U, double kappa, double vhat, double *F);
/* u nodes evaluated so far. */
long qlb_u_integral_nodes(const qlb_u_integral *U);

#endif
