/* qlb/quadratic.h — the quadratic collision term Q_hbar(g, g) (DESIGN.md §6)
 * as a sparse tensor on Hermite functions of total degree <= N:
 *
 *   T[a][b][c] = <f_a, Q(f_b, f_c)>,   Q(g, g) = the exact second-order term
 *   of Q_LB(M + sqrt(M) g) / sqrt(M), i.e. (d_t g + L g = Q(g, g) + O(g^3)),
 *
 * Q symmetric bilinear, f_a the spherical (Burnett) basis in the order of
 * qlb/basis.h. Q has two parts: the collision term with eps(M), and the
 * first variation of |eps(F)|^-2 in the direction sqrt(M) g times the
 * linear collision integrand (optional; absent without screening).
 *
 * Storage: T commutes with O(d), so T[(n,l,m)][(n',l',m')][(n'',l'',m'')] =
 * t[(n,l),(n',l'),(n'',l'')] C^{l l' l''}[m][m'][m''] (Wigner–Eckart) with C
 * the Gaunt tensor; only entries allowed by the selection rules are stored
 * (l + l' + l'' even, triangle |l'-l''| <= l <= l'+l'', in d = 2 only
 * l = l'+l'' or |l'-l''|; every basis function has a parity in each
 * coordinate, and the three must multiply to even), with b <= c (symmetry),
 * as rows a of (b, c, value). Creation is the expensive step; the contractions
 * are read-only, allocation-free and thread-parallel (OpenMP over rows). */
#ifndef QLB_QUADRATIC_H
#define QLB_QUADRATIC_H

#include <stddef.h>
#include <stdint.h>

#include "qlb/params.h"
#include "qlb/status.h"

typedef struct {
    size_t size;          /* N_b, functions of degree <= N */
    size_t nnz;           /* stored entries (b <= c) */
    double dense;         /* N_b^3, the dense tensor's entries */
    size_t bytes;         /* memory of the stored entries */
    double error;         /* estimated relative error of the parallel kernels */
    double kappa_min, kappa_max;
    int intervals;        /* kappa subintervals */
    long evaluations;     /* kappa nodes */
} qlb_quadratic_info;

typedef struct qlb_quadratic qlb_quadratic;

/* Estimated memory of the tensor for p (bytes), without building anything. */
double qlb_quadratic_estimate_bytes(const qlb_params *p);

/* Builds T for p (validated; p->potential borrowed, must outlive T).
 * variation = 0 leaves out the variation of the screening. Fails with
 * QLB_ENOMEM, before allocating, if the tensor would not fit in memory. */
qlb_status qlb_quadratic_create(const qlb_params *p, int variation, qlb_quadratic **out);
void qlb_quadratic_free(qlb_quadratic *T);

const qlb_params *qlb_quadratic_params(const qlb_quadratic *T);
int qlb_quadratic_variation(const qlb_quadratic *T);
qlb_quadratic_info qlb_quadratic_get_info(const qlb_quadratic *T);

/* y = T(c, c), spherical coefficients (length N_b; y must not alias c). */
void qlb_quadratic_apply(const qlb_quadratic *T, const double *c, double *y);
/* y = T(x, z) (symmetric bilinear). */
void qlb_quadratic_apply_pair(const qlb_quadratic *T, const double *x, const double *z,
                             double *y);
/* J = 2 T(c, .), the Jacobian of c -> T(c, c): N_b x N_b row-major. */
void qlb_quadratic_jacobian(const qlb_quadratic *T, const double *c, double *J);

/* The stored entries (owned by T): row a holds entries row[a] .. row[a+1]-1,
 * entry k is T[a][bc[2k]][bc[2k+1]] = value[k] with bc[2k] <= bc[2k+1]. */
void qlb_quadratic_entries(const qlb_quadratic *T, const size_t **row, const int32_t **bc,
                          const double **value);

#endif
