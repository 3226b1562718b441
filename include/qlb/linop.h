/* qlb/linop.h — the linearized QLB operator L_hbar (1.29), or L_0 (1.35) at
 * hbar = 0, on Hermite functions of total degree <= N (docs/DESIGN.md §3).
 *
 * L commutes with rotations, so it is stored as one symmetric block per
 * l = 0..N in the Burnett basis, block_l[n][n'] = <f_{n,l,m}, L f_{n',l,m}>
 * for any m (n, n' = 0..(N-l)/2). The only adaptive integral is the
 * (N+1)x(N+1) parallel kernel; the blocks follow by exact Gauss rules.
 * Creation is the expensive step; the accessors are read-only and
 * thread-safe. */
#ifndef QLB_LINOP_H
#define QLB_LINOP_H

#include "qlb/basis.h"
#include "qlb/burnett.h"
#include "qlb/params.h"
#include "qlb/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    double error;        /* estimated relative (Frobenius) error of the kernel */
    double kappa_min;    /* kappa range integrated: beyond it, the estimated */
    double kappa_max;    /* tails are below tol/8 */
    int intervals;       /* kappa subintervals used */
    long evaluations;    /* kappa nodes evaluated */
    double asymmetry;    /* max |B - B^T| / max |B| over blocks before they are
                            symmetrized: the exactness of the block quadrature */
    long inner_evaluations; /* u nodes evaluated, over all kappa nodes (0 when loaded) */
} qlb_linop_info;

typedef struct qlb_linop qlb_linop;

/* The rotation-invariant quadratic forms assembled the same way. */
typedef enum {
    QLB_FORM_COLLISION,       /* <g, L_hbar g>, (1.29) */
    QLB_FORM_NORM_HBAR,       /* ||g||_hbar^2 of Definition 3.1, (3.5); at hbar = 0
                                 its limit c_d Int Vhat^2 |k| |eps_0|^-2 M_1(u)
                                 [(d_u g)^2 + (u/2)^2 g^2] dk dv, u = v.khat */
    QLB_FORM_NORM_CLASSICAL   /* ||g||_0^2 of (3.6)-(3.7) as printed: the same with
                                 c_d -> 1 and u/2 -> u; uses eps_0 for any hbar */
} qlb_form;

/* Assembles L for p (validated first; p->potential is borrowed and must
 * outlive the operator). On failure *out is NULL. */
qlb_status qlb_linop_create(const qlb_params *p, qlb_linop **out);

/* The same for the Gram matrix of another form (blocks are then positive
 * definite; the kernel accessor returns that form's parallel kernel). */
qlb_status qlb_linop_create_form(const qlb_params *p, qlb_form form, qlb_linop **out);
qlb_form qlb_linop_form(const qlb_linop *L);

/* The same form on degree <= `degree` (<= L's degree): the Burnett basis of
 * a lower degree is a subset, so its blocks are leading sub-blocks and no
 * integral is recomputed. Convergence studies in N cost one assembly. */
qlb_status qlb_linop_truncate(const qlb_linop *L, int degree, qlb_linop **out);
void qlb_linop_free(qlb_linop *L);

const qlb_params *qlb_linop_params(const qlb_linop *L);
qlb_linop_info qlb_linop_get_info(const qlb_linop *L);

/* Block l (row-major size x size, owned by L), size = (N-l)/2 + 1. */
const double *qlb_linop_block(const qlb_linop *L, int l, int *size);

/* Parallel kernel K_par/hbar^2 of docs/DESIGN.md §3 ((N+1)^2, row-major). */
const double *qlb_linop_kernel(const qlb_linop *L);

/* y = L x in the spherical basis of qlb/basis.h (x, y of qlb_basis_size
 * doubles, not aliased): block by block, y_{n,l,m} = sum_n' block_l[n][n']
 * x_{n',l,m}, about sum_l dim H_l K_l^2 operations instead of N_b^2.
 * Read-only and thread-safe (OpenMP over l). QLB_EINVAL if the basis has
 * another dimension or degree. */
qlb_status qlb_linop_apply(const qlb_linop *L, const qlb_basis *basis, const double *x, double *y);

/* Dense matrix in the spherical basis order of qlb/basis.h (size^2 doubles,
 * caller-allocated). */
void qlb_linop_spherical(const qlb_linop *L, const qlb_basis *basis, double *out);

/* Dense matrix in the Cartesian export order (size^2 doubles, caller-
 * allocated); entries between multi-indices of different parity, which
 * vanish by reflection symmetry, are set to exactly 0. */
void qlb_linop_cartesian(const qlb_linop *L, const qlb_basis *basis,
                         const qlb_burnett *burnett, double *out);

#ifdef __cplusplus
}
#endif

#endif
