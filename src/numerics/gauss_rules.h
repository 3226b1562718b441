/* gauss_rules.h — Gauss quadrature rules (gauss_rules.c). */
#ifndef QLB_NUMERICS_GAUSS_RULES_H
#define QLB_NUMERICS_GAUSS_RULES_H

#include "qlb/status.h"

/* Nodes ascending. Weights are "scaled": the rule integrates
 * f(x) * weight(x) as sum w[i] * f(x[i]) * weight(x[i]), i.e.
 * w[i] = omega[i] / weight(x[i]), which stays O(1) where omega underflows.
 *   HERMITE   weight exp(-x^2) on R
 *   LAGUERRE  weight x^alpha exp(-x) on (0, inf), weight(x) taken as exp(-x)
 *   LEGENDRE  weight 1 on [-1, 1] (plain weights). */
typedef enum { QLB_GAUSS_HERMITE, QLB_GAUSS_LAGUERRE, QLB_GAUSS_LEGENDRE } qlb_gauss_kind;
qlb_status qlb_gauss_rule(qlb_gauss_kind kind, int n, double alpha, double *x, double *w);

/* The nodes x >= 0 of the n-point Hermite rule (scaled weights), the node
 * x = 0 (n odd) at half weight: sum over them of w f, doubled, is the rule
 * for an even f. (n + 1)/2 nodes, ascending. */
qlb_status qlb_half_hermite_rule(int n, double *x, double *w);

/* Gauss rule for the standard normal law: E f(X) ~ sum w[i] f(x[i]) (plain
 * weights; nodes ascending). */
qlb_status qlb_normal_rule(int n, double *x, double *w);

#endif
