/* gap.c — `qlb gap`: the spectral gap of L (smallest eigenvalue on the
 * complement of the collision invariants) and the l where it occurs. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char help[] =
    "usage: qlb gap --potential SPEC [--dim D] [--hbar H] [--degree N]\n"
    "               [--no-screening] [--species NAME:Z=..,A=..,n=.. ...]\n"
    "               [--format table|csv|json]\n\n"
    "Spectral gap of the linearized QLB operator truncated to Hermite degree <= N:\n"
    "the smallest eigenvalue on the orthogonal complement of the d+2 collision\n"
    "invariants, and the angular momentum l of its eigenspace (needs N >= 2).\n"
    "With S species (--species), of the mixture's L on the complement of its\n"
    "S + d + 1 invariants (each density, total momentum, total energy).\n"
    "CSV columns: gap,l.\n\noptions:\n" CLI_OPERATOR_HELP CLI_SPECIES_HELP
    "  --format F         table (default), csv or json\n";

int cmd_gap(int argc, char **argv)
{
    static const struct option extra[] = {CLI_SPECIES_OPTION, {0, 0, 0, 0}};
    cli_operator op;
    int rc = cli_parse("gap", help, argc, argv, extra, NULL, NULL, &op);
    const char *fmt = op.format ? op.format : "table";
    if (rc == CLI_OK && strcmp(fmt, "table") && strcmp(fmt, "csv") && strcmp(fmt, "json"))
        rc = cli_usage_error("gap", "unknown format '%s' (table, csv, json)", fmt);
    qlb_linop *L = NULL;
    qlb_mixop *M = NULL;
    double gap = 0;
    int l = 0;
    if (rc == CLI_OK && op.nspecies) {
        qlb_status st = cli_make_mixop(&op, &M);
        if (!st) st = qlb_mixop_gap(M, &gap, &l);
        if (st) rc = cli_report("gap", st);
    } else if (rc == CLI_OK) {
        qlb_status st = cli_make_linop(&op.params, op.operator_file, &L);
        if (!st) st = qlb_spectrum_gap(L, &gap, &l);
        if (st) rc = cli_report("gap", st);
    }
    gap *= cli_rate_scale(&op);
    if (rc == CLI_OK) {
        if (!strcmp(fmt, "csv")) printf("gap,l\n%.17g,%d\n", gap, l);
        else if (!strcmp(fmt, "json")) printf("{\"gap\": %.17g, \"l\": %d}\n", gap, l);
        else printf("gap %.15e%s at l = %d\n", gap, op.time_unit_s > 0 ? " s^-1" : "", l);
    }
    qlb_linop_free(L);
    qlb_mixop_free(M);
    cli_operator_free(&op);
    return rc == CLI_HELP ? CLI_OK : rc;
}
