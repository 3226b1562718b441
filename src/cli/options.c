/* options.c — parsing of the operator options shared by the qlb commands,
 * strict number parsing, the mapping of library status to exit codes, and
 * whether two output paths name the same file. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>

int cli_parse_double(const char *s, double *v)
{
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(x)) return -1;
    *v = x;
    return 0;
}

int cli_parse_int(const char *s, int *v)
{
    char *end;
    errno = 0;
    long x = strtol(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE || x < -1000000000L || x > 1000000000L)
        return -1;
    *v = (int)x;
    return 0;
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    char msg[1024], shown[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cli_escape(msg, shown, sizeof shown);
    fprintf(stderr, "qlb %s: %s\n", command, shown);
    return CLI_BAD_INPUT;
}

static char cli_message[1024];

qlb_status cli_fail(qlb_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cli_message, sizeof cli_message, fmt, ap);
    va_end(ap);
    return st;
}

int cli_report(const char *command, qlb_status st)
{
    const char *msg = cli_message[0] ? cli_message : qlb_last_error();
    int library = !cli_message[0] && st == QLB_EEXIST; /* the CLI's remedy */
    char shown[1024];
    cli_escape(msg[0] ? msg : qlb_strerror(st), shown, sizeof shown);
    fprintf(stderr, "qlb %s: %s%s\n", command, shown, library ? " (use --force to overwrite)" : "");
    cli_message[0] = '\0';
    return cli_exit_code(st);
}

void cli_params_text(const qlb_params *p, char *buf, size_t len)
{
    snprintf(buf, len, "dim=%d hbar=%.17g degree=%d potential=%s screening=%d tol=%.17g", p->dim, p->hbar,
             p->degree, qlb_potential_fingerprint(p->potential), p->screening, p->tol);
}

int cli_exit_code(qlb_status st)
{
    switch (st) {
    case QLB_OK: return CLI_OK;
    case QLB_EINVAL: case QLB_EEXIST: case QLB_EDIVERGE: case QLB_ENOMEM: case QLB_EIO:
        return CLI_BAD_INPUT;
    default:
        return CLI_FAILURE;
    }
}

/* Length of the valid UTF-8 sequence at s (2..4), 0 if there is none. */
static size_t utf8_sequence(const unsigned char *s)
{
    size_t n = s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ? 3
             : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80) return 0;
    return n;
}

void cli_escape(const char *s, char *out, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (*p && n + 5 < len) {
        size_t u = *p >= 0x80 ? utf8_sequence(p) : 0;
        if (u) { /* valid UTF-8 (names with accents stay readable) */
            memcpy(out + n, p, u);
            n += u, p += u;
        } else if (*p >= 0x20 && *p != 0x7f && *p < 0x80) {
            out[n++] = (char)*p++;
        } else {
            n += (size_t)snprintf(out + n, len - n, "\\x%02x", *p++);
        }
    }
    if (*p && n + 4 <= len) n += (size_t)snprintf(out + n, len - n, "...");
    out[n < len ? n : len - 1] = '\0';
}

int cli_bad_value(const char *option, const char *arg)
{
    char shown[256];
    cli_escape(arg, shown, sizeof shown);
    fprintf(stderr, "qlb: invalid value '%s' for --%s\n", shown, option);
    return -1;
}

static int operator_option(cli_operator *op, int id, const char *arg)
{
    qlb_params *p = &op->params;
    if (id == OPT_DIM || id == OPT_HBAR || id == OPT_POTENTIAL) op->given |= 1u << (id - OPT_DIM);
    switch (id) {
    case OPT_DIM: return cli_parse_int(arg, &p->dim) ? cli_bad_value("dim", arg) : 1;
    case OPT_HBAR: return cli_parse_double(arg, &p->hbar) ? cli_bad_value("hbar", arg) : 1;
    case OPT_DEGREE: return cli_parse_int(arg, &p->degree) ? cli_bad_value("degree", arg) : 1;
    case OPT_TOL: return cli_parse_double(arg, &p->tol) ? cli_bad_value("tol", arg) : 1;
    case OPT_NO_SCREENING: p->screening = 0; return 1;
    case OPT_FORMAT: op->format = arg; return 1;
    case OPT_OPERATOR: op->operator_file = arg; return 1;
    case OPT_SPECIES: return cli_species_option(op, arg);
    case OPT_SPECIES_UNITS:
        if (!strcmp(arg, "plasma") || !strcmp(arg, "qlb")) return op->plasma = !strcmp(arg, "plasma"), 1;
        return cli_bad_value("units", arg);
    case OPT_POTENTIAL: {
        qlb_potential_free(op->potential);
        qlb_status st = qlb_potential_parse(arg, &op->potential);
        if (st) {
            fprintf(stderr, "qlb: %s\n", qlb_last_error());
            return -1;
        }
        p->potential = op->potential;
        return 1;
    }
    default: return 0;
    }
}

static int operator_finish(cli_operator *op, const char *command)
{
    if (op->plasma || op->species_args[0]) {
        int rc = cli_species_finish(op, command);
        if (rc != CLI_OK) return rc;
    }
    if (!op->potential) return cli_usage_error(command, "--potential is required");
    qlb_status st = qlb_params_check(&op->params);
    return st ? cli_report(command, st) : CLI_OK;
}

void cli_operator_free(cli_operator *op) { qlb_potential_free(op->potential); }

qlb_status cli_make_linop(const qlb_params *p, const char *file, qlb_linop **L)
{
    return file ? qlb_io_load_form(file, p, QLB_FORM_COLLISION, L) : qlb_linop_create(p, L);
}

int cli_parse(const char *command, const char *help, int argc, char **argv,
              const struct option *extra, cli_option_handler handler, void *ctx,
              cli_operator *op)
{
    struct option opts[32] = {CLI_OPERATOR_OPTIONS};
    int n = 0;
    while (opts[n].name) n++;
    for (int i = 0; extra && extra[i].name && n < 31; i++) opts[n++] = extra[i];
    op->params = qlb_params_default();
    op->potential = NULL;
    op->format = NULL;
    op->operator_file = NULL;
    op->nspecies = 0;
    memset(op->species_args, 0, sizeof op->species_args);
    op->plasma = 0;
    op->given = 0;
    op->time_unit_s = 0;
    optind = 1;
    opterr = 0;
    int id;
    while ((id = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
        if (id == OPT_HELP) {
            printf("%s", help);
            return CLI_HELP;
        }
        if (id == '?' || id == ':')
            return cli_usage_error(command, "%s option '%s' (see qlb %s --help)",
                                   id == '?' ? "unknown" : "missing value for",
                                   argv[optind - 1], command);
        int r = operator_option(op, id, optarg);
        if (r == 0 && handler) r = handler(ctx, id, optarg);
        if (r == 0)
            return cli_usage_error(command, "unknown option '%s' (see qlb %s --help)",
                                   argv[optind - 1], command);
        if (r != 1) return CLI_BAD_INPUT;
    }
    if (optind < argc) return cli_usage_error(command, "unexpected argument '%s'", argv[optind]);
    return operator_finish(op, command);
}

/* path with its directory resolved (realpath), into out; the path itself
 * if the directory does not exist. */
static void resolved(const char *path, char *out, size_t len)
{
    char dir[4096], real[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : path;
    if (slash == dir) dir[1] = 0;
    else if (slash) *slash = 0;
    else snprintf(dir, sizeof dir, ".");
    if (realpath(dir, real)) snprintf(out, len, "%s/%s", real, base);
    else snprintf(out, len, "%s", path);
}

int cli_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (!stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino) return 1;
    char ra[8192], rb[8192];
    resolved(a, ra, sizeof ra);
    resolved(b, rb, sizeof rb);
    return !strcmp(ra, rb);
}
