/* evolve_species.c — `qlb evolve --species ... --linear`: the linear
 * evolution of several species (qlb_mixture_evolve, exact in time: every
 * block's eigenpairs) from per-species initial data NAME=SPEC, with each
 * species' linearized density, velocity, speed and temperature and the
 * conserved totals, to HDF5 (and CSV). */
#include "evolve.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Options of the one-species integrator that mean nothing here. */
static int refuse_options(const evolve_opts *o)
{
    if (!o->linear)
        return cli_usage_error("evolve", "the nonlinear evolution of several species is not built yet; "
                                         "give --linear");
    if (o->quadratic_file || o->compare || o->resume || o->checkpoint || o->eo.h_fixed > 0 || !o->variation ||
        o->allow_negative)
        return cli_usage_error("evolve", "with --species, evolve is exact in time: --quadratic, "
                                         "--compare-classical, --checkpoint, --resume, --step, "
                                         "--no-variation and --allow-negative do not apply");
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
        momentum += n * op->species[a].mass * m.velocity;
        energy += op->params.dim / 2.0 * n * (m.density + m.temperature);
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
    arrays[na++] = (qlb_io_array){"totals/momentum", s->totals, s->rows, 0, "definition", "sum_a (n_a/n) m_a u_a1"};
    arrays[na++] = (qlb_io_array){"totals/energy", s->totals + s->rows, s->rows, 0, "definition",
                                  "(d/2) sum_a (n_a/n) (dn_a/n_a + dT_a/T)"};
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
                           {"linear", NULL, 1}};
    qlb_status st = qlb_io_write_arrays(o->output, arrays, na, attrs, 6, &lab, o->force);
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
    for (size_t k = 0; k < n_out && !st; k++) {
        st = qlb_mixture_evolve(E, c0, times[k], coef + k * size);
        if (!st) record(op, E, coef + k * size, k, &s);
    }
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
