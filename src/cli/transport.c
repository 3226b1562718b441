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
    "heat_conductivity_error,converged.\n\noptions:\n" CLI_OPERATOR_HELP
    "  --conv-tol T       convergence tolerance of the N study (default 1e-3)\n"
    "  --format F         table (default), csv or json\n";

enum { OPT_CONV_TOL = OPT_COMMAND_SPECIFIC };

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

int cmd_transport(int argc, char **argv)
{
    static const struct option extra[] = {{"conv-tol", required_argument, 0, OPT_CONV_TOL},
                                           {0, 0, 0, 0}};
    cli_operator op;
    double conv_tol = 1e-3;
    int rc = cli_parse("transport", help, argc, argv, extra, option, &conv_tol, &op);
    const char *fmt = op.format ? op.format : "table";
    if (rc == CLI_OK) rc = cli_record_format("transport", fmt);
    qlb_linop *L = NULL;
    qlb_study_result r;
    if (rc == CLI_OK) {
        qlb_status st = cli_make_linop(&op.params, op.operator_file, &L);
        if (!st) st = qlb_study_run(L, NULL, QLB_STUDY_TRANSPORT, op.params.degree, conv_tol, &r);
        if (st) rc = cli_report("transport", st);
    }
    if (rc == CLI_OK) print(fmt, op.params.degree, &r);
    qlb_linop_free(L);
    cli_operator_free(&op);
    return rc == CLI_HELP ? CLI_OK : rc;
}
