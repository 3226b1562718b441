/* initial_data.c — initial perturbations from files or from families of
 * distributions (see qlb/initial.h). A Gaussian mixture sum_k w_k N(u_k,
 * diag T_k) has Cartesian coefficients
 *   c_alpha = sum_k w_k prod_i E_{x ~ N(u_ki, T_ki)}[He_{alpha_i}(x)/sqrt(alpha_i!)] - delta_{alpha,0}
 * (Gauss–Hermite, exact for these polynomials) and
 *   ||g||^2 = sum_{k,k'} w_k w_k' prod_i I(u_ki, T_ki; u_k'i, T_k'i) - 2 sum_k w_k + 1,
 * I = Int N(u,T) N(u',T') / N(0,1) dx in closed form. */
#include "qlb/initial.h"
#include "qlb/basis.h"
#include "qlb/burnett.h"
#include "basis/collision_invariants.h"
#include "core/error.h"
#include "core/limits.h"
#include "evolve/eigenbasis.h"
#include "io/coefficient_files.h"
#include "numerics/gauss_rules.h"
#include "numerics/special_functions.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_KEYS 40

typedef struct {
    int n;
    char key[MAX_KEYS][16];
    double value[MAX_KEYS];
    int used[MAX_KEYS];
} keyvals;

static qlb_status parse_keyvals(const char *family, const char *args, keyvals *kv)
{
    kv->n = 0;
    while (args && *args) {
        const char *comma = strchr(args, ','), *eq = strchr(args, '=');
        size_t len = comma ? (size_t)(comma - args) : strlen(args);
        if (!eq || eq > args + len || eq == args || (size_t)(eq - args) >= 16 || kv->n == MAX_KEYS)
            return qlb_fail(QLB_EINVAL, "initial %s: expected key=value, got '%.*s'", family,
                            (int)len, args);
        char num[64], *end;
        size_t vlen = len - (size_t)(eq + 1 - args);
        snprintf(num, sizeof num, "%.*s", (int)vlen, eq + 1);
        double v = strtod(num, &end);
        if (vlen == 0 || vlen >= sizeof num || *end || !isfinite(v))
            return qlb_fail(QLB_EINVAL, "initial %s: bad value in '%.*s'", family, (int)len, args);
        snprintf(kv->key[kv->n], 16, "%.*s", (int)(eq - args), args);
        kv->value[kv->n] = v;
        kv->used[kv->n++] = 0;
        args = comma ? comma + 1 : NULL;
    }
    return QLB_OK;
}

static double get(keyvals *kv, const char *key, double fallback)
{
    for (int i = 0; i < kv->n; i++)
        if (!strcmp(kv->key[i], key)) {
            kv->used[i] = 1;
            return kv->value[i];
        }
    return fallback;
}

static qlb_status check_all_used(const keyvals *kv, const char *family, const char *keys)
{
    for (int i = 0; i < kv->n; i++)
        if (!kv->used[i])
            return qlb_fail(QLB_EINVAL, "initial %s: unknown key '%s' (keys: %s)", family,
                            kv->key[i], keys);
    return QLB_OK;
}

typedef struct {
    int count, d;
    double w[2], u[2][QLB_MAX_DIM], T[2][QLB_MAX_DIM];
} mixture;

/* Component k: weight w, shift u1..ud (u = u1) and temperatures T, T1..Td. */
static void read_component(keyvals *kv, mixture *m, int k, double w, double u1, double T)
{
    char key[16];
    m->w[k] = w;
    T = get(kv, "T", T);
    u1 = get(kv, "u", u1);
    for (int i = 0; i < m->d; i++) {
        snprintf(key, sizeof key, "u%d", i + 1);
        m->u[k][i] = get(kv, key, i == 0 ? u1 : 0);
        snprintf(key, sizeof key, "T%d", i + 1);
        m->T[k][i] = get(kv, key, T);
    }
}

static void isotropic(mixture *m, int k, double w, double T)
{
    m->w[k] = w;
    for (int i = 0; i < m->d; i++) m->u[k][i] = 0, m->T[k][i] = T;
}

static qlb_status check_mixture(const mixture *m, const char *family)
{
    for (int k = 0; k < m->count; k++)
        for (int i = 0; i < m->d; i++) {
            double T = m->T[k][i];
            if (!(T > 0))
                return qlb_fail(QLB_EINVAL, "initial %s: temperatures must be > 0", family);
            if (T >= 2)
                return qlb_fail(QLB_EINVAL, "initial %s: temperature %g >= 2: (F - M)/sqrt(M) is "
                                "not square-integrable, so its Hermite series diverges", family, T);
        }
    return QLB_OK;
}

static qlb_status parse_mixture(const char *family, const char *args, int d, mixture *m)
{
    keyvals kv;
    qlb_status st = parse_keyvals(family, args, &kv);
    if (st) return st;
    m->d = d;
    const char *keys;
    if (!strcmp(family, "maxwellian")) {
        m->count = 1;
        read_component(&kv, m, 0, get(&kv, "rho", 1), 0, 1);
        keys = "rho, u, u1..ud, T, T1..Td";
    } else if (!strcmp(family, "bump")) {
        double eps = get(&kv, "eps", 0.05);
        m->count = 2;
        isotropic(m, 0, 1 - eps, 1);
        read_component(&kv, m, 1, eps, 2, 0.25);
        keys = "eps, u, u1..ud, T, T1..Td";
        if (!(eps >= 0 && eps <= 1)) return qlb_fail(QLB_EINVAL, "initial bump: eps must be in [0, 1]");
    } else {
        double theta = get(&kv, "theta", 0.5);
        m->count = 2;
        isotropic(m, 0, 1 - theta, get(&kv, "Ta", 0.8));
        isotropic(m, 1, theta, get(&kv, "Tb", 1.25));
        keys = "theta, Ta, Tb";
        if (!(theta >= 0 && theta <= 1))
            return qlb_fail(QLB_EINVAL, "initial two-temperature: theta must be in [0, 1]");
    }
    st = check_all_used(&kv, family, keys);
    return st ? st : check_mixture(m, family);
}

/* a[n] = E_{N(u,T)}[He_n / sqrt(n!)], n = 0..N (Gauss–Hermite, N/2 + 1 nodes). */
static qlb_status gaussian_moments(double u, double T, int N, double *a)
{
    int q = N / 2 + 1;
    double z[QLB_MAX_DEGREE], w[QLB_MAX_DEGREE], p[QLB_MAX_DEGREE + 2];
    qlb_status st = qlb_normal_rule(q, z, w);
    if (st) return st;
    memset(a, 0, (size_t)(N + 1) * sizeof(double));
    for (int j = 0; j < q; j++) {
        qlb_hermite_recurrence(N, u + sqrt(T) * z[j], 1, p);
        for (int n = 0; n <= N; n++) a[n] += w[j] * p[n];
    }
    return QLB_OK;
}

/* Int N(u1,T1) N(u2,T2) / N(0,1) dx. */
static double overlap(double u1, double T1, double u2, double T2)
{
    double A = 1 / (2 * T1) + 1 / (2 * T2) - 0.5, B = u1 / T1 + u2 / T2;
    double C = u1 * u1 / (2 * T1) + u2 * u2 / (2 * T2);
    return sqrt(2 * M_PI) / (2 * M_PI * sqrt(T1 * T2)) * sqrt(M_PI / A) * exp(B * B / (4 * A) - C);
}

static double mixture_norm2(const mixture *m)
{
    double sum = 1;
    for (int k = 0; k < m->count; k++) {
        sum -= 2 * m->w[k];
        for (int k2 = 0; k2 < m->count; k2++) {
            double prod = m->w[k] * m->w[k2];
            for (int i = 0; i < m->d; i++) prod *= overlap(m->u[k][i], m->T[k][i], m->u[k2][i], m->T[k2][i]);
            sum += prod;
        }
    }
    return sum;
}

static qlb_status project_mixture(const mixture *m, const qlb_basis *b, double *x)
{
    int N = qlb_basis_degree(b), d = m->d;
    size_t nb = qlb_basis_size(b), stride = (size_t)N + 1;
    double *a = malloc((size_t)m->count * d * stride * sizeof(double));
    if (!a) return qlb_fail(QLB_ENOMEM, "initial: out of memory");
    qlb_status st = QLB_OK;
    for (int k = 0; k < m->count && !st; k++)
        for (int i = 0; i < d && !st; i++)
            st = gaussian_moments(m->u[k][i], m->T[k][i], N, a + ((size_t)k * d + i) * stride);
    for (size_t j = 0; j < nb && !st; j++) {
        const int *alpha = qlb_basis_multi_index(b, j);
        x[j] = j == 0 ? -1 : 0;
        for (int k = 0; k < m->count; k++) {
            double prod = m->w[k];
            for (int i = 0; i < d; i++) prod *= a[((size_t)k * d + i) * stride + alpha[i]];
            x[j] += prod;
        }
    }
    free(a);
    return st;
}

static double norm2(const double *c, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) s += c[i] * c[i];
    return s;
}

/* amp times eigenvector k of block l (invariants excluded), harmonic m. */
static qlb_status eigenvector(const char *args, const qlb_linop *L, const qlb_basis *b, double *c)
{
    keyvals kv;
    qlb_status st = parse_keyvals("eigenvector", args, &kv);
    if (st) return st;
    double l = get(&kv, "l", 2), k = get(&kv, "k", 0), m = get(&kv, "m", 0), amp = get(&kv, "amp", 1e-3);
    st = check_all_used(&kv, "eigenvector", "l, k, m, amp");
    if (st) return st;
    int N = qlb_basis_degree(b), d = qlb_basis_dim(b);
    int l_ok = l == floor(l) && l >= 0 && l <= N; /* before any conversion to int */
    int skip = l_ok ? qlb_invariants_in_block((int)l) : 0;
    if (!l_ok || k != floor(k) || k < 0 || k + skip > floor((N - l) / 2) || m != floor(m) || m < 0 ||
        m >= (double)qlb_basis_dim_harmonic((int)l, d))
        return qlb_fail(QLB_EINVAL, "initial eigenvector: no mode l=%g k=%g m=%g at degree %d in "
                        "d=%d (k counts modes off the invariants)", l, k, m, N, d);
    qlb_eigenbasis *E;
    st = qlb_eigenbasis_create(L, &E);
    if (st) return st;
    size_t nb = qlb_basis_size(b);
    double *w = calloc(nb, sizeof(double));
    if (!w) st = qlb_fail(QLB_ENOMEM, "initial: out of memory");
    for (size_t i = 0; i < nb && !st; i++) {
        int ni, li, mi;
        qlb_basis_spherical_label(b, i, &ni, &li, &mi);
        if (li == (int)l && mi == (int)m && ni == (int)k + skip) w[i] = amp;
    }
    if (!st) qlb_eigenbasis_from_eigen(E, w, c);
    free(w);
    qlb_eigenbasis_free(E);
    return st;
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && !strcmp(s + n - m, tail);
}

static qlb_status from_file(const char *path, const qlb_basis *b, const qlb_burnett *bu, double *c)
{
    size_t nb = qlb_basis_size(b);
    double *x = malloc(nb * sizeof(double));
    if (!x) return qlb_fail(QLB_ENOMEM, "initial: out of memory");
    int spherical = 0;
    qlb_status st = ends_with(path, ".csv") ? qlb_coefficients_read_csv(path, b, x)
                                            : qlb_coefficients_read_h5(path, b, x, &spherical);
    if (!st && spherical) memcpy(c, x, nb * sizeof(double));
    else if (!st) qlb_burnett_to_spherical(bu, x, c);
    free(x);
    return st;
}

static qlb_status from_family(const char *family, const char *args, const qlb_basis *b,
                              const qlb_burnett *bu, double *c, qlb_initial_info *info)
{
    mixture m;
    qlb_status st = parse_mixture(family, args, qlb_basis_dim(b), &m);
    size_t nb = qlb_basis_size(b);
    double *x = st ? NULL : malloc(nb * sizeof(double));
    if (!st && !x) st = qlb_fail(QLB_ENOMEM, "initial: out of memory");
    if (!st) st = project_mixture(&m, b, x);
    if (!st) {
        double exact = mixture_norm2(&m), kept = norm2(x, nb);
        info->norm = sqrt(fmax(exact, 0));
        info->projection_error = exact > 0 ? sqrt(fmax(exact - kept, 0) / exact) : 0;
        qlb_burnett_to_spherical(bu, x, c);
    }
    free(x);
    return st;
}

static qlb_status load(const char *spec, const qlb_linop *L, const qlb_basis *b,
                       const qlb_burnett *bu, double *c, qlb_initial_info *info)
{
    static const char *const families[] = {"maxwellian", "bump", "two-temperature"};
    const char *colon = strchr(spec, ':');
    size_t flen = colon ? (size_t)(colon - spec) : strlen(spec);
    const char *args = colon ? colon + 1 : "";
    for (int k = 0; k < 3; k++)
        if (strlen(families[k]) == flen && !strncmp(spec, families[k], flen)) {
            snprintf(info->kind, sizeof info->kind, "%s", families[k]);
            return from_family(families[k], args, b, bu, c, info);
        }
    if (flen == 11 && !strncmp(spec, "eigenvector", 11)) {
        if (!L) return qlb_fail(QLB_EINVAL, "eigenvector initial data needs the operator of one species");
        snprintf(info->kind, sizeof info->kind, "eigenvector");
        return eigenvector(args, L, b, c);
    }
    if (ends_with(spec, ".csv") || ends_with(spec, ".h5") || ends_with(spec, ".hdf5")) {
        snprintf(info->kind, sizeof info->kind, "file");
        return from_file(spec, b, bu, c);
    }
    return qlb_fail(QLB_EINVAL, "unknown initial data '%s' (FILE.h5, FILE.csv, maxwellian:..., "
                    "bump:..., two-temperature:..., eigenvector:...)", spec);
}

/* The data of spec on the basis (d, N); L (may be NULL) for eigenvectors. */
static qlb_status initial_on(const char *spec, int d, int N, const qlb_linop *L, double *c,
                             qlb_initial_info *info)
{
    qlb_basis *b = NULL;
    qlb_burnett *bu = NULL;
    memset(info, 0, sizeof *info);
    qlb_status st = qlb_basis_create(d, N, &b);
    if (!st) st = qlb_context(qlb_burnett_create(b, &bu), "initial data");
    if (!st) st = load(spec, L, b, bu, c, info);
    if (!st && info->norm == 0) info->norm = sqrt(norm2(c, qlb_basis_size(b)));
    if (!st && !isfinite(info->norm))
        st = qlb_fail(QLB_EINVAL, "initial data %s: coefficients not finite (||g|| overflows)",
                      spec);
    qlb_burnett_free(bu);
    qlb_basis_free(b);
    return st;
}

qlb_status qlb_initial_load(const char *spec, const qlb_linop *L, double *c, qlb_initial_info *info)
{
    const qlb_params *p = qlb_linop_params(L);
    return initial_on(spec, p->dim, p->degree, L, c, info);
}

qlb_status qlb_initial_load_basis(const char *spec, int dim, int degree, double *c, qlb_initial_info *info)
{
    return initial_on(spec, dim, degree, NULL, c, info);
}
