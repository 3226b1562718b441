/* parameters.h — checks on the parameters shared by the operator's forms
 * (parameters.c). */
#ifndef QLB_PHYSICS_PARAMETERS_H
#define QLB_PHYSICS_PARAMETERS_H

#include "qlb/potential.h"
#include "qlb/status.h"

/* QLB_EDIVERGE (naming `what`) if Int^inf k^(need-1) Vhat^2 dk diverges for
 * a family whose large-k decay is known; QLB_OK otherwise. */
qlb_status qlb_check_large_k(const qlb_potential *v, double need, const char *what);

#endif
