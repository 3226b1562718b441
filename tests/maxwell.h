/* maxwell.h — exact Maxwell-molecule eigenvalues for the tests. */
#ifndef QLB_TEST_MAXWELL_H
#define QLB_TEST_MAXWELL_H

#include "qlb/qlb.h"

/* lambda_{n,l} of QLB with Vhat = A k^{-(d-2)/2}, unscreened, hbar > 0. */
double maxwell_lambda(int d, int n, int l, double hbar, double A);

#endif
