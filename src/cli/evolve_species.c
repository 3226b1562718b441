/* evolve_species.c — `qlb evolve --species ...`: several species from
 * per-species initial data NAME=SPEC, linear (--linear: qlb_mixture_evolve,
 * exact in time from every block's eigenpairs) or nonlinear (the quadratic
 * term qlb_mixquad, ETDRK4 or a GSL method in the eigenbasis of L), with
 * each species' density, velocity, speed and temperature and the
 * conserved totals, to HDF5 (and CSV). */
#include "evolve.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Options of the one-species integrator that mean nothing here. */
static int refuse_options(const evolve_opts *o)
{
    if (o->quadratic_file || o->compare || o->resume || o->checkpoint || o->allow_negative)
        return cli_usage_error("evolve", "with --species, --quadratic, --compare-classical, --checkpoint, "
                                         "--resume and --allow-negative do not apply");
    if (o->linear && (o->eo.h_fixed > 0 || !o->variation))
        return cli_usage_error("evolve", "with --species --linear, evolve is exact in time: --step and "
                                         "--no-variation do not apply");
    if (!o->linear && o->eo.method == QLB_EVOLVE_MSBDF)
        return cli_usage_error("evolve", "with --species, the methods are etdrk4, rk8pd and rkf45 "
                                         "(msbdf needs the Jacobian of the quadratic term)");
    if (!o->n_initials) return cli_usage_error("evolve", "--initial NAME=SPEC is required");
    if (!o->output) return cli_usage_error("evolve", "-o OUT.h5 is required");
    if (!o->t_final && !o->times_arg) return cli_usage_error("evolve", "--t-final is required");
    if (o->csv && cli_same_file(o->csv, o->output))
        return cli_usage_error("evolve", "-o and --csv name the same file %s", o->csv);
    return CLI_OK;
}

static int species_index(const cli_operator *op, const char *name, size_t len)
{
    for (int a = 0; a < op->nspecies; a++)
        if (strlen(op->species[a].name) == len && !strncmp(op->species[a].name, name, len)) return a;
    return -1;
}

/* c0 (S N_b) from the --initial NAME=SPEC options: every name checked
 * first, then the data loaded, then reported on stderr. */
static qlb_status initial_data(const cli_operator *op, const evolve_opts *o, size_t nb, double *c0)
{
    const qlb_params *p = &op->params;
    int species[QLB_MAX_SPECIES], seen[QLB_MAX_SPECIES] = {0};
    qlb_initial_info info[QLB_MAX_SPECIES];
    double total = 0;
    for (int b = 0; b < op->nspecies; b++) total += op->species[b].density;
    memset(c0, 0, (size_t)op->nspecies * nb * sizeof(double));
    for (int i = 0; i < o->n_initials; i++) {
        const char *arg = o->initials[i], *eq = strchr(arg, '=');
        int a = species[i] = eq ? species_index(op, arg, (size_t)(eq - arg)) : -1;
        if (a < 0) return cli_fail(QLB_EINVAL, "--initial '%.200s': the form is NAME=SPEC with NAME a species", arg);
        if (seen[a]++) return cli_fail(QLB_EINVAL, "--initial: species '%s' is given twice", op->species[a].name);
    }
    for (int i = 0; i < o->n_initials; i++) {
        int a = species[i];
        qlb_status st = qlb_initial_load_basis(strchr(o->initials[i], '=') + 1, p->dim, p->degree, c0 + a * nb, &info[i]);
        if (st) return st;
        for (size_t k = 0; k < nb; k++) c0[a * nb + k] *= sqrt(op->species[a].density / total);
    }
    for (int i = 0; i < o->n_initials; i++)
        fprintf(stderr, "qlb evolve: species %s: initial %s, ||g|| = %.6g, projection error %.3g\n",
                op->species[species[i]].name, info[i].kind, info[i].norm, info[i].projection_error);
    return QLB_OK;
}

/* The columns: per species density, velocity, speed, temperature, then momentum, energy. */
typedef struct {
    size_t rows;
    int S;
    double *moments;  /* [(a * 4 + q) * rows + k] */
    double *totals;   /* [q * rows + k], q = 0 momentum, 1 energy */
} species_series;

static void record(const cli_operator *op, const qlb_mixture_evolver *E, const double *c, size_t k,
                   species_series *s)
{
    double momentum = 0, energy = 0, total = 0;
    for (int a = 0; a < s->S; a++) total += op->species[a].density;
    for (int a = 0; a < s->S; a++) {
        qlb_species_moments m;
        qlb_mixture_moments(E, c, a, &m);
        double v[4] = {m.density, m.velocity, m.speed, m.temperature}, n = op->species[a].density / total;
        for (int q = 0; q < 4; q++) s->moments[(a * 4 + q) * s->rows + k] = v[q];
        momentum += n * m.momentum;
        energy += n * m.energy;
    }
    s->totals[k] = momentum;
    s->totals[s->rows + k] = energy;
}

static qlb_status write_outputs(const cli_operator *op, const evolve_opts *o, const double *times,
                                const double *coef, const species_series *s, size_t nb, const qlb_basis *B)
{
    static const char *const what[4] = {"density", "velocity", "speed", "temperature"};
    int S = s->S, na = 0;
    qlb_io_array arrays[4 * QLB_MAX_SPECIES + 4];
    char names[4 * QLB_MAX_SPECIES][80];
    arrays[na++] = (qlb_io_array){"t", times, s->rows, 0, NULL, NULL};
    arrays[na++] = (qlb_io_array){"c", coef, s->rows, (size_t)S * nb, "basis", "spherical, species-major, orthonormal in sum_a n_a <g_a, h_a>"};
    for (int a = 0; a < S; a++)
        for (int q = 0; q < 4; q++) {
            snprintf(names[a * 4 + q], sizeof names[0], "species/%s/%s", op->species[a].name, what[q]);
            arrays[na++] = (qlb_io_array){names[a * 4 + q], s->moments + (a * 4 + q) * s->rows, s->rows, 0, NULL, NULL};
        }
    arrays[na++] = (qlb_io_array){"totals/momentum", s->totals, s->rows, 0, "definition",
                                  "sum_a (n_a/n) m_a (1 + dn_a/n_a) u_a1"};
    arrays[na++] = (qlb_io_array){"totals/energy", s->totals + s->rows, s->rows, 0, "definition",
                                  "sum_a (n_a/n) x the change of a's kinetic energy per particle of the equilibrium, in T"};
    int *v = malloc((size_t)S * nb * 4 * sizeof(int));
    if (!v) return cli_fail(QLB_ENOMEM, "out of memory");
    for (int a = 0; a < S; a++)
        for (size_t i = 0; i < nb; i++) {
            v[(a * nb + i) * 4] = a;
            qlb_basis_spherical_label(B, i, &v[(a * nb + i) * 4 + 1], &v[(a * nb + i) * 4 + 2], &v[(a * nb + i) * 4 + 3]);
        }
    qlb_io_labels lab = {(size_t)S * nb, 4, v, "species,n,l,m"};
    const qlb_params *p = &op->params;
    qlb_io_attr attrs[] = {{"dim", NULL, p->dim}, {"hbar", NULL, p->hbar}, {"degree", NULL, p->degree},
                           {"potential", qlb_potential_spec(p->potential), 0}, {"screening", NULL, p->screening},
                           {"linear", NULL, o->linear},
                           {"screening_variation", NULL, !o->linear && p->screening && o->variation},
                           {"method", o->linear ? "exact" : qlb_evolve_method_name(o->eo.method), 0}};
    qlb_status st = qlb_io_write_arrays(o->output, arrays, na, attrs, 8, &lab, o->force);
    free(v);
    if (st || !o->csv) return st;
    const char *cols[4 * QLB_MAX_SPECIES + 3];
    char colnames[4 * QLB_MAX_SPECIES][64];
    double *data = malloc((size_t)(3 * S + 3) * s->rows * sizeof(double));
    if (!data) return cli_fail(QLB_ENOMEM, "out of memory");
    int nc = 0;
    cols[nc] = "t";
    memcpy(data, times, s->rows * sizeof(double));
    nc++;
    static const int csv_q[3] = {0, 1, 3};
    for (int a = 0; a < S; a++)
        for (int j = 0; j < 3; j++, nc++) {
            snprintf(colnames[a * 3 + j], sizeof colnames[0], "%s_%s", what[csv_q[j]], op->species[a].name);
            cols[nc] = colnames[a * 3 + j];
            memcpy(data + nc * s->rows, s->moments + (a * 4 + csv_q[j]) * s->rows, s->rows * sizeof(double));
        }
    cols[nc] = "momentum";
    memcpy(data + nc++ * s->rows, s->totals, s->rows * sizeof(double));
    cols[nc] = "energy";
    memcpy(data + nc++ * s->rows, s->totals + s->rows, s->rows * sizeof(double));
    st = qlb_io_write_csv(o->csv, cols, nc, data, s->rows, o->force);
    free(data);
    return st;
}

/* The nonlinear run: Q built (progress on stderr), then the coefficients
 * at every output time from the integrator. */
static qlb_status nonlinear_run(const cli_operator *op, const evolve_opts *o, const qlb_mixop *M,
                                const double *c0, const double *times, size_t n_out, double *coef)
{
    qlb_mixquad *Q = NULL;
    qlb_evolver *ev = NULL;
    size_t size = 0;
    fprintf(stderr, "qlb evolve: building the quadratic term of %d species at hbar = %g%s\n", op->nspecies,
            op->params.hbar, o->variation && op->params.screening ? "" : " (no variation of the screening)");
    qlb_status st = qlb_mixquad_create(&op->params, op->species, op->nspecies, o->variation, &Q);
    if (!st) st = qlb_evolver_create_mixture(M, Q, &o->eo, &ev);
    if (!st) {
        size = qlb_evolver_size(ev);
        st = qlb_evolver_set_state(ev, 0, c0, 0);
    }
    for (size_t k = 0; k < n_out && !st; k++) {
        st = qlb_evolver_advance(ev, times[k], o->max_steps);
        double t;
        if (!st) qlb_evolver_get_state(ev, &t, coef + k * size, NULL);
        if (!st && t < times[k])
            st = cli_fail(QLB_ENOCONV, "evolve: --max-steps %ld reached at t = %.6g", o->max_steps, t);
        if (!st && k + 1 < n_out)
            fprintf(stderr, "qlb evolve: t = %.6g of %.6g, %ld steps\n", times[k], times[n_out - 1],
                    qlb_evolver_stats(ev).steps);
    }
    if (!st) {
        qlb_evolve_stats x = qlb_evolver_stats(ev);
        fprintf(stderr, "qlb evolve: %s, %ld steps (%ld rejected), %ld contractions of Q\n",
                qlb_evolve_method_name(o->eo.method), x.steps, x.rejected, x.contractions);
    }
    qlb_evolver_free(ev);
    qlb_mixquad_free(Q);
    return st;
}

int cli_evolve_species(const cli_operator *op, evolve_opts *o)
{
    int rc = refuse_options(o);
    if (rc != CLI_OK) return rc;
    qlb_status st = qlb_io_check_output(o->output, QLB_FORMAT_H5, o->force);
    if (!st && o->csv) st = qlb_io_check_output(o->csv, QLB_FORMAT_H5, o->force);
    if (st) return cli_report("evolve", st);
    size_t n_out = 0;
    double *times = cli_evolve_times(o, &n_out);
    if (!times) return CLI_BAD_INPUT;
    qlb_basis *B = NULL;
    qlb_mixop *M = NULL;
    qlb_mixture_evolver *E = NULL;
    species_series s = {n_out, op->nspecies, NULL, NULL};
    double *c0 = NULL, *coef = NULL;
    st = qlb_basis_create(op->params.dim, op->params.degree, &B);
    size_t nb = st ? 0 : qlb_basis_size(B), size = (size_t)op->nspecies * nb;
    if (!st) st = qlb_check_memory(8.0 * size * (n_out + 1), "the coefficients at every output time");
    if (!st) {
        c0 = malloc(size * sizeof(double));
        coef = malloc(size * n_out * sizeof(double));
        s.moments = malloc((size_t)4 * op->nspecies * n_out * sizeof(double));
        s.totals = malloc(2 * n_out * sizeof(double));
        if (!c0 || !coef || !s.moments || !s.totals) st = cli_fail(QLB_ENOMEM, "out of memory");
    }
    if (!st) st = initial_data(op, o, nb, c0);
    if (!st) st = cli_make_mixop(op, &M);
    if (!st) st = qlb_mixture_evolver_create(M, &E);
    if (!st && !o->linear) st = nonlinear_run(op, o, M, c0, times, n_out, coef);
    for (size_t k = 0; k < n_out && !st && o->linear; k++) st = qlb_mixture_evolve(E, c0, times[k], coef + k * size);
    for (size_t k = 0; k < n_out && !st; k++) record(op, E, coef + k * size, k, &s);
    if (!st) {
        fprintf(stderr, "qlb evolve: %zu times to t = %g; totals drift: momentum %.2e, energy %.2e\n", n_out,
                times[n_out - 1], fabs(s.totals[n_out - 1] - s.totals[0]),
                fabs(s.totals[2 * n_out - 1] - s.totals[n_out]));
        st = write_outputs(op, o, times, coef, &s, nb, B);
    }
    free(times);
    free(c0);
    free(coef);
    free(s.moments);
    free(s.totals);
    qlb_mixture_evolver_free(E);
    qlb_mixop_free(M);
    qlb_basis_free(B);
    return st ? cli_report("evolve", st) : CLI_OK;
}
