/* qlb/params.h — the physical and numerical parameters of one operator. */
#ifndef QLB_PARAMS_H
#define QLB_PARAMS_H

#include <stddef.h>

#include "qlb/potential.h"
#include "qlb/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int dim;                          /* d >= 2 */
    double hbar;                      /* >= 0; 0 is classical Lenard–Balescu */
    int degree;                       /* N >= 0: Hermite total degree <= N */
    const qlb_potential *potential;   /* borrowed, must outlive every user */
    int screening;                    /* 1: |eps_hbar(M)|^-2, 0: eps = 1 */
    double tol;                       /* requested relative accuracy, e.g. 1e-12 */
} qlb_params;

/* Defaults: dim 3, hbar 1, degree 8, screening on, tol 1e-12, no potential. */
qlb_params qlb_params_default(void);

/* Validates ranges (d >= 2, hbar >= 0 and finite, degree >= 0, tol in
 * [1e-15, 1e-2], potential given) and rejects combinations for which the
 * operator diverges for a known family (e.g. a power potential without
 * screening and a < (d+1)/2 violated, or hbar = 0 with a too slowly
 * decaying Vhat). */
qlb_status qlb_params_check(const qlb_params *p);

/* Number of Cartesian basis functions C(N+d, d); 0 on overflow. */
size_t qlb_params_basis_size(const qlb_params *p);


#ifdef __cplusplus
}
#endif

#endif
