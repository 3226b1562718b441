/* evolve.c — `qlb evolve`: integrates d_t c = -L c + T(c,c) from initial
 * data to t-final, records the diagnostics on a time grid, checkpoints
 * every K steps (the integrators restart there, so a resumed run repeats
 * the uninterrupted one exactly) and writes HDF5 + CSV atomically. */
#include "evolve.h"
#include "ranks.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char help[] =
    "usage: qlb evolve --potential SPEC --initial FILE_OR_SPEC --t-final T -o OUT.h5\n"
    "                  [--dim D] [--hbar H] [--degree N] [--no-screening] [--linear]\n"
    "                  [--no-variation] [--times t1,t2,..] [--n-times K] [--csv DIAG.csv]\n"
    "                  [--method etdrk4|rk8pd|rkf45|msbdf] [--rtol R] [--atol A] [--step H]\n"
    "                  [--compare-classical] [--checkpoint PATH] [--checkpoint-steps K]\n"
    "                  [--resume] [--max-steps K] [--allow-negative] [--force]\n\n"
    "Integrates the Galerkin ODE d_t c = -L c + T(c, c) of the QLB equation on the\n"
    "Hermite coefficients of g = (F - M)/sqrt(M) (with --linear: d_t c = -L c).\n\n"
    "Initial data (--initial): FILE.h5 (/c, Cartesian export order; a 2-D /c such as\n"
    "an evolve output continues from its last row), FILE.csv (header\n"
    "multi_index,value; rows i1:..:id,value), or a family projected on the basis\n"
    "with its projection error reported:\n"
    "  maxwellian:rho=..,u1=..,T=..,T1=..   shifted / heated / anisotropic Maxwellian\n"
    "  bump:eps=..,u1=..,T=..               (1-eps) M + eps N(u, T)\n"
    "  two-temperature:theta=..,Ta=..,Tb=..  (1-theta) N(0,Ta) + theta N(0,Tb)\n"
    "  eigenvector:l=..,k=..,m=..,amp=..    amp x the k-th eigenvector of block l\n"
    "Data whose F = M + sqrt(M) g has negative mass above 1e-3 is refused unless\n"
    "--allow-negative.\n\n"
    "Output: OUT.h5 with /t, /c (times x N_b, Cartesian), /diagnostics/<name>,\n"
    "/basis and the settings as attributes; --csv writes the diagnostics, one row\n"
    "per output time: t,mass,momentum_1..d,energy,norm,norm_r1,norm_r2,norm_perp,\n"
    "dissipation,entropy,negative_mass,min_f,m4,pxx_minus_pyy,rate,rate_over_gap\n"
    "(rate = -d log||g - Pg||/dt between outputs, against the spectral gap), plus\n"
    "classical_diff,hbar_t with --compare-classical (the same data evolved with\n"
    "hbar = 0; classical_diff = ||g_hbar(t) - g_0(t)||, Theorem 4).\n"
    "Progress goes to stderr. Every K steps the state is saved to the checkpoint\n"
    "(default OUT.h5.ckpt); --resume continues from it with identical results.\n\n"
    "Several species (--species): each --initial is NAME=SPEC, a family or file\n"
    "above in that species' own Hermite functions (velocities in its thermal\n"
    "speed sqrt(T/m_a)); species without one start at equilibrium. Nonlinear\n"
    "(the quadratic term of every pair; methods etdrk4, rk8pd, rkf45) or\n"
    "--linear (exact in time). Output: /t, /c (times x S N_b, spherical,\n"
    "species-major, in the orthonormal basis of qlb export --species),\n"
    "/species/NAME/density, velocity, speed, temperature (of F_a, exact: dn/n,\n"
    "u along axis 1, |u|, dT/T), /totals/momentum, /totals/energy (conserved);\n"
    "--csv: t, then density_NAME, velocity_NAME, temperature_NAME per species,\n"
    "momentum, energy.\n\n"
    "options:\n" CLI_OPERATOR_HELP CLI_SPECIES_HELP
    "  --initial X        initial data: file or family (required)\n"
    "  --t-final T        final time (required unless --times is given)\n"
    "  --times LIST       output times t1,t2,... (increasing, > 0); default: --n-times\n"
    "                     log-spaced from T/1e4 to T, plus t = 0\n"
    "  --n-times K        number of log-spaced output times (default 60)\n"
    "  --linear           drop the quadratic term\n"
    "  --no-variation     quadratic term without the variation of |eps(F)|^-2\n"
    "  --quadratic FILE   load T from FILE (qlb export --what Q, factored h5) instead\n"
    "                     of building it; its parameters and variation must match\n"
    "  --method M         etdrk4 (default; exponential, exact linear part), rk8pd,\n"
    "                     rkf45 (explicit GSL), msbdf (implicit GSL BDF, Jacobian)\n"
    "  --rtol R, --atol A error control per step (default 1e-10, 1e-14)\n"
    "  --step H           fixed step H instead of error control (not msbdf)\n"
    "  --compare-classical also evolve with hbar = 0 and report the difference\n"
    "  --checkpoint PATH  checkpoint file (default OUT.h5.ckpt)\n"
    "  --checkpoint-steps K  steps between checkpoints (default 500)\n"
    "  --resume           continue from the checkpoint\n"
    "  --max-steps K      stop (state saved) after K steps in all (default 1e6);\n"
    "                     a fixed --step needing more is refused up front\n"
    "  --allow-negative   run data whose F is far from positive\n"
    "  --csv PATH         diagnostics as CSV\n"
    "  -o, --output PATH  HDF5 output (required; never overwritten without --force)\n"
    "  --force            overwrite outputs; start over even if a checkpoint exists\n";

enum { OPT_INITIAL = OPT_COMMAND_SPECIFIC, OPT_TFINAL, OPT_TIMES, OPT_NTIMES, OPT_LINEAR,
       OPT_NOVAR, OPT_METHOD, OPT_RTOL, OPT_ATOL, OPT_STEP, OPT_COMPARE, OPT_CKPT,
       OPT_CKPT_STEPS, OPT_MAX_STEPS, OPT_RESUME, OPT_ALLOW_NEG, OPT_CSV, OPT_OUTPUT, OPT_FORCE,
       OPT_QUADRATIC };

static int positive(const char *opt, const char *arg, double *v)
{
    return cli_parse_double(arg, v) || !(*v > 0) ? cli_bad_value(opt, arg) : 1;
}

/* A whole number of steps in [1, 1e12]. */
static int step_count(const char *opt, const char *arg, long *out)
{
    double v;
    if (positive(opt, arg, &v) < 0 || v != floor(v) || v > 1e12) return cli_bad_value(opt, arg);
    *out = (long)v;
    return 1;
}

static int on_option(void *ctx, int id, const char *arg)
{
    evolve_opts *o = ctx;
    switch (id) {
    case OPT_INITIAL:
        if (o->n_initials == QLB_MAX_SPECIES) return cli_bad_value("initial", arg);
        o->initials[o->n_initials++] = arg;
        o->initial = arg;
        return 1;
    case OPT_TFINAL: return positive("t-final", arg, &o->t_final);
    case OPT_TIMES: o->times_arg = arg; return 1;
    case OPT_NTIMES:
        return cli_parse_int(arg, &o->n_times) || o->n_times < 1 || o->n_times > 100000
                   ? cli_bad_value("n-times", arg) : 1;
    case OPT_LINEAR: o->linear = 1; return 1;
    case OPT_NOVAR: o->variation = 0; return 1;
    case OPT_QUADRATIC: o->quadratic_file = arg; return 1;
    case OPT_METHOD:
        return qlb_evolve_parse_method(arg, &o->eo.method) ? cli_bad_value("method", arg) : 1;
    case OPT_RTOL: return positive("rtol", arg, &o->eo.rtol);
    case OPT_ATOL: return positive("atol", arg, &o->eo.atol);
    case OPT_STEP: return positive("step", arg, &o->eo.h_fixed);
    case OPT_COMPARE: o->compare = 1; return 1;
    case OPT_CKPT: o->checkpoint = arg; return 1;
    case OPT_CKPT_STEPS: return step_count("checkpoint-steps", arg, &o->checkpoint_steps);
    case OPT_MAX_STEPS: return step_count("max-steps", arg, &o->max_steps);
    case OPT_RESUME: o->resume = 1; return 1;
    case OPT_ALLOW_NEG: o->allow_negative = 1; return 1;
    case OPT_CSV: o->csv = arg; return 1;
    case 'o': case OPT_OUTPUT: o->output = arg; return 1;
    case OPT_FORCE: o->force = 1; return 1;
    default: return 0;
    }
}

double *cli_evolve_times(evolve_opts *o, size_t *n)
{
    size_t cap = (o->times_arg ? strlen(o->times_arg) / 2 + 3 : (size_t)o->n_times + 2);
    /* (a list "a,b" of k numbers has at least 2k - 1 characters) */
    double *t = malloc(cap * sizeof(double));
    if (!t) return NULL;
    t[0] = 0;
    *n = 1;
    if (!o->times_arg) {
        for (int k = 0; k < o->n_times; k++)
            t[(*n)++] = o->n_times == 1 ? o->t_final
                                        : o->t_final * pow(1e-4, 1 - k / (double)(o->n_times - 1));
        return t;
    }
    char *copy = strdup(o->times_arg);
    if (!copy) {
        cli_usage_error("evolve", "out of memory");
        free(t);
        return NULL;
    }
    for (char *tok = copy, *end; tok; tok = end ? end + 1 : NULL) {
        double v;
        if ((end = strchr(tok, ','))) *end = '\0';
        if (cli_parse_double(tok, &v) || !(v > t[*n - 1])) {
            cli_usage_error("evolve", "--times must be positive and increasing: '%s' in '%s'",
                            tok, o->times_arg);
            free(copy), free(t);
            return NULL;
        }
        t[(*n)++] = v;
    }
    free(copy);
    if (o->t_final > t[*n - 1]) t[(*n)++] = o->t_final;
    o->t_final = t[*n - 1];
    return t;
}

static int validate(const cli_operator *op, evolve_opts *o)
{
    if (!o->initial) return cli_usage_error("evolve", "--initial is required");
    if (!o->output) return cli_usage_error("evolve", "-o OUT.h5 is required");
    if (!o->t_final && !o->times_arg) return cli_usage_error("evolve", "--t-final is required");
    if (o->compare && !(op->params.hbar > 0))
        return cli_usage_error("evolve", "--compare-classical needs hbar > 0");
    if (o->eo.h_fixed > 0 && o->eo.method == QLB_EVOLVE_MSBDF)
        return cli_usage_error("evolve", "--step is for etdrk4, rk8pd and rkf45");
    if (!o->checkpoint) {
        snprintf(o->checkpoint_buf, sizeof o->checkpoint_buf, "%s.ckpt", o->output);
        o->checkpoint = o->checkpoint_buf;
    }
    const char *files[3] = {o->output, o->checkpoint, o->csv}, *names[3] = {"-o", "--checkpoint", "--csv"};
    for (int i = 0; i < 3; i++) /* one file for two outputs: one would be lost */
        for (int j = i + 1; j < 3; j++)
            if (files[i] && files[j] && cli_same_file(files[i], files[j]))
                return cli_usage_error("evolve", "%s and %s name the same file %s", names[i], names[j], files[j]);
    qlb_status st = qlb_io_check_output(o->output, QLB_FORMAT_H5, o->force);
    if (!st && o->csv) st = qlb_io_check_output(o->csv, QLB_FORMAT_H5, o->force);
    if (!st && o->resume && access(o->checkpoint, R_OK) != 0)
        st = cli_fail(QLB_EINVAL, "--resume: no checkpoint %s", o->checkpoint);
    if (!st && !o->resume && !o->force && access(o->checkpoint, F_OK) == 0)
        st = cli_fail(QLB_EEXIST, "checkpoint %s exists (an interrupted run): --resume to "
                      "continue it, --force to start over", o->checkpoint);
    return st ? cli_report("evolve", st) : CLI_OK;
}

static volatile sig_atomic_t interrupted;
static void on_signal(int sig) { interrupted = sig; }

/* L (loaded from `file` if not NULL) and the observer: enough to read and
 * check the initial data. */
static qlb_status make_linear(evolve_run *r, const qlb_params *p, const char *file)
{
    memset(r, 0, sizeof *r);
    r->params = *p;
    qlb_status st = cli_make_linop(p, file, &r->L);
    if (!st) st = qlb_observer_create(r->L, &r->obs);
    return st;
}

/* T loaded from `file`, with the variation asked for. */
static qlb_status load_quadratic(evolve_run *r, const evolve_opts *o, const char *file)
{
    qlb_status st = qlb_io_load_quadratic(file, &r->params, &r->T);
    int want = o->variation && r->params.screening;
    if (!st && qlb_quadratic_variation(r->T) != want)
        st = cli_fail(QLB_EINVAL, "%s holds T %s the screening variation; the run asks %s it", file,
                      want ? "without" : "with", want ? "with" : "without");
    return st;
}

/* T (unless linear, or already loaded) and the integrator. Under MPI each
 * rank builds its part of T, and the parts' contractions are summed. */
static qlb_status make_integrator(evolve_run *r, const evolve_opts *o)
{
    qlb_status st = QLB_OK;
    int part = cli_rank(), parts = cli_ranks();
    if (!o->linear && !r->T) {
        fprintf(stderr, "qlb evolve: building T at hbar = %g (about %.3g MB%s)\n", r->params.hbar,
                qlb_quadratic_estimate_part_bytes(&r->params, part, parts, NULL) / 1e6,
                parts > 1 ? " per rank" : "");
        st = qlb_quadratic_create_part(&r->params, o->variation, part, parts, &r->T);
    }
    if (!st) st = qlb_evolver_create(r->L, r->T, &o->eo, &r->ev);
    if (!st && r->T && (qlb_quadratic_part(r->T, &parts), parts > 1))
        qlb_evolver_set_reduction(r->ev, cli_ranks_sum, NULL);
    return st;
}

static void free_run(evolve_run *r)
{
    qlb_observer_free(r->obs);
    qlb_evolver_free(r->ev);
    qlb_quadratic_free(r->T);
    qlb_linop_free(r->L);
}

typedef struct {
    const evolve_opts *o;
    evolve_series *s;
    evolve_run *runs;
    long since;               /* steps since the last checkpoint */
    double last_report;
} loop_state;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static long total_steps(const loop_state *L)
{
    long n = 0;
    for (int r = 0; r < L->s->runs; r++)
        n += qlb_evolver_stats(L->runs[r].ev).steps + L->runs[r].saved.steps;
    return n;
}

static void progress(loop_state *L, size_t k, int final)
{
    double t = now();
    if (!final && t - L->last_report < 1) return;
    L->last_report = t;
    double tr;
    qlb_evolver_get_state(L->runs[0].ev, &tr, NULL, NULL);
    fprintf(stderr, "qlb evolve: t = %.6g of %.6g, row %zu of %zu, %ld steps\n", tr,
            L->o->t_final, k, L->s->n_out, total_steps(L));
}

/* Saves the checkpoint (rank 0) and restarts every integrator there. */
static qlb_status checkpoint(loop_state *L)
{
    qlb_status st = cli_rank() ? QLB_OK : series_checkpoint(L->s, L->runs, L->o->checkpoint);
    for (int r = 0; r < L->s->runs; r++) qlb_evolver_restart(L->runs[r].ev);
    L->since = 0;
    return st;
}

/* Advances run r to time t in chunks, checkpointing every K steps. */
static qlb_status advance_run(loop_state *L, int r, double t, size_t k)
{
    qlb_evolver *ev = L->runs[r].ev;
    double tr;
    qlb_evolver_get_state(ev, &tr, NULL, NULL);
    while (tr < t) {
        long chunk = L->o->checkpoint_steps - L->since, before = qlb_evolver_stats(ev).steps;
        qlb_status st = qlb_evolver_advance(ev, t, chunk < 50 ? chunk : 50);
        L->since += qlb_evolver_stats(ev).steps - before;
        if (st) return st;
        qlb_evolver_get_state(ev, &tr, NULL, NULL);
        int out_of_steps = total_steps(L) >= L->o->max_steps && tr < L->o->t_final;
        int stop = interrupted; /* rank 0's signal stops every rank at the same step */
        cli_ranks_share_int(&stop);
        interrupted = stop;
        if (L->since >= L->o->checkpoint_steps || interrupted || out_of_steps) {
            st = checkpoint(L);
            if (st) return st;
            if (interrupted)
                return cli_fail(QLB_EIO, "interrupted (signal %d); state saved in %s, continue "
                                "with --resume", (int)interrupted, L->o->checkpoint);
            if (out_of_steps)
                return cli_fail(QLB_ENOCONV, "--max-steps %ld reached at t = %.6g of %.6g; "
                                "state saved in %s, continue with --resume and a larger "
                                "--max-steps", L->o->max_steps, tr, L->o->t_final,
                                L->o->checkpoint);
        }
        progress(L, k, 0);
    }
    return QLB_OK;
}

static qlb_status integrate(loop_state *L, double hbar)
{
    for (size_t k = L->s->done; k < L->s->n_out; k++) {
        for (int r = 0; r < L->s->runs; r++) {
            qlb_status st = advance_run(L, r, L->s->times[k], k);
            if (st) return st;
        }
        series_record(L->s, L->runs, k, hbar);
    }
    progress(L, L->s->n_out, 1);
    return QLB_OK;
}

/* Loads and checks the initial data (malloc'ed *c, spherical). */
static qlb_status initial_data(const evolve_opts *o, evolve_run *run, double **c,
                               qlb_initial_info *info)
{
    const qlb_params *p = qlb_linop_params(run->L);
    size_t nb = qlb_params_basis_size(p);
    *c = malloc(nb * sizeof(double));
    if (!*c) return cli_fail(QLB_ENOMEM, "out of memory");
    qlb_status st = qlb_initial_load(o->initial, run->L, *c, info);
    if (st) return st;
    qlb_observables ob;
    qlb_observe(run->obs, *c, &ob);
    if (ob.negative_mass > 1e-3 && !o->allow_negative)
        return cli_fail(QLB_EINVAL, "initial F = M + sqrt(M) g has negative mass %.3g (> 1e-3; "
                        "min F = %.3g): raise --degree, soften the data, or pass "
                        "--allow-negative", ob.negative_mass, ob.min_f);
    fprintf(stderr, "qlb evolve: d=%d, N=%d (%zu functions); initial data %s: ||g|| = %.6g, "
            "projection error %.3e, negative mass %.3e, min F %.3e\n", p->dim, p->degree, nb,
            info->kind, info->norm, info->projection_error, ob.negative_mass, ob.min_f);
    return QLB_OK;
}

static void fingerprint(const cli_operator *op, const evolve_opts *o, char *buf, size_t len)
{
    char params[1024];
    cli_params_text(&op->params, params, sizeof params);
    snprintf(buf, len, "%s linear=%d variation=%d method=%s rtol=%.17g atol=%.17g step=%.17g "
             "checkpoint_steps=%ld compare=%d initial=%s", params, o->linear, o->variation,
             qlb_evolve_method_name(o->eo.method), o->eo.rtol, o->eo.atol, o->eo.h_fixed,
             o->checkpoint_steps, o->compare, o->initial);
}

enum { N_ATTRS = 22 };

/* Root attributes of the output (stats filled in at the end). */
static int make_attrs(qlb_io_attr *a, const cli_operator *op, const evolve_opts *o,
                      const qlb_initial_info *info, const evolve_series *s)
{
    const qlb_params *p = &op->params;
    int n = 0;
    a[n++] = (qlb_io_attr){"dim", NULL, p->dim};
    a[n++] = (qlb_io_attr){"hbar", NULL, p->hbar};
    a[n++] = (qlb_io_attr){"degree", NULL, p->degree};
    a[n++] = (qlb_io_attr){"potential", qlb_potential_spec(p->potential), 0};
    a[n++] = (qlb_io_attr){"screening", NULL, p->screening};
    a[n++] = (qlb_io_attr){"basis", "cartesian", 0};
    a[n++] = (qlb_io_attr){"linear", NULL, o->linear};
    a[n++] = (qlb_io_attr){"screening_variation", NULL, !o->linear && p->screening && o->variation};
    a[n++] = (qlb_io_attr){"method", qlb_evolve_method_name(o->eo.method), 0};
    a[n++] = (qlb_io_attr){"rtol", NULL, o->eo.rtol};
    a[n++] = (qlb_io_attr){"atol", NULL, o->eo.atol};
    a[n++] = (qlb_io_attr){"step", NULL, o->eo.h_fixed};
    a[n++] = (qlb_io_attr){"initial", o->initial, 0};
    a[n++] = (qlb_io_attr){"initial_kind", info->kind, 0};
    a[n++] = (qlb_io_attr){"projection_error", NULL, info->projection_error};
    a[n++] = (qlb_io_attr){"gap", NULL, s->gap};
    a[n++] = (qlb_io_attr){"gap_l", NULL, s->gap_l};
    a[n++] = (qlb_io_attr){"compare_classical", NULL, o->compare};
    return n;
}

static void summary(const evolve_series *s, evolve_run *runs, qlb_io_attr *a, int *n, double secs)
{
    qlb_evolve_stats k = qlb_evolver_stats(runs[0].ev), b = runs[0].saved;
    a[(*n)++] = (qlb_io_attr){"steps", NULL, (double)(k.steps + b.steps)};
    a[(*n)++] = (qlb_io_attr){"rejected", NULL, (double)(k.rejected + b.rejected)};
    a[(*n)++] = (qlb_io_attr){"rhs_evaluations", NULL, (double)(k.rhs + b.rhs)};
    a[(*n)++] = (qlb_io_attr){"contractions", NULL, (double)(k.contractions + b.contractions)};
    double rate = series_column(s, "rate")[s->n_out - 1];
    fprintf(stderr, "qlb evolve: %ld steps (%ld rejected), %ld contractions of T, %.2f s; "
            "last decay rate %.6g = %.4f x gap %.6g (l = %d)\n", k.steps + b.steps,
            k.rejected + b.rejected, k.contractions + b.contractions, secs, rate,
            rate / s->gap, s->gap, s->gap_l);
}

/* Refuses, before anything is built, a run whose objects would not fit. */
static qlb_status check_size(const qlb_params *p, const evolve_opts *o)
{
    double bytes = qlb_observer_estimate_bytes(p) + qlb_evolver_estimate_bytes(p, &o->eo);
    if (!o->linear) bytes += qlb_quadratic_estimate_build_bytes(p);
    return qlb_check_memory((o->compare ? 2 : 1) * bytes,
                            o->linear ? "the evolution (change of basis, diagnostics, integrator)"
                                      : "the evolution (quadratic term, change of basis, "
                                        "diagnostics, integrator)");
}

/* The ranks' agreement (cli_ranks_agree) before the work that they share:
 * on st and on the inputs. Every rank then has the same status; *reported
 * says that its message was printed. */
static qlb_status agree(qlb_status st, const char *inputs, int *reported)
{
    int rc = cli_ranks_agree("evolve", st ? cli_report("evolve", st) : CLI_OK, inputs);
    *reported = rc != CLI_OK;
    return rc == CLI_OK ? QLB_OK : rc == CLI_BAD_INPUT ? (st ? st : QLB_EINVAL) : (st ? st : QLB_ENOCONV);
}

/* The second agreement: on the data read (the initial coefficients and the
 * quadratic term), which the ranks must hold alike to step one state. */
static qlb_status agree_on_data(qlb_status st, const evolve_run *run, const double *c0, int *reported)
{
    char text[160] = "";
    if (!st) {
        size_t nb = qlb_params_basis_size(&run->params);
        qlb_quadratic_info in = run->T ? qlb_quadratic_get_info(run->T) : (qlb_quadratic_info){0};
        snprintf(text, sizeof text, "initial=%016llx T=%zu,%zu,%.17g", (unsigned long long)cli_hash64(c0, nb * sizeof(double)),
                 in.blocks, in.radial_values, in.error);
    }
    return agree(st, text, reported);
}

static int run_evolve(const cli_operator *op, evolve_opts *o, const double *times, size_t n_out)
{
    qlb_set_distribution(cli_rank(), cli_ranks(), cli_ranks_sum, NULL); /* kernels shared by the ranks */
    double t0 = now();
    int n_runs = o->compare ? 2 : 1;
    evolve_run runs[2];
    memset(runs, 0, sizeof runs);
    qlb_params classical = op->params;
    classical.hbar = 0;
    qlb_initial_info info;
    evolve_series s;
    qlb_io_attr attrs[N_ATTRS + 4];
    qlb_io_labels lab;
    char header[1024];
    int *labels = NULL;
    double *c0 = NULL;
    char fp[sizeof s.fingerprint];
    fingerprint(op, o, fp, sizeof fp);
    int reported = 0; /* the message of st is printed (or another rank's) */
    if (!cli_rank()) qlb_io_remove_stale(o->checkpoint); /* a killed run's checkpoint write */
    qlb_status st = o->resume ? series_check_checkpoint(o->checkpoint, fp, times, n_out) : QLB_OK;
    if (!st) st = check_size(&op->params, o);
    st = agree(st, fp, &reported);
    if (!st) st = make_linear(&runs[0], &op->params, op->operator_file);
    if (!st && o->quadratic_file && !o->linear) st = load_quadratic(&runs[0], o, o->quadratic_file);
    if (!st) st = initial_data(o, &runs[0], &c0, &info);
    if (!reported) st = agree_on_data(st, &runs[0], c0, &reported);
    if (!st && o->compare) st = make_linear(&runs[1], &classical, NULL);
    for (int r = 0; r < n_runs && !st; r++) st = make_integrator(&runs[r], o);
    for (int r = 0; r < n_runs && !st; r++) st = qlb_evolver_set_state(runs[r].ev, 0, c0, 0);
    free(c0);
    size_t nb = st ? 0 : qlb_evolver_size(runs[0].ev);
    if (!st && !series_init(&s, times, n_out, nb, op->params.dim, n_runs))
        st = cli_fail(QLB_ENOMEM, "out of memory for %zu output rows", n_out);
    if (!st) {
        s.gap = NAN, s.gap_l = -1;
        memcpy(s.fingerprint, fp, sizeof fp);
        if (op->params.degree >= 2) st = qlb_spectrum_gap(runs[0].L, &s.gap, &s.gap_l);
        s.n_attrs = make_attrs(attrs, op, o, &info, &s);
        s.attrs = attrs;
    }
    qlb_basis *b = NULL;
    if (!st) st = qlb_basis_create(op->params.dim, op->params.degree, &b);
    if (!st && !(labels = cli_basis_labels(b, 1, &lab, header, sizeof header)))
        st = cli_fail(QLB_ENOMEM, "out of memory");
    s.labels = &lab;
    if (!st && o->resume) {
        st = series_resume(&s, runs, o->checkpoint);
        if (!st) fprintf(stderr, "qlb evolve: resuming from %s at row %zu\n", o->checkpoint, s.done);
    }
    loop_state L = {o, &s, runs, 0, now()};
    if (!st) st = integrate(&L, op->params.hbar);
    if (!st) {
        summary(&s, runs, attrs, &s.n_attrs, now() - t0);
        if (!cli_rank()) st = series_write(&s, o->output, o->csv, o->force);
    }
    int rc = !st ? CLI_OK : reported ? cli_exit_code(st) : cli_report("evolve", st);
    if (!reported) rc = cli_ranks_verdict(rc); /* every rank leaves with the same code */
    if (rc == CLI_OK && !cli_rank()) unlink(o->checkpoint);
    if (nb) series_free(&s);
    free(labels);
    qlb_basis_free(b);
    for (int r = 0; r < n_runs; r++) free_run(&runs[r]);
    return rc != CLI_OK && interrupted ? 128 + (int)interrupted : rc;
}

int cmd_evolve(int argc, char **argv)
{
    static const struct option extra[] = {
        {"initial", required_argument, 0, OPT_INITIAL}, {"t-final", required_argument, 0, OPT_TFINAL},
        {"times", required_argument, 0, OPT_TIMES}, {"n-times", required_argument, 0, OPT_NTIMES},
        {"linear", no_argument, 0, OPT_LINEAR}, {"no-variation", no_argument, 0, OPT_NOVAR},
        {"quadratic", required_argument, 0, OPT_QUADRATIC},
        {"method", required_argument, 0, OPT_METHOD}, {"rtol", required_argument, 0, OPT_RTOL},
        {"atol", required_argument, 0, OPT_ATOL}, {"step", required_argument, 0, OPT_STEP},
        {"compare-classical", no_argument, 0, OPT_COMPARE},
        {"checkpoint", required_argument, 0, OPT_CKPT},
        {"checkpoint-steps", required_argument, 0, OPT_CKPT_STEPS},
        {"max-steps", required_argument, 0, OPT_MAX_STEPS},
        {"resume", no_argument, 0, OPT_RESUME}, {"allow-negative", no_argument, 0, OPT_ALLOW_NEG},
        {"csv", required_argument, 0, OPT_CSV}, {"output", required_argument, 0, OPT_OUTPUT},
        {"force", no_argument, 0, OPT_FORCE}, CLI_SPECIES_OPTION, {0, 0, 0, 0}};
    cli_operator op;
    evolve_opts o;
    memset(&o, 0, sizeof o);
    o.variation = 1, o.n_times = 60, o.checkpoint_steps = 500, o.max_steps = 1000000;
    o.eo = qlb_evolve_options_default();
    int rc = cli_parse("evolve", help, argc, argv, extra, on_option, &o, &op);
    if (rc == CLI_OK && op.nspecies) { /* exact in time and cheap: rank 0 alone, once the ranks agree */
        char inputs[8192], extra[4096];
        snprintf(extra, sizeof extra, "linear=%d t_final=%.17g times=%s n_times=%d output=%s csv=%s force=%d initial=%s",
                 o.linear, o.t_final, o.times_arg ? o.times_arg : "", o.n_times, o.output ? o.output : "",
                 o.csv ? o.csv : "", o.force, o.initial ? o.initial : "");
        cli_species_inputs(&op, extra, inputs, sizeof inputs);
        rc = cli_ranks_agree("evolve", CLI_OK, inputs);
        if (rc == CLI_OK && !cli_rank()) rc = cli_evolve_species(&op, &o);
        cli_operator_free(&op);
        return rc;
    }
    if (rc == CLI_OK && o.n_initials > 1) rc = cli_usage_error("evolve", "--initial is given %d times", o.n_initials);
    if (rc == CLI_OK) rc = validate(&op, &o);
    size_t n_out = 0;
    double *times = NULL;
    if (rc == CLI_OK && op.format)
        rc = cli_usage_error("evolve", "--format is not an option of evolve (it writes -o FILE.h5 "
                                       "and --csv FILE)");
    if (rc == CLI_OK && !(times = cli_evolve_times(&o, &n_out))) rc = CLI_BAD_INPUT;
    if (rc == CLI_OK && o.eo.h_fixed > 0 && o.t_final / o.eo.h_fixed > (double)o.max_steps)
        rc = cli_usage_error("evolve", "--step %g needs %.3g steps to reach t = %g, more than "
                             "--max-steps %ld", o.eo.h_fixed, o.t_final / o.eo.h_fixed,
                             o.t_final, o.max_steps);
    if (rc == CLI_OK) {
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
        rc = run_evolve(&op, &o, times, n_out);
    }
    free(times);
    cli_operator_free(&op);
    return rc == CLI_HELP ? CLI_OK : rc;
}
