/* export.c — `qlb export`: writes L as a dense (h5, npy) or coordinate (mtx)
 * matrix in the Cartesian or spherical Hermite basis, the quadratic-term
 * tensor Q (h5, tns) in the spherical basis, with basis labels, L on
 * Hermite–Laguerre moments for moment codes (export_moments.c), or the
 * operator of several species (export_species.c). */
#include "cli.h"
#include "ranks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: qlb export --potential SPEC [--dim D] [--hbar H] [--degree N]\n"
    "                  [--no-screening] [--what L|Q|operator] [--no-variation]\n"
    "                  [--layout factored|expanded]\n"
    "                  [--basis cartesian|spherical] --format h5|mtx|npy|tns\n"
    "                  -o PATH [--force]\n"
    "       qlb export --what moments --max-p P --max-j J --format gyacomo|npz\n"
    "                  --potential SPEC [--hbar H] [--no-screening] [--units qlb|landau]\n"
    "                  -o PATH [--force]\n"
    "       qlb export --species NAME:Z=..,A=..,n=.. ... [--units plasma] --format h5\n"
    "                  [operator options] -o PATH [--force]\n\n"
    "--what L (default) writes the matrix of the linearized QLB operator L_hbar on\n"
    "Hermite functions of total degree <= N. h5: dataset /L (dense), /basis\n"
    "(multi-indices i1..id or n,l,m, one row per basis function) and attributes\n"
    "dim, hbar, degree, potential, screening, basis, qlb_version. mtx (Matrix\n"
    "Market coordinate, symmetric) and npy (dense) get a sidecar PATH.basis.csv\n"
    "with the labels.\n"
    "--what Q writes the tensor T[a][b][c] = <f_a, Q(f_b, f_c)> of the quadratic\n"
    "term (d_t g + L g = Q(g,g) + O(g^3)) in the spherical basis.\n"
    "--layout factored (default for h5): T = radial tensor x Gaunt tensor per\n"
    "coupled (l, l1 <= l2); group /Q with blocks (l,l1,l2,K,K1,K2), radial,\n"
    "radial_offset, gaunt_index (m,m1,m2), gaunt_value, gaunt_offset,\n"
    "first_index [l][n] (position of f_{n,l,0}) and the attribute 'formula'\n"
    "that rebuilds T[a][b][c] (README: a numpy function applying T).\n"
    "--layout expanded (tns always): the non-zero entries, b <= c (T is\n"
    "symmetric in b, c); h5: /Q/index (nnz x 3, 0-based a,b,c), /Q/value; tns:\n"
    "coordinate text 'a b c value', 1-based, '#' header, sidecar\n"
    "PATH.basis.csv. Refused when it would not fit in memory.\n"
    "Both carry /basis (n,l,m) and the attributes above plus\n"
    "screening_variation. The size of the tensor is printed on stderr.\n"
    "Cartesian order: by total degree, then reverse-lexicographic.\n"
    "Spherical order: by shell 2n+l, then l, then m.\n"
    "--what moments (d = 3) writes the collision matrix C = -L on the gyrotropic\n"
    "Hermite-Laguerre moments N^pj = Int h_p(v_par) L_j(v_perp^2/2) F dv / n,\n"
    "p <= P, j <= J, index (J+1)p + j, dN^a/dt = nu sum_b C[a][b] N^b, field along\n"
    "qlb's first axis; L is assembled at degree P + 2J (--degree is ignored).\n"
    "gyacomo: HDF5 in the layout gyacomo's COSOlver interface reads for like-species\n"
    "drift-kinetic collisions (/dims_i, /coordkperp, /00000/Caapj/Ciipj and Ceepj).\n"
    "npz: PATH holds 'matrix'; a JSON sidecar (PATH with .json for .npz) holds\n"
    "the conventions, parameters and sha256. See README, 'Moment codes'.\n"
    "--species (repeat; docs/DESIGN.md §9) writes the operator of a mixture, h5,\n"
    "spherical basis of each species, species-major: /L (S N_b x S N_b, in the\n"
    "orthonormal basis f_{n,l,m}(sqrt(m_a) v) m_a^(d/4)/sqrt(n_a) of the product\n"
    "sum_a n_a <g_a, h_a>, symmetric), /pairs/A_B/test (the pair's test part on\n"
    "A) and /pairs/A_B/field (its field part, B into A), /species/Z, A, n,\n"
    "/basis (species, n, l, m) and the attribute species (names, in order).\n"
    "With --units plasma the species are NAME:n=..,T=..[,Z=..][,A=..] in cm^-3,\n"
    "eV and u (see qlb gap --help) and the attribute time_unit_s converts\n"
    "eigenvalues to s^-1.\n"
    "\noptions:\n" CLI_OPERATOR_HELP
    "  --what W           L (default), Q, operator (L as a handle that\n"
    "                     --operator FILE loads back: h5 with /operator/kernel,\n"
    "                     /operator/blocks, /basis, the parameters as attributes)\n"
    "                     or moments\n"
    "  --max-p P          moments: largest Hermite index (v_par)\n"
    "  --max-j J          moments: largest Laguerre index (v_perp^2)\n"
    CLI_SPECIES_HELP
    "  --units U          moments: qlb (default; qlb's time unit) or landau (per\n"
    "                     Braginskii's nu = 4 sqrt(pi) n e^4 lnL/(3 m^1/2 T^3/2),\n"
    "                     nu = Lambda/(12 pi^5/2), Lambda = Int k^3 Vhat^2 dk)\n"
    "  --no-variation     Q without the variation of the screening |eps(F)|^-2\n"
    "  --layout W         factored (default for h5) or expanded (tns: the only one)\n"
    "  --basis B          cartesian (default for L) or spherical (the only one for Q)\n"
    "  --format F         h5, mtx or npy for L; h5 or tns for Q; gyacomo or npz\n"
    "                     for moments (required)\n"
    "  -o, --output PATH  output file (required; never overwritten without --force)\n"
    "  --force            overwrite PATH if it exists\n";

enum { OPT_BASIS = OPT_COMMAND_SPECIFIC, OPT_OUTPUT, OPT_FORCE, OPT_WHAT, OPT_NO_VARIATION, OPT_LAYOUT,
       OPT_MAX_P, OPT_MAX_J, OPT_UNITS };

typedef struct {
    const char *basis, *output, *layout;
    int force, tensor, variation, handle, moments;
    cli_moment_request request;
    cli_operator *op;   /* --units plasma sets op->plasma */
} export_opts;

static int on_option(void *ctx, int id, const char *arg)
{
    export_opts *o = ctx;
    switch (id) {
    case OPT_BASIS:
        if (strcmp(arg, "cartesian") && strcmp(arg, "spherical")) return cli_bad_value("basis", arg);
        o->basis = arg;
        return 1;
    case 'o': case OPT_OUTPUT: o->output = arg; return 1;
    case OPT_FORCE: o->force = 1; return 1;
    case OPT_WHAT:
        if (strcmp(arg, "L") && strcmp(arg, "Q") && strcmp(arg, "operator") && strcmp(arg, "moments"))
            return cli_bad_value("what", arg);
        o->tensor = !strcmp(arg, "Q");
        o->handle = !strcmp(arg, "operator");
        o->moments = !strcmp(arg, "moments");
        return 1;
    case OPT_MAX_P:
        return cli_parse_int(arg, &o->request.max_p) || o->request.max_p < 0 ? cli_bad_value("max-p", arg) : 1;
    case OPT_MAX_J:
        return cli_parse_int(arg, &o->request.max_j) || o->request.max_j < 0 ? cli_bad_value("max-j", arg) : 1;
    case OPT_UNITS:
        if (!strcmp(arg, "plasma")) return o->op->plasma = 1, 1;
        if (strcmp(arg, "qlb") && strcmp(arg, "landau")) return cli_bad_value("units", arg);
        o->request.units = strcmp(arg, "qlb") ? QLB_MOMENT_UNITS_LANDAU : QLB_MOMENT_UNITS_QLB;
        return 1;
    case OPT_NO_VARIATION: o->variation = 0; return 1;
    case OPT_LAYOUT:
        if (strcmp(arg, "factored") && strcmp(arg, "expanded")) return cli_bad_value("layout", arg);
        o->layout = arg;
        return 1;
    default: return 0;
    }
}

/* Builds and writes the matrix; returns the exit code (errors printed). */
static int run(const cli_operator *op, const export_opts *o, qlb_format fmt)
{
    const qlb_params *p = &op->params;
    int cartesian = strcmp(o->basis, "spherical") != 0;
    qlb_basis *b = NULL;
    qlb_burnett *bu = NULL;
    qlb_linop *L = NULL;
    double *A = NULL;
    int *labels = NULL;
    qlb_io_labels lab;
    char header[1024];
    int rc = CLI_OK;
    qlb_status st = qlb_basis_create(p->dim, p->degree, &b);
    if (!st) {
        double nb = (double)qlb_basis_size(b);
        st = qlb_check_memory(8.0 * nb * nb * (cartesian ? 2 : 1), "the dense matrix");
    }
    if (!st) st = cli_make_linop(&op->params, op->operator_file, &L);
    if (!st && cartesian) st = qlb_burnett_create(b, &bu);
    if (!st) {
        size_t nb = qlb_basis_size(b);
        A = malloc(nb * nb * sizeof(double));
        labels = cli_basis_labels(b, cartesian, &lab, header, sizeof header);
        if (!A || !labels) {
            fprintf(stderr, "qlb export: out of memory for the %zu x %zu matrix\n", nb, nb);
            rc = CLI_BAD_INPUT;
        }
    }
    if (!st && rc == CLI_OK) {
        if (cartesian) qlb_linop_cartesian(L, b, bu, A);
        else qlb_linop_spherical(L, b, A);
        qlb_io_meta meta = {p->dim, p->hbar, p->degree, qlb_potential_spec(p->potential),
                            p->screening, cartesian ? "cartesian" : "spherical", 0};
        st = qlb_io_write_matrix(o->output, fmt, A, qlb_basis_size(b), &lab, &meta, o->force);
    }
    free(A);
    free(labels);
    qlb_linop_free(L);
    qlb_burnett_free(bu);
    qlb_basis_free(b);
    return st ? cli_report("export", st) : rc;
}

/* Assembles L and saves it as a handle for --operator (h5). */
static int run_handle(const cli_operator *op, const export_opts *o)
{
    qlb_linop *L = NULL;
    qlb_status st = cli_make_linop(&op->params, op->operator_file, &L);
    if (!st) st = qlb_io_save_operator(o->output, L, o->force);
    qlb_linop_free(L);
    return st ? cli_report("export", st) : CLI_OK;
}

/* Refuses before building when Q (and its expansion, if asked) would not fit. */
static qlb_status check_tensor_size(const qlb_params *p, int expanded)
{
    qlb_status st = qlb_check_memory(qlb_quadratic_estimate_build_bytes(p), "the quadratic-term tensor");
    if (!st && expanded)
        st = qlb_check_memory(qlb_quadratic_estimate_bytes(p) + qlb_quadratic_estimate_expanded_bytes(p),
                              "the expanded quadratic-term tensor (--layout factored is smaller)");
    return st;
}

/* Builds Q, reports its size on stderr and writes it. */
/* What the ranks that build Q together must agree on. */
static const char *tensor_inputs(const cli_operator *op, const export_opts *o, qlb_format fmt)
{
    static char text[2048];
    char params[1024];
    cli_params_text(&op->params, params, sizeof params);
    snprintf(text, sizeof text, "Q %s variation=%d layout=%s format=%d force=%d output=%s", params,
             o->variation, o->layout, (int)fmt, o->force, o->output);
    return text;
}

static int run_tensor(const cli_operator *op, const export_opts *o, qlb_format fmt)
{
    const qlb_params *p = &op->params;
    qlb_basis *b = NULL;
    qlb_quadratic *T = NULL;
    int *labels = NULL, expanded = !strcmp(o->layout, "expanded");
    qlb_io_labels lab;
    char header[64];
    qlb_status st = check_tensor_size(p, expanded);
    if (!st) st = qlb_basis_create(p->dim, p->degree, &b);
    int rc = cli_ranks_agree("export", st ? cli_report("export", st) : CLI_OK, tensor_inputs(op, o, fmt));
    if (rc == CLI_OK) {
        fprintf(stderr, "qlb export: building Q (d=%d, N=%d, %zu functions, estimate %.3g MB)\n",
                p->dim, p->degree, qlb_basis_size(b), qlb_quadratic_estimate_bytes(p) / 1e6);
        rc = cli_quadratic_whole("export", p, o->variation, &T);
    }
    if (rc != CLI_OK || !T) { /* failed, or a rank other than 0: rank 0 writes */
        qlb_basis_free(b);
        return rc;
    }
    if (!st) {
        qlb_quadratic_info in = qlb_quadratic_get_info(T);
        fprintf(stderr, "qlb export: Q factored: %zu blocks, %zu radial values, %zu Gaunt entries, "
                "%.3g MB; expanded it has %.0f entries of %.0f dense (%.2f%%); kernel error %.1e\n",
                in.blocks, in.radial_values, in.gaunt_entries, in.bytes / 1e6, in.expanded, in.dense,
                100 * in.expanded / in.dense, in.error);
        labels = cli_basis_labels(b, 0, &lab, header, sizeof header);
    }
    if (!st && !labels) {
        fprintf(stderr, "qlb export: out of memory for the basis labels\n");
        qlb_quadratic_free(T);
        qlb_basis_free(b);
        return CLI_FAILURE;
    }
    if (!st) {
        qlb_io_meta meta = {p->dim, p->hbar, p->degree, qlb_potential_spec(p->potential),
                            p->screening, "spherical", qlb_quadratic_variation(T)};
        st = qlb_io_write_tensor(o->output, fmt, expanded ? QLB_TENSOR_EXPANDED : QLB_TENSOR_FACTORED,
                                 T, &lab, &meta, o->force);
    }
    free(labels);
    qlb_quadratic_free(T);
    qlb_basis_free(b);
    return st ? cli_report("export", st) : CLI_OK;
}

/* --max-p, --max-j and --units belong to --what moments, which needs both. */
static int check_moment_options(const export_opts *o)
{
    int given = o->request.max_p >= 0 || o->request.max_j >= 0 ||
                o->request.units != QLB_MOMENT_UNITS_QLB;
    if (!o->moments)
        return given ? cli_usage_error("export", "--max-p, --max-j and --units are for --what moments")
                     : CLI_OK;
    if (o->request.max_p < 0 || o->request.max_j < 0)
        return cli_usage_error("export", "--what moments needs --max-p P and --max-j J");
    if (o->basis || o->layout || !o->variation)
        return cli_usage_error("export", "--basis, --layout and --no-variation are not for moments");
    return CLI_OK;
}

int cmd_export(int argc, char **argv)
{
    static const struct option extra[] = {{"basis", required_argument, 0, OPT_BASIS},
                                          {"what", required_argument, 0, OPT_WHAT},
                                          {"no-variation", no_argument, 0, OPT_NO_VARIATION},
                                          {"output", required_argument, 0, OPT_OUTPUT},
                                          {"force", no_argument, 0, OPT_FORCE},
                                          {"layout", required_argument, 0, OPT_LAYOUT},
                                          {"max-p", required_argument, 0, OPT_MAX_P},
                                          {"max-j", required_argument, 0, OPT_MAX_J},
                                          {"units", required_argument, 0, OPT_UNITS},
                                          {"species", required_argument, 0, OPT_SPECIES},
                                          {0, 0, 0, 0}};
    cli_operator op;
    export_opts o = {NULL, NULL, NULL, 0, 0, 1, 0, 0, {-1, -1, QLB_MOMENT_UNITS_QLB}, &op};
    qlb_format fmt = QLB_FORMAT_H5;
    int rc = cli_parse("export", help, argc, argv, extra, on_option, &o, &op);
    if (rc == CLI_OK && !op.format) rc = cli_usage_error("export", "--format is required");
    if (rc == CLI_OK && !o.output) rc = cli_usage_error("export", "-o PATH is required");
    if (rc == CLI_OK) rc = check_moment_options(&o);
    if (rc == CLI_OK && op.nspecies) { /* rank 0 writes, once the ranks agree on the inputs */
        char inputs[8192], extra[4200];
        snprintf(extra, sizeof extra, "output=%s force=%d format=%s", o.output, o.force, op.format);
        cli_species_inputs(&op, extra, inputs, sizeof inputs);
        rc = cli_ranks_agree("export", CLI_OK, inputs);
    }
    if (rc == CLI_OK && cli_rank() && !o.tensor) { /* under MPI only Q is shared; rank 0 writes the rest */
        cli_operator_free(&op);
        return CLI_OK;
    }
    if (rc == CLI_OK && o.moments) {
        rc = cli_export_moments(&op, &o.request, o.output, o.force);
        cli_operator_free(&op);
        return rc;
    }
    if (rc == CLI_OK && op.nspecies) {
        if (o.tensor || o.handle || (o.basis && strcmp(o.basis, "spherical")) || strcmp(op.format, "h5"))
            rc = cli_usage_error("export", "several species are written as --what L --basis spherical "
                                           "--format h5");
        else {
            qlb_status st = qlb_io_check_output(o.output, QLB_FORMAT_H5, o.force);
            rc = st ? cli_report("export", st) : cli_export_species(&op, o.output, o.force);
        }
        cli_operator_free(&op);
        return rc;
    }
    if (rc == CLI_OK && o.handle && op.format && strcmp(op.format, "h5"))
        rc = cli_usage_error("export", "--what operator is written as h5 only");
    if (rc == CLI_OK && o.tensor && o.basis && strcmp(o.basis, "spherical"))
        rc = cli_usage_error("export", "Q is stored and written in the spherical basis only");
    if (rc == CLI_OK && o.layout && !o.tensor)
        rc = cli_usage_error("export", "--layout is for --what Q");
    if (rc == CLI_OK && o.layout && op.format && !strcmp(op.format, "tns") && strcmp(o.layout, "expanded"))
        rc = cli_usage_error("export", "tns holds the expanded tensor only (--layout expanded)");
    if (!o.basis) o.basis = o.tensor ? "spherical" : "cartesian";
    if (!o.layout) o.layout = op.format && !strcmp(op.format, "tns") ? "expanded" : "factored";
    if (rc == CLI_OK) {
        qlb_status st = qlb_io_parse_format(op.format, &fmt);
        if (!st && o.tensor != (fmt == QLB_FORMAT_TNS) && fmt != QLB_FORMAT_H5)
            rc = cli_usage_error("export", "format %s is for %s", op.format, o.tensor ? "L" : "Q");
        if (rc == CLI_OK && !st) st = qlb_io_check_output(o.output, fmt, o.force);
        if (rc == CLI_OK)
            rc = st ? cli_report("export", st)
                 : o.handle ? run_handle(&op, &o)
                 : o.tensor ? run_tensor(&op, &o, fmt) : run(&op, &o, fmt);
    }
    cli_operator_free(&op);
    return rc == CLI_HELP ? CLI_OK : rc;
}
