/* study.h — a quantity of the truncated operator at degree N together with
 * its convergence over N, N-2, N-4, ... (all by truncation of one assembly):
 * used by `qlb coercivity`, `qlb transport` and `qlb scan`. */
#ifndef QLB_CLI_STUDY_H
#define QLB_CLI_STUDY_H

#include "qlb/qlb.h"

typedef enum { STUDY_GAP, STUDY_COERCIVITY, STUDY_TRANSPORT } study_kind;

typedef struct {
    int l;                    /* gap / coercivity: l of the minimizing block */
    qlb_convergence conv[2];  /* gap or constant in [0]; transport: viscosity,
                                 heat conductivity */
    double prandtl;           /* transport */
} study_result;

/* Lowest degree the quantity exists at. */
int study_min_degree(study_kind kind);

/* G: the Gram matrix for STUDY_COERCIVITY (else NULL). L, G of degree >= N. */
qlb_status study_run(const qlb_linop *L, const qlb_linop *G, study_kind kind, int N,
                     double conv_tol, study_result *out);

#endif
