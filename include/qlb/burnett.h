/* qlb/burnett.h — change of basis between the Cartesian and the spherical
 * (Burnett) Hermite bases, shell by shell (DESIGN.md §4).
 *
 * In shell s (total degree s) the columns of U_s are the Cartesian
 * coefficients of f_{n,l,m}, 2n + l = s, in spherical order. The harmonic
 * functions f_{0,l,m} are the Gram–Schmidt orthonormalization, in export
 * order, of the phi_alpha with alpha_1 <= 1 against the range of the radial
 * raising operator A^+ = sum_i (a_i^+)^2; then
 * f_{n+1,l,m} = A^+ f_{n,l,m} / sqrt(4 (n+1) (n + l + d/2)). U_s is orthogonal. */
#ifndef QLB_BURNETT_H
#define QLB_BURNETT_H

#include "qlb/basis.h"
#include "qlb/status.h"

typedef struct qlb_burnett qlb_burnett;

/* basis is borrowed and must outlive the result. Cost ~ sum_s size_s^3. */
qlb_status qlb_burnett_create(const qlb_basis *basis, qlb_burnett **out);
void qlb_burnett_free(qlb_burnett *b);

/* Row-major size_s x size_s matrix U_s (owned by b). */
const double *qlb_burnett_shell(const qlb_burnett *b, int s);

/* Coefficients of one function in the other basis (length
 * qlb_basis_size; in and out must not alias). */
void qlb_burnett_to_spherical(const qlb_burnett *b, const double *cartesian, double *spherical);
void qlb_burnett_to_cartesian(const qlb_burnett *b, const double *spherical, double *cartesian);

#endif
