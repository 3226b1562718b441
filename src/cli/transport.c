/* transport.c — `qlb transport`: Chapman–Enskog viscosity, heat
 * conductivity and Prandtl number of the linearized operator
 * (qlb/transport.h), with their convergence over the degrees N, N-2, ... */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char help[] =
    "usage: qlb transport --potential SPEC [--dim D] [--hbar H] [--degree N]\n"
    "                     [--no-screening] [--conv-tol T] [--format table|csv|json]\n"
    "       qlb transport --electrons --ion-charge Z [--ion-mass M] --potential SPEC ...\n\n"
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
    "t_0 in the JSON).\n"
    "With --electrons (d = 3, docs/DESIGN.md §10): the Spitzer problem, electrons\n"
    "colliding with electrons and with ions of charge Z held at rest (mass M\n"
    "relative to the electron's, default the limit m_e/m_i -> 0; Z = inf: the\n"
    "Lorentz gas, electron-electron collisions dropped, unscreened only), and\n"
    "Braginskii's coefficients alpha0 (resistivity), beta0 (thermal force) and\n"
    "gamma0 (heat conductivity at zero current) in his normalization with\n"
    "tau_e = 1/(the electron-ion momentum-transfer rate of a Maxwellian), which is\n"
    "his tau_e for Landau's operator; coulomb_logarithm is the lnLambda that tau_e\n"
    "defines. Classical Landau at Z = 1 gives 0.5061, 0.7029, 3.203 (Spitzer-Harm);\n"
    "N = 5 is Braginskii's approximation (0.5129, 0.7110, 3.1616). With --units\n"
    "plasma --species e:T=.. --species ION:n=..,T=.. (the ions' charge from their\n"
    "species), also tau_e_s (s) and the electrical and heat conductivities in SI,\n"
    "conductivity_S_per_m = n e^2 tau_e/(m alpha0) and heat_conductivity_W_per_m_K =\n"
    "gamma0 n k_B T tau_e/m, with QLB's own Coulomb logarithm.\n"
    "CSV columns: degree,alpha0,beta0,gamma0,alpha0_error,beta0_error,\n"
    "gamma0_error,converged,tau_e,coulomb_logarithm.\n\n"
    "options:\n" CLI_OPERATOR_HELP CLI_SPECIES_HELP
    "  --conv-tol T       convergence tolerance of the N study (default 1e-3)\n"
    "  --electrons        the electrons' transport with ions at rest\n"
    "  --ion-charge Z     the ions' charge (> 0, or inf), with --electrons\n"
    "  --ion-mass M       the ions' mass in electron masses (default: at rest)\n"
    "  --format F         table (default), csv or json\n";

enum { OPT_CONV_TOL = OPT_COMMAND_SPECIFIC, OPT_ELECTRONS, OPT_ION_CHARGE, OPT_ION_MASS };
#define QLB_MAX_DEGREE_CLI 128  /* degrees of a mixture's study: N/2 of them */

typedef struct {
    double conv_tol, ion_charge, ion_mass;
    int electrons, have_charge;
} transport_opts;

static int option(void *ctx, int id, const char *arg)
{
    transport_opts *o = ctx;
    switch (id) {
    case OPT_CONV_TOL:
        return cli_parse_double(arg, &o->conv_tol) || !(o->conv_tol > 0) ? cli_bad_value("conv-tol", arg) : 1;
    case OPT_ELECTRONS: o->electrons = 1; return 1;
    case OPT_ION_CHARGE:
        o->have_charge = 1;
        if (!strcmp(arg, "inf")) return o->ion_charge = INFINITY, 1;
        return cli_parse_double(arg, &o->ion_charge) || !(o->ion_charge > 0) || !isfinite(o->ion_charge)
                   ? cli_bad_value("ion-charge", arg) : 1;
    case OPT_ION_MASS:
        return cli_parse_double(arg, &o->ion_mass) || !(o->ion_mass > 0) || !isfinite(o->ion_mass)
                   ? cli_bad_value("ion-mass", arg) : 1;
    default: return 0;
    }
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

/* The electrons' coefficients at every degree of N's parity from 3 (or 4)
 * to N, assessed for convergence. */
static qlb_status electron_study(const cli_operator *op, const transport_opts *o, qlb_convergence conv[3],
                                 qlb_electron_transport *last)
{
    int N = op->params.degree, count = 0, degrees[QLB_MAX_DEGREE_CLI], lorentz = isinf(o->ion_charge);
    double v[3][QLB_MAX_DEGREE_CLI];
    qlb_species sp[2];
    qlb_mixop *M = NULL;
    qlb_status st = N < 3 ? cli_fail(QLB_EINVAL, "transport needs --degree >= 3 (got %d)", N) : QLB_OK;
    if (!st && lorentz && op->params.screening)
        st = cli_fail(QLB_EINVAL, "--ion-charge inf (the Lorentz gas) needs --no-screening: the ions' "
                                  "screening grows without bound with Z");
    if (!st) st = qlb_electron_species(lorentz ? 1 : o->ion_charge, o->ion_mass, sp);
    if (!st && op->plasma) memcpy(sp[1].name, op->species[1].name, sizeof sp[1].name);
    if (!st) st = qlb_mixop_create(&op->params, sp, 2, &M);
    qlb_electron_transport t[QLB_MAX_DEGREE_CLI];
    for (int n = 3 + (N + 1) % 2; n <= N && count < QLB_MAX_DEGREE_CLI; n += 2) degrees[count++] = n;
    if (!st) st = qlb_electron_coefficients(M, lorentz, count, degrees, t);
    for (int k = 0; k < count && !st; k++) v[0][k] = t[k].alpha0, v[1][k] = t[k].beta0, v[2][k] = t[k].gamma0;
    if (!st) *last = t[count - 1];
    double noise = QLB_CONVERGENCE_NOISE(op->params.tol);
    for (int k = 0; k < 3 && !st; k++) st = qlb_convergence_assess(degrees, v[k], count, o->conv_tol, noise, &conv[k]);
    qlb_mixop_free(M);
    return st;
}

/* In plasma units: the electrons' n (cm^-3) and T (eV) from their --species. */
static int electron_state(const cli_operator *op, double *n_cc, double *T_ev)
{
    qlb_plasma_species sp[2];
    int given[2];
    for (int a = 0; a < 2; a++)
        if (cli_plasma_species(op->species_args[a], &sp[a], &given[a]) < 0) return 0;
    *T_ev = sp[0].temperature_ev;
    *n_cc = given[0] ? sp[0].density_cc : sp[1].density_cc * sp[1].charge;
    return 1;
}

/* SI in plasma units: tau_e (s), the electrical conductivity n e^2 tau_e/(m alpha0) (S/m) and
 * the heat conductivity gamma0 n T tau_e/m (W m^-1 K^-1). */
#define ELECTRON_CHARGE_C 1.602176634e-19
#define ELECTRON_MASS_KG 9.1093837015e-31
#define BOLTZMANN_J_PER_K 1.380649e-23

static void print_electrons(const char *fmt, int N, const qlb_convergence conv[3], const qlb_electron_transport *t,
                            const cli_operator *op)
{
    char v[13][40];
    snprintf(v[0], 40, "%d", N);
    for (int k = 0; k < 3; k++) {
        snprintf(v[1 + k], 40, "%.17g", conv[k].value);
        snprintf(v[4 + k], 40, "%.6g", conv[k].error);
    }
    snprintf(v[7], 40, "%s", conv[0].converged && conv[1].converged && conv[2].converged ? "true" : "false");
    snprintf(v[8], 40, "%.17g", t->tau_e);
    snprintf(v[9], 40, "%.17g", t->coulomb_log);
    const char *names[] = {"degree", "alpha0", "beta0", "gamma0", "alpha0_error", "beta0_error",
                           "gamma0_error", "converged", "tau_e", "coulomb_logarithm",
                           "tau_e_s", "conductivity_S_per_m", "heat_conductivity_W_per_m_K"};
    const char *values[] = {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12]};
    double n_cc, T_ev;
    if (op->plasma && electron_state(op, &n_cc, &T_ev)) {
        double tau_s = t->tau_e * op->time_unit_s, n_m3 = n_cc * 1e6, T_J = T_ev * ELECTRON_CHARGE_C;
        snprintf(v[10], 40, "%.17g", tau_s);
        snprintf(v[11], 40, "%.17g", n_m3 * ELECTRON_CHARGE_C * ELECTRON_CHARGE_C * tau_s / (ELECTRON_MASS_KG * conv[0].value));
        snprintf(v[12], 40, "%.17g", conv[2].value * n_m3 * BOLTZMANN_J_PER_K * T_J * tau_s / ELECTRON_MASS_KG);
        cli_print_record(fmt, 13, names, values);
        return;
    }
    cli_print_record(fmt, 10, names, values);
}

/* --electrons' own checks: the options it needs and those it excludes. */
static int electron_options(const cli_operator *op, transport_opts *o)
{
    if (!o->electrons)
        return o->have_charge || o->ion_mass > 0 ? cli_usage_error("transport", "--ion-charge and --ion-mass go with --electrons") : CLI_OK;
    if (op->plasma) {
        if (o->have_charge)
            return cli_usage_error("transport", "with --units plasma the ions' charge comes from their --species");
        if (op->nspecies != 2 || op->species[0].charge != -1 || !(op->species[1].charge > 0))
            return cli_usage_error("transport", "--electrons --units plasma takes two species: the electrons, "
                                                "then one ion species");
        o->ion_charge = op->species[1].charge;
        return CLI_OK;
    }
    if (!o->have_charge) return cli_usage_error("transport", "--electrons needs --ion-charge Z");
    if (op->nspecies || op->operator_file)
        return cli_usage_error("transport", "--electrons makes its own electrons and ions: no --species or --operator "
                                            "(except with --units plasma)");
    return CLI_OK;
}

int cmd_transport(int argc, char **argv)
{
    static const struct option extra[] = {{"conv-tol", required_argument, 0, OPT_CONV_TOL},
                                           {"electrons", no_argument, 0, OPT_ELECTRONS},
                                           {"ion-charge", required_argument, 0, OPT_ION_CHARGE},
                                           {"ion-mass", required_argument, 0, OPT_ION_MASS},
                                           CLI_SPECIES_OPTION, {0, 0, 0, 0}};
    cli_operator op;
    transport_opts o = {1e-3, 0, 0, 0, 0};
    int rc = cli_parse("transport", help, argc, argv, extra, option, &o, &op);
    const char *fmt = op.format ? op.format : "table";
    if (rc == CLI_OK) rc = cli_record_format("transport", fmt);
    if (rc == CLI_OK) rc = electron_options(&op, &o);
    qlb_linop *L = NULL;
    qlb_study_result r;
    if (rc == CLI_OK && o.electrons) {
        qlb_convergence conv[3];
        qlb_electron_transport t;
        qlb_status st = electron_study(&op, &o, conv, &t);
        if (st) rc = cli_report("transport", st);
        else print_electrons(fmt, op.params.degree, conv, &t, &op);
        cli_operator_free(&op);
        return rc;
    }
    double conv_tol = o.conv_tol;
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
