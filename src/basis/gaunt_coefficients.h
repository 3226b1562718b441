/* gaunt_coefficients.h — the coupling (Gaunt) tensors of the spherical
 * basis: for harmonic degrees (l, l1, l2), the unique O(d)-invariant tensor
 * in H_l x H_l1 x H_l2, G[m][m1][m2] proportional to
 * Int_{S^{d-1}} Y_{l m} Y_{l1 m1} Y_{l2 m2}, normalized to unit Frobenius
 * norm, in the Gelfand–Tsetlin labels m of qlb/burnett.h
 * (gaunt_coefficients.c). Stored sparsely, entries sorted by (m, m1).
 * The tensors are symmetric: G^{l l1 l2}[m][m1][m2] = G^{l l2 l1}[m][m2][m1]. */
#ifndef QLB_BASIS_GAUNT_COEFFICIENTS_H
#define QLB_BASIS_GAUNT_COEFFICIENTS_H

#include <stddef.h>
#include <stdint.h>

#include "qlb/status.h"

typedef struct {
    int *start;      /* dim H_l + 1: entries of first index m are start[m]..start[m+1]-1,
                        in increasing m1 */
    int *mm;         /* (m1, m2) per entry */
    double *g;       /* the coefficient per entry */
} qlb_gaunt_block;

typedef struct qlb_gaunt qlb_gaunt;

/* All blocks with l, l1, l2 <= lmax in dimension d >= 2; ordered = 1
 * keeps only l1 <= l2 (the others follow by the symmetry), half the memory.
 * lo, hi (lmax + 1 each, or NULL for all) keep only the entries whose first
 * index m is in [lo[l], hi[l]), and the zonal diagonals (m, m, 0) and
 * (m, 0, m) of every block; the degrees l with lo[l] >= hi[l] are absent.
 * The lower levels of the recursion are always complete, so a part's
 * entries are bit-identical to the whole's. */
qlb_status qlb_gaunt_create(int dim, int lmax, int ordered, const int *lo, const int *hi,
                            qlb_gaunt **out);
void qlb_gaunt_free(qlb_gaunt *G);

/* Blocks from stored entries (a saved tensor): block k is the triple
 * lll[3k..3k+2] with entries offset[k] .. offset[k+1]-1, each (m, m1, m2) in
 * mmm and its value in g. Every triple must couple, appear once and have
 * entries; every index must be in range (QLB_EINVAL otherwise). */
qlb_status qlb_gaunt_from_entries(int dim, int lmax, size_t nblocks, const int *lll,
                                  const int64_t *offset, const int32_t *mmm, const double *g,
                                  qlb_gaunt **out);

/* The block of (l, l1, l2), NULL where the triple is not allowed (parity,
 * triangle; in d = 2, l = l1 + l2 or |l1 - l2| only) or not kept (l1 > l2
 * when ordered). */
const qlb_gaunt_block *qlb_gaunt_get(const qlb_gaunt *G, int l, int l1, int l2);

/* The number of entries every block would store, without computing them
 * (counts: (lmax + 1)^3 doubles, [(l * (lmax+1) + l1) * (lmax+1) + l2], 0
 * where not coupled); cost O(lmax^3 d) (prefix sums). */
qlb_status qlb_gaunt_count(int dim, int lmax, double *counts);

/* Whether (l, l1, l2) couples in dimension d. */
int qlb_gaunt_allowed(int dim, int l, int l1, int l2);

#endif
