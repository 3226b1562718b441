/* species_transport.c — first-order Chapman–Enskog viscosity and heat
 * conductivity of a mixture (qlb/transport.h) from the multi-species
 * blocks, at any degree up to the operator's (a lower degree's blocks are
 * the sub-blocks of n < (degree - l)/2 + 1 in every species). In the
 * orthonormal basis of qlb_mixop_block the sources are
 *   stress:     b_(a, n=0) = sqrt(n_a)                       (l = 2),
 *   heat flux:  h_(a, n=1) = sqrt(n_a) sqrt((d+2)/2) / sqrt(m_a)   (l = 1)
 * (m_a v_i v_j = w_i w_j, and (m_a |v|^2/2 - (d+2)/2) v = (|w|^2 - d - 2)/2 w / sqrt(m_a)
 * in species a's variable w), and mu = b^T B_2^-1 b, kappa = h^T B_1^-1 h,
 * B_1 solved on the complement of the total momentum (QR of the invariant,
 * then a Cholesky solve). kappa is the conductivity at zero diffusion
 * forces: the mixture's thermal diffusion is not separated from it. One
 * species of mass 1 gives qlb_transport_coefficients' values. */
#include "qlb/transport.h"
#include "core/error.h"
#include "numerics/parallel.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The block l of degree `degree` (sub-blocks of each species): s x s into A. */
static int sub_block(const qlb_mixop *L, int l, int degree, double *A)
{
    int S = qlb_mixop_species_count(L), size, K = (degree - l) / 2 + 1;
    const double *B = qlb_mixop_block(L, l, &size);
    int Kf = size / S, s = S * K;
    for (int a = 0; a < S; a++)
        for (int i = 0; i < K; i++)
            for (int b = 0; b < S; b++)
                for (int j = 0; j < K; j++) A[(a * K + i) * s + b * K + j] = B[(a * Kf + i) * size + b * Kf + j];
    return s;
}

/* x^T A^-1 x for the s x s block A, on the complement of the unit vector v
 * (if not NULL; x must be orthogonal to it): with Q2 an orthonormal basis of
 * the complement, (Q2^T x)^T (Q2^T A Q2)^-1 (Q2^T x). A is destroyed. */
static qlb_status quadratic_inverse(double *A, int s, const double *v, const double *x, double *out)
{
    double *Q = calloc((size_t)s * s, sizeof(double)), *R = malloc((size_t)s * s * sizeof(double));
    double *y = malloc((size_t)s * sizeof(double)), *z = malloc((size_t)s * sizeof(double)), tau[1];
    qlb_status st = Q && R && y && z ? QLB_OK : qlb_fail(QLB_ENOMEM, "transport: out of memory");
    int k = v ? 1 : 0, m = s - k;
    if (!st) {
        for (int i = 0; i < s; i++) Q[i * s + i] = 1;
        if (v) {
            for (int i = 0; i < s; i++) Q[i * s] = v[i];
            if (LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, s, 1, Q, s, tau) || LAPACKE_dorgqr(LAPACK_ROW_MAJOR, s, s, 1, Q, s, tau))
                st = qlb_fail(QLB_ELAPACK, "transport: QR of the momentum invariant failed");
        }
    }
    if (!st) { /* R = Q2^T A Q2 (m x m), y = Q2^T x */
        for (int i = 0; i < m; i++) {
            y[i] = 0;
            for (int r = 0; r < s; r++) y[i] += Q[r * s + i + k] * x[r];
            for (int j = 0; j < m; j++) {
                double sum = 0;
                for (int r = 0; r < s; r++) {
                    double t = 0;
                    for (int c = 0; c < s; c++) t += A[r * s + c] * Q[c * s + j + k];
                    sum += Q[r * s + i + k] * t;
                }
                R[i * m + j] = sum;
            }
        }
        memcpy(z, y, (size_t)m * sizeof(double));
        int info = LAPACKE_dposv(LAPACK_ROW_MAJOR, 'U', m, 1, R, m, z, 1);
        if (info) st = qlb_fail(QLB_ELAPACK, "transport: a block of the mixture is not positive definite "
                                             "on the complement of the invariants (dposv info %d)", info);
        double q = 0;
        for (int i = 0; i < m && !st; i++) q += y[i] * z[i];
        *out = q;
    }
    free(Q), free(R), free(y), free(z);
    return st;
}

qlb_status qlb_mixop_transport(const qlb_mixop *L, int degree, qlb_transport *out)
{
    const qlb_params *p = qlb_mixop_params(L);
    int S = qlb_mixop_species_count(L), d = p->dim;
    if (degree < 3 || degree > p->degree)
        return qlb_fail(QLB_EINVAL, "transport of a mixture needs 3 <= degree <= %d (got %d): the heat-flux "
                        "source has degree 3", p->degree, degree);
    int s = S * (degree / 2 + 1);
    double *A = malloc((size_t)s * s * sizeof(double)), *x = calloc((size_t)s, sizeof(double));
    double *v = calloc((size_t)s, sizeof(double)), mu = 0, kappa = 0, norm = 0;
    qlb_status st = A && x && v ? QLB_OK : qlb_fail(QLB_ENOMEM, "transport: out of memory");
    qlb_blas_serial_begin(); /* results independent of the thread count */
    if (!st) { /* viscosity, l = 2 */
        int n2 = sub_block(L, 2, degree, A), K = n2 / S;
        for (int a = 0; a < S; a++) x[a * K] = sqrt(qlb_mixop_species(L, a)->density);
        st = quadratic_inverse(A, n2, NULL, x, &mu);
    }
    if (!st) { /* heat conductivity, l = 1, off the total momentum sum_a sqrt(n_a m_a) e_(a,0) */
        int n1 = sub_block(L, 1, degree, A), K = n1 / S;
        memset(x, 0, (size_t)s * sizeof(double));
        for (int a = 0; a < S; a++) {
            const qlb_species *sp = qlb_mixop_species(L, a);
            x[a * K + 1] = sqrt(sp->density * (d + 2) / 2.0 / sp->mass);
            v[a * K] = sqrt(sp->density * sp->mass);
            norm += sp->density * sp->mass;
        }
        for (int a = 0; a < S; a++) v[a * K] /= sqrt(norm);
        st = quadratic_inverse(A, n1, v, x, &kappa);
    }
    qlb_blas_serial_end();
    free(A), free(x), free(v);
    if (st) return st;
    out->viscosity = mu;
    out->heat_conductivity = kappa;
    out->prandtl = (d + 2) / 2.0 * mu / kappa;
    return QLB_OK;
}
