/* manifest.c — parser of scan manifests (format in manifest.h). Every error
 * names the file and line; unknown keys, empty lists, malformed items and
 * out-of-range values are refused. */
#include "manifest.h"
#include "cli.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *path;
    size_t line;
} where;

static int fail(const where *w, const char *msg, const char *item)
{
    return cli_usage_error("scan", "%s:%zu: %s%s%s%s", w->path, w->line, msg,
                           item ? " '" : "", item ? item : "", item ? "'" : "");
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = 0;
    return s;
}

/* Next comma-separated item of *s (trimmed), NULL at the end. */
static char *next_item(char **s)
{
    if (!*s) return NULL;
    char *item = *s, *comma = strchr(item, ',');
    if (comma) *comma = 0;
    *s = comma ? comma + 1 : NULL;
    return trim(item);
}

static int add_dims(const where *w, manifest *m, char *item)
{
    int a, b;
    char *colon = strchr(item, ':');
    if (colon) *colon = 0;
    if (cli_parse_int(item, &a) || (colon && cli_parse_int(colon + 1, &b))) {
        if (colon) *colon = ':';
        return fail(w, "malformed dimension", item);
    }
    if (!colon) b = a;
    if (b < a) return fail(w, "empty dimension range", item);
    for (int d = a; d <= b; d++) {
        if (m->ndim == MANIFEST_MAX) return fail(w, "too many dimensions", NULL);
        for (int i = 0; i < m->ndim; i++)
            if (m->dim[i] == d) return fail(w, "dimension listed twice (each case runs once):", item);
        m->dim[m->ndim++] = d;
    }
    return CLI_OK;
}

/* Appends hbar unless it is listed already. */
static int push_hbar(const where *w, manifest *m, double x)
{
    char value[32];
    snprintf(value, sizeof value, "%.17g", x);
    if (m->nhbar == MANIFEST_MAX) return fail(w, "too many hbar values", NULL);
    for (int i = 0; i < m->nhbar; i++)
        if (m->hbar[i] == x) return fail(w, "hbar listed twice (each case runs once):", value);
    m->hbar[m->nhbar++] = x;
    return CLI_OK;
}

static int add_hbars(const where *w, manifest *m, char *item)
{
    double lo, hi, x;
    int count;
    if (!strncmp(item, "log:", 4)) {
        char *a = item + 4, *b = strchr(a, ':'), *c = b ? strchr(b + 1, ':') : NULL;
        if (!b || !c) return fail(w, "log range must be log:LO:HI:COUNT, not", item);
        *b = *c = 0;
        if (cli_parse_double(a, &lo) || cli_parse_double(b + 1, &hi) || cli_parse_int(c + 1, &count))
            return fail(w, "malformed log range", a);
        if (!(lo > 0) || hi < lo || count < 1 || (count == 1 && hi != lo))
            return fail(w, "log range needs 0 < LO <= HI and COUNT >= 1 (1 only if LO = HI)", NULL);
        int rc = CLI_OK;
        for (int i = 0; i < count && rc == CLI_OK; i++)
            rc = push_hbar(w, m, count == 1 ? lo : lo * pow(hi / lo, (double)i / (count - 1)));
        return rc;
    }
    if (cli_parse_double(item, &x) || x < 0) return fail(w, "hbar must be a number >= 0, not", item);
    return push_hbar(w, m, x);
}

static int add_degrees(const where *w, manifest *m, char *item)
{
    int a, b, step = 1, n = 0;
    char *part[3] = {item, NULL, NULL}, copy[64];
    snprintf(copy, sizeof copy, "%s", item);
    for (char *c = item; *c && n < 2; c++)
        if (*c == ':') *c = 0, part[++n] = c + 1;
    if (cli_parse_int(part[0], &a) || (n >= 1 && cli_parse_int(part[1], &b)) ||
        (n == 2 && cli_parse_int(part[2], &step)))
        return fail(w, "malformed degree", copy);
    if (n == 0) b = a;
    if (b < a || step < 1) return fail(w, "empty degree range", copy);
    for (int N = a; N <= b; N += step) {
        if (N < 2) return fail(w, "degrees must be >= 2, not", copy);
        if (m->ndeg == MANIFEST_MAX) return fail(w, "too many degrees", NULL);
        m->degree[m->ndeg++] = N;
    }
    return CLI_OK;
}

static int add_quantity(const where *w, manifest *m, char *item)
{
    static const char *names[] = {"gap", "coercivity_hbar", "coercivity_classical", "transport"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(item, names[i])) {
            m->quantities |= 1 << i;
            return CLI_OK;
        }
    return fail(w, "unknown quantity", item);
}

static int set_screening(const where *w, manifest *m, const char *v)
{
    m->nscreen = 0;
    if (!strcmp(v, "on") || !strcmp(v, "both")) m->screening[m->nscreen++] = 1;
    if (!strcmp(v, "off") || !strcmp(v, "both")) m->screening[m->nscreen++] = 0;
    return m->nscreen ? CLI_OK : fail(w, "screening must be on, off or both, not", v);
}

static int set_number(const where *w, const char *v, double lo, double hi, double *out)
{
    if (cli_parse_double(v, out) || *out < lo || *out > hi) return fail(w, "value out of range:", v);
    return CLI_OK;
}

typedef int (*item_fn)(const where *, manifest *, char *);

static int list(const where *w, manifest *m, char *v, item_fn f)
{
    char *item;
    int rc = CLI_OK, any = 0;
    if (!*v) return fail(w, "empty list", NULL);
    while (rc == CLI_OK && (item = next_item(&v))) {
        if (!*item) return fail(w, "empty item in list", NULL);
        rc = f(w, m, item);
        any = 1;
    }
    return rc == CLI_OK && !any ? fail(w, "empty list", NULL) : rc;
}

static int assign(const where *w, manifest *m, const char *key, char *v)
{
    double x;
    int rc;
    if (!strcmp(key, "potential")) {
        if (!*v) return fail(w, "empty potential", NULL);
        if (m->npot == MANIFEST_MAX) return fail(w, "too many potentials", NULL);
        for (int i = 0; i < m->npot; i++)
            if (!strcmp(m->potential[i], v))
                return fail(w, "potential listed twice (each case runs once):", v);
        return (m->potential[m->npot++] = strdup(v)) ? CLI_OK : CLI_FAILURE;
    }
    if (!strcmp(key, "screening")) return set_screening(w, m, v);
    if (!strcmp(key, "dim")) return list(w, m, v, add_dims);
    if (!strcmp(key, "hbar")) return list(w, m, v, add_hbars);
    if (!strcmp(key, "degree")) return list(w, m, v, add_degrees);
    if (!strcmp(key, "quantities")) {
        m->quantities = 0;
        return list(w, m, v, add_quantity);
    }
    if (!strcmp(key, "conv_tol")) return set_number(w, v, 1e-14, 1, &m->conv_tol);
    if (!strcmp(key, "tol")) return set_number(w, v, 1e-15, 1e-2, &m->tol);
    if (!strcmp(key, "eigenvalues") || !strcmp(key, "eigen_lmax")) {
        if ((rc = set_number(w, v, 0, 64, &x))) return rc;
        if (x != floor(x)) return fail(w, "expected an integer, not", v);
        *(!strcmp(key, "eigenvalues") ? &m->eigenvalues : &m->eigen_lmax) = (int)x;
        return CLI_OK;
    }
    return fail(w, "unknown key", key);
}

static int compare_int(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

/* Sorts and de-duplicates the degrees; checks what every case needs. */
static int finish(const where *w, manifest *m)
{
    static const char *required[] = {"potential", "dim", "hbar", "degree"};
    int counts[] = {m->npot, m->ndim, m->nhbar, m->ndeg};
    for (int i = 0; i < 4; i++)
        if (!counts[i]) return fail(w, "missing key", required[i]);
    qsort(m->degree, (size_t)m->ndeg, sizeof(int), compare_int);
    int n = 0;
    for (int i = 0; i < m->ndeg; i++)
        if (!n || m->degree[i] != m->degree[n - 1]) m->degree[n++] = m->degree[i];
    m->ndeg = n;
    if ((m->quantities & Q_TRANSPORT) && m->degree[0] < 3)
        return fail(w, "transport needs degrees >= 3", NULL);
    return CLI_OK;
}

int manifest_read(const char *path, manifest *m)
{
    memset(m, 0, sizeof *m);
    m->screening[0] = 1;
    m->nscreen = 1;
    m->quantities = Q_GAP;
    m->eigenvalues = 3;
    m->eigen_lmax = 3;
    m->conv_tol = 1e-3;
    m->tol = 1e-12;
    where w = {path, 0};
    qlb_text_reader r;
    qlb_status st = qlb_text_open(&r, path, 4096, 1 << 20);
    if (st) return cli_report("scan", st);
    char *buf;
    int rc = CLI_OK;
    while (rc == CLI_OK && !(st = qlb_text_next(&r, &buf)) && buf) {
        w.line = r.lineno;
        char *hash = strchr(buf, '#');
        if (hash) *hash = 0;
        char *line = trim(buf), *eq = strchr(line, '=');
        if (!*line) continue;
        if (!eq) {
            rc = fail(&w, "expected key = value, got", line);
            break;
        }
        *eq = 0;
        rc = assign(&w, m, trim(line), trim(eq + 1));
    }
    qlb_text_close(&r);
    if (rc == CLI_OK && st) rc = cli_report("scan", st);
    if (rc == CLI_OK) rc = finish(&w, m);
    if (rc != CLI_OK) manifest_free(m);
    return rc;
}

void manifest_free(manifest *m)
{
    for (int i = 0; i < m->npot; i++) free(m->potential[i]);
    m->npot = 0;
}
