/* evolve.h — pieces of `qlb evolve` shared by its files: the settings, one
 * integration (a "run": hbar, or hbar = 0 for --compare-classical), and the
 * time series of output rows with its HDF5/CSV/checkpoint forms. */
#ifndef QLB_CLI_EVOLVE_H
#define QLB_CLI_EVOLVE_H

#include "cli.h"

#include <stddef.h>

typedef struct {
    const char *initial, *output, *csv, *checkpoint, *times_arg;
    const char *quadratic_file; /* --quadratic: load T instead of building it */
    int linear, variation, compare, resume, force, allow_negative, n_times;
    long checkpoint_steps, max_steps;
    double t_final;
    qlb_evolve_options eo;
    char checkpoint_buf[4200];
    const char *initials[QLB_MAX_SPECIES]; /* every --initial, in order (several species: NAME=SPEC) */
    int n_initials;
} evolve_opts;

/* Output times: 0, then --times or --n-times log-spaced values up to
 * --t-final (sets t_final to the last); malloc'ed, NULL (printed) on error. */
double *cli_evolve_times(evolve_opts *o, size_t *n);
/* `evolve --species` (evolve_species.c): the linear evolution of several
 * species with their moments; returns the exit code. */
int cli_evolve_species(const cli_operator *op, evolve_opts *o);

typedef struct {
    qlb_params params;
    qlb_linop *L;
    qlb_quadratic *T;
    qlb_evolver *ev;
    qlb_observer *obs;
    qlb_evolve_stats saved;   /* stats of the runs before a resume */
} evolve_run;

typedef struct {
    size_t n_out, done, nb;
    int runs, ncols, dim;
    double *times;            /* requested output times, times[0] = 0 */
    char (*names)[24];        /* diagnostic column names */
    double *diag;             /* ncols x n_out, column-major */
    double *coef[2];          /* n_out x nb Cartesian coefficients per run */
    double gap;
    int gap_l;
    char fingerprint[2048];   /* settings a checkpoint must match */
    const qlb_io_attr *attrs; /* metadata of the output */
    int n_attrs;
    const qlb_io_labels *labels;
} evolve_series;

/* Series storage for n_out rows (times given), runs 1 or 2. */
int series_init(evolve_series *s, const double *times, size_t n_out, size_t nb, int dim, int runs);
void series_free(evolve_series *s);
/* The diagnostic column `name` (n_out values), NULL if there is none. */
double *series_column(const evolve_series *s, const char *name);
/* Records row k from the runs' current states. */
void series_record(evolve_series *s, evolve_run *runs, size_t k, double hbar);
/* Final output (HDF5) and the CSV of diagnostics. */
qlb_status series_write(const evolve_series *s, const char *path, const char *csv, int force);
/* Checkpoint: rows done + each run's (t, h, c, stats). */
qlb_status series_checkpoint(const evolve_series *s, evolve_run *runs, const char *path);
/* QLB_EINVAL unless the checkpoint was written for these settings and
 * output times (checked before anything is built). */
qlb_status series_check_checkpoint(const char *path, const char *fingerprint,
                                   const double *times, size_t n_out);
/* Reads a checkpoint (checked by series_check_checkpoint) and restores the
 * rows and the runs' states. */
qlb_status series_resume(evolve_series *s, evolve_run *runs, const char *path);

#endif
