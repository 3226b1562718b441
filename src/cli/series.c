/* series.c — the output rows of `qlb evolve`: diagnostics observed at the
 * requested times, the coefficients (Cartesian, export order), and their
 * forms on disk: the HDF5 time series, the CSV of diagnostics, and the
 * checkpoint (the same file plus each run's integrator state). */
#include "evolve.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fixed_names[] = {"energy", "norm", "norm_r1", "norm_r2", "norm_perp",
                                          "dissipation", "entropy", "negative_mass", "min_f",
                                          "m4", "pxx_minus_pyy", "rate", "rate_over_gap"};
enum { N_FIXED = sizeof fixed_names / sizeof *fixed_names };

int series_init(evolve_series *s, const double *times, size_t n_out, size_t nb, int dim, int runs)
{
    memset(s, 0, sizeof *s);
    s->n_out = n_out, s->nb = nb, s->dim = dim, s->runs = runs;
    s->ncols = 1 + dim + N_FIXED + (runs == 2 ? 2 : 0);
    s->times = malloc(n_out * sizeof(double));
    s->names = malloc((size_t)s->ncols * sizeof *s->names);
    s->diag = malloc((size_t)s->ncols * n_out * sizeof(double));
    for (int r = 0; r < runs; r++) s->coef[r] = malloc(n_out * nb * sizeof(double));
    if (!s->times || !s->names || !s->diag || !s->coef[0] || (runs == 2 && !s->coef[1])) return 0;
    memcpy(s->times, times, n_out * sizeof(double));
    int c = 0;
    snprintf(s->names[c++], 24, "mass");
    for (int i = 0; i < dim; i++) snprintf(s->names[c++], 24, "momentum_%d", i + 1);
    for (int i = 0; i < N_FIXED; i++) snprintf(s->names[c++], 24, "%s", fixed_names[i]);
    if (runs == 2) {
        snprintf(s->names[c++], 24, "classical_diff");
        snprintf(s->names[c++], 24, "hbar_t");
    }
    return 1;
}

void series_free(evolve_series *s)
{
    free(s->times), free(s->names), free(s->diag), free(s->coef[0]), free(s->coef[1]);
}

static double *column(const evolve_series *s, int c) { return s->diag + (size_t)c * s->n_out; }

double *series_column(const evolve_series *s, const char *name)
{
    for (int c = 0; c < s->ncols; c++)
        if (!strcmp(s->names[c], name)) return column(s, c);
    return NULL;
}

/* ||c_hbar - c_0|| of the two runs' current (spherical) states. */
static double run_distance(evolve_run *runs, size_t nb)
{
    double *a = malloc(2 * nb * sizeof(double)), sum = 0;
    if (!a) return NAN;
    qlb_evolver_get_state(runs[0].ev, NULL, a, NULL);
    qlb_evolver_get_state(runs[1].ev, NULL, a + nb, NULL);
    for (size_t i = 0; i < nb; i++) sum += (a[i] - a[nb + i]) * (a[i] - a[nb + i]);
    free(a);
    return sqrt(sum);
}

/* Observes run r at its current state; its Cartesian coefficients go to row k. */
static void observe_run(evolve_series *s, evolve_run *run, int r, size_t k, qlb_observables *o)
{
    double *c = s->coef[r] + k * s->nb;
    qlb_evolver_get_state(run->ev, NULL, c, NULL);
    qlb_observe(run->obs, c, o);
    memcpy(c, qlb_observer_cartesian(run->obs), s->nb * sizeof(double));
}

void series_record(evolve_series *s, evolve_run *runs, size_t k, double hbar)
{
    qlb_observables o;
    if (s->runs == 2) observe_run(s, &runs[1], 1, k, &o);
    observe_run(s, &runs[0], 0, k, &o);
    double rate = k > 0 ? qlb_observe_decay_rate(s->times[k - 1], series_column(s, "norm_perp")[k - 1],
                                                 s->times[k], o.norm_perp)
                        : NAN;
    double v[N_FIXED] = {o.energy, o.norm, o.norm_r1, o.norm_r2, o.norm_perp, o.dissipation,
                         o.entropy, o.negative_mass, o.min_f, o.m4, o.pxx_minus_pyy, rate,
                         rate / s->gap};
    int c = 0;
    column(s, c++)[k] = o.mass;
    for (int i = 0; i < s->dim; i++) column(s, c++)[k] = o.momentum[i];
    for (int i = 0; i < N_FIXED; i++) column(s, c++)[k] = v[i];
    if (s->runs == 2) {
        column(s, c++)[k] = run_distance(runs, s->nb);
        column(s, c++)[k] = hbar * s->times[k];
    }
    s->done = k + 1;
}

/* The arrays of the done rows (and of the checkpoint state if given). */
static int series_arrays(const evolve_series *s, qlb_io_array *a, char (*paths)[48])
{
    int n = 0;
    a[n++] = (qlb_io_array){"t", s->times, s->done, 0, NULL, NULL};
    a[n++] = (qlb_io_array){"c", s->coef[0], s->done, s->nb, "basis", "cartesian"};
    if (s->runs == 2)
        a[n++] = (qlb_io_array){"classical/c", s->coef[1], s->done, s->nb, "basis", "cartesian"};
    for (int c = 0; c < s->ncols; c++) {
        snprintf(paths[c], 48, "diagnostics/%s", s->names[c]);
        a[n++] = (qlb_io_array){paths[c], column(s, c), s->done, 0, NULL, NULL};
    }
    return n;
}

static qlb_status write_csv(const evolve_series *s, const char *path, int force)
{
    size_t rows = s->done;
    int ncols = s->ncols + 1;
    double *table = malloc((size_t)ncols * rows * sizeof(double));
    const char **names = malloc((size_t)ncols * sizeof(char *));
    if (!table || !names) {
        free(table), free(names);
        return cli_fail(QLB_ENOMEM, "out of memory");
    }
    names[0] = "t";
    memcpy(table, s->times, rows * sizeof(double));
    for (int c = 0; c < s->ncols; c++) {
        names[c + 1] = s->names[c];
        memcpy(table + (size_t)(c + 1) * rows, column(s, c), rows * sizeof(double));
    }
    qlb_status st = qlb_io_write_csv(path, names, ncols, table, rows, force);
    free(table), free(names);
    return st;
}

static qlb_status write_h5(const evolve_series *s, const char *path, const qlb_io_array *extra,
                           int n_extra, const qlb_io_attr *more, int n_more, int force)
{
    int cap = 3 + s->ncols + n_extra, n_attrs = s->n_attrs + n_more;
    qlb_io_array *a = malloc((size_t)cap * sizeof *a);
    qlb_io_attr *attrs = malloc((size_t)(n_attrs + 1) * sizeof *attrs);
    char (*paths)[48] = malloc((size_t)s->ncols * sizeof *paths);
    if (!a || !attrs || !paths) {
        free(a), free(attrs), free(paths);
        return cli_fail(QLB_ENOMEM, "out of memory");
    }
    int n = series_arrays(s, a, paths);
    if (n_extra) memcpy(a + n, extra, (size_t)n_extra * sizeof *a); /* extra may be NULL */
    memcpy(attrs, s->attrs, (size_t)s->n_attrs * sizeof *attrs);
    if (n_more) memcpy(attrs + s->n_attrs, more, (size_t)n_more * sizeof *attrs);
    qlb_status st = qlb_io_write_arrays(path, a, n + n_extra, attrs, n_attrs, s->labels, force);
    free(a), free(attrs), free(paths);
    return st;
}

qlb_status series_write(const evolve_series *s, const char *path, const char *csv, int force)
{
    qlb_status st = write_h5(s, path, NULL, 0, NULL, 0, force);
    if (!st && csv) st = write_csv(s, csv, force);
    return st;
}

/* One buffer for the runs' states: coefficients (runs x nb), clock (runs x
 * 2: t, h) and stats (runs x 4); NULL (message recorded) if out of memory. */
static double *state_buffer(const evolve_series *s, double **clock, double **stats)
{
    double *state = malloc((size_t)s->runs * (s->nb + 6) * sizeof(double));
    if (!state) {
        cli_fail(QLB_ENOMEM, "out of memory");
        return NULL;
    }
    *clock = state + (size_t)s->runs * s->nb;
    *stats = *clock + 2 * s->runs;
    return state;
}

qlb_status series_checkpoint(const evolve_series *s, evolve_run *runs, const char *path)
{
    size_t nb = s->nb;
    double *clock, *stats, *state = state_buffer(s, &clock, &stats);
    if (!state) return QLB_ENOMEM;
    for (int r = 0; r < s->runs; r++) {
        qlb_evolver_get_state(runs[r].ev, &clock[2 * r], state + r * nb, &clock[2 * r + 1]);
        qlb_evolve_stats k = qlb_evolver_stats(runs[r].ev), b = runs[r].saved;
        stats[4 * r] = k.steps + b.steps, stats[4 * r + 1] = k.rejected + b.rejected;
        stats[4 * r + 2] = k.rhs + b.rhs, stats[4 * r + 3] = k.contractions + b.contractions;
    }
    qlb_io_array extra[] = {
        {"checkpoint/state", state, (size_t)s->runs, nb, "basis", "spherical"},
        {"checkpoint/clock", clock, (size_t)s->runs, 2, "columns", "t,h"},
        {"checkpoint/stats", stats, (size_t)s->runs, 4, "columns", "steps,rejected,rhs,contractions"},
        {"checkpoint/times", s->times, s->n_out, 0, NULL, NULL}};
    qlb_io_attr more[] = {{"fingerprint", s->fingerprint, 0}, {"rows_done", NULL, (double)s->done}};
    qlb_status st = write_h5(s, path, extra, 4, more, 2, 1);
    free(state);
    return st;
}

/* Reads dataset name into dst, which must hold exactly rows x cols values. */
static qlb_status read_exact(const char *path, const char *name, double *dst, size_t rows,
                             size_t cols)
{
    double *data;
    size_t r, c;
    qlb_status st = qlb_io_read_array(path, name, &data, &r, &c);
    if (st) return st;
    if (r != rows || c != cols) {
        free(data);
        return cli_fail(QLB_EINVAL, "checkpoint %s: /%s has the wrong shape", path, name);
    }
    memcpy(dst, data, rows * cols * sizeof(double));
    free(data);
    return QLB_OK;
}

qlb_status series_check_checkpoint(const char *path, const char *fingerprint,
                                   const double *times, size_t n_out)
{
    char fp[2048];
    double *saved = malloc(n_out * sizeof(double));
    if (!saved) return cli_fail(QLB_ENOMEM, "out of memory");
    qlb_status st = qlb_io_read_attr(path, "fingerprint", fp, sizeof fp, NULL);
    if (!st && strcmp(fp, fingerprint))
        st = cli_fail(QLB_EINVAL, "checkpoint %s was written for other settings (%s), not (%s)",
                      path, fp, fingerprint);
    if (!st) st = read_exact(path, "checkpoint/times", saved, n_out, 1);
    if (!st && memcmp(saved, times, n_out * sizeof(double)))
        st = cli_fail(QLB_EINVAL, "checkpoint %s was written for other output times", path);
    free(saved);
    return st;
}

/* A saved run state: finite coefficients, a time between the last row
 * recorded and the next output time (so within [0, t-final]), a finite
 * step, and counters that are counts. */
static qlb_status check_state(const evolve_series *s, const char *path, const double *clock,
                              const double *stats, const double *state)
{
    double t = clock[0], h = clock[1], lo = s->times[s->done - 1];
    double hi = s->done < s->n_out ? s->times[s->done] : s->times[s->n_out - 1];
    if (!(t >= lo && t <= hi))
        return cli_fail(QLB_EINVAL, "checkpoint %s: time %g is not between the last row's %g and the "
                        "next output time %g", path, t, lo, hi);
    if (!isfinite(h)) return cli_fail(QLB_EINVAL, "checkpoint %s: the step is not finite", path);
    for (int k = 0; k < 4; k++)
        if (!(stats[k] >= 0 && stats[k] <= 9e15 && stats[k] == floor(stats[k])))
            return cli_fail(QLB_EINVAL, "checkpoint %s: the step counters are not counts", path);
    for (size_t i = 0; i < s->nb; i++)
        if (!isfinite(state[i]))
            return cli_fail(QLB_EINVAL, "checkpoint %s: coefficient %zu of the state is not finite", path, i);
    return QLB_OK;
}

static qlb_status restore_runs(evolve_series *s, evolve_run *runs, const char *path)
{
    size_t nb = s->nb;
    double *clock, *stats, *state = state_buffer(s, &clock, &stats);
    if (!state) return QLB_ENOMEM;
    qlb_status st = read_exact(path, "checkpoint/state", state, (size_t)s->runs, nb);
    if (!st) st = read_exact(path, "checkpoint/clock", clock, (size_t)s->runs, 2);
    if (!st) st = read_exact(path, "checkpoint/stats", stats, (size_t)s->runs, 4);
    for (int r = 0; r < s->runs && !st; r++) /* the file's word: checked before use */
        st = check_state(s, path, clock + 2 * r, stats + 4 * r, state + r * nb);
    for (int r = 0; r < s->runs && !st; r++) {
        st = qlb_evolver_set_state(runs[r].ev, clock[2 * r], state + r * nb, clock[2 * r + 1]);
        runs[r].saved = (qlb_evolve_stats){(long)stats[4 * r], (long)stats[4 * r + 1],
                                           (long)stats[4 * r + 2], (long)stats[4 * r + 3]};
    }
    free(state);
    return st;
}

qlb_status series_resume(evolve_series *s, evolve_run *runs, const char *path)
{
    double done;
    qlb_status st = qlb_io_read_attr(path, "rows_done", NULL, 0, &done);
    if (!st && !(done >= 1 && done <= (double)s->n_out)) st = cli_fail(QLB_EINVAL, "checkpoint %s: bad rows_done", path);
    if (st) return st;
    s->done = (size_t)done;
    st = read_exact(path, "c", s->coef[0], s->done, s->nb);
    if (!st && s->runs == 2) st = read_exact(path, "classical/c", s->coef[1], s->done, s->nb);
    for (int r = 0; r < s->runs && !st; r++)
        for (size_t i = 0; i < s->done * s->nb && !st; i++)
            if (!isfinite(s->coef[r][i]))
                st = cli_fail(QLB_EINVAL, "checkpoint %s: recorded coefficients are not finite", path);
    for (int c = 0; c < s->ncols && !st; c++) {
        char name[48];
        snprintf(name, sizeof name, "diagnostics/%s", s->names[c]);
        st = read_exact(path, name, column(s, c), s->done, 1);
    }
    return st ? st : restore_runs(s, runs, path);
}
