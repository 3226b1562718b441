/* species_options.c — `--species` (docs/DESIGN.md §9): NAME:Z=..,A=..,n=..
 * in qlb's units (masses relative to the first species), or with
 * `--units plasma` NAME:n=..,T=..[,Z=..][,A=..] in cm^-3, eV and u, mapped to
 * qlb's units (qlb_plasma_units_of: hbar, the Coulomb potential, the time
 * unit). Parsed strictly (a name of letters, digits, '_', '+' or '-', each
 * field once, numbers whole and finite) once all options are read; checked
 * by the library (qlb_species_check, qlb_plasma_check). */
#include "cli.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int species_error(const char *arg, const char *why)
{
    char shown[256];
    cli_escape(arg, shown, sizeof shown);
    fprintf(stderr, "qlb: invalid --species '%s': %s\n", shown, why);
    return -1;
}

static int valid_name(const char *name, size_t len)
{
    if (len == 0 || len >= QLB_SPECIES_NAME) return 0;
    for (size_t i = 0; i < len; i++)
        if (!isalnum((unsigned char)name[i]) && !strchr("_+-", name[i])) return 0;
    return 1;
}

/* One field "key=value" into s; seen: bit per field (Z, A, n). */
static int species_field(const char *arg, char *field, qlb_species *s, int *seen)
{
    static const char *const keys[] = {"Z", "A", "n"};
    char *eq = strchr(field, '=');
    if (!eq) return species_error(arg, "a field is not key=value (keys Z, A, n)");
    *eq = '\0';
    for (int k = 0; k < 3; k++) {
        if (strcmp(field, keys[k])) continue;
        double v;
        if (*seen & 1 << k) return species_error(arg, "a field is given twice");
        if (cli_parse_double(eq + 1, &v)) return species_error(arg, "a value is not a finite number");
        *seen |= 1 << k;
        if (k == 0) s->charge = v;
        else if (k == 1) s->mass = v;
        else s->density = v;
        return 1;
    }
    char why[96];
    snprintf(why, sizeof why, "unknown field '%.40s' (Z, A, n)", field);
    return species_error(arg, why);
}

/* A dimensionless species NAME:Z=..,A=..,n=.. into op->species[op->nspecies]. */
static int parse_dimensionless(cli_operator *op, const char *arg)
{
    const char *colon = strchr(arg, ':');
    size_t len = colon ? (size_t)(colon - arg) : strlen(arg);
    if (!colon || !valid_name(arg, len))
        return species_error(arg, "the form is NAME:Z=..,A=..,n=.. with a name of 1 to 31 letters, "
                                  "digits, '_', '+' or '-'");
    qlb_species *s = &op->species[op->nspecies];
    memset(s, 0, sizeof *s);
    memcpy(s->name, arg, len);
    char fields[512];
    if (strlen(colon + 1) >= sizeof fields) return species_error(arg, "too long");
    snprintf(fields, sizeof fields, "%s", colon + 1);
    int seen = 0, first = op->nspecies == 0;
    for (char *save, *f = strtok_r(fields, ",", &save); f; f = strtok_r(NULL, ",", &save))
        if (species_field(arg, f, s, &seen) < 0) return -1;
    if (first && !(seen & 2)) s->mass = 1, seen |= 2;
    if (seen != 7) return species_error(arg, first ? "Z and n are required" : "Z, A and n are required");
    if (first && s->mass != 1)
        return species_error(arg, "the first species' A is the unit of mass: 1 (or omit it)");
    op->nspecies++;
    return 1;
}

int cli_species_option(cli_operator *op, const char *arg)
{
    int n = 0;
    while (n < QLB_MAX_SPECIES && op->species_args[n]) n++;
    if (n == QLB_MAX_SPECIES) return species_error(arg, "more than 16 species");
    op->species_args[n] = arg;
    return 1;
}

/* key=value fields of a plasma species; seen bits: n, T, Z, A. */
static int plasma_field(const char *arg, char *field, qlb_plasma_species *s, int *seen)
{
    static const char *const keys[] = {"n", "T", "Z", "A"};
    char *eq = strchr(field, '=');
    if (!eq) return species_error(arg, "a field is not key=value (keys n, T, Z, A)");
    *eq = '\0';
    for (int k = 0; k < 4; k++) {
        if (strcmp(field, keys[k])) continue;
        double v, *to[] = {&s->density_cc, &s->temperature_ev, &s->charge, &s->mass_u};
        if (*seen & 1 << k) return species_error(arg, "a field is given twice");
        if (cli_parse_double(eq + 1, &v)) return species_error(arg, "a value is not a finite number");
        *seen |= 1 << k;
        *to[k] = v;
        return 1;
    }
    char why[96];
    snprintf(why, sizeof why, "unknown field '%.40s' (n, T, Z, A)", field);
    return species_error(arg, why);
}

int cli_plasma_species(const char *arg, qlb_plasma_species *s, int *density_given)
{
    const char *colon = strchr(arg, ':');
    size_t len = colon ? (size_t)(colon - arg) : 0;
    if (!colon || !valid_name(arg, len))
        return species_error(arg, "the form is NAME:n=..,T=..[,Z=..][,A=..] with a name of 1 to 31 "
                                  "letters, digits, '_', '+' or '-'");
    memset(s, 0, sizeof *s);
    memcpy(s->name, arg, len);
    char fields[512];
    if (strlen(colon + 1) >= sizeof fields) return species_error(arg, "too long");
    snprintf(fields, sizeof fields, "%s", colon + 1);
    int seen = 0;
    for (char *save, *f = strtok_r(fields, ",", &save); f; f = strtok_r(NULL, ",", &save))
        if (plasma_field(arg, f, s, &seen) < 0) return -1;
    if (!(seen & 2)) return species_error(arg, "T is required");
    if ((seen & 12) != 12) { /* the name's Z and A */
        double Z = seen & 4 ? s->charge : 0, A;
        if (qlb_plasma_lookup(s->name, &Z, &A)) return species_error(arg, qlb_last_error());
        s->charge = Z;
        if (!(seen & 8)) s->mass_u = A;
    }
    *density_given = seen & 1;
    return 1;
}

int cli_plasma_neutral(qlb_plasma_species *sp, int count, int missing, const char *command)
{
    if (!missing) return CLI_OK;
    qlb_plasma_species *e = &sp[missing - 1];
    if (e->charge >= 0)
        return cli_usage_error(command, "species '%s': n is required (only the electrons' may be omitted)", e->name);
    double charge = 0;
    for (int a = 0; a < count; a++)
        if (a != missing - 1) charge += sp[a].density_cc * sp[a].charge;
    e->density_cc = charge / -e->charge;
    return CLI_OK;
}

/* The plasma species of op: qlb's species, hbar, the Coulomb potential, the time unit. */
static int plasma_finish(cli_operator *op, const char *command)
{
    qlb_plasma_species sp[QLB_MAX_SPECIES];
    int count = 0, missing = 0, given;
    for (; count < QLB_MAX_SPECIES && op->species_args[count]; count++) {
        if (cli_plasma_species(op->species_args[count], &sp[count], &given) < 0) return CLI_BAD_INPUT;
        if (!given) {
            if (missing) return cli_usage_error(command, "only one species' n may be omitted (the electrons')");
            missing = count + 1;
        }
    }
    if (op->given & (1u << (OPT_DIM - OPT_DIM) | 1u << (OPT_HBAR - OPT_DIM) | 1u << (OPT_POTENTIAL - OPT_DIM)))
        return cli_usage_error(command, "--units plasma sets d = 3, hbar and the Coulomb potential from the "
                                        "species; do not give --dim, --hbar or --potential");
    int rc = cli_plasma_neutral(sp, count, missing, command);
    if (rc != CLI_OK) return rc;
    qlb_plasma_units u;
    qlb_status st = qlb_plasma_check(sp, count);
    if (!st) st = qlb_plasma_units_of(sp, count, &u);
    if (!st) st = qlb_potential_parse("power:A=1,a=2", &op->potential);
    if (st) return cli_report(command, st);
    double total = 0;
    for (int a = 0; a < count; a++) total += sp[a].density_cc;
    for (int a = 0; a < count; a++) {
        qlb_species *s = &op->species[a];
        memset(s, 0, sizeof *s);
        memcpy(s->name, sp[a].name, QLB_SPECIES_NAME - 1);
        s->charge = sp[a].charge;
        s->mass = sp[a].mass_u / sp[0].mass_u;
        s->density = sp[a].density_cc / total;
    }
    op->nspecies = count;
    op->params.dim = 3;
    op->params.hbar = u.hbar;
    op->params.potential = op->potential;
    op->time_unit_s = u.time_s;
    return CLI_OK;
}

int cli_species_finish(cli_operator *op, const char *command)
{
    if (op->operator_file)
        return cli_usage_error(command, "--operator loads one species' operator; it cannot be "
                                        "combined with --species");
    if (op->plasma && !op->species_args[0])
        return cli_usage_error(command, "--units plasma needs the species (--species)");
    if (op->plasma) {
        int rc = plasma_finish(op, command);
        if (rc != CLI_OK) return rc;
    } else {
        for (int a = 0; a < QLB_MAX_SPECIES && op->species_args[a]; a++)
            if (parse_dimensionless(op, op->species_args[a]) < 0) return CLI_BAD_INPUT;
    }
    qlb_status st = qlb_species_check(op->species, op->nspecies);
    return st ? cli_report(command, st) : CLI_OK;
}

qlb_status cli_make_mixop(const cli_operator *op, qlb_mixop **M)
{
    return qlb_mixop_create(&op->params, op->species, op->nspecies, M);
}

void cli_species_inputs(const cli_operator *op, const char *extra, char *buf, size_t len)
{
    size_t n = 0;
    cli_params_text(&op->params, buf, len);
    n = strlen(buf);
    n += (size_t)snprintf(buf + n, n < len ? len - n : 0, " plasma=%d", op->plasma);
    for (int a = 0; a < QLB_MAX_SPECIES && op->species_args[a] && n < len; a++)
        n += (size_t)snprintf(buf + n, len - n, " species=%s", op->species_args[a]);
    if (n < len) snprintf(buf + n, len - n, " %s", extra);
}

double cli_rate_scale(const cli_operator *op) { return op->time_unit_s > 0 ? 1 / op->time_unit_s : 1; }

void cli_print_species_json(const cli_operator *op)
{
    double total = 0;
    for (int a = 0; a < op->nspecies; a++) total += op->species[a].density;
    printf("\"species\": [");
    for (int a = 0; a < op->nspecies; a++) {
        const qlb_species *s = &op->species[a];
        printf("%s{\"name\": ", a ? ", " : "");
        qlb_text_json_string(stdout, s->name);
        printf(", \"Z\": %.17g, \"A\": %.17g, \"n\": %.17g}", s->charge, s->mass, s->density / total);
    }
    printf("]");
    if (op->time_unit_s > 0) printf(", \"units\": \"plasma\", \"time_unit_s\": %.17g, \"rates\": \"1/s\"", op->time_unit_s);
}
