/* qlb/initial.h — initial perturbations g0 = (F0 - M)/sqrt(M) as spherical
 * Hermite coefficients, from a file or from a family of distributions:
 *
 *   FILE.h5    dataset /c: Cartesian coefficients in export order (1-D, length
 *              N_b), or 2-D (times x N_b, e.g. a `qlb evolve` output: the
 *              last row is used); attribute basis = "spherical" switches the
 *              order to spherical.
 *   FILE.csv   header multi_index,value; rows i1:i2:...:id,value (Cartesian
 *              multi-index, total degree <= N); unlisted entries are 0.
 *   maxwellian:rho=R,u1=..,ud=..,T=..,T1=..,Td=..
 *              a shifted / heated / anisotropic Maxwellian rho N(u, diag T)
 *              (defaults rho 1, u 0, T 1; Ti defaults to T, u means u1).
 *   bump:eps=E,u1=..,T=..   (1 - E) M + E N(u, T): a beam (defaults E 0.05,
 *              u1 2, T 0.25).
 *   two-temperature:theta=S,Ta=..,Tb=..   (1 - S) N(0, Ta) + S N(0, Tb)
 *              (defaults S 0.5, Ta 0.8, Tb 1.25).
 *   eigenvector:l=L,k=K,m=M,amp=A   A times the K-th eigenvector (0-based,
 *              ascending, collision invariants excluded) of block l of L,
 *              harmonic index m (defaults l 2, k 0, m 0, amp 1e-3).
 *
 * Gaussian families are projected exactly (their Hermite coefficients are
 * products of 1-D Gaussian expectations of Hermite polynomials, computed by
 * Gauss–Hermite rules that are exact for them), and ||g0||^2 has a closed
 * form, so the projection error ||g0 - Pi_N g0|| / ||g0|| is reported. g0 is
 * square-integrable only if every temperature is below 2. */
#ifndef QLB_INITIAL_H
#define QLB_INITIAL_H

#include "qlb/linop.h"
#include "qlb/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    char kind[32];            /* "file", "maxwellian", "bump", ... */
    double norm;              /* ||g0|| of the exact datum (families) or of c */
    double projection_error;  /* ||g0 - Pi_N g0|| / ||g0|| (0 for files, eigenvectors) */
} qlb_initial_info;

/* Fills c (spherical, length N_b of L's basis) from spec; L gives the
 * dimension and degree (and the eigenvectors). Every malformed input is
 * QLB_EINVAL or QLB_EIO with a message naming the problem. */
qlb_status qlb_initial_load(const char *spec, const qlb_linop *L, double *c,
                            qlb_initial_info *info);

/* The same on the basis of dimension dim and degree (files and families;
 * eigenvector data needs qlb_initial_load's operator). */
qlb_status qlb_initial_load_basis(const char *spec, int dim, int degree, double *c,
                                  qlb_initial_info *info);

#ifdef __cplusplus
}
#endif

#endif
