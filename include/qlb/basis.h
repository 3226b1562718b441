/* qlb/basis.h — Hermite bases of the space of total degree <= N in R^d.
 *
 * Cartesian: phi_alpha(v) = prod_i He_{alpha_i}(v_i) e^{-v_i^2/4} /
 * ((2 pi)^{1/4} sqrt(alpha_i!)), ordered by total degree, then reverse-
 * lexicographically ((2,0),(1,1),(0,2)).
 * Spherical (Burnett): f_{n,l,m}(v) = R_nl(|v|) Y_lm(v/|v|) with
 * R_nl(r) = (-1)^n N_nl r^l L_n^{(l+d/2-1)}(r^2/2) e^{-r^2/4} (positive leading
 * coefficient), Int R_nl^2 r^{d-1} dr = 1, ordered by shell s = 2n+l, then l
 * ascending, then m = 0..dim H_l(d)-1. The Y_lm are fixed by qlb_burnett. */
#ifndef QLB_BASIS_H
#define QLB_BASIS_H

#include <stddef.h>

#include "qlb/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct qlb_basis qlb_basis;

/* Creates the index tables for dimension d >= 1 and degree N >= 0. */
qlb_status qlb_basis_create(int dim, int degree, qlb_basis **out);
void qlb_basis_free(qlb_basis *basis);

int qlb_basis_dim(const qlb_basis *basis);
int qlb_basis_degree(const qlb_basis *basis);
size_t qlb_basis_size(const qlb_basis *basis);
/* First index and number of functions of total degree s (shell s). */
size_t qlb_basis_shell_offset(const qlb_basis *basis, int s);
size_t qlb_basis_shell_size(const qlb_basis *basis, int s);

/* Multi-index of Cartesian function i (d ints, owned by basis). */
const int *qlb_basis_multi_index(const qlb_basis *basis, size_t i);
/* Position of a multi-index, or (size_t)-1 if its degree exceeds N. */
size_t qlb_basis_index(const qlb_basis *basis, const int *alpha);

/* (n, l, m) of spherical function i. */
void qlb_basis_spherical_label(const qlb_basis *basis, size_t i, int *n, int *l, int *m);
/* Position of spherical function (n, l, m) (2n + l <= N, m < dim H_l):
 * shell offset of 2n + l, plus C(l+d-3, d-1) (the functions of smaller l
 * in the shell), plus m. */
size_t qlb_basis_spherical_index(const qlb_basis *basis, int n, int l, int m);

/* dim H_l(d) = C(l+d-1, d-1) - C(l+d-3, d-1): spherical harmonics of degree l;
 * SIZE_MAX where it does not fit in a size_t (e.g. d = 40, l = 26). */
size_t qlb_basis_dim_harmonic(int l, int d);
/* The same as a double (exact below 2^53, to rounding beyond). */
double qlb_basis_dim_harmonic_real(int l, int d);

/* Weight of a degree-n function in ||g||_r^2 of (1.31):
 * sum_{r'=0}^{r} prod_{j=0}^{r'-1} (n + d + j). */
double qlb_basis_norm_weight(int n, int dim, int r);
/* ||g||_r for Cartesian coefficients c (length qlb_basis_size). */
double qlb_basis_norm(const qlb_basis *basis, const double *c, int r);

/* Special functions that define the bases (thread-safe, no allocation):
 * out[n] = psi_n(x), n = 0..nmax: normalized 1-D Hermite functions. */
void qlb_hermite_functions(int nmax, double x, double *out);
/* out[n] = R_nl(r), n = 0..nmax, for r > 0 in dimension d. */
void qlb_radial_functions(int dim, int l, int nmax, double r, double *out);
/* out[l] = G_l(x), l = 0..lmax: Gegenbauer C_l^{(d-2)/2} normalized to
 * G_l(1) = 1 (Chebyshev T_l for d = 2, Legendre P_l for d = 3). */
void qlb_zonal_polynomials(int dim, int lmax, double x, double *out);
/* |S^{k-1}| = 2 pi^{k/2} / Gamma(k/2), the area of the unit sphere in R^k. */
double qlb_sphere_area(int k);

#ifdef __cplusplus
}
#endif

#endif
