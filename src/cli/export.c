/* export.c — `qlb export`: writes L as a dense (h5, npy) or coordinate (mtx)
 * matrix in the Cartesian or spherical Hermite basis, with basis labels. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: qlb export --potential SPEC [--dim D] [--hbar H] [--degree N]\n"
    "                  [--no-screening] [--basis cartesian|spherical]\n"
    "                  --format h5|mtx|npy -o PATH [--force]\n\n"
    "Writes the matrix of the linearized QLB operator L_hbar on Hermite functions\n"
    "of total degree <= N. h5: dataset /L (dense), /basis (multi-indices i1..id or\n"
    "n,l,m, one row per basis function) and attributes dim, hbar, degree,\n"
    "potential, screening, basis, qlb_version. mtx (Matrix Market coordinate,\n"
    "symmetric) and npy (dense) get a sidecar PATH.basis.csv with the labels.\n"
    "Cartesian order: by total degree, then reverse-lexicographic.\n"
    "Spherical order: by shell 2n+l, then l, then m.\n\noptions:\n" CLI_OPERATOR_HELP
    "  --basis B          cartesian (default) or spherical\n"
    "  --format F         h5, mtx or npy (required)\n"
    "  -o, --output PATH  output file (required; never overwritten without --force)\n"
    "  --force            overwrite PATH if it exists\n";

enum { OPT_BASIS = OPT_COMMAND_SPECIFIC, OPT_OUTPUT, OPT_FORCE };

typedef struct {
    const char *basis, *output;
    int force;
} export_opts;

static int on_option(void *ctx, int id, const char *arg)
{
    export_opts *o = ctx;
    switch (id) {
    case OPT_BASIS:
        if (strcmp(arg, "cartesian") && strcmp(arg, "spherical")) return cli_bad_value("basis", arg);
        o->basis = arg;
        return 1;
    case 'o': case OPT_OUTPUT: o->output = arg; return 1;
    case OPT_FORCE: o->force = 1; return 1;
    default: return 0;
    }
}

/* Labels: multi-indices (Cartesian) or n,l,m (spherical). */
static int *make_labels(const qlb_basis *b, int cartesian, qlb_io_labels *lab, char *header,
                        size_t hlen)
{
    size_t nb = qlb_basis_size(b);
    int d = qlb_basis_dim(b), cols = cartesian ? d : 3;
    int *v = malloc(nb * (size_t)cols * sizeof(int));
    if (!v) return NULL;
    for (size_t i = 0; i < nb; i++) {
        if (cartesian)
            memcpy(v + i * cols, qlb_basis_multi_index(b, i), (size_t)d * sizeof(int));
        else
            qlb_basis_spherical_label(b, i, v + i * 3, v + i * 3 + 1, v + i * 3 + 2);
    }
    header[0] = '\0';
    if (cartesian)
        for (int k = 0; k < d; k++)
            snprintf(header + strlen(header), hlen - strlen(header), "%si%d", k ? "," : "", k + 1);
    else
        snprintf(header, hlen, "n,l,m");
    *lab = (qlb_io_labels){nb, cols, v, header};
    return v;
}

/* Builds and writes the matrix; returns the exit code (errors printed). */
static int run(const cli_operator *op, const export_opts *o, qlb_format fmt)
{
    const qlb_params *p = &op->params;
    int cartesian = strcmp(o->basis, "spherical") != 0;
    qlb_basis *b = NULL;
    qlb_burnett *bu = NULL;
    qlb_linop *L = NULL;
    double *A = NULL;
    int *labels = NULL;
    qlb_io_labels lab;
    char header[1024];
    int rc = CLI_OK;
    qlb_status st = qlb_basis_create(p->dim, p->degree, &b);
    if (!st) {
        double nb = (double)qlb_basis_size(b);
        st = qlb_check_memory(8.0 * nb * nb * (cartesian ? 2 : 1), "the dense matrix");
    }
    if (!st) st = qlb_linop_create(p, &L);
    if (!st && cartesian) st = qlb_burnett_create(b, &bu);
    if (!st) {
        size_t nb = qlb_basis_size(b);
        A = malloc(nb * nb * sizeof(double));
        labels = make_labels(b, cartesian, &lab, header, sizeof header);
        if (!A || !labels) {
            fprintf(stderr, "qlb export: out of memory for the %zu x %zu matrix\n", nb, nb);
            rc = CLI_BAD_INPUT;
        }
    }
    if (!st && rc == CLI_OK) {
        if (cartesian) qlb_linop_cartesian(L, b, bu, A);
        else qlb_linop_spherical(L, b, A);
        qlb_io_meta meta = {p->dim, p->hbar, p->degree, qlb_potential_spec(p->potential),
                            p->screening, cartesian ? "cartesian" : "spherical"};
        st = qlb_io_write_matrix(o->output, fmt, A, qlb_basis_size(b), &lab, &meta, o->force);
    }
    free(A);
    free(labels);
    qlb_linop_free(L);
    qlb_burnett_free(bu);
    qlb_basis_free(b);
    return st ? cli_report("export", st) : rc;
}

int cmd_export(int argc, char **argv)
{
    static const struct option extra[] = {{"basis", required_argument, 0, OPT_BASIS},
                                          {"output", required_argument, 0, OPT_OUTPUT},
                                          {"force", no_argument, 0, OPT_FORCE},
                                          {0, 0, 0, 0}};
    cli_operator op;
    export_opts o = {"cartesian", NULL, 0};
    qlb_format fmt = QLB_FORMAT_H5;
    int rc = cli_parse("export", help, argc, argv, extra, on_option, &o, &op);
    if (rc == CLI_OK && !op.format) rc = cli_usage_error("export", "--format is required");
    if (rc == CLI_OK && !o.output) rc = cli_usage_error("export", "-o PATH is required");
    if (rc == CLI_OK) {
        qlb_status st = qlb_io_parse_format(op.format, &fmt);
        if (!st) st = qlb_io_check_output(o.output, fmt, o.force);
        rc = st ? cli_report("export", st) : run(&op, &o, fmt);
    }
    cli_operator_free(&op);
    return rc == CLI_HELP ? CLI_OK : rc;
}
