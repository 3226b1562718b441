/* qlb/moments.h — the collision operator on the Hermite–Laguerre moments of
 * gyrokinetic and drift-kinetic moment codes (gyacomo, GKX), d = 3.
 *
 * With the field direction b along qlb's first axis (v_par = v_1, v_perp =
 * (v_2, v_3)) and velocities in units of sqrt(T/m), the moment basis is
 *   F = F_M sum_{p,j} N^{pj} h_p(v_par) L_j(|v_perp|^2 / 2),
 *   h_p(x) = He_p(x) / sqrt(p!) = H_p(x/sqrt 2) / sqrt(2^p p!),
 * L_j the standard Laguerre polynomial (L_1(x) = 1 - x), and the moments are
 * the projections N^{pj} = Int h_p L_j F dv / n (the dual basis: h_p L_j is
 * orthonormal under F_M / n). In qlb's variable g = (F - M)/sqrt(M) they
 * are the coefficients of g on the orthonormal functions
 * sqrt(M) h_p L_j, so the matrix below is also L's Galerkin matrix there:
 * symmetric, and exact (each entry is an inner product, whatever P, J).
 *
 * Gyrotropic functions are the m = 0 part of each rotation block; shell by
 * shell (p + 2j = 2n + l) the two bases span the same space, and the
 * change of basis is computed by exact Gauss rules. */
#ifndef QLB_MOMENTS_H
#define QLB_MOMENTS_H

#include <stddef.h>

#include "qlb/linop.h"
#include "qlb/potential.h"
#include "qlb/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    QLB_MOMENT_UNITS_QLB,    /* qlb's time unit (that of (1.10), n = T = m = 1) */
    QLB_MOMENT_UNITS_LANDAU  /* per nu = 1/tau = Lambda / (12 pi^{5/2}), Lambda of
                                qlb_potential_coulomb_logarithm: for the classical
                                unscreened case, Braginskii's like-species
                                nu_aa = 4 sqrt(pi) n e^4 lnL / (3 (4 pi eps0)^2
                                m^{1/2} T^{3/2}), the frequency gyacomo scales by */
} qlb_moment_units;

/* The unit frequency nu in qlb's units: 1, or Lambda / (12 pi^{5/2}) for
 * QLB_MOMENT_UNITS_LANDAU (QLB_EDIVERGE where Lambda diverges). */
qlb_status qlb_moment_frequency(const qlb_potential *pot, qlb_moment_units units, double *nu);

/* (P + 1)(J + 1): moments with p <= P, j <= J, at index (J + 1) p + j. */
size_t qlb_moment_count(int max_p, int max_j);

/* out[a][b] (row-major, count^2 doubles) = -<phi_a, L phi_b> / nu: the
 * collision matrix C with d_t N^a = ... + nu sum_b C[a][b] N^b (row: the
 * moment that changes, column: the moment that drives it), a = (J+1)p + j.
 * L is the collision form in d = 3 of degree >= P + 2J; nu is 1 in qlb
 * units, else Lambda / (12 pi^{5/2}) (QLB_EDIVERGE where Lambda diverges). */
qlb_status qlb_moment_matrix(const qlb_linop *L, int max_p, int max_j, qlb_moment_units units,
                             double *out);

#ifdef __cplusplus
}
#endif

#endif
