/* qlb/species.h — several species: the linearized multi-species QLB
 * operator near Maxwellians of one temperature (docs/DESIGN.md §9).
 *
 * Species a has charge Z_a, mass m_a (in the unit mass of qlb_params: a
 * species of mass 1 alone is qlb/linop.h's operator) and density n_a (the
 * densities are normalized to sum 1). The pair potential is Z_a Z_b V and
 * eps sums every species' response. Species a is expanded in the Burnett
 * functions of its own thermal speed; L is symmetric in
 * <g, h> = sum_a n_a <g_a, h_a>, and it is stored as one symmetric block per
 * l in the orthonormal basis of that product,
 *   e_{a,n,l,m}(v) = f_{n,l,m}(sqrt(m_a) v) m_a^{d/4} / sqrt(n_a),
 * indexed species-major (a K_l + n, K_l = (N - l)/2 + 1). Its kernel is
 * S + d + 1 dimensional: each density, the total momentum, the total
 * energy (qlb_mixop_invariants). */
#ifndef QLB_SPECIES_H
#define QLB_SPECIES_H

#include "qlb/linop.h"
#include "qlb/params.h"
#include "qlb/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define QLB_MAX_SPECIES 16
#define QLB_SPECIES_NAME 32

typedef struct {
    char name[QLB_SPECIES_NAME]; /* non-empty, unique among the species */
    double charge;               /* Z_a, finite and nonzero */
    double mass;                 /* m_a > 0 */
    double density;              /* n_a > 0 (relative) */
} qlb_species;

/* QLB_EINVAL with a message naming the species for: count outside
 * 1..QLB_MAX_SPECIES, an empty, unterminated or repeated name, a zero or
 * non-finite charge, a non-positive or non-finite mass or density. */
qlb_status qlb_species_check(const qlb_species *species, int count);

typedef struct qlb_mixop qlb_mixop;

/* Assembles L for p and the species (both validated; p->potential is
 * borrowed). One kernel integral per pair of distinct masses, one block
 * assembly for all species. On failure *out is NULL. */
qlb_status qlb_mixop_create(const qlb_params *p, const qlb_species *species, int count,
                            qlb_mixop **out);
void qlb_mixop_free(qlb_mixop *L);

const qlb_params *qlb_mixop_params(const qlb_mixop *L);
int qlb_mixop_species_count(const qlb_mixop *L);
/* Species a as used: its density normalized. */
const qlb_species *qlb_mixop_species(const qlb_mixop *L, int a);
/* error, kappa range, evaluations: over all pairs (worst error, sums). */
qlb_linop_info qlb_mixop_get_info(const qlb_mixop *L);

/* Block l (row-major size x size, owned by L), size = S K_l. */
const double *qlb_mixop_block(const qlb_mixop *L, int l, int *size);

/* The parts of pair (a, b) (0-based) in the same basis: test[l] (K_l^2,
 * caller-allocated for l = 0..N) the test part L_ab^T acting on species a,
 * field[l] the field part L_ab^F mapping species b to a. Summed over b,
 * the test parts are block l's diagonal sub-block (a, a) less its field
 * part (a, a), and field[l] of (a, b) is its sub-block (a, b). One block
 * assembly per call. */
qlb_status qlb_mixop_pair_parts(const qlb_mixop *L, int a, int b, double **test, double **field);

/* An orthonormal basis of the invariants in block l, as rows of
 * `vectors` (room for (S + 1) x size doubles): the S densities and the
 * energy at l = 0, the momentum at l = 1 (for every m), none above.
 * Returns their number. */
int qlb_mixop_invariants(const qlb_mixop *L, int l, double *vectors);

/* The quadratic term of several species (docs/DESIGN.md §9): the exact
 * second-order part of sum_b Q_ab at F_a = M_a + sqrt(M_a) g_a, as a
 * symmetric bilinear map on the coefficients of qlb_mixop's orthonormal
 * basis (S N_b values, species-major: a N_b + the spherical index of
 * qlb/basis.h), so that d_t c + L c = Q(c, c) + O(c^3). variation = 0
 * leaves out the variation of |eps(F)|^-2 (absent without screening), as
 * qlb_quadratic_create. One kernel integral per pair of distinct masses;
 * the radial tensors of each (output species, input pair) share one
 * Gaunt layout. Screened, it needs Vhat sum_a n_a Z_a^2 < 3.5 at every k
 * (no plasma-wave resonance). */
typedef struct qlb_mixquad qlb_mixquad;

qlb_status qlb_mixquad_create(const qlb_params *p, const qlb_species *species, int count, int variation,
                              qlb_mixquad **out);
void qlb_mixquad_free(qlb_mixquad *Q);
int qlb_mixquad_species_count(const qlb_mixquad *Q);
int qlb_mixquad_variation(const qlb_mixquad *Q);
const qlb_params *qlb_mixquad_params(const qlb_mixquad *Q);
/* S N_b. */
size_t qlb_mixquad_size(const qlb_mixquad *Q);
/* y = Q(c, c) (y must not alias c); read-only and allocation-free, threaded
 * like qlb_quadratic_apply. */
void qlb_mixquad_apply(const qlb_mixquad *Q, const double *c, double *y);
/* y = Q(x, z), symmetric. */
void qlb_mixquad_apply_pair(const qlb_mixquad *Q, const double *x, const double *z, double *y);

#ifdef __cplusplus
}
#endif

#endif
