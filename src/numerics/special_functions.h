/* special_functions.h — internal special functions (special_functions.c);
 * the public ones (Hermite, radial and zonal functions) are in qlb/basis.h. */
#ifndef QLB_NUMERICS_SPECIAL_FUNCTIONS_H
#define QLB_NUMERICS_SPECIAL_FUNCTIONS_H

#include <stddef.h>

/* C(n, k) as size_t, 0 on overflow. */
size_t qlb_binomial(int n, int k);

/* out[n] = p0 He_n(x) / sqrt(n!), n = 0..nmax, by the normalized three-term
 * recurrence; p0 = 1 gives the orthonormal polynomials of the normal law,
 * p0 = psi_0(x) the Hermite functions. */
void qlb_hermite_recurrence(int nmax, double x, double p0, double *out);
/* The same at count points: out[n * ld + j] for x[j], p0[j]. */
void qlb_hermite_batch(int nmax, int count, const double *x, const double *p0, double *out,
                       size_t ld);
/* sqrt(n) and 1/sqrt(n+1), the coefficients of that recurrence (tabulated). */
void qlb_recurrence_coefficients(int n, double *sqrt_n, double *inv_sqrt_next);

#endif
