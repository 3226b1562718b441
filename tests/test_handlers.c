/* test_handlers.c — a program that links libqlb keeps its own error
 * handlers: it installs a GSL error handler and an HDF5 automatic error
 * function, drives libqlb into the GSL and HDF5 failure paths (a table
 * potential out of range, an ODE driver, garbage HDF5 files), gets status
 * codes back, and finds both handlers still in place and never called
 * (before, the table potential went through GSL's default handler and
 * aborted the process; evolve and io switched both handlers off for good). */
#include "testutil.h"

#include <gsl/gsl_errno.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int gsl_calls, h5_calls;

static void my_gsl_handler(const char *reason, const char *file, int line, int err)
{
    (void)reason, (void)file, (void)line, (void)err;
    gsl_calls++;
}

static herr_t my_h5_handler(hid_t stack, void *data)
{
    (void)stack, (void)data;
    h5_calls++;
    return 0;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static void check_handlers_in_place(const char *after)
{
    char what[160];
    gsl_error_handler_t *g = gsl_set_error_handler(my_gsl_handler);
    snprintf(what, sizeof what, "after %s: GSL handler still the program's", after);
    check_true(what, g == my_gsl_handler);
    H5E_auto2_t f = NULL;
    void *data = NULL;
    H5Eget_auto2(H5E_DEFAULT, &f, &data);
    snprintf(what, sizeof what, "after %s: HDF5 error function still the program's", after);
    check_true(what, f == my_h5_handler && data == &h5_calls);
}

static void table_potential(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/table.txt", dir);
    write_file(path, "0 1\n1 0.5\n2 0.2\n3 0.1\n");
    char spec[300];
    snprintf(spec, sizeof spec, "table:%s", path);
    qlb_potential *pot;
    check_ok("table potential", qlb_potential_parse(spec, &pot));
    double v;
    check_true("Vhat(-1) of a table: QLB_EINVAL", qlb_potential_value(pot, -1, &v) == QLB_EINVAL);
    check_true("Vhat(NaN) of a table: QLB_EINVAL", qlb_potential_value(pot, NAN, &v) == QLB_EINVAL);
    check_true("qlb_potential_eval(-1) of a table is NaN", isnan(qlb_potential_eval(pot, -1)));
    check_true("beyond the table: 0", qlb_potential_value(pot, 7, &v) == QLB_OK && v == 0);
    check_close("inside the table: the node value", qlb_potential_eval(pot, 1), 0.5, 1e-15, 1);
    qlb_potential_free(pot);
    snprintf(path, sizeof path, "%s/decreasing.txt", dir);
    write_file(path, "0 1\n2 0.5\n1 0.2\n");
    snprintf(spec, sizeof spec, "table:%s", path);
    check_true("non-increasing table: QLB_EINVAL", qlb_potential_parse(spec, &pot) == QLB_EINVAL);
    check_handlers_in_place("table potentials");
}

static void gsl_integrator(void)
{
    qlb_potential *pot;
    qlb_linop *L = make_operator(2, 1, 4, "gaussian:A=1,s=1", 1, &pot);
    qlb_evolve_options o = qlb_evolve_options_default();
    o.method = QLB_EVOLVE_RKF45;
    qlb_evolver *ev;
    check_ok("RKF45 evolver", qlb_evolver_create(L, NULL, &o, &ev));
    double c[15] = {0, 0, 0, 0.1};
    check_ok("set state", qlb_evolver_set_state(ev, 0, c, 0));
    check_ok("advance to t = 1", qlb_evolver_advance(ev, 1, 1000));
    qlb_evolver_free(ev);
    qlb_linop_free(L);
    qlb_potential_free(pot);
    check_handlers_in_place("a GSL ODE run");
}

static void garbage_hdf5(const char *dir)
{
    char path[256], text[64];
    snprintf(path, sizeof path, "%s/garbage.h5", dir);
    write_file(path, "this is not an HDF5 file\n");
    double *data = NULL, number;
    size_t rows, cols;
    check_true("garbage HDF5 array: QLB_EIO",
               qlb_io_read_array(path, "c", &data, &rows, &cols) == QLB_EIO && !data);
    check_true("garbage HDF5 attribute: QLB_EIO",
               qlb_io_read_attr(path, "dim", text, sizeof text, &number) == QLB_EIO);
    check_true("missing HDF5 file: QLB_EIO",
               qlb_io_read_array("/nonexistent/x.h5", "c", &data, &rows, &cols) == QLB_EIO);
    check_handlers_in_place("garbage HDF5 files");
}

int main(void)
{
    char dir[] = "/tmp/qlb-handlers-XXXXXX";
    if (!mkdtemp(dir)) return 1;
    gsl_set_error_handler(my_gsl_handler);
    H5Eset_auto2(H5E_DEFAULT, my_h5_handler, &h5_calls);
    table_potential(dir);
    gsl_integrator();
    garbage_hdf5(dir);
    check_true("the program's GSL handler was never called by libqlb", gsl_calls == 0);
    check_true("the program's HDF5 error function was never called by libqlb", h5_calls == 0);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd)) return 1;
    return test_summary();
}
