/* spectrum.c — `qlb spectrum`: all eigenvalues of L by rotation block,
 * ascending, each with its l and multiplicity dim H_l(d). */
#include "cli.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: qlb spectrum --potential SPEC [--dim D] [--hbar H] [--degree N]\n"
    "                    [--no-screening] [--species NAME:Z=..,A=..,n=.. ...]\n"
    "                    [--count K] [--format table|csv|json]\n\n"
    "Eigenvalues of the linearized QLB operator L_hbar on Hermite functions of\n"
    "total degree <= N, ascending, including the d+2 zero eigenvalues of the\n"
    "collision invariants. L commutes with rotations: each row is an eigenvalue of\n"
    "the block of angular momentum l, repeated multiplicity = dim H_l(d) times.\n"
    "With S species (--species), L of the mixture: its blocks hold every species,\n"
    "and S + d + 1 eigenvalues are zero (each density, total momentum and energy).\n"
    "CSV columns: eigenvalue,l,multiplicity.\n\noptions:\n" CLI_OPERATOR_HELP CLI_SPECIES_HELP
    "  --count K          keep only the K smallest rows\n"
    "  --format F         table (default), csv or json\n";

enum { OPT_COUNT = OPT_COMMAND_SPECIFIC };

static int on_option(void *ctx, int id, const char *arg)
{
    if (id != OPT_COUNT) return 0;
    int *count = ctx;
    return cli_parse_int(arg, count) || *count < 1 ? cli_bad_value("count", arg) : 1;
}

/* The multiplicity as text: exact when it fits 64 bits, else to 17 digits. */
static const char *multiplicity(const qlb_eigenvalue *e, int d, char *buf, size_t len)
{
    if (e->multiplicity != SIZE_MAX) snprintf(buf, len, "%zu", e->multiplicity);
    else snprintf(buf, len, "%.17g", qlb_basis_dim_harmonic_real(e->l, d));
    return buf;
}

static void print_rows(const char *fmt, const qlb_eigenvalue *ev, size_t n, const cli_operator *op)
{
    const qlb_params *p = &op->params;
    char m[32];
    if (!strcmp(fmt, "csv")) {
        printf("eigenvalue,l,multiplicity\n");
        for (size_t i = 0; i < n; i++)
            printf("%.17g,%d,%s\n", ev[i].value, ev[i].l, multiplicity(&ev[i], p->dim, m, sizeof m));
    } else if (!strcmp(fmt, "json")) {
        printf("{\"dim\": %d, \"hbar\": %.17g, \"degree\": %d, \"potential\": ", p->dim, p->hbar,
               p->degree);
        qlb_text_json_string(stdout, qlb_potential_spec(p->potential));
        printf(", \"screening\": %s, ", p->screening ? "true" : "false");
        if (op->nspecies) {
            cli_print_species_json(op);
            printf(", ");
        }
        printf("\"eigenvalues\": [");
        for (size_t i = 0; i < n; i++)
            printf("%s\n  {\"eigenvalue\": %.17g, \"l\": %d, \"multiplicity\": %s}",
                   i ? "," : "", ev[i].value, ev[i].l, multiplicity(&ev[i], p->dim, m, sizeof m));
        printf("\n]}\n");
    } else {
        printf("%24s %5s %13s\n", op->time_unit_s > 0 ? "eigenvalue [1/s]" : "eigenvalue", "l", "multiplicity");
        for (size_t i = 0; i < n; i++)
            printf("%24.15e %5d %13s\n", ev[i].value, ev[i].l, multiplicity(&ev[i], p->dim, m, sizeof m));
    }
}

int cmd_spectrum(int argc, char **argv)
{
    static const struct option extra[] = {{"count", required_argument, 0, OPT_COUNT},
                                          CLI_SPECIES_OPTION, {0, 0, 0, 0}};
    cli_operator op;
    int count = 0;
    int rc = cli_parse("spectrum", help, argc, argv, extra, on_option, &count, &op);
    const char *fmt = op.format ? op.format : "table";
    if (rc == CLI_OK && strcmp(fmt, "table") && strcmp(fmt, "csv") && strcmp(fmt, "json"))
        rc = cli_usage_error("spectrum", "unknown format '%s' (table, csv, json)", fmt);
    qlb_linop *L = NULL;
    qlb_mixop *M = NULL;
    qlb_eigenvalue *ev = NULL;
    size_t n = 0;
    if (rc == CLI_OK && op.nspecies) {
        qlb_status st = cli_make_mixop(&op, &M);
        if (!st) st = qlb_mixop_spectrum(M, &ev, &n);
        if (st) rc = cli_report("spectrum", st);
    } else if (rc == CLI_OK) {
        qlb_status st = cli_make_linop(&op.params, op.operator_file, &L);
        if (!st) st = qlb_spectrum_blocks(L, &ev, &n);
        if (st) rc = cli_report("spectrum", st);
    }
    for (size_t i = 0; rc == CLI_OK && i < n; i++) ev[i].value *= cli_rate_scale(&op);
    if (rc == CLI_OK) print_rows(fmt, ev, count > 0 && (size_t)count < n ? (size_t)count : n, &op);
    free(ev);
    qlb_linop_free(L);
    qlb_mixop_free(M);
    cli_operator_free(&op);
    return rc == CLI_HELP ? CLI_OK : rc;
}
