/* cli.h — shared pieces of the qlb command-line program: operator options,
 * error reporting and exit codes (0 success, 2 bad input, 1 failure). */
#ifndef QLB_CLI_H
#define QLB_CLI_H

#include <getopt.h>

#include "qlb/qlb.h"

enum { CLI_OK = 0, CLI_FAILURE = 1, CLI_BAD_INPUT = 2 };

/* Options common to every command that builds an operator. */
typedef struct {
    qlb_params params;
    qlb_potential *potential;   /* owned */
    const char *format;         /* output format name, command-specific */
    const char *operator_file;  /* --operator: load L instead of assembling it */
    qlb_species species[QLB_MAX_SPECIES]; /* --species, in order (masses relative to the first) */
    int nspecies;               /* 0: one species, today's operator */
    const char *species_args[QLB_MAX_SPECIES]; /* as given, parsed when --units is known */
    int plasma;                 /* --units plasma: species in cm^-3, eV, u; Coulomb; d = 3 */
    unsigned given;             /* bits: OPT_DIM, OPT_HBAR, OPT_POTENTIAL given (1 << (id - OPT_DIM)) */
    double time_unit_s;         /* plasma: qlb's unit of time in seconds (rates = value / it) */
} cli_operator;

/* long option ids of the common options (values above any short option) */
enum { OPT_DIM = 256, OPT_HBAR, OPT_DEGREE, OPT_POTENTIAL, OPT_NO_SCREENING, OPT_TOL,
       OPT_FORMAT, OPT_OPERATOR, OPT_HELP, OPT_SPECIES, OPT_SPECIES_UNITS, OPT_COMMAND_SPECIFIC };

/* --species for the commands that take several species (docs/DESIGN.md §9). */
#define CLI_SPECIES_OPTION {"species", required_argument, 0, OPT_SPECIES}, \
    {"units", required_argument, 0, OPT_SPECIES_UNITS}
#define CLI_SPECIES_HELP                                                                    \
    "  --species NAME:Z=..,A=..,n=..\n"                                                    \
    "                     a species (repeat for each): charge Z, mass A relative to the\n" \
    "                     first species (whose A is 1 and may be omitted), density n\n"   \
    "                     relative to the total; without --species, one species\n"        \
    "  --units plasma     species as NAME:n=..,T=..[,Z=..][,A=..] in cm^-3, eV and u\n"   \
    "                     (e, p, d, t, alpha, H..Pb name Z and A; one common T), the\n"   \
    "                     Coulomb potential, d = 3, hbar and the time unit from n and\n"  \
    "                     T (docs/DESIGN.md §9); eigenvalues are then rates in s^-1\n"


#define CLI_OPERATOR_OPTIONS                                          \
    {"dim", required_argument, 0, OPT_DIM},                           \
    {"hbar", required_argument, 0, OPT_HBAR},                         \
    {"degree", required_argument, 0, OPT_DEGREE},                     \
    {"potential", required_argument, 0, OPT_POTENTIAL},               \
    {"no-screening", no_argument, 0, OPT_NO_SCREENING},               \
    {"tol", required_argument, 0, OPT_TOL},                           \
    {"format", required_argument, 0, OPT_FORMAT},                     \
    {"operator", required_argument, 0, OPT_OPERATOR},                 \
    {"help", no_argument, 0, OPT_HELP}

#define CLI_OPERATOR_HELP                                                              \
    "  --dim D            velocity dimension d >= 2 (default 3)\n"                     \
    "  --hbar H           hbar >= 0; 0 is classical Lenard-Balescu (default 1)\n"      \
    "  --degree N         Hermite total degree N >= 0 (default 8)\n"                   \
    "  --potential SPEC   algebraic:A=..,p=.. | gaussian:A=..,s=.. | power:A=..,a=..\n" \
    "                     | table:FILE (columns k Vhat)   (required)\n"                \
    "  --no-screening     set eps = 1 (Boltzmann/Landau with bare potential)\n"        \
    "  --tol T            relative accuracy of the kernel integrals (default 1e-12)\n" \
    "  --operator FILE    load L from FILE (qlb export --what operator) instead of\n"  \
    "                     assembling it; d, N, hbar, potential, screening must match\n" \
    "  --help             show this help\n"

void cli_operator_free(cli_operator *op);
/* "dim=.. hbar=.. degree=.. potential=.. screening=.. tol=..", exact (%.17g)
 * and with the potential's fingerprint (a table's values too): what runs
 * and ranks compare. */
void cli_params_text(const qlb_params *p, char *buf, size_t len);
/* L for parameters p: loaded from `file` (--operator; checked against p)
 * if not NULL, else assembled. */
qlb_status cli_make_linop(const qlb_params *p, const char *file, qlb_linop **L);

/* --species NAME:Z=..,A=..,n=.. appended to op (species_options.c): 1, or
 * -1 with the error printed. */
int cli_species_option(cli_operator *op, const char *arg);
/* A plasma species NAME:n=..,T=..[,Z=..][,A=..] (n in cm^-3, T in eV, A in
 * u; a named particle or element sets Z and A). *density_given = 0 if n
 * was omitted. Returns 1, or -1 with "qlb: invalid --species ..." printed. */
int cli_plasma_species(const char *arg, qlb_plasma_species *s, int *density_given);
/* Species `missing` (1-based; 0: none) without n gets the density that
 * makes the plasma neutral; it must be negative (electrons). Returns the
 * exit code (errors printed). */
int cli_plasma_neutral(qlb_plasma_species *sp, int count, int missing, const char *command);
/* After all options: the first species' A is 1, the species pass
 * qlb_species_check, --operator is not combined with them. Returns the
 * exit code (errors printed as "qlb COMMAND: ..."). */
int cli_species_finish(cli_operator *op, const char *command);
/* The multi-species operator of op (op->nspecies > 0). */
qlb_status cli_make_mixop(const cli_operator *op, qlb_mixop **M);
/* What the MPI ranks that run a command of several species compare
 * (cli_ranks_agree): the parameters, units, every --species as given, and
 * `extra` (the command's own settings). */
void cli_species_inputs(const cli_operator *op, const char *extra, char *buf, size_t len);
/* 1/t_0 in plasma units (eigenvalues become rates in s^-1), else 1. */
double cli_rate_scale(const cli_operator *op);
/* `"species": [{"name": .., "Z": .., "A": .., "n": ..}, ...]` (no newline),
 * and in plasma units the time unit. */
void cli_print_species_json(const cli_operator *op);

/* Prints "qlb COMMAND: message" for a failed library call; returns exit code. */
int cli_report(const char *command, qlb_status st);
/* The exit code of a status: 0 for QLB_OK, 2 for bad input (EINVAL, EEXIST,
 * EDIVERGE, ENOMEM, EIO), 1 for a failure. */
int cli_exit_code(qlb_status st);
/* Records a message of the CLI itself for the next cli_report (which
 * prefers it to the library's); returns st. */
qlb_status cli_fail(qlb_status st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "qlb COMMAND: message" for a usage error; returns CLI_BAD_INPUT. */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Strict number parsing: whole string, finite. Returns 0 on success. */
int cli_parse_double(const char *s, double *v);
int cli_parse_int(const char *s, int *v);
/* s with bytes outside printable ASCII as \xNN (UTF-8 too: messages stay
 * one safe line), cut with "..." to fit len bytes. */
void cli_escape(const char *s, char *out, size_t len);
/* Whether paths a and b name the same file (the same inode if both exist,
 * else the same resolved directory and name). */
int cli_same_file(const char *a, const char *b);
/* Prints "qlb: invalid value 'ARG' for --OPTION"; returns -1. */
int cli_bad_value(const char *option, const char *arg);
/* Command-specific option handler: returns 1 consumed, -1 error (printed). */
typedef int (*cli_option_handler)(void *ctx, int id, const char *arg);

/* Parses the common operator options plus `extra` (terminated by a zero
 * entry, ids >= OPT_COMMAND_SPECIFIC) into op and ctx. Prints help and
 * returns CLI_HELP for --help; otherwise CLI_OK or an exit code. */
enum { CLI_HELP = -1 };
int cli_parse(const char *command, const char *help, int argc, char **argv,
              const struct option *extra, cli_option_handler handler, void *ctx,
              cli_operator *op);

/* Basis labels (labels.c): multi-indices (cartesian) or n,l,m, malloc'ed
 * values (returned, NULL if out of memory) described by *lab; header
 * receives the column names. */
int *cli_basis_labels(const qlb_basis *b, int cartesian, qlb_io_labels *lab, char *header,
                      size_t hlen);

/* Output records (record.c): format is table, csv or json. */
int cli_record_format(const char *command, const char *format);
void cli_print_record(const char *format, int n, const char *const *names,
                      const char *const *values);

/* `export --what moments` (export_moments.c): op->params.degree is set to
 * P + 2J; returns the exit code (errors printed). */
typedef struct {
    int max_p, max_j;
    qlb_moment_units units;
} cli_moment_request;
int cli_export_moments(cli_operator *op, const cli_moment_request *r, const char *output,
                       int force);

/* `export --species` (export_species.c): the mixture's L and every pair's
 * test and field parts, HDF5, spherical basis; returns the exit code. */
int cli_export_species(const cli_operator *op, const char *output, int force);

/* The whole quadratic term (quadratic_ranks.c): under MPI built in parts
 * and joined on rank 0, where *out is the whole T (NULL on other ranks).
 * Returns the exit code, the same on every rank (errors printed as
 * "qlb COMMAND: ..."). */
int cli_quadratic_whole(const char *command, const qlb_params *p, int variation, qlb_quadratic **out);

int cmd_spectrum(int argc, char **argv);
int cmd_coercivity(int argc, char **argv);
int cmd_transport(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_gap(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_evolve(int argc, char **argv);
int cmd_relax(int argc, char **argv);

#endif
