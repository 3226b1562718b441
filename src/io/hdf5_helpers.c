/* hdf5_helpers.c — HDF5 pieces shared by the library's readers and writers:
 * the automatic error printing switched off for one call and the caller's
 * setting restored, attributes, datasets and the labels and metadata
 * every export carries. */
#include "io/hdf5_helpers.h"
#include "qlb/version.h"
#include "core/error.h"
#include "qlb/textfile.h"
#include "core/memory_limit.h"
#include "core/sha256.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

qlb_h5_errors qlb_h5_errors_off(void)
{
    qlb_h5_errors saved = {NULL, NULL};
    H5Eget_auto2(H5E_DEFAULT, &saved.func, &saved.data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    return saved;
}

void qlb_h5_errors_restore(qlb_h5_errors saved)
{
    H5Eset_auto2(H5E_DEFAULT, saved.func, saved.data);
}

/* Whether attribute a holds exactly one element (scalar or of size 1). */
static int one_element(hid_t a)
{
    hid_t sp = H5Aget_space(a);
    hssize_t n = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    if (sp >= 0) H5Sclose(sp);
    return n == 1;
}

int qlb_h5_read_string(hid_t loc, const char *name, char *buf, size_t len)
{
    if (H5Aexists(loc, name) <= 0) return 0;
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT), t = H5Aget_type(a), mem = H5Tcopy(H5T_C_S1);
    char *s = NULL;
    H5Tset_size(mem, H5T_VARIABLE);
    H5Tset_cset(mem, H5Tget_cset(t));
    /* one variable-length string only: an array would be read into &s */
    int ok = a >= 0 && one_element(a) && H5Tis_variable_str(t) > 0 && H5Aread(a, mem, &s) >= 0 && s;
    if (ok) snprintf(buf, len, "%s", s);
    if (s) H5free_memory(s);
    H5Tclose(mem), H5Tclose(t), H5Aclose(a);
    return ok;
}

int qlb_h5_attr(hid_t loc, const char *name, hid_t type, const void *v)
{
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, type, sp, H5P_DEFAULT, H5P_DEFAULT);
    int ok = a >= 0 && H5Awrite(a, type, v) >= 0;
    H5Aclose(a);
    H5Sclose(sp);
    return ok;
}

int qlb_h5_attr_int(hid_t loc, const char *name, int v)
{
    return qlb_h5_attr(loc, name, H5T_NATIVE_INT, &v);
}

int qlb_h5_attr_string(hid_t loc, const char *name, const char *v)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    int ok = qlb_h5_attr(loc, name, t, &v);
    H5Tclose(t);
    return ok;
}

hid_t qlb_h5_dataset_open(hid_t file, const char *name, hid_t type, const void *data,
                             hsize_t r, hsize_t c)
{
    hsize_t dims[2] = {r, c};
    hid_t sp = H5Screate_simple(c ? 2 : 1, dims, NULL), lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    hid_t ds = H5Dcreate2(file, name, type, sp, lcpl, H5P_DEFAULT, H5P_DEFAULT);
    char hex[65];
    qlb_sha256_hex(data, (size_t)r * (c ? c : 1) * H5Tget_size(type), hex);
    if (ds >= 0 && (H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0 ||
                    !qlb_h5_attr_string(ds, "sha256", hex))) {
        H5Dclose(ds);
        ds = -1;
    }
    H5Pclose(lcpl);
    H5Sclose(sp);
    return ds;
}

int qlb_h5_dataset(hid_t file, const char *name, hid_t type, const void *data, hsize_t r,
                      hsize_t c)
{
    hid_t ds = qlb_h5_dataset_open(file, name, type, data, r, c);
    return ds >= 0 && H5Dclose(ds) >= 0;
}

int qlb_h5_basis_labels(hid_t f, const qlb_io_labels *lab)
{
    hid_t ds = qlb_h5_dataset_open(f, "basis", H5T_NATIVE_INT, lab->values, lab->rows,
                                   (hsize_t)lab->cols);
    int ok = ds >= 0 && qlb_h5_attr_string(ds, "columns", lab->header);
    return ds >= 0 && H5Dclose(ds) >= 0 && ok;
}

int qlb_h5_labels_and_meta(hid_t f, const qlb_io_labels *lab, const qlb_io_meta *m)
{
    return qlb_h5_basis_labels(f, lab) && qlb_h5_attr_int(f, "dim", m->dim) && qlb_h5_attr(f, "hbar", H5T_NATIVE_DOUBLE, &m->hbar) &&
           qlb_h5_attr_int(f, "degree", m->degree) && qlb_h5_attr_string(f, "potential", m->potential) &&
           qlb_h5_attr_int(f, "screening", m->screening) && qlb_h5_attr_string(f, "basis", m->basis) &&
           qlb_h5_attr_string(f, "qlb_version", QLB_VERSION);
}


int qlb_h5_numeric_dims(hid_t ds, hsize_t dims[2])
{
    hid_t sp = H5Dget_space(ds), t = H5Dget_type(ds);
    int rank = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1;
    dims[0] = 0, dims[1] = 1;
    if (rank == 1 || rank == 2) H5Sget_simple_extent_dims(sp, dims, NULL);
    H5T_class_t kind = t >= 0 ? H5Tget_class(t) : H5T_NO_CLASS;
    if (sp >= 0) H5Sclose(sp);
    if (t >= 0) H5Tclose(t);
    return (rank == 1 || rank == 2) && (kind == H5T_FLOAT || kind == H5T_INTEGER) ? rank : 0;
}

int qlb_h5_read_number(hid_t loc, const char *name, double *v)
{
    if (H5Aexists(loc, name) <= 0) return 0;
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT), t = a >= 0 ? H5Aget_type(a) : -1;
    H5T_class_t kind = t >= 0 ? H5Tget_class(t) : H5T_NO_CLASS;
    int ok = a >= 0 && one_element(a) && (kind == H5T_INTEGER || kind == H5T_FLOAT) &&
             H5Aread(a, H5T_NATIVE_DOUBLE, v) >= 0;
    if (t >= 0) H5Tclose(t);
    if (a >= 0) H5Aclose(a);
    return ok && isfinite(*v);
}

/* Whether every link of the relative path name ("a/b/c") exists. */
static int path_exists(hid_t loc, const char *name)
{
    char prefix[256];
    size_t n = strlen(name);
    if (n == 0 || n >= sizeof prefix) return 0;
    for (size_t i = 1; i <= n; i++)
        if (i == n || name[i] == '/') {
            memcpy(prefix, name, i);
            prefix[i] = '\0';
            if (H5Lexists(loc, prefix, H5P_DEFAULT) <= 0) return 0;
        }
    return 1;
}

/* The size of each kind and its name in messages. */
static const struct {
    size_t size;
    const char *name;
} kinds[] = {
    [QLB_H5_F64] = {8, "little-endian float64"},
    [QLB_H5_I32] = {4, "little-endian int32"},
    [QLB_H5_I64] = {8, "little-endian int64"},
};

/* How qlb stores each kind, and holds it in memory (HDF5's type ids are
 * run-time values, not constants). */
static hid_t file_type(qlb_h5_kind k)
{
    return k == QLB_H5_F64 ? H5T_IEEE_F64LE : k == QLB_H5_I32 ? H5T_STD_I32LE : H5T_STD_I64LE;
}

static hid_t memory_type(qlb_h5_kind k)
{
    return k == QLB_H5_F64 ? H5T_NATIVE_DOUBLE : k == QLB_H5_I32 ? H5T_NATIVE_INT32 : H5T_NATIVE_INT64;
}

/* The dataset's type, rank and shape against `want`; *count receives its
 * number of values. */
static qlb_status check_layout(hid_t ds, const char *path, const char *name, const qlb_h5_want *want,
                               size_t dims[2], size_t *count)
{
    hid_t t = H5Dget_type(ds), sp = H5Dget_space(ds);
    int same = t >= 0 && H5Tequal(t, file_type(want->kind)) > 0;
    int rank = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1;
    hsize_t d[2] = {0, 1};
    if (rank == 1 || rank == 2) H5Sget_simple_extent_dims(sp, d, NULL);
    if (t >= 0) H5Tclose(t);
    if (sp >= 0) H5Sclose(sp);
    if (!same) return qlb_fail(QLB_EINVAL, "%s: /%s is not stored as %s", path, name, kinds[want->kind].name);
    if (!(rank == 1 || rank == 2) || (want->rank && rank != want->rank) ||
        (rank == 2 && want->cols && d[1] != want->cols))
        return qlb_fail(QLB_EINVAL, "%s: /%s has rank %d or a shape other than the layout's", path, name, rank);
    if (d[1] && d[0] > SIZE_MAX / d[1])
        return qlb_fail(QLB_ENOMEM, "%s: /%s declares more values than fits in memory", path, name);
    dims[0] = (size_t)d[0], dims[1] = (size_t)d[1];
    *count = dims[0] * dims[1];
    if (want->count != QLB_H5_ANY && *count != want->count)
        return qlb_fail(QLB_EINVAL, "%s: /%s holds %zu values, not the %zu its header and offsets declare",
                        path, name, *count, want->count);
    return QLB_OK;
}

/* At most this many chunks: HDF5's read of a dataset keeps state per chunk
 * (about 2 KB; 2^20 chunks of one value each took 2 GB to read), and qlb
 * writes contiguous datasets. */
enum { MAX_CHUNKS = 4096 };

/* The dataset's storage: contiguous, compact, or chunked in few chunks. */
static qlb_status check_storage(hid_t ds, const char *path, const char *name, const size_t dims[2])
{
    hid_t dcpl = H5Dget_create_plist(ds);
    hsize_t chunk[2] = {1, 1};
    int chunked = dcpl >= 0 && H5Pget_layout(dcpl) == H5D_CHUNKED;
    int rank = chunked ? H5Pget_chunk(dcpl, 2, chunk) : 0;
    if (dcpl >= 0) H5Pclose(dcpl);
    double chunks = 1;
    for (int i = 0; i < rank && i < 2; i++) chunks *= ceil((double)dims[i] / (double)(chunk[i] ? chunk[i] : 1));
    if (chunked && (rank < 1 || chunks > MAX_CHUNKS))
        return qlb_fail(QLB_EINVAL, "%s: /%s is stored in %.3g chunks (more than %d; qlb writes it whole)", path,
                        name, chunks, MAX_CHUNKS);
    return QLB_OK;
}

/* The bytes at data against the dataset's sha256 attribute. */
static qlb_status check_sha256(hid_t ds, const char *path, const char *name, const void *data, size_t bytes)
{
    char saved[80], hex[65];
    if (!qlb_h5_read_string(ds, "sha256", saved, sizeof saved))
        return qlb_fail(QLB_EINVAL, "%s: /%s has no sha256 attribute (not written by this qlb)", path, name);
    qlb_sha256_hex(data, bytes, hex);
    if (strcmp(saved, hex))
        return qlb_fail(QLB_EINVAL, "%s: /%s does not match its sha256 (the file was changed after qlb "
                        "wrote it)", path, name);
    return QLB_OK;
}

qlb_status qlb_h5_read_verified(hid_t loc, const char *path, const char *name, qlb_h5_want want,
                                void **out, size_t dims[2])
{
    *out = NULL;
    size_t shape[2], count = 0, bytes = 0;
    if (!dims) dims = shape;
    if (!path_exists(loc, name)) return qlb_fail(QLB_EINVAL, "%s: no dataset /%s", path, name);
    hid_t ds = H5Dopen2(loc, name, H5P_DEFAULT);
    if (ds < 0) return qlb_fail(QLB_EINVAL, "%s: /%s is not a dataset", path, name);
    qlb_status st = check_layout(ds, path, name, &want, dims, &count);
    if (!st) st = qlb_context(qlb_check_array_bytes(count, kinds[want.kind].size, name, &bytes), "%s", path);
    if (!st) st = check_storage(ds, path, name, dims);
    void *data = st ? NULL : malloc(bytes + 1);
    if (!st && !data) st = qlb_fail(QLB_ENOMEM, "%s: out of memory for /%s", path, name);
    if (!st && H5Dread(ds, memory_type(want.kind), H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
        st = qlb_fail(QLB_EIO, "%s: cannot read /%s", path, name);
    if (!st) st = check_sha256(ds, path, name, data, bytes);
    H5Dclose(ds);
    if (st) free(data);
    else *out = data;
    return st;
}

qlb_status qlb_saved_params_match(const char *path, const qlb_params *p, const qlb_params *want)
{
    const char *ps = qlb_potential_spec(p->potential), *ws = qlb_potential_spec(want->potential);
    if (p->dim == want->dim && p->degree == want->degree && p->hbar == want->hbar &&
        p->screening == want->screening && !strcmp(ps, ws)) {
        if (p->tol <= want->tol) return QLB_OK;
        return qlb_fail(QLB_EINVAL, "%s was assembled to tol=%g, looser than the requested tol=%g",
                        path, p->tol, want->tol);
    }
    return qlb_fail(QLB_EINVAL, "%s holds d=%d N=%d hbar=%.15g potential=%s screening=%d, not the "
                    "requested d=%d N=%d hbar=%.15g potential=%s screening=%d", path, p->dim, p->degree,
                    p->hbar, ps, p->screening, want->dim, want->degree, want->hbar, ws, want->screening);
}

/* A handle file is read only by the major.minor release that wrote it
 * (patch releases keep the layout). */
static qlb_status check_version(hid_t f, const char *path)
{
    char v[64];
    int major, minor;
    if (!qlb_h5_read_string(f, "qlb_version", v, sizeof v) || sscanf(v, "%d.%d", &major, &minor) != 2)
        return qlb_fail(QLB_EINVAL, "%s has no qlb_version attribute", path);
    if (major == QLB_VERSION_MAJOR && minor == QLB_VERSION_MINOR) return QLB_OK;
    return qlb_fail(QLB_EINVAL, "%s was written by qlb %s; this is qlb %s (files are read by the same "
                    "major.minor release)", path, v, QLB_VERSION);
}

qlb_status qlb_h5_load_handle(const char *path, qlb_h5_loader load, const qlb_params *expect, void *out)
{
    qlb_status st = qlb_check_input_file(path);
    if (st) return st;
    qlb_h5_errors saved = qlb_h5_errors_off();
    hid_t f = H5Fis_hdf5(path) > 0 ? H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT) : -1;
    st = f < 0 ? qlb_fail(QLB_EIO, "cannot open %s as HDF5", path) : check_version(f, path);
    if (!st) st = load(f, path, expect, out);
    if (f >= 0) H5Fclose(f);
    qlb_h5_errors_restore(saved);
    return st;
}
