/* main.c — the qlb program: dispatches to one subcommand per file. */
#include "cli.h"
#include "ranks.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *summary;
    int shared;             /* shares its work among MPI ranks; else rank 0 alone runs it */
} commands[] = {
    {"spectrum", cmd_spectrum, "eigenvalues of the linearized operator, by rotation block", 0},
    {"gap", cmd_gap, "spectral gap on the complement of the collision invariants", 0},
    {"export", cmd_export, "write the operator matrix (HDF5, Matrix Market, NPY)", 1},
    {"coercivity", cmd_coercivity, "best constant of <g,Lg> >= c ||pi g||^2 (Prop. 3.7)", 0},
    {"transport", cmd_transport, "viscosity, heat conductivity, Prandtl number", 0},
    {"evolve", cmd_evolve, "Galerkin time evolution from initial data, with diagnostics", 1},
    {"scan", cmd_scan, "grids of hbar, d, N, potentials from a manifest, to CSV", 1},
    {"relax", cmd_relax, "electron-ion temperature relaxation of a plasma (physical units)", 0},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: qlb COMMAND [OPTIONS]   (qlb COMMAND --help for details)\n\n"
               "Spectral Hermite-Galerkin solver for the quantum Lenard-Balescu equation\n"
               "near the Maxwellian (qlb %s).\n\ncommands:\n", QLB_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
}

/* SIGINT, SIGTERM: the temporary files being written are removed, then the
 * signal does what it would have done (evolve installs its own handler,
 * which stops at the next step with a checkpoint). */
static void on_signal(int sig)
{
    qlb_io_remove_temporaries();
    signal(sig, SIG_DFL);
    raise(sig);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_BAD_INPUT;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return CLI_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("qlb %s\n", QLB_VERSION);
        return CLI_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(argv[1], commands[i].name)) {
            signal(SIGINT, on_signal);
            signal(SIGTERM, on_signal);
            cli_ranks_begin();
            int rc = commands[i].shared || !cli_rank() ? commands[i].run(argc - 1, argv + 1) : CLI_OK;
            return cli_ranks_end(commands[i].name, rc);
        }
    fprintf(stderr, "qlb: unknown command '%s' (see qlb --help)\n", argv[1]);
    return CLI_BAD_INPUT;
}
