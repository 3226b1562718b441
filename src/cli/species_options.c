/* species_options.c — `--species NAME:Z=..,A=..,n=..` (docs/DESIGN.md §9):
 * parsed strictly (a name of letters, digits, '_', '+' or '-', each field
 * once, numbers whole and finite), masses relative to the first species,
 * checked by the library's qlb_species_check. */
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

int cli_species_option(cli_operator *op, const char *arg)
{
    if (op->nspecies == QLB_MAX_SPECIES) return species_error(arg, "more than 16 species");
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

int cli_species_finish(cli_operator *op, const char *command)
{
    if (op->operator_file)
        return cli_usage_error(command, "--operator loads one species' operator; it cannot be "
                                        "combined with --species");
    qlb_status st = qlb_species_check(op->species, op->nspecies);
    return st ? cli_report(command, st) : CLI_OK;
}

qlb_status cli_make_mixop(const cli_operator *op, qlb_mixop **M)
{
    return qlb_mixop_create(&op->params, op->species, op->nspecies, M);
}

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
}
