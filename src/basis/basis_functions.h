/* basis_functions.h — the basis functions of qlb/basis.h at many points at
 * once (basis_functions.c): row n (or l), column j = point, stride ld. */
#ifndef QLB_BASIS_BASIS_FUNCTIONS_H
#define QLB_BASIS_BASIS_FUNCTIONS_H

#include <stddef.h>

/* out[n * ld + j] = R_nl(r[j]), n = 0..nmax, r[j] > 0. */
void qlb_radial_batch(int dim, int l, int nmax, int count, const double *r, double *out, size_t ld);
/* out[l * ld + j] = G_l(x[j]), l = 0..lmax. */
void qlb_zonal_batch(int dim, int lmax, int count, const double *x, double *out, size_t ld);

#endif
