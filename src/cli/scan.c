/* scan.c — `qlb scan`: a grid of potentials x screening x d x hbar (one
 * "case" each, assembled once at the largest degree) x degrees (one CSV row
 * each, by truncation) from a manifest (manifest.h). Rows are appended to
 * TABLE.partial as cases finish, by a pool of threads; the finished table
 * is renamed into place, so TABLE is never half-written. --resume continues
 * from TABLE.partial (or extends TABLE): rows whose key (potential,
 * screening, dim, hbar, degree) is present are not recomputed. */
#include "cli.h"
#include "manifest.h"
#include "operator_cache.h"
#include "ranks.h"
#include "scan.h"

#include <cblas.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_BLOCK 81   /* (N - l)/2 + 1 at the library's largest degree, 160 */

static const char help[] =
    "usage: qlb scan --manifest FILE -o TABLE.csv [--resume] [--force] [--jobs J]\n"
    "                [--operators DIR] [--quiet]\n\n"
    "Runs every combination of the manifest's potentials, screening, dimensions and\n"
    "hbar values (a case: one operator assembled at the largest degree) and writes\n"
    "one CSV row per case and degree N (by truncation, so all degrees cost one\n"
    "assembly). Manifest: `key = value` lines, # comments:\n"
    "  potential = SPEC                 one line per potential\n"
    "  screening = on | off | both      (default on)\n"
    "  dim = 2, 3, 4:6                  integers, ranges A:B\n"
    "  hbar = 0, 0.1, log:1e-3:1:7      numbers >= 0, log ranges LO:HI:COUNT\n"
    "  degree = 8, 16:40:8              integers >= 2, ranges A:B:STEP\n"
    "  quantities = gap, coercivity_hbar, coercivity_classical, transport\n"
    "  eigenvalues = 3, eigen_lmax = 3  smallest eigenvalues per l <= eigen_lmax\n"
    "                                   on the complement of the invariants\n"
    "  conv_tol = 1e-3                  tolerance of the convergence-in-N verdicts\n"
    "  tol = 1e-12                      kernel accuracy\n"
    "Columns: potential,screening,dim,hbar,degree; per quantity Q in gap,\n"
    "coercivity_hbar, coercivity_classical: Q, Q_l, Q_change (relative change from\n"
    "N-2), Q_exponent (d log Q / d log N), Q_error (estimated relative distance to\n"
    "N -> infinity), Q_converged (Q_error <= conv_tol); transport: viscosity,\n"
    "heat_conductivity, prandtl, viscosity_error, heat_conductivity_error,\n"
    "transport_converged; then ev_l<l>_<j>; seconds (wall time of the whole case;\n"
    "not with --no-seconds).\n"
    "Progress goes to stderr. TABLE is written as TABLE.partial and renamed when\n"
    "complete; an existing TABLE or TABLE.partial is refused unless --resume\n"
    "(continue; rows already present are skipped) or --force (start over).\n\n"
    "options:\n"
    "  --manifest FILE    the grid (required)\n"
    "  -o, --output FILE  the CSV table (required)\n"
    "  --resume           continue TABLE.partial, or extend TABLE\n"
    "  --force            discard an existing TABLE / TABLE.partial\n"
    "  --jobs J           cases run in parallel (default: online cores)\n"
    "  --operators DIR    keep each case's assembled operators in DIR (an existing\n"
    "                     directory) and load them from there when a scan is re-run\n"
    "                     (files as qlb export --what operator: --operator, qlb.load)\n"
    "  --no-seconds       leave out the wall-time column: the table is then the same\n"
    "                     bytes for the same manifest, however and wherever it ran\n"
    "  --quiet            no progress on stderr\n"
    "  --help             show this help\n\n"
    "Under MPI (mpirun -n P qlb scan ..., srun -n P qlb scan ...) rank 0 hands out\n"
    "the cases one at a time to whichever rank is free (it computes too) and alone\n"
    "writes the table: the same rows in the same grid order as a serial run; each\n"
    "rank uses its node's cores divided by the ranks there. --resume works across\n"
    "runs with any number of ranks.\n";

/* ---------- rows and keys ---------- */

static void csv_text(char *buf, size_t n, const char *s)
{
    size_t k = 0;
    buf[k++] = '"';
    for (; *s && k + 3 < n; s++) {
        if (*s == '"') buf[k++] = '"';
        buf[k++] = *s;
    }
    buf[k++] = '"';
    buf[k] = 0;
}

static void row_key(char *buf, size_t n, const scan *S, const scase *c, int degree)
{
    char pot[1100];
    csv_text(pot, sizeof pot, S->m->potential[c->pot]);
    snprintf(buf, n, "%s,%s,%d,%.17g,%d", pot, c->screening ? "on" : "off", c->dim, c->hbar,
             degree);
}

static int has_key(const scan *S, const char *key)
{
    for (size_t i = 0; i < S->nkeys; i++)
        if (!strcmp(S->keys[i], key)) return 1;
    return 0;
}

static int add_key(scan *S, const char *key)
{
    if (S->nkeys == S->capkeys) {
        size_t cap = S->capkeys ? 2 * S->capkeys : 64;
        char **k = realloc(S->keys, cap * sizeof *k);
        if (!k) return -1;
        S->keys = k;
        S->capkeys = cap;
    }
    return (S->keys[S->nkeys++] = strdup(key)) ? 0 : -1;
}

static void append(char *buf, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t n, const char *fmt, ...)
{
    size_t len = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, n - len, fmt, ap);
    va_end(ap);
}

static const char *quantity_names[] = {"gap", "coercivity_hbar", "coercivity_classical"};

/* The header; CLI_BAD_INPUT (printed) if it or the longest row a case can
 * produce would not fit the table's line buffers. */
static int build_header(scan *S)
{
    const manifest *m = S->m;
    char *h = S->header;
    size_t n = sizeof S->header;
    h[0] = 0;
    append(h, n, "potential,screening,dim,hbar,degree");
    for (int q = 0; q < 3; q++)
        if (m->quantities & (1 << q))
            append(h, n, ",%s,%s_l,%s_change,%s_exponent,%s_error,%s_converged",
                   quantity_names[q], quantity_names[q], quantity_names[q], quantity_names[q],
                   quantity_names[q], quantity_names[q]);
    if (m->quantities & Q_TRANSPORT)
        append(h, n, ",viscosity,heat_conductivity,prandtl,viscosity_error,"
                     "heat_conductivity_error,transport_converged");
    for (int l = 0; l <= m->eigen_lmax && m->eigenvalues; l++)
        for (int j = 1; j <= m->eigenvalues; j++) append(h, n, ",ev_l%d_%d", l, j);
    if (S->o->seconds) append(h, n, ",seconds");
    size_t columns = 1, longest_key = 0;
    for (const char *c = h; *c; c++) columns += *c == ',';
    for (int i = 0; i < m->npot; i++)
        if (strlen(m->potential[i]) > longest_key) longest_key = strlen(m->potential[i]);
    /* a quoted potential (quotes doubled), then numbers of at most 24 characters and a comma each */
    double row = 2.0 * (double)longest_key + 2 + 25.0 * (double)columns;
    if (strlen(h) + 1 >= n || row >= ROW_MAX)
        return cli_usage_error("scan", "the manifest asks for %zu columns: a %s would be longer than "
                               "the table's %s limit (ask for fewer eigenvalues or a smaller "
                               "eigen_lmax)", columns, strlen(h) + 1 >= n ? "header" : "row",
                               strlen(h) + 1 >= n ? "8191-character header" : "16383-character row");
    return CLI_OK;
}

/* ---------- one case ---------- */

typedef struct {
    qlb_linop *L, *G[2];    /* G: norms (3.5), (3.6) when requested */
    qlb_potential *pot;
    qlb_params p;
} operators;

static void operators_free(operators *ops)
{
    qlb_linop_free(ops->L);
    qlb_linop_free(ops->G[0]);
    qlb_linop_free(ops->G[1]);
    qlb_potential_free(ops->pot);
}

static qlb_status make_form(const scan *S, const qlb_params *p, qlb_form form, qlb_linop **out)
{
    const char *dir = S->o->operators;
    return dir ? cli_cached_form(dir, p, form, out) : qlb_linop_create_form(p, form, out);
}

static qlb_status operators_create(const scan *S, const scase *c, operators *ops)
{
    const manifest *m = S->m;
    memset(ops, 0, sizeof *ops);
    qlb_status st = qlb_potential_parse(m->potential[c->pot], &ops->pot);
    ops->p = qlb_params_default();
    ops->p.dim = c->dim;
    ops->p.hbar = c->hbar;
    ops->p.degree = m->degree[m->ndeg - 1];
    ops->p.potential = ops->pot;
    ops->p.screening = c->screening;
    ops->p.tol = m->tol;
    if (!st) st = make_form(S, &ops->p, QLB_FORM_COLLISION, &ops->L);
    if (!st && (m->quantities & Q_COER_HBAR)) st = make_form(S, &ops->p, QLB_FORM_NORM_HBAR, &ops->G[0]);
    if (!st && (m->quantities & Q_COER_CLASSICAL))
        st = make_form(S, &ops->p, QLB_FORM_NORM_CLASSICAL, &ops->G[1]);
    return st;
}

static void format_convergence(char *row, size_t n, const qlb_study_result *r, int with_l)
{
    const qlb_convergence *c = &r->conv[0];
    append(row, n, ",%.17g", c->value);
    if (with_l) append(row, n, ",%d", r->l);
    append(row, n, ",%.6g,%.6g,%.6g,%s", c->change, c->exponent, c->error,
           c->converged ? "true" : "false");
}

/* Eigenvalues per l on the complement of the invariants at degree N. */
static qlb_status format_eigenvalues(char *row, size_t n, const manifest *m, const qlb_linop *L,
                                     int N)
{
    qlb_linop *T;
    qlb_status st = qlb_linop_truncate(L, N, &T);
    double w[MAX_BLOCK];
    for (int l = 0; l <= m->eigen_lmax && m->eigenvalues && !st; l++) {
        int count = 0;
        if (l <= N) st = qlb_spectrum_complement(T, NULL, l, w, &count);
        for (int j = 0; j < m->eigenvalues && !st; j++)
            append(row, n, j < count ? ",%.17g" : ",", j < count ? w[j] : 0.0);
    }
    qlb_linop_free(T);
    return st;
}

/* The row of case c at degree N (without the time), appended to row. */
static qlb_status format_row(const scan *S, const scase *c, const operators *ops, int N,
                             char *row, size_t n)
{
    const manifest *m = S->m;
    qlb_status st = QLB_OK;
    qlb_study_result r;
    row_key(row, n, S, c, N);
    for (int q = 0; q < 3 && !st; q++) {
        if (!(m->quantities & (1 << q))) continue;
        st = qlb_study_run(ops->L, q ? ops->G[q - 1] : NULL, q ? QLB_STUDY_COERCIVITY : QLB_STUDY_GAP, N,
                       m->conv_tol, &r);
        if (!st) format_convergence(row, n, &r, 1);
    }
    if (!st && (m->quantities & Q_TRANSPORT)) {
        st = qlb_study_run(ops->L, NULL, QLB_STUDY_TRANSPORT, N, m->conv_tol, &r);
        if (!st)
            append(row, n, ",%.17g,%.17g,%.17g,%.6g,%.6g,%s", r.conv[0].value, r.conv[1].value,
                   r.prandtl, r.conv[0].error, r.conv[1].error,
                   r.conv[0].converged && r.conv[1].converged ? "true" : "false");
    }
    return st ? st : format_eigenvalues(row, n, m, ops->L, N);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* Degrees of case c whose rows are missing (count returned). */
static int missing_degrees(scan *S, const scase *c, int *degrees)
{
    int k = 0;
    char key[1200];
    for (int i = 0; i < S->m->ndeg; i++) {
        row_key(key, sizeof key, S, c, S->m->degree[i]);
        if (!has_key(S, key)) degrees[k++] = S->m->degree[i];
    }
    return k;
}

static void describe(char *buf, size_t n, const scan *S, const scase *c)
{
    snprintf(buf, n, "d=%d hbar=%g %s %s", c->dim, c->hbar, S->m->potential[c->pot],
             c->screening ? "screened" : "unscreened");
}

int scan_next_case(scan *S, int *degrees, int *count)
{
    pthread_mutex_lock(&S->lock);
    int i = -1;
    while (S->next < S->ncases && i < 0) {
        *count = missing_degrees(S, &S->cases[S->next], degrees);
        if (*count) i = S->next;
        S->next++;
    }
    pthread_mutex_unlock(&S->lock);
    return i;
}

void scan_compute(const scan *S, case_result *r)
{
    double t0 = now();
    operators ops;
    qlb_status st = operators_create(S, &S->cases[r->index], &ops);
    r->rows = calloc((size_t)r->count, ROW_MAX);
    if (!r->rows) st = QLB_ENOMEM;
    for (int i = 0; i < r->count && !st; i++)
        st = format_row(S, &S->cases[r->index], &ops, r->degrees[i], r->rows + (size_t)i * ROW_MAX, ROW_MAX);
    r->seconds = now() - t0;
    r->failed = st ? cli_exit_code(st) : CLI_OK;
    snprintf(r->message, sizeof r->message, "%s", st ? qlb_last_error() : "");
    operators_free(&ops);
}

void scan_record(scan *S, case_result *r)
{
    char what[512];
    describe(what, sizeof what, S, &S->cases[r->index]);
    pthread_mutex_lock(&S->lock);
    S->done++;
    if (r->failed) {
        fprintf(stderr, "qlb scan: %s: %s\n", what, r->message);
        S->failed++;
        if (r->failed == CLI_BAD_INPUT || !S->exit_code) S->exit_code = r->failed;
    } else {
        for (int i = 0; i < r->count; i++) {
            fputs(r->rows + (size_t)i * ROW_MAX, S->out);
            if (S->o->seconds) fprintf(S->out, ",%.3f", r->seconds);
            fputc('\n', S->out);
            char key[1200];
            row_key(key, sizeof key, S, &S->cases[r->index], r->degrees[i]);
            add_key(S, key);
        }
        fflush(S->out);
        if (!S->o->quiet)
            fprintf(stderr, "qlb scan: [%d/%d] %s N<=%d: %.2f s\n", S->done, S->ncases, what,
                    r->degrees[r->count - 1], r->seconds);
    }
    pthread_mutex_unlock(&S->lock);
    free(r->rows);
    r->rows = NULL;
}

static void *worker(void *arg)
{
    scan *S = arg;
    qlb_set_threads(S->threads_per_case); /* this thread's share of the cores */
    case_result r;
    while ((r.index = scan_next_case(S, r.degrees, &r.count)) >= 0) {
        scan_compute(S, &r);
        scan_record(S, &r);
    }
    return NULL;
}

/* ---------- the grid ---------- */

/* All cases, each checked (d, hbar, potential, divergence) before anything
 * is written. */
static int build_cases(scan *S)
{
    const manifest *m = S->m;
    int total = m->npot * m->nscreen * m->ndim * m->nhbar;
    S->cases = malloc((size_t)total * sizeof *S->cases);
    if (!S->cases) return cli_usage_error("scan", "out of memory");
    for (int a = 0; a < m->npot; a++)
        for (int b = 0; b < m->nscreen; b++)
            for (int c = 0; c < m->ndim; c++)
                for (int d = 0; d < m->nhbar; d++) {
                    scase k = {a, m->screening[b], m->dim[c], m->hbar[d]};
                    qlb_potential *pot = NULL;
                    qlb_status st = qlb_potential_parse(m->potential[a], &pot);
                    qlb_params p = qlb_params_default();
                    p.dim = k.dim, p.hbar = k.hbar, p.degree = m->degree[m->ndeg - 1];
                    p.potential = pot, p.screening = k.screening, p.tol = m->tol;
                    if (!st) st = qlb_params_check(&p);
                    qlb_potential_free(pot);
                    if (st) {
                        char what[512];
                        describe(what, sizeof what, S, &k);
                        return cli_usage_error("scan", "%s: %s", what, qlb_last_error());
                    }
                    S->cases[S->ncases++] = k;
                }
    return CLI_OK;
}

/* ---------- the table file ---------- */

/* Rank of a row in grid order (case, then degree); unknown rows last. */
static long row_rank(const scan *S, const char *line)
{
    char key[1200];
    for (int i = 0; i < S->ncases; i++)
        for (int j = 0; j < S->m->ndeg; j++) {
            row_key(key, sizeof key, S, &S->cases[i], S->m->degree[j]);
            size_t n = strlen(key);
            if (!strncmp(line, key, n) && line[n] == ',') return (long)i * MANIFEST_MAX + j;
        }
    return (long)S->ncases * MANIFEST_MAX;
}

typedef struct {
    long rank;
    size_t order;
    char *line;
} ranked;

static int compare_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Reads the data lines of a table (header must be S->header) into *lines;
 * an incomplete last line (no newline: an interrupted write) is dropped. */
static int read_table(const char *path, const scan *S, char ***lines, size_t *count)
{
    if (qlb_check_input_file(path)) return cli_report("scan", QLB_EINVAL);
    FILE *f = fopen(path, "r");
    if (!f) return cli_usage_error("scan", "cannot read %s: %s", path, strerror(errno));
    char *buf = malloc(ROW_MAX);
    size_t n = 0, cap = 0;
    int rc = buf && fgets(buf, ROW_MAX, f) && !strncmp(buf, S->header, strlen(S->header)) &&
                     buf[strlen(S->header)] == '\n'
                 ? CLI_OK
                 : cli_usage_error("scan", "%s has other columns than this manifest produces; "
                                           "not resuming", path);
    *lines = NULL;
    while (rc == CLI_OK && fgets(buf, ROW_MAX, f)) {
        size_t len = strlen(buf);
        if (len + 1 == ROW_MAX && buf[len - 1] != '\n') { /* not a torn last line: too long */
            rc = cli_usage_error("scan", "%s: line %zu is longer than %d characters; not resuming",
                                 path, n + 2, ROW_MAX - 1);
            break;
        }
        if (!len || buf[len - 1] != '\n') break;
        buf[len - 1] = 0;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char **l = realloc(*lines, cap * sizeof *l);
            if (!l) {
                rc = cli_usage_error("scan", "out of memory");
                break;
            }
            *lines = l;
        }
        (*lines)[n++] = strdup(buf);
    }
    *count = n;
    free(buf);
    fclose(f);
    return rc;
}

static void free_lines(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++) free(lines[i]);
    free(lines);
}

/* Writes header + lines in grid order to `path` (truncating). */
static int write_sorted(const scan *S, const char *path, char **lines, size_t n)
{
    ranked *r = malloc((n ? n : 1) * sizeof *r);
    FILE *f = fopen(path, "w");
    if (!r || !f) {
        free(r);
        if (f) fclose(f);
        return cli_usage_error("scan", "cannot write %s: %s", path, strerror(errno));
    }
    for (size_t i = 0; i < n; i++) r[i] = (ranked){row_rank(S, lines[i]), i, lines[i]};
    qsort(r, n, sizeof *r, compare_ranked);
    fprintf(f, "%s\n", S->header);
    for (size_t i = 0; i < n; i++) fprintf(f, "%s\n", r[i].line);
    free(r);
    int bad = ferror(f) | fclose(f);
    return bad ? cli_usage_error("scan", "write error on %s", path) : CLI_OK;
}

/* Opens TABLE.partial for appending, after loading the keys of the rows a
 * resumed table already holds (rewritten without any torn last line). */
static int open_partial(scan *S, const char *partial)
{
    const char *out = S->o->output;
    int has_partial = !access(partial, F_OK), has_table = !access(out, F_OK);
    if (!S->o->resume && !S->o->force && (has_partial || has_table))
        return cli_usage_error("scan", "%s exists (--resume to continue it, --force to start over)",
                               has_partial ? partial : out);
    char **lines = NULL;
    size_t n = 0;
    int rc = CLI_OK;
    if (S->o->resume && (has_partial || has_table))
        rc = read_table(has_partial ? partial : out, S, &lines, &n);
    if (rc == CLI_OK) rc = write_sorted(S, partial, lines, n);
    for (size_t i = 0; i < n && rc == CLI_OK; i++) {
        char *end = lines[i];  /* key = first five fields; potential is quoted */
        int fields = 0, quoted = 0;
        for (; *end; end++) {
            if (*end == '"') quoted = !quoted;
            if (*end == ',' && !quoted && ++fields == 5) break;
        }
        *end = 0;
        if (add_key(S, lines[i])) rc = cli_usage_error("scan", "out of memory");
    }
    free_lines(lines, n);
    if (rc == CLI_OK && !(S->out = fopen(partial, "a")))
        rc = cli_usage_error("scan", "cannot write %s: %s", partial, strerror(errno));
    return rc;
}

/* Sorts the partial table into grid order and renames it to TABLE. */
static int finish_table(scan *S, const char *partial)
{
    char **lines;
    size_t n;
    int rc = read_table(partial, S, &lines, &n);
    if (rc == CLI_OK) rc = write_sorted(S, partial, lines, n);
    free_lines(lines, n);
    if (rc == CLI_OK && rename(partial, S->o->output))
        rc = cli_usage_error("scan", "cannot rename %s to %s: %s", partial, S->o->output,
                             strerror(errno));
    return rc;
}

/* ---------- the command ---------- */

enum { OPT_MANIFEST = 256, OPT_RESUME, OPT_FORCE, OPT_JOBS, OPT_QUIET, OPT_OPERATORS, OPT_SCAN_HELP,
       OPT_NO_SECONDS };

static int parse(int argc, char **argv, options *o)
{
    static const struct option opts[] = {
        {"manifest", required_argument, 0, OPT_MANIFEST}, {"output", required_argument, 0, 'o'},
        {"resume", no_argument, 0, OPT_RESUME},           {"force", no_argument, 0, OPT_FORCE},
        {"jobs", required_argument, 0, OPT_JOBS},         {"quiet", no_argument, 0, OPT_QUIET},
        {"operators", required_argument, 0, OPT_OPERATORS},
        {"no-seconds", no_argument, 0, OPT_NO_SECONDS},
        {"help", no_argument, 0, OPT_SCAN_HELP},          {0, 0, 0, 0}};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    *o = (options){NULL, NULL, NULL, 0, 0, cores > 0 ? (int)cores : 1, 0, 1};
    optind = 1;
    opterr = 0;
    int id;
    while ((id = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
        switch (id) {
        case OPT_SCAN_HELP: printf("%s", help); return CLI_HELP;
        case OPT_MANIFEST: o->manifest_path = optarg; break;
        case 'o': o->output = optarg; break;
        case OPT_RESUME: o->resume = 1; break;
        case OPT_FORCE: o->force = 1; break;
        case OPT_QUIET: o->quiet = 1; break;
        case OPT_NO_SECONDS: o->seconds = 0; break;
        case OPT_OPERATORS: o->operators = optarg; break;
        case OPT_JOBS:
            if (cli_parse_int(optarg, &o->jobs) || o->jobs < 1 || o->jobs > 1024)
                return cli_usage_error("scan", "invalid value '%s' for --jobs", optarg);
            break;
        default:
            return cli_usage_error("scan", "%s option '%s' (see qlb scan --help)",
                                   id == ':' ? "missing value for" : "unknown", argv[optind - 1]);
        }
    }
    if (optind < argc) return cli_usage_error("scan", "unexpected argument '%s'", argv[optind]);
    if (!o->manifest_path || !o->output)
        return cli_usage_error("scan", "--manifest and -o are required (see qlb scan --help)");
    if (o->resume && o->force) return cli_usage_error("scan", "--resume and --force exclude each other");
    struct stat st;
    if (o->operators && (stat(o->operators, &st) || !S_ISDIR(st.st_mode) || access(o->operators, W_OK | X_OK)))
        return cli_usage_error("scan", "--operators %s is not a writable directory", o->operators);
    return CLI_OK;
}

static void *serve(void *arg)
{
    scan_serve_ranks(arg);
    return NULL;
}

/* Rank 0 (or the only process): --jobs workers over the cases, sharing the
 * rank's cores, and under MPI a thread that serves the other ranks. */
static int run(scan *S)
{
    int jobs = cli_ranks() > 1 ? 1 : S->o->jobs < S->ncases ? S->o->jobs : S->ncases;
    int cores = cli_rank_threads();
    pthread_t threads[1025];
    openblas_set_num_threads(1); /* the library's threads, not BLAS's: rows do not depend on --jobs */
    S->threads_per_case = jobs > 0 && cores > jobs ? cores / jobs : 1;
    int started = 0;
    for (; started < jobs - 1; started++)
        if (pthread_create(&threads[started], NULL, worker, S)) break;
    int server = cli_ranks() > 1 && !pthread_create(&threads[started], NULL, serve, S);
    if (cli_ranks() > 1 && !server) serve(S);
    worker(S);
    for (int i = 0; i < started + server; i++) pthread_join(threads[i], NULL);
    return S->exit_code;
}

/* What every rank of a distributed scan must agree on: the columns, the
 * degrees, settings and cases of its manifest, with each potential's
 * fingerprint (a table's values too). malloc'ed; NULL if out of memory. */
static char *inputs_text(const scan *S)
{
    const manifest *m = S->m;
    size_t len = strlen(S->header) + 128 + (size_t)m->ndeg * 12, at;
    for (int k = 0; k < m->npot; k++) len += strlen(m->potential[k]) + 1;
    len += (size_t)S->ncases * 64;
    char *text = malloc(len);
    if (!text) return NULL;
    at = (size_t)snprintf(text, len, "%s|%d|%d|%d|%.17g|%.17g|", S->header, m->quantities, m->eigenvalues,
                          m->eigen_lmax, m->conv_tol, m->tol);
    for (int k = 0; k < m->ndeg; k++) at += (size_t)snprintf(text + at, len - at, "%d,", m->degree[k]);
    for (int k = 0; k < m->npot; k++) at += (size_t)snprintf(text + at, len - at, "%s|", m->potential[k]);
    for (int i = 0; i < S->ncases; i++) {
        const scase *c = &S->cases[i];
        at += (size_t)snprintf(text + at, len - at, "%d,%d,%d,%a;", c->pot, c->screening, c->dim, c->hbar);
    }
    return text;
}

int cmd_scan(int argc, char **argv)
{
    options o;
    manifest m;
    int rc = parse(argc, argv, &o);
    if (rc != CLI_OK) return rc == CLI_HELP ? CLI_OK : rc;
    if ((rc = manifest_read(o.manifest_path, &m)) != CLI_OK) return rc;
    scan S = {.m = &m, .o = &o};
    pthread_mutex_init(&S.lock, NULL);
    rc = build_header(&S);
    char partial[4096];
    snprintf(partial, sizeof partial, "%s.partial", o.output);
    if (rc == CLI_OK) rc = build_cases(&S);
    if (rc == CLI_OK && !cli_rank()) rc = open_partial(&S, partial);
    char *inputs = rc == CLI_OK ? inputs_text(&S) : NULL;
    if (rc == CLI_OK && !inputs) rc = cli_usage_error("scan", "out of memory");
    rc = cli_ranks_agree("scan", rc, inputs);
    free(inputs);
    int shared = rc == CLI_OK; /* every rank works, and leaves with rank 0's verdict */
    if (rc == CLI_OK && cli_rank()) {
        S.threads_per_case = cli_rank_threads();
        scan_work_for_rank0(&S);
    } else if (rc == CLI_OK) {
        rc = run(&S);
        if (fclose(S.out)) rc = cli_usage_error("scan", "write error on %s", partial);
        if (rc == CLI_OK) rc = finish_table(&S, partial);
        else fprintf(stderr, "qlb scan: %d case(s) failed; finished rows are kept in %s "
                             "(--resume retries the rest)\n", S.failed, partial);
    }
    if (shared) rc = cli_ranks_verdict(rc);
    for (size_t i = 0; i < S.nkeys; i++) free(S.keys[i]);
    free(S.keys);
    free(S.cases);
    manifest_free(&m);
    pthread_mutex_destroy(&S.lock);
    return rc;
}
