/* file_formats.c — atomic export of matrices (HDF5, Matrix Market, NPY), of
 * the quadratic-term tensor (written by tensor_files.c) and of named arrays,
 * with basis labels and metadata. Files are written to a temporary file beside the
 * target and renamed into place only when complete; on any error the
 * temporary files are removed. */
#include "qlb/io.h"
#include "qlb/quadratic.h"
#include "qlb/version.h"
#include "core/error.h"
#include "qlb/textfile.h"
#include "io/atomic_files.h"
#include "io/hdf5_helpers.h"
#include "io/npy_archive.h"
#include "io/tensor_files.h"

#include <errno.h>
#include <hdf5.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

qlb_status qlb_io_parse_format(const char *name, qlb_format *fmt)
{
    if (!strcmp(name, "h5")) *fmt = QLB_FORMAT_H5;
    else if (!strcmp(name, "mtx")) *fmt = QLB_FORMAT_MTX;
    else if (!strcmp(name, "npy")) *fmt = QLB_FORMAT_NPY;
    else if (!strcmp(name, "tns")) *fmt = QLB_FORMAT_TNS;
    else return qlb_fail(QLB_EINVAL, "unknown format '%s' (h5, mtx, npy, tns)", name);
    return QLB_OK;
}

static void sidecar_name(const char *path, char *buf, size_t len)
{
    snprintf(buf, len, "%s.basis.csv", path);
}

qlb_status qlb_io_check_output(const char *path, qlb_format fmt, int force)
{
    qlb_status st = qlb_io_check_path(path, force);
    if (st || fmt == QLB_FORMAT_H5) return st;
    char side[4200];
    sidecar_name(path, side, sizeof side);
    return qlb_io_check_path(side, force);
}

static qlb_status write_labels_csv(const char *file, const qlb_io_labels *lab)
{
    FILE *f = fopen(file, "w");
    if (!f) return qlb_fail(QLB_EIO, "cannot write %s: %s", file, strerror(errno));
    fprintf(f, "index,%s\n", lab->header);
    for (size_t r = 0; r < lab->rows; r++) {
        fprintf(f, "%zu", r);
        for (int c = 0; c < lab->cols; c++) fprintf(f, ",%d", lab->values[r * lab->cols + c]);
        fputc('\n', f);
    }
    return fclose(f) == 0 ? QLB_OK : qlb_fail(QLB_EIO, "cannot write %s", file);
}

static qlb_status write_mtx(const char *file, const double *A, size_t n, const qlb_io_meta *m)
{
    FILE *f = fopen(file, "w");
    if (!f) return qlb_fail(QLB_EIO, "cannot write %s: %s", file, strerror(errno));
    size_t nnz = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j <= i; j++) nnz += A[i * n + j] != 0;
    fprintf(f, "%%%%MatrixMarket matrix coordinate real symmetric\n");
    fprintf(f, "%% qlb %s linearized operator L, basis %s\n", QLB_VERSION, m->basis);
    fprintf(f, "%% dim=%d hbar=%.17g degree=%d potential=%s screening=%d\n", m->dim, m->hbar,
            m->degree, m->potential, m->screening);
    fprintf(f, "%zu %zu %zu\n", n, n, nnz);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j <= i; j++)
            if (A[i * n + j] != 0) fprintf(f, "%zu %zu %.17g\n", i + 1, j + 1, A[i * n + j]);
    return fclose(f) == 0 ? QLB_OK : qlb_fail(QLB_EIO, "cannot write %s", file);
}

static qlb_status write_npy(const char *file, const double *A, size_t n)
{
    FILE *f = fopen(file, "wb");
    if (!f) return qlb_fail(QLB_EIO, "cannot write %s: %s", file, strerror(errno));
    unsigned char header[128];
    size_t len = qlb_npy_header(n, n, header);
    int ok = fwrite(header, 1, len, f) == len &&
             fwrite(A, sizeof(double), n * n, f) == n * n; /* little-endian */
    return (fclose(f) == 0 && ok) ? QLB_OK : qlb_fail(QLB_EIO, "cannot write %s", file);
}

static qlb_status write_h5(const char *file, const double *A, size_t n, const qlb_io_labels *lab,
                           const qlb_io_meta *m)
{
    hid_t f = H5Fcreate(file, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (f < 0) return qlb_fail(QLB_EIO, "cannot create HDF5 file %s", file);
    int ok = qlb_h5_dataset(f, "L", H5T_NATIVE_DOUBLE, A, n, n) && qlb_h5_labels_and_meta(f, lab, m);
    ok = H5Fclose(f) >= 0 && ok;
    return ok ? QLB_OK : qlb_fail(QLB_EIO, "cannot write HDF5 file %s", file);
}

typedef struct {
    qlb_format fmt;
    const qlb_io_labels *labels;
    const qlb_io_meta *meta;
    const double *A;                    /* matrix */
    size_t n;
    const qlb_quadratic *T;              /* or tensor */
    qlb_tensor_layout layout;
    const qlb_io_array *arrays;         /* or named arrays */
    int n_arrays, n_attrs;
    const qlb_io_attr *attrs;
} payload;

static int h5_array(hid_t f, const qlb_io_array *a)
{
    hid_t ds = qlb_h5_dataset_open(f, a->name, H5T_NATIVE_DOUBLE, a->data, a->rows, a->cols);
    int ok = ds >= 0 && (!a->attr_name || qlb_h5_attr_string(ds, a->attr_name, a->attr_value));
    return ds >= 0 && H5Dclose(ds) >= 0 && ok;
}

static qlb_status write_arrays_h5(const char *file, const payload *P)
{
    hid_t f = H5Fcreate(file, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (f < 0) return qlb_fail(QLB_EIO, "cannot create HDF5 file %s", file);
    int ok = qlb_h5_basis_labels(f, P->labels);
    for (int k = 0; k < P->n_arrays && ok; k++) ok = h5_array(f, &P->arrays[k]);
    for (int k = 0; k < P->n_attrs && ok; k++) {
        const qlb_io_attr *a = &P->attrs[k];
        ok = a->text ? qlb_h5_attr_string(f, a->name, a->text)
                     : qlb_h5_attr(f, a->name, H5T_NATIVE_DOUBLE, &a->number);
    }
    ok = ok && qlb_h5_attr_string(f, "qlb_version", QLB_VERSION);
    ok = H5Fclose(f) >= 0 && ok;
    return ok ? QLB_OK : qlb_fail(QLB_EIO, "cannot write HDF5 file %s", file);
}

static qlb_status write_file(const char *tmp, const payload *P)
{
    if (P->arrays) return write_arrays_h5(tmp, P);
    if (P->T) return qlb_tensor_file_write(tmp, P->fmt, P->layout, P->T, P->labels, P->meta);
    switch (P->fmt) {
    case QLB_FORMAT_H5: return write_h5(tmp, P->A, P->n, P->labels, P->meta);
    case QLB_FORMAT_MTX: return write_mtx(tmp, P->A, P->n, P->meta);
    case QLB_FORMAT_NPY: return write_npy(tmp, P->A, P->n);
    default: return qlb_fail(QLB_EINVAL, "format tns is for the tensor Q");
    }
}

/* qlb_io_writer: the main file (HDF5 errors quiet) or the labels sidecar. */
static qlb_status write_part(const char *file, void *ctx, int sidecar)
{
    const payload *P = ctx;
    if (sidecar) return write_labels_csv(file, P->labels);
    qlb_h5_errors saved = qlb_h5_errors_off();
    qlb_status st = write_file(file, P);
    qlb_h5_errors_restore(saved);
    return st;
}

/* The main file and (except for h5) the labels sidecar, atomically. */
static qlb_status write_atomic(const char *path, const payload *P, int force)
{
    char side[4200];
    qlb_status st = qlb_io_check_output(path, P->fmt, force);
    sidecar_name(path, side, sizeof side);
    return st ? st : qlb_io_write_atomic(path, P->fmt != QLB_FORMAT_H5 ? side : NULL, write_part, (void *)P);
}

qlb_status qlb_io_write_matrix(const char *path, qlb_format fmt, const double *A, size_t n,
                               const qlb_io_labels *labels, const qlb_io_meta *meta, int force)
{
    if (fmt == QLB_FORMAT_TNS) return qlb_fail(QLB_EINVAL, "format tns is for the tensor Q");
    payload P = {fmt, labels, meta, A, n, NULL, QLB_TENSOR_FACTORED, NULL, 0, 0, NULL};
    return write_atomic(path, &P, force);
}

qlb_status qlb_io_write_tensor(const char *path, qlb_format fmt, qlb_tensor_layout layout,
                               const qlb_quadratic *T, const qlb_io_labels *labels,
                               const qlb_io_meta *meta, int force)
{
    if (fmt != QLB_FORMAT_H5 && fmt != QLB_FORMAT_TNS)
        return qlb_fail(QLB_EINVAL, "the tensor Q is written as h5 or tns");
    if (fmt == QLB_FORMAT_TNS && layout != QLB_TENSOR_EXPANDED)
        return qlb_fail(QLB_EINVAL, "tns holds the expanded tensor only");
    int parts;
    qlb_quadratic_part(T, &parts);
    if (parts > 1) return qlb_fail(QLB_EINVAL, "a part of the quadratic term cannot be saved as the tensor");
    payload P = {fmt, labels, meta, NULL, 0, T, layout, NULL, 0, 0, NULL};
    return write_atomic(path, &P, force);
}

qlb_status qlb_io_write_arrays(const char *path, const qlb_io_array *arrays, int n_arrays,
                               const qlb_io_attr *attrs, int n_attrs,
                               const qlb_io_labels *labels, int force)
{
    payload P = {QLB_FORMAT_H5, labels, NULL, NULL, 0, NULL, QLB_TENSOR_FACTORED, arrays, n_arrays,
                 n_attrs, attrs};
    return write_atomic(path, &P, force);
}

static qlb_status open_for_reading(const char *path, hid_t *f)
{
    qlb_status st = qlb_check_input_file(path);
    *f = st ? -1 : H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    return st || *f >= 0 ? st : qlb_fail(QLB_EIO, "cannot open %s as HDF5", path);
}

static qlb_status read_array(const char *path, const char *name, double **data, size_t *rows,
                             size_t *cols)
{
    *data = NULL;
    hid_t f;
    qlb_status st = open_for_reading(path, &f);
    if (st) return st;
    size_t dims[2];
    st = qlb_h5_read_verified(f, path, name, (qlb_h5_want){QLB_H5_F64, 0, 0, QLB_H5_ANY},
                                         (void **)data, dims);
    if (!st) *rows = dims[0], *cols = dims[1];
    H5Fclose(f);
    return st;
}

static qlb_status read_attr(const char *path, const char *name, char *text, size_t len,
                            double *number)
{
    hid_t f;
    qlb_status st = open_for_reading(path, &f);
    if (st) return st;
    st = H5Aexists(f, name) > 0 ? QLB_OK : qlb_fail(QLB_EINVAL, "%s: no attribute %s", path, name);
    if (!st && !(text ? qlb_h5_read_string(f, name, text, len) : qlb_h5_read_number(f, name, number)))
        st = qlb_fail(QLB_EIO, "%s: cannot read attribute %s", path, name);
    H5Fclose(f);
    return st;
}

qlb_status qlb_io_read_array(const char *path, const char *name, double **data, size_t *rows,
                             size_t *cols)
{
    qlb_h5_errors saved = qlb_h5_errors_off();
    qlb_status st = read_array(path, name, data, rows, cols);
    qlb_h5_errors_restore(saved);
    return st;
}

qlb_status qlb_io_read_attr(const char *path, const char *name, char *text, size_t len,
                            double *number)
{
    qlb_h5_errors saved = qlb_h5_errors_off();
    qlb_status st = read_attr(path, name, text, len, number);
    qlb_h5_errors_restore(saved);
    return st;
}

static qlb_status write_csv_file(const char *file, const char *const *names, int ncols,
                                 const double *columns, size_t rows)
{
    FILE *f = fopen(file, "w");
    if (!f) return qlb_fail(QLB_EIO, "cannot write %s: %s", file, strerror(errno));
    for (int c = 0; c < ncols; c++) fprintf(f, "%s%s", c ? "," : "", names[c]);
    fputc('\n', f);
    for (size_t r = 0; r < rows; r++)
        for (int c = 0; c < ncols; c++)
            fprintf(f, "%.17g%c", columns[(size_t)c * rows + r], c + 1 < ncols ? ',' : '\n');
    return fclose(f) == 0 ? QLB_OK : qlb_fail(QLB_EIO, "cannot write %s", file);
}

typedef struct {
    const char *const *names;
    int ncols;
    const double *columns;
    size_t rows;
} csv_table;

static qlb_status write_csv_part(const char *file, void *ctx, int sidecar)
{
    const csv_table *t = ctx;
    (void)sidecar;
    return write_csv_file(file, t->names, t->ncols, t->columns, t->rows);
}

qlb_status qlb_io_write_csv(const char *path, const char *const *names, int ncols,
                           const double *columns, size_t rows, int force)
{
    csv_table t = {names, ncols, columns, rows};
    qlb_status st = qlb_io_check_path(path, force);
    return st ? st : qlb_io_write_atomic(path, NULL, write_csv_part, &t);
}
