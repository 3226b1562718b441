/* transport.c — `qlb transport`: Chapman–Enskog viscosity, heat
 * conductivity and Prandtl number of the linearized operator
 * (qlb/transport.h), with their convergence over the degrees N, N-2, ... */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char help[] =
    "usage: qlb transport --potential SPEC [--dim D] [--hbar H] [--degree N]\n"
    "                     [--no-screening] [--conv-tol T] [--format table|csv|json]\n\n"
    "First-order Chapman-Enskog transport coefficients of the linearized operator\n"
    "on Hermite degree <= N (N >= 3), in units n = T = m = k_B = 1 with the operator\n"
    "exactly as defined (time unit of (1.10)):\n"
    "  viscosity          mu    = <A_12, L^-1 A_12>,  A_ij = (v_i v_j - delta_ij |v|^2/d) sqrt M\n"
    "  heat_conductivity  kappa = <B_1, L^-1 B_1>,    B_i = v_i (|v|^2 - d - 2)/2 sqrt M\n"
    "  prandtl            Pr    = (d+2)/2 mu / kappa  (independent of the units)\n"
    "so that the stress is -mu (du_i/dx_j + du_j/dx_i - 2/d delta_ij div u) and the\n"
    "heat flux -kappa grad T. Maxwell molecules give Pr = (d-1)/d exactly. For the\n"
    "classical unscreened d = 3 operator (Landau-Coulomb gas with Coulomb logarithm\n"
    "Lambda = Int k^3 Vhat^2 dk) Braginskii's ion time is tau = 12 pi^(5/2) / Lambda;\n"
    "mu / tau -> 0.96529 and kappa / tau -> 3.95021 (README).\n"
    "Truncated values increase with N (variational); each is reported with its\n"
    "estimated relative distance to the N -> infinity limit; converged = both\n"
    "errors <= --conv-tol (default 1e-3).\n"
    "CSV columns: degree,viscosity,heat_conductivity,prandtl,viscosity_error,\n"
    "heat_conductivity_error,converged.\n"
    "With --species (docs/DESIGN.md §9), the mixture's viscosity (total stress)\n"
    "and heat conductivity at zero diffusion forces (the species' relative drifts\n"
    "free: thermal diffusion is not separated), each species' sources in its own\n"
    "variable; in plasma units in qlb's units of the first species (the time unit\n"
    "t_0 in the JSON). The electrons' transport with ions at rest (Spitzer) is\n"
    "another problem.\n\noptions:\n" CLI_OPERATOR_HELP CLI_SPECIES_HELP
    "  --conv-tol T       convergence tolerance of the N study (default 1e-3)\n"
    "  --format F         table (default), csv or json\n";

enum { OPT_CONV_TOL = OPT_COMMAND_SPECIFIC };
#define QLB_MAX_DEGREE_CLI 128  /* degrees of a mixture's study: N/2 of them */

static int option(void *ctx, int id, const char *arg)
{
    double *conv_tol = ctx;
    if (id != OPT_CONV_TOL) return 0;
    return cli_parse_double(arg, conv_tol) || !(*conv_tol > 0) ? cli_bad_value("conv-tol", arg)
                                                                : 1;
}

static void print(const char *fmt, int N, const qlb_study_result *r)
{
    char v[7][40];
    snprintf(v[0], 40, "%d", N);
    snprintf(v[1], 40, "%.17g", r->conv[0].value);
    snprintf(v[2], 40, "%.17g", r->conv[1].value);
    snprintf(v[3], 40, "%.17g", r->prandtl);
    snprintf(v[4], 40, "%.6g", r->conv[0].error);
    snprintf(v[5], 40, "%.6g", r->conv[1].error);
    snprintf(v[6], 40, "%s", r->conv[0].converged && r->conv[1].converged ? "true" : "false");
    const char *names[] = {"degree", "viscosity", "heat_conductivity", "prandtl",
                           "viscosity_error", "heat_conductivity_error", "converged"};
    const char *values[] = {v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
    cli_print_record(fmt, 7, names, values);
}

/* The mixture's coefficients at every degree of N's parity from 3 (or 4) to
 * N, assessed for convergence as one species' (qlb/convergence.h). */
static qlb_status mixture_study(const cli_operator *op, double conv_tol, qlb_study_result *r)
{
    int N = op->params.degree, count = 0, degrees[QLB_MAX_DEGREE_CLI];
    double mu[QLB_MAX_DEGREE_CLI], kappa[QLB_MAX_DEGREE_CLI];
    qlb_mixop *M = NULL;
    qlb_status st = N < 3 ? cli_fail(QLB_EINVAL, "transport needs --degree >= 3 (got %d)", N) : cli_make_mixop(op, &M);
    for (int n = 3 + (N + 1) % 2; n <= N && !st && count < QLB_MAX_DEGREE_CLI; n += 2, count++) {
        qlb_transport t;
        st = qlb_mixop_transport(M, n, &t);
        degrees[count] = n, mu[count] = t.viscosity, kappa[count] = t.heat_conductivity;
    }
    double noise = QLB_CONVERGENCE_NOISE(op->params.tol);
    if (!st) st = qlb_convergence_assess(degrees, mu, count, conv_tol, noise, &r->conv[0]);
    if (!st) st = qlb_convergence_assess(degrees, kappa, count, conv_tol, noise, &r->conv[1]);
    if (!st) r->prandtl = (op->params.dim + 2) / 2.0 * mu[count - 1] / kappa[count - 1];
    qlb_mixop_free(M);
    return st;
}

int cmd_transport(int argc, char **argv)
{
    static const struct option extra[] = {{"conv-tol", required_argument, 0, OPT_CONV_TOL},
                                           CLI_SPECIES_OPTION, {0, 0, 0, 0}};
    cli_operator op;
    double conv_tol = 1e-3;
    int rc = cli_parse("transport", help, argc, argv, extra, option, &conv_tol, &op);
    const char *fmt = op.format ? op.format : "table";
    if (rc == CLI_OK) rc = cli_record_format("transport", fmt);
    qlb_linop *L = NULL;
    qlb_study_result r;
    if (rc == CLI_OK && op.nspecies) {
        qlb_status st = mixture_study(&op, conv_tol, &r);
        if (st) rc = cli_report("transport", st);
    } else if (rc == CLI_OK) {
        qlb_status st = cli_make_linop(&op.params, op.operator_file, &L);
        if (!st) st = qlb_study_run(L, NULL, QLB_STUDY_TRANSPORT, op.params.degree, conv_tol, &r);
        if (st) rc = cli_report("transport", st);
    }
    if (rc == CLI_OK) print(fmt, op.params.degree, &r);
    qlb_linop_free(L);
    cli_operator_free(&op);
    return rc == CLI_HELP ? CLI_OK : rc;
}
