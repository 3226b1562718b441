/* potential.c — parsing and evaluation of radial potentials Vhat(k).
 *
 * Spec strings "family:key=value,key=value" are parsed strictly: every key
 * of the family must appear exactly once, values must be finite numbers
 * consumed entirely, and any other key or trailing text is an error naming
 * the offending part. Tables are read with a strict line parser and
 * interpolated by a GSL natural cubic spline. */
#include "qlb/potential.h"
#include "core/error.h"
#include "core/sha256.h"
#include "qlb/textfile.h"

#include <errno.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_spline.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QLB_MAX_KEYS 2

struct qlb_potential {
    qlb_potential_kind kind;
    double A, p, s, a;
    gsl_spline *spline;   /* tables only */
    double kmax;          /* tables only */
    double (*fn)(double, void *);
    void *ctx;
    char spec[512];
    char fingerprint[600];  /* spec, and for tables the sha256 of the values read */
};

typedef struct {
    const char *family;
    qlb_potential_kind kind;
    const char *keys[QLB_MAX_KEYS];
} family_desc;

static const family_desc families[] = {
    {"algebraic", QLB_POTENTIAL_ALGEBRAIC, {"A", "p"}},
    {"gaussian", QLB_POTENTIAL_GAUSSIAN, {"A", "s"}},
    {"power", QLB_POTENTIAL_POWER, {"A", "a"}},
};

static double *param_slot(qlb_potential *pot, const char *key)
{
    switch (key[0]) {
    case 'A': return &pot->A;
    case 'p': return &pot->p;
    case 's': return &pot->s;
    default: return &pot->a;
    }
}

static qlb_status parse_number(const char *text, size_t len, const char *key,
                               double *value)
{
    char buf[128];
    if (len == 0)
        return qlb_fail(QLB_EINVAL, "potential: missing value for '%s'", key);
    if (len >= sizeof buf)
        return qlb_fail(QLB_EINVAL, "potential: value for '%s' is too long", key);
    memcpy(buf, text, len);
    buf[len] = '\0';
    char *end = NULL;
    errno = 0;
    double v = strtod(buf, &end);
    if (end == buf || *end != '\0' || errno == ERANGE || !isfinite(v))
        return qlb_fail(QLB_EINVAL, "potential: bad value '%s' for '%s'", buf, key);
    *value = v;
    return QLB_OK;
}

static int key_index(const family_desc *fam, const char *key, size_t len)
{
    for (int i = 0; i < QLB_MAX_KEYS; i++)
        if (strlen(fam->keys[i]) == len && strncmp(fam->keys[i], key, len) == 0)
            return i;
    return -1;
}

static qlb_status parse_one_pair(const family_desc *fam, const char *item,
                                 size_t len, qlb_potential *pot, int seen[])
{
    const char *eq = memchr(item, '=', len);
    if (!eq)
        return qlb_fail(QLB_EINVAL, "potential: '%.*s' is not key=value",
                        (int)len, item);
    size_t klen = (size_t)(eq - item);
    int idx = key_index(fam, item, klen);
    if (idx < 0)
        return qlb_fail(QLB_EINVAL, "potential: unknown key '%.*s' for %s",
                        (int)klen, item, fam->family);
    if (seen[idx])
        return qlb_fail(QLB_EINVAL, "potential: key '%s' given twice", fam->keys[idx]);
    seen[idx] = 1;
    return parse_number(eq + 1, len - klen - 1, fam->keys[idx],
                        param_slot(pot, fam->keys[idx]));
}

static qlb_status check_family_values(const qlb_potential *pot)
{
    if (pot->A < 0)
        return qlb_fail(QLB_EINVAL, "potential: A must be >= 0 (got %g)", pot->A);
    if (pot->kind == QLB_POTENTIAL_ALGEBRAIC && pot->p <= 0)
        return qlb_fail(QLB_EINVAL, "potential: p must be > 0 (got %g)", pot->p);
    if (pot->kind == QLB_POTENTIAL_GAUSSIAN && pot->s <= 0)
        return qlb_fail(QLB_EINVAL, "potential: s must be > 0 (got %g)", pot->s);
    if (pot->kind == QLB_POTENTIAL_POWER && pot->a < 0)
        return qlb_fail(QLB_EINVAL, "potential: a must be >= 0 (got %g)", pot->a);
    return QLB_OK;
}

static qlb_status parse_family(const family_desc *fam, const char *args,
                               qlb_potential *pot)
{
    int seen[QLB_MAX_KEYS] = {0};
    pot->kind = fam->kind;
    const char *item = args;
    for (;;) {
        const char *comma = strchr(item, ',');
        size_t len = comma ? (size_t)(comma - item) : strlen(item);
        qlb_status st = parse_one_pair(fam, item, len, pot, seen);
        if (st) return st;
        if (!comma) break;
        item = comma + 1;
    }
    for (int i = 0; i < QLB_MAX_KEYS; i++)
        if (!seen[i])
            return qlb_fail(QLB_EINVAL, "potential: %s needs key '%s'",
                            fam->family, fam->keys[i]);
    snprintf(pot->spec, sizeof pot->spec, "%s:%s=%.17g,%s=%.17g", fam->family,
             fam->keys[0], *param_slot(pot, fam->keys[0]), fam->keys[1],
             *param_slot(pot, fam->keys[1]));
    return check_family_values(pot);
}

/* Appends (x, y) to the growing arrays. */
static qlb_status append_row(double x, double y, double **k, double **v, size_t *n, size_t *cap)
{
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        double *nk = realloc(*k, *cap * sizeof **k);
        if (nk) *k = nk;
        double *nv = realloc(*v, *cap * sizeof **v);
        if (nv) *v = nv;
        if (!nk || !nv) return qlb_fail(QLB_ENOMEM, "potential table: out of memory");
    }
    (*k)[*n] = x;
    (*v)[*n] = y;
    (*n)++;
    return QLB_OK;
}

/* One line "k Vhat" (comma or blank separated, '#' comment): 1 with a row,
 * 0 for a blank line, -1 if malformed. */
static int parse_row(char *line, double *x, double *y)
{
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    for (char *c = line; *c; c++)
        if (*c == ',') *c = ' ';
    char *p = line, *end;
    while (*p == ' ' || *p == '\t') p++;
    if (*p == '\0') return 0;
    *x = strtod(p, &end);
    if (end == p) return -1;
    p = end;
    *y = strtod(p, &end);
    if (end == p) return -1;
    for (p = end; *p; p++)
        if (*p != ' ' && *p != '\t') return -1;
    return isfinite(*x) && isfinite(*y) && *y >= 0 ? 1 : -1;
}

/* Reads the rows into growing arrays (bounded: 4 KiB lines, 64 MiB). */
static qlb_status read_table_rows(const char *path, double **k, double **v, size_t *n)
{
    qlb_text_reader r;
    qlb_status st = qlb_text_open(&r, path, 4096, (size_t)64 << 20);
    if (st) return qlb_context(st, "potential table");
    size_t cap = 0;
    char *line;
    while (!st && !(st = qlb_text_next(&r, &line)) && line) {
        double x, y;
        int row = parse_row(line, &x, &y);
        if (row < 0)
            st = qlb_fail(QLB_EINVAL, "%s:%zu: not two finite numbers 'k Vhat' with Vhat >= 0",
                          path, r.lineno);
        else if (row)
            st = append_row(x, y, k, v, n, &cap);
    }
    qlb_text_close(&r);
    return qlb_context(st, "potential table");
}

static qlb_status check_table(const char *path, const double *k, size_t n)
{
    if (n < 3)
        return qlb_fail(QLB_EINVAL, "potential table %s: needs at least 3 rows", path);
    if (k[0] != 0.0)
        return qlb_fail(QLB_EINVAL, "potential table %s: first k must be 0", path);
    for (size_t i = 1; i < n; i++)
        if (!(k[i] > k[i - 1]))
            return qlb_fail(QLB_EINVAL,
                            "potential table %s: k not strictly increasing at row %zu",
                            path, i + 1);
    return QLB_OK;
}

static qlb_status parse_table(const char *path, qlb_potential *pot)
{
    double *k = NULL, *v = NULL;
    size_t n = 0;
    qlb_status st = read_table_rows(path, &k, &v, &n);
    if (!st) st = check_table(path, k, n);
    if (!st) {
        /* GSL's handler is the caller's: off for these calls, then restored */
        gsl_error_handler_t *saved = gsl_set_error_handler_off();
        pot->spline = gsl_spline_alloc(gsl_interp_cspline, n);
        int failed = !pot->spline || gsl_spline_init(pot->spline, k, v, n);
        gsl_set_error_handler(saved);
        if (failed)
            st = qlb_fail(QLB_ENOMEM, "potential table %s: spline setup failed", path);
        else
            pot->kmax = k[n - 1];
    }
    char digest[65] = "";
    double *kv = st ? NULL : malloc(2 * n * sizeof(double));
    if (kv) {
        memcpy(kv, k, n * sizeof(double));
        memcpy(kv + n, v, n * sizeof(double));
        qlb_sha256_hex(kv, 2 * n * sizeof(double), digest);
    }
    free(kv);
    free(k);
    free(v);
    pot->kind = QLB_POTENTIAL_TABLE;
    snprintf(pot->spec, sizeof pot->spec, "table:%s", path);
    snprintf(pot->fingerprint, sizeof pot->fingerprint, "%s sha256=%s", pot->spec, digest);
    return st;
}

static qlb_potential *new_potential(void)
{
    qlb_potential *pot = calloc(1, sizeof *pot);
    if (pot) pot->A = pot->p = pot->s = pot->a = NAN;
    return pot;
}

qlb_status qlb_potential_parse(const char *spec, qlb_potential **out)
{
    *out = NULL;
    if (!spec || !*spec) return qlb_fail(QLB_EINVAL, "potential: empty spec");
    const char *colon = strchr(spec, ':');
    if (!colon || colon[1] == '\0')
        return qlb_fail(QLB_EINVAL, "potential: '%s' is not FAMILY:ARGS", spec);
    size_t flen = (size_t)(colon - spec);
    qlb_potential *pot = new_potential();
    if (!pot) return qlb_fail(QLB_ENOMEM, "potential: out of memory");
    qlb_status st = QLB_EINVAL;
    int known = 0;
    for (size_t i = 0; i < sizeof families / sizeof *families; i++)
        if (strlen(families[i].family) == flen &&
            strncmp(spec, families[i].family, flen) == 0) {
            known = 1;
            st = parse_family(&families[i], colon + 1, pot);
        }
    if (!known && flen == 5 && strncmp(spec, "table", 5) == 0) {
        known = 1;
        st = parse_table(colon + 1, pot);
    }
    if (!known)
        st = qlb_fail(QLB_EINVAL,
                      "potential: unknown family '%.*s' (algebraic, gaussian, power, table)",
                      (int)flen, spec);
    if (st) {
        qlb_potential_free(pot);
        return st;
    }
    *out = pot;
    return QLB_OK;
}

qlb_status qlb_potential_from_callback(double (*vhat)(double, void *), void *ctx,
                                       const char *name, qlb_potential **out)
{
    *out = NULL;
    if (!vhat) return qlb_fail(QLB_EINVAL, "potential: NULL callback");
    qlb_potential *pot = new_potential();
    if (!pot) return qlb_fail(QLB_ENOMEM, "potential: out of memory");
    pot->kind = QLB_POTENTIAL_CALLBACK;
    pot->fn = vhat;
    pot->ctx = ctx;
    snprintf(pot->spec, sizeof pot->spec, "callback:%s", name ? name : "user");
    *out = pot;
    return QLB_OK;
}

void qlb_potential_free(qlb_potential *pot)
{
    if (!pot) return;
    if (pot->spline) gsl_spline_free(pot->spline);
    free(pot);
}

double qlb_potential_eval(const qlb_potential *pot, double k)
{
    if (!(k >= 0)) return NAN; /* negative or NaN: outside every family's domain */
    switch (pot->kind) {
    case QLB_POTENTIAL_ALGEBRAIC: return pot->A * pow(1.0 + k * k, -pot->p);
    case QLB_POTENTIAL_GAUSSIAN: return pot->A * exp(-k * k / (2.0 * pot->s * pot->s));
    case QLB_POTENTIAL_POWER: return pot->A * pow(k, -pot->a);
    case QLB_POTENTIAL_TABLE: /* 0 <= k <= kmax: inside the spline, GSL cannot fail */
        return k > pot->kmax ? 0.0 : gsl_spline_eval(pot->spline, k, NULL);
    case QLB_POTENTIAL_CALLBACK: return pot->fn(k, pot->ctx);
    }
    return NAN;
}

qlb_status qlb_potential_value(const qlb_potential *pot, double k, double *vhat)
{
    *vhat = NAN;
    if (!(k >= 0))
        return qlb_fail(QLB_EINVAL, "potential %s: Vhat(k) needs k >= 0 (got %g)", pot->spec, k);
    *vhat = qlb_potential_eval(pot, k);
    return isfinite(*vhat) ? QLB_OK
                           : qlb_fail(QLB_EDIVERGE, "potential %s: Vhat(%g) is not finite",
                                      pot->spec, k);
}

qlb_potential_kind qlb_potential_get_kind(const qlb_potential *pot) { return pot->kind; }

double qlb_potential_param(const qlb_potential *pot, const char *name)
{
    if (!name || strlen(name) != 1 || !strchr("Apsa", name[0])) return NAN;
    return *param_slot((qlb_potential *)pot, name);
}

const char *qlb_potential_spec(const qlb_potential *pot) { return pot->spec; }

const char *qlb_potential_fingerprint(const qlb_potential *pot)
{
    return pot->fingerprint[0] ? pot->fingerprint : pot->spec;
}

double qlb_potential_support(const qlb_potential *pot)
{
    return pot->kind == QLB_POTENTIAL_TABLE ? pot->kmax : INFINITY;
}
