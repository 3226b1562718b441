/* coefficient_files.c — coefficient vectors from CSV (multi_index,value with
 * multi-indices i1:i2:...:id) and HDF5 (/c), strict about every token. */
#include "io/coefficient_files.h"
#include "core/error.h"
#include "core/limits.h"
#include "io/hdf5_helpers.h"
#include "qlb/textfile.h"

#include <errno.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "i1:i2:...:id" -> alpha; message names the line. */
static qlb_status parse_multi_index(const char *s, int d, int *alpha, const char *path,
                                    size_t line)
{
    const char *p = s;
    for (int k = 0; k < d; k++) {
        char *end;
        errno = 0;
        long v = strtol(p, &end, 10);
        if (end == p || errno || v < 0 || v > QLB_MAX_DEGREE)
            return qlb_fail(QLB_EINVAL, "%s:%zu: bad multi-index '%s' (want %d non-negative "
                            "integers i1:...:i%d)", path, line, s, d, d);
        alpha[k] = (int)v;
        p = end;
        if (k + 1 < d && *p++ != ':')
            return qlb_fail(QLB_EINVAL, "%s:%zu: multi-index '%s' has fewer than %d entries",
                            path, line, s, d);
    }
    return *p ? qlb_fail(QLB_EINVAL, "%s:%zu: multi-index '%s' has more than %d entries", path,
                         line, s, d)
              : QLB_OK;
}

static void strip(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ')) s[--n] = '\0';
}

/* One data line "multi_index,value" into x. */
static qlb_status read_row(char *line, const qlb_basis *b, double *x, char *seen,
                           const char *path, size_t lineno)
{
    int d = qlb_basis_dim(b), alpha[QLB_MAX_DIM];
    char *comma = strchr(line, ',');
    if (!comma) return qlb_fail(QLB_EINVAL, "%s:%zu: expected multi_index,value", path, lineno);
    *comma = '\0';
    qlb_status st = parse_multi_index(line, d, alpha, path, lineno);
    if (st) return st;
    char *end;
    double v = strtod(comma + 1, &end);
    if (end == comma + 1 || *end || !isfinite(v))
        return qlb_fail(QLB_EINVAL, "%s:%zu: bad value '%s'", path, lineno, comma + 1);
    size_t i = qlb_basis_index(b, alpha);
    if (i == (size_t)-1)
        return qlb_fail(QLB_EINVAL, "%s:%zu: multi-index %s is beyond degree %d", path, lineno,
                        line, qlb_basis_degree(b));
    if (seen[i])
        return qlb_fail(QLB_EINVAL, "%s:%zu: multi-index %s listed twice", path, lineno, line);
    seen[i] = 1;
    x[i] = v;
    return QLB_OK;
}

qlb_status qlb_coefficients_read_csv(const char *path, const qlb_basis *b, double *x)
{
    qlb_text_reader r;
    qlb_status st = qlb_text_open(&r, path, 4096, (size_t)1 << 30);
    if (st) return st;
    memset(x, 0, qlb_basis_size(b) * sizeof(double));
    char *line, *seen = calloc(qlb_basis_size(b), 1);
    if (!seen) st = qlb_fail(QLB_ENOMEM, "%s: out of memory", path);
    if (!st && !(st = qlb_text_next(&r, &line)) && !line)
        st = qlb_fail(QLB_EINVAL, "%s: empty file", path);
    if (!st) {
        strip(line);
        if (strcmp(line, "multi_index,value"))
            st = qlb_fail(QLB_EINVAL, "%s:1: header must be 'multi_index,value'", path);
    }
    while (!st && !(st = qlb_text_next(&r, &line)) && line) {
        strip(line);
        if (line[0]) st = read_row(line, b, x, seen, path, r.lineno);
    }
    free(seen);
    qlb_text_close(&r);
    return st;
}

/* The dataset's "basis" attribute, if any: "spherical" or "cartesian"
 * (anything else, an array or another type included, is refused). */
static qlb_status basis_attribute(hid_t ds, const char *path, int *spherical)
{
    char basis[32];
    *spherical = 0;
    if (H5Aexists(ds, "basis") <= 0) return QLB_OK;
    if (!qlb_h5_read_string(ds, "basis", basis, sizeof basis) ||
        (strcmp(basis, "spherical") && strcmp(basis, "cartesian")))
        return qlb_fail(QLB_EINVAL, "%s: the attribute basis of /c must be the string 'spherical' or "
                        "'cartesian'", path);
    *spherical = !strcmp(basis, "spherical");
    return QLB_OK;
}

/* The last row of /c (a run's final state), read alone: the file's row
 * count is never allocated. */
static qlb_status read_dataset(hid_t ds, const char *path, size_t nb, double *c)
{
    hsize_t dims[2];
    int rank = qlb_h5_numeric_dims(ds, dims);
    hsize_t rows = rank == 2 ? dims[0] : 1, cols = rank == 2 ? dims[1] : dims[0];
    if (!rank || cols != nb || rows == 0)
        return qlb_fail(QLB_EINVAL, "%s: /c must hold rows of %zu numbers (this basis)", path, nb);
    hid_t sp = H5Dget_space(ds), mem = H5Screate_simple(1, (hsize_t[]){nb}, NULL);
    hsize_t start[2] = {rows - 1, 0}, count[2] = {1, nb}; /* the last row */
    int ok = (rank == 1 || H5Sselect_hyperslab(sp, H5S_SELECT_SET, start, NULL, count, NULL) >= 0) &&
             H5Dread(ds, H5T_NATIVE_DOUBLE, mem, sp, H5P_DEFAULT, c) >= 0;
    H5Sclose(mem);
    H5Sclose(sp);
    qlb_status st = ok ? QLB_OK : qlb_fail(QLB_EIO, "%s: cannot read /c", path);
    for (size_t i = 0; i < nb && !st; i++)
        if (!isfinite(c[i])) st = qlb_fail(QLB_EINVAL, "%s: /c[%zu] is not finite", path, i);
    return st;
}

static qlb_status read_h5(const char *path, const qlb_basis *b, double *c, int *spherical)
{
    qlb_status checked = qlb_check_input_file(path);
    if (checked) return checked;
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) return qlb_fail(QLB_EIO, "cannot open %s as HDF5", path);
    hid_t ds = H5Lexists(f, "c", H5P_DEFAULT) > 0 ? H5Dopen2(f, "c", H5P_DEFAULT) : -1;
    qlb_status st = ds < 0 ? qlb_fail(QLB_EINVAL, "%s: no dataset /c", path)
                           : basis_attribute(ds, path, spherical);
    if (!st) st = read_dataset(ds, path, qlb_basis_size(b), c);
    if (ds >= 0) H5Dclose(ds);
    H5Fclose(f);
    return st;
}

qlb_status qlb_coefficients_read_h5(const char *path, const qlb_basis *b, double *c, int *spherical)
{
    qlb_h5_errors saved = qlb_h5_errors_off();
    qlb_status st = read_h5(path, b, c, spherical);
    qlb_h5_errors_restore(saved);
    return st;
}
