/* qlb/study.h — a quantity of the truncated operator at degree N together
 * with its convergence over N, N-2, N-4, ... (all by truncation of one
 * assembly): the spectral gap, a coercivity constant, or the transport
 * coefficients. What `qlb coercivity`, `qlb transport` and `qlb scan` report. */
#ifndef QLB_STUDY_H
#define QLB_STUDY_H

#include "qlb/convergence.h"
#include "qlb/linop.h"
#include "qlb/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { QLB_STUDY_GAP, QLB_STUDY_COERCIVITY, QLB_STUDY_TRANSPORT } qlb_study_kind;

typedef struct {
    int l;                    /* gap / coercivity: l of the minimizing block */
    qlb_convergence conv[2];  /* gap or constant in [0]; transport: viscosity,
                                 heat conductivity */
    double prandtl;           /* transport */
} qlb_study_result;

/* Lowest degree the quantity exists at. */
int qlb_study_min_degree(qlb_study_kind kind);

/* G: the Gram matrix for QLB_STUDY_COERCIVITY (else NULL). L, G of degree >= N. */
qlb_status qlb_study_run(const qlb_linop *L, const qlb_linop *G, qlb_study_kind kind, int N,
                     double conv_tol, qlb_study_result *out);

#ifdef __cplusplus
}
#endif

#endif
