/* export.c — `qlb export`: writes L as a dense (h5, npy) or coordinate (mtx)
 * matrix in the Cartesian or spherical Hermite basis, or the quadratic-term
 * tensor Q (h5, tns) in the spherical basis, with basis labels. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: qlb export --potential SPEC [--dim D] [--hbar H] [--degree N]\n"
    "                  [--no-screening] [--what L|Q] [--no-variation]\n"
    "                  [--basis cartesian|spherical] --format h5|mtx|npy|tns\n"
    "                  -o PATH [--force]\n\n"
    "--what L (default) writes the matrix of the linearized QLB operator L_hbar on\n"
    "Hermite functions of total degree <= N. h5: dataset /L (dense), /basis\n"
    "(multi-indices i1..id or n,l,m, one row per basis function) and attributes\n"
    "dim, hbar, degree, potential, screening, basis, qlb_version. mtx (Matrix\n"
    "Market coordinate, symmetric) and npy (dense) get a sidecar PATH.basis.csv\n"
    "with the labels.\n"
    "--what Q writes the tensor T[a][b][c] = <f_a, Q(f_b, f_c)> of the quadratic\n"
    "term (d_t g + L g = Q(g,g) + O(g^3)) in the spherical basis, its stored\n"
    "entries only (selection rules; symmetric in b, c, only b <= c listed).\n"
    "h5: /Q/index (nnz x 3, 0-based a,b,c), /Q/value, /basis (n,l,m) and the\n"
    "attributes above plus screening_variation. tns: coordinate text\n"
    "'a b c value', 1-based, '#' header, sidecar PATH.basis.csv. The size of the\n"
    "tensor is printed on stderr.\n"
    "Cartesian order: by total degree, then reverse-lexicographic.\n"
    "Spherical order: by shell 2n+l, then l, then m.\n\noptions:\n" CLI_OPERATOR_HELP
    "  --what W           L (default) or Q\n"
    "  --no-variation     Q without the variation of the screening |eps(F)|^-2\n"
    "  --basis B          cartesian (default for L) or spherical (the only one for Q)\n"
    "  --format F         h5, mtx or npy for L; h5 or tns for Q (required)\n"
    "  -o, --output PATH  output file (required; never overwritten without --force)\n"
    "  --force            overwrite PATH if it exists\n";

enum { OPT_BASIS = OPT_COMMAND_SPECIFIC, OPT_OUTPUT, OPT_FORCE, OPT_WHAT, OPT_NO_VARIATION };

typedef struct {
    const char *basis, *output;
    int force, tensor, variation;
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
    case OPT_WHAT:
        if (strcmp(arg, "L") && strcmp(arg, "Q")) return cli_bad_value("what", arg);
        o->tensor = !strcmp(arg, "Q");
        return 1;
    case OPT_NO_VARIATION: o->variation = 0; return 1;
    default: return 0;
    }
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
        labels = cli_basis_labels(b, cartesian, &lab, header, sizeof header);
        if (!A || !labels) {
            fprintf(stderr, "qlb export: out of memory for the %zu x %zu matrix\n", nb, nb);
            rc = CLI_BAD_INPUT;
        }
    }
    if (!st && rc == CLI_OK) {
        if (cartesian) qlb_linop_cartesian(L, b, bu, A);
        else qlb_linop_spherical(L, b, A);
        qlb_io_meta meta = {p->dim, p->hbar, p->degree, qlb_potential_spec(p->potential),
                            p->screening, cartesian ? "cartesian" : "spherical", 0};
        st = qlb_io_write_matrix(o->output, fmt, A, qlb_basis_size(b), &lab, &meta, o->force);
    }
    free(A);
    free(labels);
    qlb_linop_free(L);
    qlb_burnett_free(bu);
    qlb_basis_free(b);
    return st ? cli_report("export", st) : rc;
}

/* Builds Q, reports its size on stderr and writes it. */
static int run_tensor(const cli_operator *op, const export_opts *o, qlb_format fmt)
{
    const qlb_params *p = &op->params;
    qlb_basis *b = NULL;
    qlb_quadratic *T = NULL;
    int *labels = NULL;
    qlb_io_labels lab;
    char header[64];
    qlb_status st = qlb_check_memory(qlb_quadratic_estimate_bytes(p), "the quadratic-term tensor");
    if (!st) st = qlb_basis_create(p->dim, p->degree, &b);
    if (!st) {
        fprintf(stderr, "qlb export: building Q (d=%d, N=%d, %zu functions, estimate %.3g MB)\n",
                p->dim, p->degree, qlb_basis_size(b), qlb_quadratic_estimate_bytes(p) / 1e6);
        st = qlb_quadratic_create(p, o->variation, &T);
    }
    if (!st) {
        qlb_quadratic_info in = qlb_quadratic_get_info(T);
        fprintf(stderr, "qlb export: Q has %zu stored entries of %.0f dense (%.2f%%), %.3g MB; "
                "kernel error %.1e\n", in.nnz, in.dense, 100 * in.nnz / in.dense, in.bytes / 1e6,
                in.error);
        labels = cli_basis_labels(b, 0, &lab, header, sizeof header);
    }
    if (!st && !labels) {
        fprintf(stderr, "qlb export: out of memory for the basis labels\n");
        qlb_quadratic_free(T);
        qlb_basis_free(b);
        return CLI_FAILURE;
    }
    if (!st) {
        qlb_io_meta meta = {p->dim, p->hbar, p->degree, qlb_potential_spec(p->potential),
                            p->screening, "spherical", qlb_quadratic_variation(T)};
        st = qlb_io_write_tensor(o->output, fmt, T, &lab, &meta, o->force);
    }
    free(labels);
    qlb_quadratic_free(T);
    qlb_basis_free(b);
    return st ? cli_report("export", st) : CLI_OK;
}

int cmd_export(int argc, char **argv)
{
    static const struct option extra[] = {{"basis", required_argument, 0, OPT_BASIS},
                                          {"what", required_argument, 0, OPT_WHAT},
                                          {"no-variation", no_argument, 0, OPT_NO_VARIATION},
                                          {"output", required_argument, 0, OPT_OUTPUT},
                                          {"force", no_argument, 0, OPT_FORCE},
                                          {0, 0, 0, 0}};
    cli_operator op;
    export_opts o = {NULL, NULL, 0, 0, 1};
    qlb_format fmt = QLB_FORMAT_H5;
    int rc = cli_parse("export", help, argc, argv, extra, on_option, &o, &op);
    if (rc == CLI_OK && !op.format) rc = cli_usage_error("export", "--format is required");
    if (rc == CLI_OK && !o.output) rc = cli_usage_error("export", "-o PATH is required");
    if (rc == CLI_OK && o.tensor && o.basis && strcmp(o.basis, "spherical"))
        rc = cli_usage_error("export", "Q is stored and written in the spherical basis only");
    if (!o.basis) o.basis = o.tensor ? "spherical" : "cartesian";
    if (rc == CLI_OK) {
        qlb_status st = qlb_io_parse_format(op.format, &fmt);
        if (!st && o.tensor != (fmt == QLB_FORMAT_TNS) && fmt != QLB_FORMAT_H5)
            rc = cli_usage_error("export", "format %s is for %s", op.format, o.tensor ? "L" : "Q");
        if (rc == CLI_OK && !st) st = qlb_io_check_output(o.output, fmt, o.force);
        if (rc == CLI_OK)
            rc = st ? cli_report("export", st) : o.tensor ? run_tensor(&op, &o, fmt) : run(&op, &o, fmt);
    }
    cli_operator_free(&op);
    return rc == CLI_HELP ? CLI_OK : rc;
}
