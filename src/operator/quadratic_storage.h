/* quadratic_storage.h — the factored quadratic-term tensor shared by its
 * builder (quadratic_term.c), its contractions (quadratic_contraction.c)
 * and its expansion (quadratic_expanded.c): per coupled (l, l1 <= l2), the
 * dense radial tensor t and the Gaunt block (qlb/quadratic.h). The
 * contractions run over work units (an output degree l and a range of m),
 * each owning the output rows (n, l, m) of its range. */
#ifndef QLB_OPERATOR_QUADRATIC_STORAGE_H
#define QLB_OPERATOR_QUADRATIC_STORAGE_H

#include "qlb/quadratic.h"
#include "basis/gaunt_coefficients.h"
#include "core/limits.h"
#include "operator/kappa_integral.h"

/* Scratch of a work unit, on the stack: the coupled products of a range of
 * m (at most QLB_COUPLED_MAX doubles: K1 K2 <= 81^2 at N = 160) and the
 * output rows (at most QLB_UNIT_M m times K). */
#define QLB_COUPLED_MAX 8192
#define QLB_UNIT_M 64
#define QLB_MAX_RADIAL (QLB_MAX_DEGREE / 2 + 1)
/* The input's coefficients of one degree l, dim H_l x (N-l)/2+1: within it
 * up to d = 3, N = 125; d = 4, N = 38; d = 5, N = 22 (far past what fits in
 * memory there); larger T are refused at creation. */
#define QLB_SLICE_MAX 4096

typedef struct {
    int l, l1, l2, K, K1, K2, D;
    const qlb_gaunt_block *G;
    double *t;            /* K x K1 x K2, inside qlb_quadratic.radial */
} qlb_quadratic_stored;

typedef struct {
    int l, m_begin, m_end;
} qlb_quadratic_unit;

/* The output rows of a part: m in [lo[l], hi[l]) of each degree l (one
 * allocation, hi = lo + N + 1); lo == NULL for a whole T. */
typedef struct {
    int *lo, *hi;
} qlb_quadratic_rows;

struct qlb_quadratic {
    qlb_params params;
    int variation;
    int part, parts;             /* this part of the output rows (qlb_quadratic_create_part) */
    qlb_quadratic_rows rows;
    qlb_quadratic_info info;
    int N, dim, nmax;            /* nmax = N / 2 + 1 radial orders of l = 0 */
    size_t *offset;              /* [l * nmax + n]: index of f_{n,l,0} */
    qlb_gaunt *gaunt;            /* ordered (l1 <= l2) */
    qlb_quadratic_stored *block; /* info.blocks, by (l, l1, l2) */
    int *first_block;            /* N + 2: blocks of output l */
    double *radial;              /* info.radial_values */
    qlb_quadratic_unit *unit;
    int units;
    size_t *harmonics;           /* N + 1: dim H_l */
    qlb_potential *owned;        /* a loaded tensor's potential (params.potential), or NULL */
};

/* T from saved parts (io/tensor_reader.c): the Gaunt blocks (taken), the
 * block table (l, l1, l2, K, K1, K2 per block, which must be exactly the
 * coupled blocks in order) and the radial values; T takes `owned` (the
 * potential p points to, may be NULL). On failure both are freed. */
qlb_status qlb_quadratic_from_parts(const qlb_params *p, int variation, const qlb_kappa_info *kinfo,
                                    qlb_gaunt *gaunt, const int32_t *table, size_t nblocks,
                                    const double *radial, size_t nradial, qlb_potential *owned,
                                    qlb_quadratic **out);

/* y += scale X(x, z) for the tensor X of T's layout with radial values
 * `radial` (T's layout) that is symmetric (sign = 1: X[a][b][c] =
 * X[a][c][b], only l1 <= l2 stored, as T) or antisymmetric in its inputs
 * (sign = -1: X[a][b][c] = -X[a][c][b]); X(x, x) when z is NULL (sign 1
 * only). scale = 0: y = X(x, z). T whole (one part); y must not alias x or z. */
void qlb_quadratic_contract(const qlb_quadratic *T, const double *radial, int sign, double scale,
                            const double *x, const double *z, double *y);

static inline const size_t *qlb_quadratic_offsets(const qlb_quadratic *T, int l)
{
    return T->offset + (size_t)l * T->nmax;
}

#endif
