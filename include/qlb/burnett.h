/* qlb/burnett.h — change of basis between the Cartesian and the spherical
 * (Burnett) Hermite bases, shell by shell (docs/DESIGN.md §3).
 *
 * In shell s (total degree s) the columns of U_s are the Cartesian
 * coefficients of f_{n,l,m}, 2n + l = s, in spherical order. The Y_lm are the
 * Gelfand–Tsetlin harmonics of the chain R^d = R x R^(d-1) x ... x R^1:
 * m runs over the pairs (j, m'), j = 0..l ascending, m' a label of the
 * harmonics of degree j in (v_2..v_d) (recursively), so m = 0 is the zonal
 * harmonic about the v_1 axis (a function of v_1 and |(v_2..v_d)| only).
 * In d = 2, m = 0 is even and m = 1 odd in v_2. Signs: f_{n+1,l,m} is along
 * +A^+ f_{n,l,m}, A^+ = sum_i (a_i^+)^2, and the coefficient of
 * psi_l(v_1) f'_{0,0}(v_2..) in f_{0,l,(0,0)} is positive. U_s is orthogonal
 * to rounding at every degree (each column is a product of orthonormal
 * pieces; see spherical_basis.c). */
#ifndef QLB_BURNETT_H
#define QLB_BURNETT_H

#include "qlb/basis.h"
#include "qlb/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct qlb_burnett qlb_burnett;

/* Memory of the shell matrices for dimension d and degree N (bytes, sum over
 * shells of size_s^2 doubles), without building anything. */
double qlb_burnett_estimate_bytes(int dim, int degree);

/* basis is borrowed and must outlive the result. Cost ~ sum_s size_s^2 d.
 * QLB_ENOMEM, before allocating, if the estimate exceeds 80% of memory. */
qlb_status qlb_burnett_create(const qlb_basis *basis, qlb_burnett **out);
void qlb_burnett_free(qlb_burnett *b);

/* Row-major size_s x size_s matrix U_s (owned by b). */
const double *qlb_burnett_shell(const qlb_burnett *b, int s);

/* Coefficients of one function in the other basis (length
 * qlb_basis_size; in and out must not alias). */
void qlb_burnett_to_spherical(const qlb_burnett *b, const double *cartesian, double *spherical);
void qlb_burnett_to_cartesian(const qlb_burnett *b, const double *spherical, double *cartesian);

#ifdef __cplusplus
}
#endif

#endif
