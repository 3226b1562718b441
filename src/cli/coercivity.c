/* coercivity.c — `qlb coercivity`: the best constant c in
 * <g, L g> >= c ||pi g||^2 on the truncated space (Prop. 3.7), for the
 * norm (3.5) at the operator's hbar or the classical norm (3.6), with its
 * convergence over the degrees N, N-2, ... */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char help[] =
    "usage: qlb coercivity --potential SPEC [--dim D] [--hbar H] [--degree N]\n"
    "                      [--no-screening] [--norm hbar|classical] [--conv-tol T]\n"
    "                      [--format table|csv|json]\n\n"
    "Best constant c with <g, L g> >= c ||pi g||^2 for g in the span of the Hermite\n"
    "functions of degree <= N (N >= 2), pi the L^2 projection off the d+2 collision\n"
    "invariants: the smallest eigenvalue of L c = lambda G c on the complement of\n"
    "the invariants, G the Gram matrix of the norm, block by block in l.\n"
    "  hbar       ||g||_hbar^2 of Definition 3.1 (3.5); at hbar = 0 its limit\n"
    "             c_d Int Vhat^2 |k| |eps_0|^-2 M1(u) [(d_u g)^2 + (u/2)^2 g^2] dk dv\n"
    "  classical  ||g||_0^2 of (3.6)-(3.7) as printed (no c_d, u instead of u/2),\n"
    "             with eps_0 whatever the operator's hbar\n"
    "A truncated constant is an upper bound of the true one and does not increase\n"
    "with N; it is reported with its convergence over N, N-2, ...: relative change\n"
    "from N-2, local exponent d log c / d log N, estimated relative distance to the\n"
    "N -> infinity limit (power-law tail of the differences), and converged =\n"
    "error <= --conv-tol (default 1e-3).\n"
    "CSV columns: degree,constant,l,change,exponent,error,converged.\n\noptions:\n"
    CLI_OPERATOR_HELP
    "  --norm NORM        hbar (default) or classical\n"
    "  --conv-tol T       convergence tolerance of the N study (default 1e-3)\n"
    "  --format F         table (default), csv or json\n";

enum { OPT_NORM = OPT_COMMAND_SPECIFIC, OPT_CONV_TOL };

typedef struct {
    qlb_form norm;
    double conv_tol;
} options;

static int option(void *ctx, int id, const char *arg)
{
    options *o = ctx;
    if (id == OPT_NORM) {
        if (!strcmp(arg, "hbar")) o->norm = QLB_FORM_NORM_HBAR;
        else if (!strcmp(arg, "classical")) o->norm = QLB_FORM_NORM_CLASSICAL;
        else return cli_bad_value("norm", arg);
        return 1;
    }
    if (id == OPT_CONV_TOL)
        return cli_parse_double(arg, &o->conv_tol) || !(o->conv_tol > 0)
                   ? cli_bad_value("conv-tol", arg) : 1;
    return 0;
}

static void print(const char *fmt, int N, const qlb_study_result *r)
{
    char v[7][40];
    const qlb_convergence *c = &r->conv[0];
    snprintf(v[0], 40, "%d", N);
    snprintf(v[1], 40, "%.17g", c->value);
    snprintf(v[2], 40, "%d", r->l);
    snprintf(v[3], 40, "%.6g", c->change);
    snprintf(v[4], 40, "%.6g", c->exponent);
    snprintf(v[5], 40, "%.6g", c->error);
    snprintf(v[6], 40, "%s", c->converged ? "true" : "false");
    const char *names[] = {"degree", "constant", "l", "change", "exponent", "error", "converged"};
    const char *values[] = {v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
    cli_print_record(fmt, 7, names, values);
}

int cmd_coercivity(int argc, char **argv)
{
    static const struct option extra[] = {{"norm", required_argument, 0, OPT_NORM},
                                           {"conv-tol", required_argument, 0, OPT_CONV_TOL},
                                           {0, 0, 0, 0}};
    cli_operator op;
    options o = {QLB_FORM_NORM_HBAR, 1e-3};
    int rc = cli_parse("coercivity", help, argc, argv, extra, option, &o, &op);
    const char *fmt = op.format ? op.format : "table";
    if (rc == CLI_OK) rc = cli_record_format("coercivity", fmt);
    qlb_linop *L = NULL, *G = NULL;
    qlb_study_result r;
    if (rc == CLI_OK) {
        qlb_status st = cli_make_linop(&op.params, op.operator_file, &L);
        if (!st) st = qlb_linop_create_form(&op.params, o.norm, &G);
        if (!st) st = qlb_study_run(L, G, QLB_STUDY_COERCIVITY, op.params.degree, o.conv_tol, &r);
        if (st) rc = cli_report("coercivity", st);
    }
    if (rc == CLI_OK) print(fmt, op.params.degree, &r);
    qlb_linop_free(L);
    qlb_linop_free(G);
    cli_operator_free(&op);
    return rc == CLI_HELP ? CLI_OK : rc;
}
