/* gauss_rules.c — Gauss quadrature rules by Golub–Welsch.
 *
 * Nodes are the eigenvalues of the Jacobi matrix (LAPACK dstev), polished by
 * one Newton step on the orthonormal recurrence. Weights come from the
 * Christoffel function w_i = 1 / sum_k q_k(x_i)^2 where q_k = p_k sqrt(s(x))
 * are the orthonormal polynomials times the square root of the Gaussian or
 * exponential factor s(x): this gives the scaled weights omega_i / s(x_i)
 * with full relative accuracy even where omega_i is tiny. */

#include "numerics/gauss_rules.h"
#include "core/error.h"
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>

typedef struct {
    double *a, *b; /* diagonal a[0..n-1], off-diagonal b[1..n] (b[0] unused) */
    double mu0;
} jacobi;

static void jacobi_fill(qlb_gauss_kind kind, int n, double alpha, jacobi *J)
{
    for (int k = 0; k < n; k++) {
        double kp = k + 1;
        switch (kind) {
        case QLB_GAUSS_HERMITE:
            J->a[k] = 0;
            J->b[k + 1] = sqrt(kp / 2);
            break;
        case QLB_GAUSS_LAGUERRE:
            J->a[k] = 2 * k + alpha + 1;
            J->b[k + 1] = sqrt(kp * (kp + alpha));
            break;
        case QLB_GAUSS_LEGENDRE:
            J->a[k] = 0;
            J->b[k + 1] = kp / sqrt(4 * kp * kp - 1);
            break;
        }
    }
    J->mu0 = kind == QLB_GAUSS_HERMITE    ? sqrt(M_PI)
             : kind == QLB_GAUSS_LAGUERRE ? tgamma(alpha + 1)
                                          : 2.0;
}

static double sqrt_factor(qlb_gauss_kind kind, double x)
{
    return kind == QLB_GAUSS_HERMITE    ? exp(-x * x / 2)
           : kind == QLB_GAUSS_LAGUERRE ? exp(-x / 2)
                                        : 1.0;
}

/* Runs the scaled recurrence at x: returns sum_{k<n} q_k^2 and the Newton
 * correction q_n / q_n' (derivatives carried with the same scale). */
static double christoffel(const jacobi *J, int n, double x, double s0, double *newton)
{
    double q_prev = 0, q = s0 / sqrt(J->mu0), r_prev = 0, r = 0, sum = 0;
    for (int k = 0; k < n; k++) {
        sum += q * q;
        double q_next = ((x - J->a[k]) * q - J->b[k] * q_prev) / J->b[k + 1];
        double r_next = ((x - J->a[k]) * r + q - J->b[k] * r_prev) / J->b[k + 1];
        q_prev = q;
        q = q_next;
        r_prev = r;
        r = r_next;
    }
    *newton = r != 0 ? q / r : 0;
    return sum;
}

qlb_status qlb_gauss_rule(qlb_gauss_kind kind, int n, double alpha, double *x, double *w)
{
    if (n < 1 || (kind == QLB_GAUSS_LAGUERRE && !(alpha > -1)))
        return qlb_fail(QLB_EINVAL, "gauss rule: bad size %d or alpha %g", n, alpha);
    jacobi J = {malloc((size_t)n * sizeof(double)), calloc((size_t)n + 1, sizeof(double)), 0};
    double *e = malloc((size_t)n * sizeof(double));
    qlb_status st = QLB_OK;
    if (!J.a || !J.b || !e) {
        st = qlb_fail(QLB_ENOMEM, "gauss rule: out of memory");
        goto done;
    }
    jacobi_fill(kind, n, alpha, &J);
    for (int k = 0; k < n; k++) {
        x[k] = J.a[k];
        e[k] = J.b[k + 1];
    }
    if (LAPACKE_dstev(LAPACK_COL_MAJOR, 'N', n, x, e, NULL, 1) != 0) {
        st = qlb_fail(QLB_ELAPACK, "gauss rule: dstev failed for n = %d", n);
        goto done;
    }
    for (int i = 0; i < n; i++) {
        double step;
        christoffel(&J, n, x[i], sqrt_factor(kind, x[i]), &step);
        x[i] -= step;
        w[i] = 1.0 / christoffel(&J, n, x[i], sqrt_factor(kind, x[i]), &step);
    }
done:
    free(J.a);
    free(J.b);
    free(e);
    return st;
}

qlb_status qlb_half_hermite_rule(int n, double *x, double *w)
{
    double *full = malloc(2 * (size_t)n * sizeof(double));
    if (!full) return qlb_fail(QLB_ENOMEM, "Gauss rule: out of memory");
    qlb_status st = qlb_gauss_rule(QLB_GAUSS_HERMITE, n, 0, full, full + n);
    int half = (n + 1) / 2;
    for (int k = 0; !st && k < half; k++) {
        int i = n - half + k, zero = 2 * i + 1 == n; /* nodes ascending, symmetric */
        x[k] = zero ? 0 : full[i];
        w[k] = full[n + i] * (zero ? 0.5 : 1);
    }
    free(full);
    return st;
}

qlb_status qlb_normal_rule(int n, double *x, double *w)
{
    qlb_status st = qlb_gauss_rule(QLB_GAUSS_HERMITE, n, 0, x, w);
    for (int i = 0; i < n && !st; i++) {
        w[i] *= exp(-x[i] * x[i]) / sqrt(M_PI);
        x[i] *= sqrt(2.0);
    }
    return st;
}
