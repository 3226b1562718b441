/* export_moments.c — `qlb export --what moments`: L on the Hermite–Laguerre
 * moments p <= P, j <= J (qlb/moments.h), assembled at degree P + 2J and
 * written for gyacomo (HDF5) or as .npz with a JSON sidecar (qlb/io.h). */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>

/* Builds the matrix into *C (malloc'ed). */
static qlb_status build(const cli_operator *op, const cli_moment_request *r, double **C)
{
    size_t n = qlb_moment_count(r->max_p, r->max_j);
    qlb_linop *L = NULL;
    qlb_status st = qlb_check_memory(8.0 * (double)n * (double)n, "the moment matrix");
    if (!st && !op->operator_file) /* loading is quick: its refusals stay one line */
        fprintf(stderr, "qlb export: assembling L (d=%d, N=%d) for %zu moments p <= %d, j <= %d\n",
                op->params.dim, op->params.degree, n, r->max_p, r->max_j);
    if (!st) st = cli_make_linop(&op->params, op->operator_file, &L);
    *C = st ? NULL : malloc(n * n * sizeof(double));
    if (!st && !*C) st = cli_fail(QLB_ENOMEM, "out of memory for the %zu x %zu matrix", n, n);
    if (!st) st = qlb_moment_matrix(L, r->max_p, r->max_j, r->units, *C);
    qlb_linop_free(L);
    return st;
}

int cli_export_moments(cli_operator *op, const cli_moment_request *r, const char *output,
                       int force)
{
    qlb_moment_format fmt;
    double *C = NULL, nu = 1;
    long degree = (long)r->max_p + 2L * r->max_j;
    if (op->params.dim != 3)
        return cli_usage_error("export", "moments are defined for d = 3 (got --dim %d)", op->params.dim);
    if (degree > 1000000)
        return cli_usage_error("export", "P + 2J = %ld is far above the largest degree", degree);
    op->params.degree = (int)degree;
    qlb_status st = qlb_io_parse_moment_format(op->format, &fmt);
    if (!st && qlb_params_check(&op->params))
        st = cli_fail(QLB_EINVAL, "P + 2J = %ld: %s", degree, qlb_last_error());
    if (!st) st = qlb_io_check_moment_output(output, fmt, force);
    if (!st) st = qlb_moment_frequency(op->params.potential, r->units, &nu);
    if (!st) st = build(op, r, &C);
    if (!st) {
        qlb_io_moment_meta meta = {r->max_p, r->max_j, r->units, nu, op->params.hbar,
                                   qlb_potential_spec(op->params.potential), op->params.screening};
        st = qlb_io_write_moments(output, fmt, C, &meta, force);
    }
    if (!st) fprintf(stderr, "qlb export: wrote %s\n", output);
    free(C);
    return st ? cli_report("export", st) : CLI_OK;
}
