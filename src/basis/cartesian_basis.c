/* cartesian_basis.c — index tables of the Cartesian and spherical Hermite bases.
 *
 * Multi-indices of total degree <= N are enumerated shell by shell in
 * reverse-lexicographic order; qlb_basis_index inverts the enumeration by
 * counting compositions (no search). Spherical labels (n, l, m) follow
 * shell, then l ascending, then m. */
#include "qlb/basis.h"
#include "core/error.h"
#include "core/limits.h"
#include "numerics/special_functions.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

struct qlb_basis {
    int dim, degree;
    size_t size;
    int *alpha;          /* size x dim */
    size_t *shell_off;   /* degree + 2 entries */
    int *sph;            /* size x 3: n, l, m */
};

size_t qlb_basis_dim_harmonic(int l, int d)
{
    size_t all = qlb_binomial(l + d - 1, d - 1), lower = qlb_binomial(l + d - 3, d - 1);
    /* qlb_binomial is 0 where it overflows: then so would the difference */
    int overflow = all == 0 || (lower == 0 && l >= 2 && d >= 2);
    return overflow ? SIZE_MAX : all - lower;
}

double qlb_basis_dim_harmonic_real(int l, int d)
{
    if (l == 0) return 1;
    if (d == 2) return 2;
    /* (2l + d - 2)/(l + d - 2) C(l + d - 2, l) */
    return exp(lgamma(l + d - 1.0) - lgamma(l + 1.0) - lgamma(d - 1.0)) * (2.0 * l + d - 2) / (l + d - 2);
}

/* Number of multi-indices of length k summing to m. */
static size_t compositions(int m, int k)
{
    if (k == 0) return m == 0;
    return qlb_binomial(m + k - 1, k - 1);
}

/* Writes all multi-indices of shell s in reverse-lex order, returns count. */
static size_t fill_shell(int d, int s, int *out)
{
    int *a = out;
    size_t count = 0;
    a[0] = s;
    for (int i = 1; i < d; i++) a[i] = 0;
    for (;;) {
        count++;
        int *next = a + d;
        for (int i = 0; i < d; i++) next[i] = a[i];
        /* predecessor in lex order: find last i < d-1 with a[i] > 0 */
        int i = d - 2;
        while (i >= 0 && next[i] == 0) i--;
        if (i < 0) break;
        int tail = 0;
        for (int j = i + 1; j < d; j++) tail += next[j], next[j] = 0;
        next[i]--;
        next[i + 1] = tail + 1;
        a = next;
    }
    return count;
}

static void fill_spherical(qlb_basis *b)
{
    size_t pos = 0;
    for (int s = 0; s <= b->degree; s++)
        for (int l = s & 1; l <= s; l += 2) {
            size_t h = qlb_basis_dim_harmonic(l, b->dim);
            for (size_t m = 0; m < h; m++, pos++) {
                b->sph[3 * pos] = (s - l) / 2;
                b->sph[3 * pos + 1] = l;
                b->sph[3 * pos + 2] = (int)m;
            }
        }
}

qlb_status qlb_basis_create(int dim, int degree, qlb_basis **out)
{
    *out = NULL;
    if (dim < 1 || dim > QLB_MAX_DIM || degree < 0)
        return qlb_fail(QLB_EINVAL, "basis: need 1 <= dim <= 64 and degree >= 0");
    size_t size = qlb_binomial(degree + dim, dim);
    if (size == 0 || size > SIZE_MAX / (3 * sizeof(int) + (size_t)dim * sizeof(int)))
        return qlb_fail(QLB_ENOMEM, "basis: C(%d, %d) functions do not fit in memory",
                        degree + dim, dim);
    qlb_basis *b = calloc(1, sizeof *b);
    if (!b) return qlb_fail(QLB_ENOMEM, "basis: out of memory");
    b->dim = dim;
    b->degree = degree;
    b->size = size;
    /* one spare row: fill_shell writes a scratch successor after the last */
    b->alpha = malloc((size + 1) * (size_t)dim * sizeof(int));
    b->shell_off = malloc((size_t)(degree + 2) * sizeof(size_t));
    b->sph = malloc(size * 3 * sizeof(int));
    if (!b->alpha || !b->shell_off || !b->sph) {
        qlb_basis_free(b);
        return qlb_fail(QLB_ENOMEM, "basis: %zu functions do not fit in memory", size);
    }
    b->shell_off[0] = 0;
    for (int s = 0; s <= degree; s++)
        b->shell_off[s + 1] = b->shell_off[s] +
                              fill_shell(dim, s, b->alpha + b->shell_off[s] * (size_t)dim);
    fill_spherical(b);
    *out = b;
    return QLB_OK;
}

void qlb_basis_free(qlb_basis *b)
{
    if (!b) return;
    free(b->alpha);
    free(b->shell_off);
    free(b->sph);
    free(b);
}

int qlb_basis_dim(const qlb_basis *b) { return b->dim; }
int qlb_basis_degree(const qlb_basis *b) { return b->degree; }
size_t qlb_basis_size(const qlb_basis *b) { return b->size; }
size_t qlb_basis_shell_offset(const qlb_basis *b, int s) { return b->shell_off[s]; }
size_t qlb_basis_shell_size(const qlb_basis *b, int s)
{
    return b->shell_off[s + 1] - b->shell_off[s];
}

const int *qlb_basis_multi_index(const qlb_basis *b, size_t i)
{
    return b->alpha + i * (size_t)b->dim;
}

size_t qlb_basis_index(const qlb_basis *b, const int *alpha)
{
    int s = 0;
    for (int i = 0; i < b->dim; i++) {
        if (alpha[i] < 0) return (size_t)-1;
        s += alpha[i];
    }
    if (s > b->degree) return (size_t)-1;
    size_t rank = 0;
    int rest = s;
    for (int i = 0; i + 1 < b->dim; i++) {
        /* entries with a larger component i come first */
        for (int c = rest; c > alpha[i]; c--) rank += compositions(rest - c, b->dim - i - 1);
        rest -= alpha[i];
    }
    return b->shell_off[s] + rank;
}

void qlb_basis_spherical_label(const qlb_basis *b, size_t i, int *n, int *l, int *m)
{
    *n = b->sph[3 * i];
    *l = b->sph[3 * i + 1];
    *m = b->sph[3 * i + 2];
}

size_t qlb_basis_spherical_index(const qlb_basis *b, int n, int l, int m)
{
    return b->shell_off[2 * n + l] + compositions(l - 2, b->dim) + (size_t)m;
}

double qlb_basis_norm_weight(int n, int dim, int r)
{
    double sum = 0, prod = 1;
    for (int rp = 0; rp <= r; rp++) {
        sum += prod;
        prod *= n + dim + rp;
    }
    return sum;
}

double qlb_basis_norm(const qlb_basis *b, const double *c, int r)
{
    double sum = 0;
    for (int s = 0; s <= b->degree; s++) {
        double w = qlb_basis_norm_weight(s, b->dim, r), part = 0;
        for (size_t i = b->shell_off[s]; i < b->shell_off[s + 1]; i++) part += c[i] * c[i];
        sum += w * part;
    }
    return sqrt(sum);
}
