/* qlb/quadratic.h — the quadratic collision term Q_hbar(g, g) (docs/DESIGN.md §5)
 * as a tensor on Hermite functions of total degree <= N:
 *
 *   T[a][b][c] = <f_a, Q(f_b, f_c)>,   Q(g, g) = the exact second-order term
 *   of Q_LB(M + sqrt(M) g) / sqrt(M), i.e. (d_t g + L g = Q(g, g) + O(g^3)),
 *
 * Q symmetric bilinear, f_a the spherical (Burnett) basis in the order of
 * qlb/basis.h. Q has two parts: the collision term with eps(M), and the
 * first variation of |eps(F)|^-2 in the direction sqrt(M) g times the
 * linear collision integrand (optional; absent without screening).
 *
 * Storage (factored, Wigner–Eckart): T commutes with O(d), so
 *   T[(n,l,m)][(n1,l1,m1)][(n2,l2,m2)] = t^{l l1 l2}[n][n1][n2] G^{l l1 l2}[m][m1][m2],
 * G the Gaunt tensor of (l, l1, l2) (unit Frobenius norm, symmetric:
 * G^{l l1 l2}[m][m1][m2] = G^{l l2 l1}[m][m2][m1]) and t the reduced radial
 * tensor. Only coupled degrees are stored (l + l1 + l2 even, triangle
 * |l1-l2| <= l <= l1+l2; in d = 2 only l = l1+l2 or |l1-l2|), and only
 * l1 <= l2: the blocks with l1 > l2 follow from T[a][b][c] = T[a][c][b].
 * Each block holds t (dense, K x K1 x K2, K = (N-l)/2 + 1 radial orders)
 * and the sparse G (shared with no copy). Memory grows like the Gaunt
 * entries (~N^5 in d = 3) plus the radial values (~N^6 / 4), not like the
 * expanded entries (~N^9).
 *
 * Contraction without expanding: per output degree l, couple x_{l1} (x) z_{l2}
 * into H_l through G, then multiply by t (dense products). All contractions
 * are read-only, allocation-free and thread-parallel (OpenMP over blocks of
 * output functions). Creation is the expensive step. */
#ifndef QLB_QUADRATIC_H
#define QLB_QUADRATIC_H

#include <stddef.h>
#include <stdint.h>

#include "qlb/params.h"
#include "qlb/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    size_t size;           /* N_b, functions of degree <= N */
    size_t blocks;         /* stored (l, l1, l2) blocks, l1 <= l2 */
    size_t radial_values;  /* values of t stored */
    size_t gaunt_entries;  /* entries of G stored */
    double expanded;       /* non-zero entries (b <= c) of the expanded tensor */
    double dense;          /* N_b^3, the dense tensor's entries */
    size_t bytes;          /* memory of the stored tensor */
    double error;          /* estimated relative error of the parallel kernels */
    double kappa_min, kappa_max;
    int intervals;         /* kappa subintervals */
    long evaluations;      /* kappa nodes */
} qlb_quadratic_info;

typedef struct qlb_quadratic qlb_quadratic;

/* Estimated memory of the stored tensor for p (bytes), without building it. */
double qlb_quadratic_estimate_bytes(const qlb_params *p);
/* Estimated peak memory of building it (kernels, Gaunt recursion). */
double qlb_quadratic_estimate_build_bytes(const qlb_params *p);
/* Upper bound on the memory of its expanded form (qlb_quadratic_expand). */
double qlb_quadratic_estimate_expanded_bytes(const qlb_params *p);

/* Builds T for p (validated; p->potential borrowed, must outlive T).
 * variation = 0 leaves out the variation of the screening. Fails with
 * QLB_ENOMEM, before allocating, if building it would not fit in memory. */
qlb_status qlb_quadratic_create(const qlb_params *p, int variation, qlb_quadratic **out);
void qlb_quadratic_free(qlb_quadratic *T);

/* One part of T for work shared among processes (MPI ranks): the output
 * rows (l, m), in order, are cut into `parts` contiguous runs of about
 * equal stored bytes (0 <= part < parts), and part `part` builds and stores
 * only the Gaunt entries of its rows and the radial tensors of their
 * blocks. Its contractions (apply, apply_pair, jacobian) fill only its
 * rows and leave zeros elsewhere: the sum of all parts' results is T's,
 * bit for bit. Every part computes the parallel kernels and the lower
 * levels of the Gaunt recursion. Memory is checked for this part only. A
 * part cannot be saved (qlb_io_write_tensor refuses it). */
qlb_status qlb_quadratic_create_part(const qlb_params *p, int variation, int part, int parts,
                                     qlb_quadratic **out);
/* Stored bytes of one part, and (build_peak, if not NULL) the peak of
 * building it, without building anything. */
double qlb_quadratic_estimate_part_bytes(const qlb_params *p, int part, int parts, double *build_peak);
/* This T's part (0 for a whole T) and, in *parts if not NULL, their number. */
int qlb_quadratic_part(const qlb_quadratic *T, int *parts);

/* A part's own Gaunt entries and radial tensors as two flat arrays
 * (malloc'ed; int32 and double) to send to the process that joins them. */
qlb_status qlb_quadratic_part_pack(const qlb_quadratic *T, int32_t **ints, size_t *nints, double **dbls,
                                   size_t *ndbls);
/* The whole T from the packs of all `parts` parts (in part order), with
 * `part` any one of them for the parameters: equal to qlb_quadratic_create's
 * T bit for bit (contractions, saved file); it can be saved. */
qlb_status qlb_quadratic_join(const qlb_quadratic *part, int parts, int32_t *const *ints,
                              const size_t *nints, double *const *dbls, qlb_quadratic **out);

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

/* One stored block (pointers owned by T). With index(n, l, m) the position
 * of f_{n,l,m} (qlb_basis_spherical_index), for n < K, n1 < K1, n2 < K2 and
 * every coupling entry e of m (gaunt_start[m] <= e < gaunt_start[m+1]):
 *   T[index(n,l,m)][index(n1,l1,m1)][index(n2,l2,m2)]
 *     = radial[(n * K1 + n1) * K2 + n2] * gaunt_value[e],
 *   (m1, m2) = (gaunt_mm[2e], gaunt_mm[2e+1]),
 * and the same value at T[..][index(n2,l2,m2)][index(n1,l1,m1)]; every
 * entry not so reached is 0. */
typedef struct {
    int l, l1, l2;             /* l1 <= l2 */
    int K, K1, K2;             /* radial orders n = 0 .. K-1 (of l), .. */
    int D;                     /* dim H_l, the first coupling index m < D */
    const double *radial;      /* K x K1 x K2 row-major */
    const int *gaunt_start;    /* D + 1 */
    const int *gaunt_mm;       /* (m1, m2) per entry, sorted by (m, m1) */
    const double *gaunt_value; /* per entry */
} qlb_quadratic_block;

/* The k-th stored block, k < info.blocks, in order of (l, l1, l2). The
 * radial arrays of all blocks are consecutive in this order in one array
 * (block 0's radial first; info.radial_values in all). */
qlb_quadratic_block qlb_quadratic_get_block(const qlb_quadratic *T, size_t k);

/* The expanded form, for tests and the coordinate export: row a holds
 * entries row[a] .. row[a+1]-1, entry k is T[a][bc[2k]][bc[2k+1]] =
 * value[k] with bc[2k] <= bc[2k+1], zeros left out. */
typedef struct {
    size_t size, count;
    size_t *row;
    int32_t *bc;
    double *value;
} qlb_quadratic_expanded;

/* Memory of the expanded form (bytes). */
double qlb_quadratic_expanded_bytes(const qlb_quadratic *T);
/* Expands T; fails with QLB_ENOMEM, before allocating, if it does not fit. */
qlb_status qlb_quadratic_expand(const qlb_quadratic *T, qlb_quadratic_expanded *out);
void qlb_quadratic_expanded_free(qlb_quadratic_expanded *E);

#ifdef __cplusplus
}
#endif

#endif
