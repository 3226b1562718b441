/* electron_transport.c — Braginskii's electron coefficients from the
 * multi-species operator (qlb/transport.h, docs/DESIGN.md §10). With the
 * ions at rest the electrons' first-order perturbation solves
 * B g = -(f_01 d + sqrt(5/2) f_11 grad ln T) in the l = 1 block, B the
 * electrons' sub-block (all their test parts and the e-e field part; the
 * e-i test part alone for the Lorentz gas), f_01 = v_z sqrt(M) and
 * f_11 = sqrt(2/5) (v^2/2 - 5/2) v_z sqrt(M) the first two Burnett functions
 * of l = 1, d the diffusion force (grad p/p + e E/T). With
 * L_ij = <f_i, B^-1 f_j> (i = 0: f_01, 1: f_11), the drift is
 * u = -(L_00 d + sqrt(5/2) L_01 grad ln T) and the heat flux per particle
 * q = -sqrt(5/2) (L_10 d + sqrt(5/2) L_11 grad ln T), so in Braginskii's form
 *   alpha0 = tau_e / L_00,  beta0 = sqrt(5/2) L_01 / L_00,
 *   gamma0 = (5/2) (L_11 - L_01^2 / L_00) / tau_e.
 * Every quantity is the exact Galerkin value on degree <= `degree` (the
 * leading sub-block); the values converge algebraically in N (the Lorentz
 * operator's 1/v^3 is not a polynomial). */
#include "qlb/transport.h"
#include "core/error.h"
#include "core/limits.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

qlb_status qlb_electron_species(double Z, double ion_mass, qlb_species out[2])
{
    if (!(Z > 0) || !isfinite(Z)) return qlb_fail(QLB_EINVAL, "electron transport: the ion charge Z must be finite and > 0");
    if (!(ion_mass >= 0) || !isfinite(ion_mass))
        return qlb_fail(QLB_EINVAL, "electron transport: the ion mass must be finite and > 0 (0: at rest)");
    out[0] = (qlb_species){"e", -1, 1, Z / (Z + 1)};
    out[1] = (qlb_species){"i", Z, ion_mass > 0 ? ion_mass : QLB_STATIC_ION_MASS, 1 / (Z + 1)};
    return QLB_OK;
}

/* The electrons' l = 1 matrix (Kf x Kf, Kf = (N-1)/2 + 1 of L's degree N)
 * and the e-i test part's first entry (the momentum-transfer rate). */
static qlb_status electron_block(const qlb_mixop *L, int lorentz, double *B, double *rate)
{
    int N = qlb_mixop_params(L)->degree, Kf = (N - 1) / 2 + 1;
    double *test[QLB_MAX_DEGREE + 1] = {0}, *field[QLB_MAX_DEGREE + 1] = {0};
    qlb_status st = QLB_OK;
    for (int l = 0; l <= N && !st; l++) {
        size_t k = (size_t)((N - l) / 2 + 1);
        test[l] = malloc(k * k * sizeof(double));
        field[l] = malloc(k * k * sizeof(double));
        if (!test[l] || !field[l]) st = qlb_fail(QLB_ENOMEM, "electron transport: out of memory");
    }
    if (!st) st = qlb_mixop_pair_parts(L, 0, 1, test, field);
    if (!st) {
        int size;
        const double *full = qlb_mixop_block(L, 1, &size);
        for (int i = 0; i < Kf; i++)
            for (int j = 0; j < Kf; j++) B[i * Kf + j] = lorentz ? test[1][i * Kf + j] : full[i * size + j];
        *rate = test[1][0];
    }
    for (int l = 0; l <= N; l++) free(test[l]), free(field[l]);
    return st;
}

/* L_00, L_01, L_11 of the leading K x K part of B (Kf x Kf): Cholesky. */
static qlb_status inverse_entries(const double *B, int Kf, int K, double L[3])
{
    double *A = malloc((size_t)K * K * sizeof(double)), x[2][QLB_MAX_DEGREE / 2 + 2];
    if (!A) return qlb_fail(QLB_ENOMEM, "electron transport: out of memory");
    for (int i = 0; i < K; i++)
        for (int j = 0; j < K; j++) A[i * K + j] = B[i * Kf + j];
    qlb_status st = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'U', K, A, K)
                        ? qlb_fail(QLB_ELAPACK, "electron transport: the l = 1 block is not positive definite")
                        : QLB_OK;
    for (int k = 0; k < 2 && !st; k++) {
        memset(x[k], 0, (size_t)K * sizeof(double));
        x[k][k] = 1;
        if (LAPACKE_dpotrs(LAPACK_ROW_MAJOR, 'U', K, 1, A, K, x[k], 1))
            st = qlb_fail(QLB_ELAPACK, "electron transport: solve failed");
    }
    free(A);
    if (!st) L[0] = x[0][0], L[1] = x[0][1], L[2] = x[1][1];
    return st;
}

qlb_status qlb_electron_coefficients(const qlb_mixop *L, int lorentz, int count, const int *degrees,
                                     qlb_electron_transport *out)
{
    const qlb_params *p = qlb_mixop_params(L);
    if (p->dim != 3) return qlb_fail(QLB_EINVAL, "electron transport: Braginskii's coefficients are for d = 3 (got %d)", p->dim);
    if (qlb_mixop_species_count(L) != 2 || qlb_mixop_species(L, 0)->mass != 1)
        return qlb_fail(QLB_EINVAL, "electron transport: the operator must be of electrons and one ion species");
    for (int k = 0; k < count; k++)
        if (degrees[k] < 3 || degrees[k] > p->degree)
            return qlb_fail(QLB_EINVAL, "electron transport: degree %d outside 3..%d", degrees[k], p->degree);
    int Kf = (p->degree - 1) / 2 + 1;
    double *B = malloc((size_t)Kf * Kf * sizeof(double)), rate = 0, Lij[3];
    qlb_status st = B ? electron_block(L, lorentz, B, &rate) : qlb_fail(QLB_ENOMEM, "electron transport: out of memory");
    const qlb_species *ion = qlb_mixop_species(L, 1);
    for (int k = 0; k < count && !st; k++) {
        st = inverse_entries(B, Kf, (degrees[k] - 1) / 2 + 1, Lij);
        if (st) break;
        qlb_electron_transport *t = &out[k];
        t->tau_e = 1 / rate;
        t->alpha0 = t->tau_e / Lij[0];
        t->beta0 = sqrt(2.5) * Lij[1] / Lij[0];
        t->gamma0 = 2.5 * (Lij[2] - Lij[1] * Lij[1] / Lij[0]) / t->tau_e;
        t->coulomb_log = 12 * pow(M_PI, 2.5) / (sqrt(2.0) * ion->density * ion->charge * ion->charge * t->tau_e);
    }
    free(B);
    return st;
}
