/* special_functions.c — the orthonormal polynomials of the normal law by
 * their normalized three-term recurrence, and binomial coefficients. */
#include "numerics/special_functions.h"

#include <math.h>
#include <stdint.h>

void qlb_hermite_recurrence(int nmax, double x, double p0, double *out)
{
    out[0] = p0;
    if (nmax >= 1) out[1] = x * out[0];
    for (int n = 1; n < nmax; n++)
        out[n + 1] = (x * out[n] - sqrt((double)n) * out[n - 1]) / sqrt(n + 1.0);
}

size_t qlb_binomial(int n, int k)
{
    if (k < 0 || n < k) return 0;
    if (k > n - k) k = n - k;
    size_t c = 1;
    for (int i = 1; i <= k; i++) {
        size_t num = (size_t)(n - k + i);
        if (c > SIZE_MAX / num) return 0;
        c = c * num / (size_t)i;
    }
    return c;
}
