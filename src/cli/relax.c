/* relax.c — `qlb relax`: electron–ion temperature relaxation of a plasma in
 * physical units from the quantum Lenard–Balescu equation with dynamic
 * screening by every species (qlb/plasma.h): per electron–ion pair the
 * rate and the Coulomb logarithm, beside Brown–Preston–Singleton's Born
 * limit and the NRL formulary's; with --until, the temperatures over time. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: qlb relax --species NAME:n=..,T=..[,Z=..][,A=..] --species ...\n"
    "                 [--until SECONDS [--steps K]] [--hbar-factor F] [--cutoff CM]\n"
    "                 [--tol T] [--format table|csv|json]\n\n"
    "Electron-ion energy exchange between Maxwellians at their own temperatures,\n"
    "from the quantum Lenard-Balescu collision term with the dynamic screening of\n"
    "every species at its own temperature (coupled ion-acoustic modes included; no\n"
    "input Coulomb logarithm). Per electron-ion pair: the Coulomb logarithm lnL of\n"
    "dT_e/dt = -(T_e - T_i)/tau, 1/tau = 8 sqrt(2 pi) n_i Z_i^2 e^4 sqrt(m_e) lnL /\n"
    "(3 m_i T_e^1.5) (Gaussian units), the rate 1/tau in s^-1, and for comparison\n"
    "the Born limit of Brown, Preston and Singleton (2005) and the NRL formulary's\n"
    "lnL. CSV columns: a,b,coulomb_logarithm,rate_per_s,bps_born,nrl.\n"
    "With --until, the temperatures at K + 1 equal times instead (CSV: t_s and\n"
    "T_NAME_eV per species), from dT_a/dt = (2/(3 n_a)) sum_b K_ab (T_b - T_a)\n"
    "with the exchange recomputed at the current temperatures; sum n T is\n"
    "conserved.\n\n"
    "options:\n"
    "  --species SPEC     NAME:n=DENSITY,T=TEMPERATURE[,Z=CHARGE][,A=MASS], n in\n"
    "                     cm^-3, T in eV, A in u. NAME e (electron), p, d, t, alpha\n"
    "                     or an element symbol (H, He, ..., Pb: fully ionized unless\n"
    "                     Z is given) sets Z and A; any other name needs both. The\n"
    "                     electrons' n may be omitted: then the plasma is neutral.\n"
    "  --until SECONDS    integrate the temperatures up to this time\n"
    "  --steps K          equal time steps of --until (default 20)\n"
    "  --hbar-factor F    multiply hbar by F (default 1; 0 is the classical\n"
    "                     Lenard-Balescu rate, which needs --cutoff)\n"
    "  --cutoff CM        keep momentum transfers k <= 1/CM (a short-range cutoff)\n"
    "  --tol T            relative accuracy of the integrals (default 1e-9)\n"
    "  --format F         table (default), csv or json\n"
    "  --help             show this help\n";

enum { OPT_SPECIES_P = 300, OPT_UNTIL, OPT_STEPS, OPT_HBAR_FACTOR, OPT_CUTOFF, OPT_TOL_R, OPT_FORMAT_R,
       OPT_HELP_R };

typedef struct {
    qlb_plasma_species sp[16];
    int count, missing_density;  /* index + 1 of the species without n, or 0 */
    qlb_relax_options o;
    double until;
    int steps;
    const char *format;
} relax_request;

static int parse_species(relax_request *r, const char *arg)
{
    int given;
    if (r->count == 16) return cli_bad_value("species", arg);
    if (cli_plasma_species(arg, &r->sp[r->count], &given) < 0) return -1;
    if (!given) {
        if (r->missing_density) {
            cli_usage_error("relax", "only one species' n may be omitted (the electrons')");
            return -1;
        }
        r->missing_density = r->count + 1;
    }
    r->count++;
    return 1;
}

static int on_option(relax_request *r, int id, const char *arg)
{
    switch (id) {
    case OPT_SPECIES_P: return parse_species(r, arg);
    case OPT_UNTIL: return cli_parse_double(arg, &r->until) || r->until <= 0 ? cli_bad_value("until", arg) : 1;
    case OPT_STEPS: return cli_parse_int(arg, &r->steps) || r->steps < 1 || r->steps > 100000 ? cli_bad_value("steps", arg) : 1;
    case OPT_HBAR_FACTOR: return cli_parse_double(arg, &r->o.hbar_factor) ? cli_bad_value("hbar-factor", arg) : 1;
    case OPT_CUTOFF: return cli_parse_double(arg, &r->o.cutoff_cm) ? cli_bad_value("cutoff", arg) : 1;
    case OPT_TOL_R: return cli_parse_double(arg, &r->o.tol) ? cli_bad_value("tol", arg) : 1;
    case OPT_FORMAT_R: r->format = arg; return 1;
    default: return 0;
    }
}

static int parse(int argc, char **argv, relax_request *r)
{
    static const struct option opts[] = {
        {"species", required_argument, 0, OPT_SPECIES_P}, {"until", required_argument, 0, OPT_UNTIL},
        {"steps", required_argument, 0, OPT_STEPS},       {"hbar-factor", required_argument, 0, OPT_HBAR_FACTOR},
        {"cutoff", required_argument, 0, OPT_CUTOFF},     {"tol", required_argument, 0, OPT_TOL_R},
        {"format", required_argument, 0, OPT_FORMAT_R},   {"help", no_argument, 0, OPT_HELP_R},
        {0, 0, 0, 0}};
    memset(r, 0, sizeof *r);
    r->o = qlb_relax_default();
    r->steps = 20;
    r->format = "table";
    optind = 1;
    opterr = 0;
    int id;
    while ((id = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (id == OPT_HELP_R) {
            printf("%s", help);
            return CLI_HELP;
        }
        if (id == '?' || id == ':')
            return cli_usage_error("relax", "%s option '%s' (see qlb relax --help)",
                                   id == '?' ? "unknown" : "missing value for", argv[optind - 1]);
        if (on_option(r, id, optarg) != 1) return CLI_BAD_INPUT;
    }
    if (optind < argc) return cli_usage_error("relax", "unexpected argument '%s'", argv[optind]);
    if (strcmp(r->format, "table") && strcmp(r->format, "csv") && strcmp(r->format, "json"))
        return cli_usage_error("relax", "unknown format '%s' (table, csv, json)", r->format);
    if (r->count < 2) return cli_usage_error("relax", "give at least two species (--species), electrons and ions");
    int rc = cli_plasma_neutral(r->sp, r->count, r->missing_density, "relax");
    if (rc != CLI_OK) return rc;
    qlb_status st = qlb_plasma_check(r->sp, r->count);
    return st ? cli_report("relax", st) : CLI_OK;
}

/* NRL formulary (2019), electron-ion lnL: T_e in eV, n_e in cm^-3. */
static double nrl_coulomb_log(const qlb_plasma_species *e, const qlb_plasma_species *i)
{
    double Te = e->temperature_ev, Z = i->charge;
    return Te < 10 * Z * Z ? 23 - log(sqrt(e->density_cc) * Z * pow(Te, -1.5))
                           : 24 - log(sqrt(e->density_cc) / Te);
}

static void print_pairs(const relax_request *r, const double *K)
{
    int S = r->count, first = 1;
    if (!strcmp(r->format, "csv")) printf("a,b,coulomb_logarithm,rate_per_s,bps_born,nrl\n");
    else if (!strcmp(r->format, "json")) printf("{\"pairs\": [");
    else printf("%-12s %-12s %14s %14s %12s %10s\n", "a", "b", "lnL", "rate [1/s]", "BPS Born", "NRL");
    for (int a = 0; a < S; a++)
        for (int b = 0; b < S; b++) {
            const qlb_plasma_species *e = &r->sp[a], *i = &r->sp[b];
            if (!(e->charge < 0 && i->charge > 0)) continue;
            double K_ab = K[a * S + b], lnl = qlb_relax_coulomb_log(e, i, K_ab), rate = qlb_relax_rate(e, K_ab);
            double bps = qlb_relax_bps_born(e), nrl = nrl_coulomb_log(e, i);
            if (!strcmp(r->format, "csv")) {
                printf("%s,%s,%.17g,%.17g,%.17g,%.17g\n", e->name, i->name, lnl, rate, bps, nrl);
            } else if (!strcmp(r->format, "json")) {
                printf("%s\n  {\"a\": ", first ? "" : ",");
                qlb_text_json_string(stdout, e->name);
                printf(", \"b\": ");
                qlb_text_json_string(stdout, i->name);
                printf(", \"coulomb_logarithm\": %.17g, \"rate_per_s\": %.17g, \"bps_born\": %.17g, "
                       "\"nrl\": %.17g, \"n_e_cc\": %.17g, \"T_e_eV\": %.17g, \"T_i_eV\": %.17g}",
                       lnl, rate, bps, nrl, e->density_cc, e->temperature_ev, i->temperature_ev);
            } else {
                printf("%-12s %-12s %14.8f %14.6e %12.6f %10.4f\n", e->name, i->name, lnl, rate, bps, nrl);
            }
            first = 0;
        }
    if (!strcmp(r->format, "json")) printf("\n]}\n");
}

static void print_history(const relax_request *r, const double *T)
{
    int S = r->count;
    int json = !strcmp(r->format, "json"), csv = !strcmp(r->format, "csv");
    if (json) printf("{\"times_s\": [");
    else {
        printf(csv ? "t_s" : "%14s", csv ? "" : "t [s]");
        for (int a = 0; a < S; a++) csv ? printf(",T_%s_eV", r->sp[a].name) : printf("  T_%-10s", r->sp[a].name);
        printf("\n");
    }
    for (int i = 0; i <= r->steps; i++) {
        double t = r->until * i / r->steps;
        if (json) {
            printf("%s%.17g", i ? ", " : "", t);
            continue;
        }
        printf(csv ? "%.17g" : "%14.6e", t);
        for (int a = 0; a < S; a++) printf(csv ? ",%.17g" : "  %12.6f", T[(size_t)i * S + a]);
        printf("\n");
    }
    if (!json) return;
    printf("], \"temperatures_eV\": {");
    for (int a = 0; a < S; a++) {
        printf("%s", a ? ", " : "");
        qlb_text_json_string(stdout, r->sp[a].name);
        printf(": [");
        for (int i = 0; i <= r->steps; i++) printf("%s%.17g", i ? ", " : "", T[(size_t)i * S + a]);
        printf("]");
    }
    printf("}}\n");
}

static void report_step(void *ctx, int step)
{
    const relax_request *r = ctx;
    fprintf(stderr, "qlb relax: step %d of %d\n", step, r->steps);
}

int cmd_relax(int argc, char **argv)
{
    relax_request r;
    int rc = parse(argc, argv, &r);
    if (rc != CLI_OK) return rc == CLI_HELP ? CLI_OK : rc;
    if (r.until > 0) {
        double *T = malloc((size_t)(r.steps + 1) * r.count * sizeof(double));
        qlb_status st = T ? qlb_relax_history(r.sp, r.count, &r.o, r.until, r.steps, T, report_step, &r)
                          : QLB_ENOMEM;
        if (st) rc = cli_report("relax", st);
        else print_history(&r, T);
        free(T);
        return rc;
    }
    double K[256];
    qlb_status st = qlb_relax_coefficients(r.sp, r.count, &r.o, K);
    if (st) return cli_report("relax", st);
    print_pairs(&r, K);
    return CLI_OK;
}
