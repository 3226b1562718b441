/* special_functions.c — the orthonormal polynomials of the normal law by
 * their normalized three-term recurrence, for one point or a batch of
 * points at once (the loop over points inside, so that it vectorizes and
 * the recurrence's latency overlaps), with sqrt(n) and 1/sqrt(n+1) from
 * a table filled once; and binomial coefficients. */
#include "numerics/special_functions.h"
#include "core/limits.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>

#define TABLE (2 * QLB_MAX_DEGREE + 4)

static double root[TABLE], inverse_root[TABLE]; /* sqrt(n), 1/sqrt(n+1) */
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void fill_tables(void)
{
    for (int n = 0; n < TABLE; n++) {
        root[n] = sqrt((double)n);
        inverse_root[n] = 1 / sqrt(n + 1.0);
    }
}

static void coefficients(int n, double *sqrt_n, double *inv_sqrt_next)
{
    *sqrt_n = n < TABLE ? root[n] : sqrt((double)n);
    *inv_sqrt_next = n < TABLE ? inverse_root[n] : 1 / sqrt(n + 1.0);
}

void qlb_recurrence_coefficients(int n, double *sqrt_n, double *inv_sqrt_next)
{
    pthread_once(&tables_once, fill_tables);
    coefficients(n, sqrt_n, inv_sqrt_next);
}

void qlb_hermite_batch(int nmax, int count, const double *x, const double *p0, double *out,
                       size_t ld)
{
    pthread_once(&tables_once, fill_tables);
    for (int j = 0; j < count; j++) out[j] = p0[j];
    if (nmax >= 1)
        for (int j = 0; j < count; j++) out[ld + j] = x[j] * p0[j];
    for (int n = 1; n < nmax; n++) {
        double s, r;
        coefficients(n, &s, &r);
        const double *cur = out + (size_t)n * ld, *prev = cur - ld;
        double *next = out + (size_t)(n + 1) * ld;
        for (int j = 0; j < count; j++) next[j] = (x[j] * cur[j] - s * prev[j]) * r;
    }
}

void qlb_hermite_recurrence(int nmax, double x, double p0, double *out)
{
    qlb_hermite_batch(nmax, 1, &x, &p0, out, 1);
}

size_t qlb_binomial(int n, int k)
{
    if (k < 0 || n < k) return 0;
    if (k > n - k) k = n - k;
    /* c_i = C(n - k + i, i) = c_{i-1} (n - k + i) / i exactly; the product in
     * 128 bits, so only a result beyond size_t is refused (0) */
    unsigned __int128 c = 1;
    for (int i = 1; i <= k; i++) {
        c = c * (unsigned)(n - k + i) / (unsigned)i;
        if (c > SIZE_MAX) return 0;
    }
    return (size_t)c;
}
