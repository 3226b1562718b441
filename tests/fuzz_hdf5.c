/* fuzz_hdf5.c — libFuzzer harness for the HDF5 readers (tests/run_fuzz.sh).
 * The input is a recipe, not file bytes. Its first byte picks a base file:
 * an empty one, or a valid saved operator, factored tensor or evolve output
 * with its checkpoint datasets, as the library writes them. The rest is a
 * list of edits (at most 16): an attribute set anywhere (the root, /Q, a
 * dataset) to a value of any type and shape; a dataset replaced by one of
 * any type, rank and shape (huge declared shapes included, chunked and
 * never written); one element of a dataset changed; a dataset's sha256
 * recomputed, so that the checks behind the checksum (sizes, offsets,
 * ordering, finiteness, symmetry) are reached too; an object deleted. So
 * the fuzzing explores what a hostile but well-formed file can say to qlb,
 * not the HDF5 library's own parser. Each file is then given to every
 * reader; any crash or sanitizer report is a failure, statuses are not. */
#include "qlb/qlb.h"
#include "core/sha256.h"

#include <hdf5.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const names[] = {
    "c", "classical/c", "checkpoint/state", "checkpoint/clock", "checkpoint/stats", "checkpoint/times",
    "diagnostics/mass", "basis", "t", "operator/kernel", "operator/blocks", "Q/blocks", "Q/radial",
    "Q/radial_offset", "Q/gaunt_offset", "Q/gaunt_index", "Q/gaunt_value", "Q/first_index"};
static const char *const attributes[] = {
    "basis", "fingerprint", "rows_done", "qlb_version", "dim", "degree", "hbar", "potential",
    "screening", "tol", "form", "kernel_error", "kappa_min", "kappa_max", "asymmetry",
    "screening_variation", "intervals", "evaluations", "layout", "columns", "content", "sha256"};
static const char *const holders[] = {"/", "/Q", "c", "operator/blocks", "Q/radial", "Q/gaunt_offset",
                                      "checkpoint/state"};
#define COUNT(a) (sizeof a / sizeof *a)

typedef struct {
    const uint8_t *p;
    size_t n;
} recipe;

static unsigned take(recipe *r, unsigned range)
{
    if (!r->n || !range) return 0;
    unsigned v = *r->p++;
    r->n--;
    return v % range;
}

static double number(recipe *r)
{
    static const double special[] = {0, 1, -1, 0.5, 3, 1e300, -1e300, 2.5e-310, 1e18, 4611686018427387904.0};
    unsigned k = take(r, 16);
    if (k < COUNT(special)) return special[k];
    if (k == 10) return 0.0 / 0.0;
    if (k == 11) return 1.0 / 0.0;
    return (double)take(r, 256) - 128 + take(r, 256) / 256.0;
}

static hid_t type_of(unsigned kind)
{
    hid_t s;
    switch (kind) {
    case 0: return H5Tcopy(H5T_NATIVE_DOUBLE);
    case 1: return H5Tcopy(H5T_NATIVE_INT32);
    case 2: return H5Tcopy(H5T_NATIVE_INT64);
    case 3: s = H5Tcopy(H5T_C_S1), H5Tset_size(s, H5T_VARIABLE); return s;
    case 4: return H5Tcopy(H5T_NATIVE_FLOAT);
    default: s = H5Tcopy(H5T_C_S1), H5Tset_size(s, 7); return s;
    }
}

/* A dataspace of rank 0..2; shapes from small to huge (never written). */
static hid_t space(recipe *r, hsize_t *points)
{
    static const hsize_t sizes[] = {0, 1, 2, 3, 5, 6, 15, 21, 64, 1u << 20, (hsize_t)1 << 40, (hsize_t)1 << 61};
    int rank = (int)take(r, 3);
    hsize_t dims[2] = {1, 1};
    *points = 1;
    for (int i = 0; i < rank; i++) dims[i] = sizes[take(r, COUNT(sizes))], *points *= dims[i] ? dims[i] : 1;
    return rank ? H5Screate_simple(rank, dims, NULL) : H5Screate(H5S_SCALAR);
}

/* x as an integer in [lo, hi] (NaN and out-of-range values clamped). */
static double clamp(double x, double lo, double hi)
{
    return x >= lo && x <= hi ? floor(x) : x > hi ? hi : lo;
}

/* Values for n <= 64 elements of kind: doubles, ints, floats or strings. */
static void fill(recipe *r, unsigned kind, hsize_t n, void *buf, char **strings)
{
    static const char *const texts[] = {"spherical", "cartesian", "0.2.0", "9.9.0", "", "algebraic:A=1,p=2",
                                        "factored", "dim=2", "x\"y\\z", "qlb operator handle",
                                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"};
    for (hsize_t i = 0; i < n; i++) {
        if (kind == 0) ((double *)buf)[i] = number(r);
        else if (kind == 1) ((int32_t *)buf)[i] = (int32_t)clamp(number(r), INT32_MIN, INT32_MAX);
        else if (kind == 2) ((int64_t *)buf)[i] = (int64_t)clamp(number(r) * 1e3, -9e18, 9e18);
        else if (kind == 3) strings[i] = (char *)texts[take(r, COUNT(texts))];
        else if (kind == 4) ((float *)buf)[i] = (float)number(r);
        else {
            const char *t = texts[take(r, COUNT(texts))];
            size_t len = strlen(t);
            memset((char *)buf + 7 * i, 0, 7);
            memcpy((char *)buf + 7 * i, t, len < 7 ? len : 7);
        }
    }
}

/* The object at path (a group or a dataset), or -1. */
static hid_t open_object(hid_t f, const char *path)
{
    if (!strcmp(path, "/")) return H5Oopen(f, ".", H5P_DEFAULT);
    return H5Lexists(f, path, H5P_DEFAULT) > 0 ? H5Oopen(f, path, H5P_DEFAULT) : -1;
}

/* An attribute of some object set to a value of any type and shape. */
static void set_attribute(hid_t f, recipe *r)
{
    hid_t loc = open_object(f, holders[take(r, COUNT(holders))]);
    const char *name = attributes[take(r, COUNT(attributes))];
    unsigned kind = take(r, 6);
    hsize_t n;
    hid_t t = type_of(kind), sp = space(r, &n);
    double buf[64];
    char *strings[64];
    if (loc >= 0 && n <= 64) {
        fill(r, kind, n, kind == 3 ? (void *)strings : buf, strings);
        if (H5Aexists(loc, name) > 0) H5Adelete(loc, name);
        hid_t a = H5Acreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
        if (a >= 0) H5Awrite(a, t, kind == 3 ? (void *)strings : buf), H5Aclose(a);
    }
    if (loc >= 0) H5Oclose(loc);
    H5Sclose(sp), H5Tclose(t);
}

/* A dataset (re)created with any type and shape; huge ones chunked, unwritten. */
static void replace_dataset(hid_t f, recipe *r)
{
    const char *name = names[take(r, COUNT(names))];
    unsigned kind = take(r, 6);
    hsize_t n;
    hid_t t = type_of(kind), sp = space(r, &n), lcpl = H5Pcreate(H5P_LINK_CREATE), dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    double buf[64];
    char *strings[64];
    int small = n <= 64, rank = H5Sget_simple_extent_ndims(sp);
    if (small) fill(r, kind, n, kind == 3 ? (void *)strings : buf, strings);
    if (!small && rank > 0) {
        hsize_t chunk[2] = {1, 1};
        H5Pset_chunk(dcpl, rank, chunk);
    }
    if (H5Lexists(f, name, H5P_DEFAULT) > 0) H5Ldelete(f, name, H5P_DEFAULT);
    hid_t d = H5Dcreate2(f, name, t, sp, lcpl, dcpl, H5P_DEFAULT);
    if (d >= 0 && small && n) H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, kind == 3 ? (void *)strings : buf);
    if (d >= 0) H5Dclose(d);
    H5Pclose(dcpl), H5Pclose(lcpl), H5Sclose(sp), H5Tclose(t);
}

/* A small numeric dataset's values in its native type (malloc'ed), or NULL:
 * at most 4096 values, since HDF5 writing back a huge chunked one in
 * one-value chunks takes gigabytes. */
static void *read_small(hid_t d, hid_t *native, size_t *n, size_t *size)
{
    hid_t t = H5Dget_type(d), sp = H5Dget_space(d);
    hssize_t points = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    H5T_class_t c = H5Tget_class(t);
    void *v = NULL;
    *native = -1;
    if ((c == H5T_FLOAT || c == H5T_INTEGER) && points > 0 && points <= 4096) { /* a 2^20-chunk write takes GBs */
        *native = H5Tget_native_type(t, H5T_DIR_ASCEND);
        *n = (size_t)points, *size = H5Tget_size(*native);
        v = malloc(*n * *size);
        if (v && H5Dread(d, *native, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0) free(v), v = NULL;
    }
    H5Tclose(t), H5Sclose(sp);
    if (!v && *native >= 0) H5Tclose(*native), *native = -1;
    return v;
}

/* One element of a dataset changed, or its sha256 recomputed (rehash). */
static void edit_dataset(hid_t f, recipe *r, int rehash)
{
    const char *name = names[take(r, COUNT(names))];
    hid_t d = H5Lexists(f, name, H5P_DEFAULT) > 0 ? H5Dopen2(f, name, H5P_DEFAULT) : -1, native;
    size_t n, size;
    void *v = d >= 0 ? read_small(d, &native, &n, &size) : NULL;
    if (v && !rehash) {
        size_t i = ((size_t)take(r, 256) << 8 | take(r, 256)) % n;
        double x = number(r);
        if (H5Tget_class(native) == H5T_FLOAT && size == 8) ((double *)v)[i] = x;
        else if (H5Tget_class(native) == H5T_FLOAT) ((float *)v)[i] = (float)x;
        else if (size == 8) ((int64_t *)v)[i] = (int64_t)clamp(x, -9e18, 9e18);
        else if (size == 4) ((int32_t *)v)[i] = (int32_t)clamp(x, INT32_MIN, INT32_MAX);
        H5Dwrite(d, native, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
    } else if (v) {
        char hex[65], *text = hex;
        qlb_sha256_hex(v, n * size, hex);
        hid_t s = H5Tcopy(H5T_C_S1), sp = H5Screate(H5S_SCALAR);
        H5Tset_size(s, H5T_VARIABLE);
        if (H5Aexists(d, "sha256") > 0) H5Adelete(d, "sha256");
        hid_t a = H5Acreate2(d, "sha256", s, sp, H5P_DEFAULT, H5P_DEFAULT);
        if (a >= 0) H5Awrite(a, s, &text), H5Aclose(a);
        H5Tclose(s), H5Sclose(sp);
    }
    if (v) H5Tclose(native);
    free(v);
    if (d >= 0) H5Dclose(d);
}

static void delete_object(hid_t f, recipe *r)
{
    if (take(r, 2)) {
        const char *name = names[take(r, COUNT(names))];
        if (H5Lexists(f, name, H5P_DEFAULT) > 0) H5Ldelete(f, name, H5P_DEFAULT);
        return;
    }
    hid_t loc = open_object(f, holders[take(r, COUNT(holders))]);
    const char *name = attributes[take(r, COUNT(attributes))];
    if (loc >= 0 && H5Aexists(loc, name) > 0) H5Adelete(loc, name);
    if (loc >= 0) H5Oclose(loc);
}

/* ---------- the base files, written once by the library ---------- */

static qlb_potential *pot;
static qlb_linop *L;
static char base[4][64];

static qlb_params params(void)
{
    qlb_params p = qlb_params_default();
    p.dim = 2, p.degree = 4, p.potential = pot;
    return p;
}

static void make_tensor(const char *path)
{
    qlb_params p = params();
    qlb_quadratic *T = NULL;
    qlb_basis *b = NULL;
    if (qlb_quadratic_create(&p, 1, &T) || qlb_basis_create(2, 4, &b)) abort();
    size_t nb = qlb_basis_size(b);
    int *labels = malloc(3 * nb * sizeof(int));
    for (size_t i = 0; i < nb; i++)
        qlb_basis_spherical_label(b, i, labels + 3 * i, labels + 3 * i + 1, labels + 3 * i + 2);
    qlb_io_labels lab = {nb, 3, labels, "n,l,m"};
    qlb_io_meta meta = {2, p.hbar, 4, "algebraic:A=1,p=2", 1, "spherical", 1};
    if (qlb_io_write_tensor(path, QLB_FORMAT_H5, QLB_TENSOR_FACTORED, T, &lab, &meta, 1)) abort();
    free(labels);
    qlb_basis_free(b);
    qlb_quadratic_free(T);
}

/* An evolve output with the checkpoint's datasets and attributes. */
static void make_series(const char *path)
{
    static double t[3] = {0, 0.5, 1}, c[3 * 15], state[15], clock[2] = {1, 0.1}, stats[4] = {3, 0, 30, 12};
    for (int i = 0; i < 45; i++) c[i] = 1e-3 * i;
    int labels[15 * 2] = {0};
    qlb_io_array a[] = {{"t", t, 3, 0, NULL, NULL}, {"c", c, 3, 15, "basis", "cartesian"},
                        {"checkpoint/state", state, 1, 15, "basis", "spherical"},
                        {"checkpoint/clock", clock, 1, 2, "columns", "t,h"},
                        {"checkpoint/stats", stats, 1, 4, NULL, NULL}, {"checkpoint/times", t, 3, 0, NULL, NULL},
                        {"diagnostics/mass", t, 3, 0, NULL, NULL}};
    qlb_io_attr at[] = {{"fingerprint", "dim=2", 0}, {"rows_done", NULL, 2}, {"dim", NULL, 2}};
    qlb_io_labels lab = {15, 2, labels, "i1,i2"};
    if (qlb_io_write_arrays(path, a, 7, at, 3, &lab, 1)) abort();
}

static void remove_bases(void)
{
    for (int k = 0; k < 4; k++) unlink(base[k]);
}

static void make_bases(void)
{
    qlb_potential_parse("algebraic:A=1,p=2", &pot);
    qlb_params p = params();
    if (qlb_linop_create(&p, &L)) abort();
    for (int k = 0; k < 4; k++) snprintf(base[k], sizeof base[k], "/tmp/qlb-fuzz-base%d-%d.h5", k, (int)getpid());
    hid_t f = H5Fcreate(base[0], H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    H5Fclose(f);
    if (qlb_io_save_operator(base[1], L, 1)) abort();
    make_tensor(base[2]);
    make_series(base[3]);
    atexit(remove_bases);
}

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    char buf[1 << 15];
    size_t n;
    while (in && out && (n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, out);
    if (in) fclose(in);
    if (out) fclose(out);
}

/* Every reader of qlb on the file at path. */
static void read_all(const char *path)
{
    double c[15], x, *data = NULL;
    char text[256];
    size_t rows, cols;
    qlb_initial_info info;
    qlb_initial_load(path, L, c, &info);
    qlb_io_read_attr(path, "fingerprint", text, sizeof text, NULL);
    qlb_io_read_attr(path, "rows_done", NULL, 0, &x);
    for (size_t i = 0; i < COUNT(names); i++) {
        if (!qlb_io_read_array(path, names[i], &data, &rows, &cols)) free(data);
        data = NULL;
    }
    qlb_linop *M = NULL;
    if (!qlb_io_load_operator(path, NULL, &M)) {
        double gap;
        int l;
        qlb_spectrum_gap(M, &gap, &l);
        qlb_linop_free(M);
    }
    qlb_quadratic *T = NULL;
    if (!qlb_io_load_quadratic(path, NULL, &T)) { /* of any (d, N) the file says */
        size_t n = qlb_quadratic_get_info(T).size;
        double *z = calloc(2 * n, sizeof(double));
        if (z) qlb_quadratic_apply(T, z, z + n);
        free(z);
        qlb_quadratic_free(T);
    }
}

/* The bases and the operator the initial-data reader needs, made before the
 * first input (so that libFuzzer's leak check sees none of it). */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    H5set_free_list_limits(1 << 20, 1 << 16, 1 << 20, 1 << 16, 1 << 20, 1 << 16); /* RSS that says what qlb holds */
    make_bases();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) snprintf(path, sizeof path, "/tmp/qlb-fuzz-%d.h5", (int)getpid());
    recipe r = {data, size};
    copy_file(base[take(&r, 4)], path);
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    if (f < 0) return 0;
    for (int k = 0; k < 16 && r.n; k++) {
        switch (take(&r, 5)) {
        case 0: set_attribute(f, &r); break;
        case 1: replace_dataset(f, &r); break;
        case 2: edit_dataset(f, &r, 0); break;
        case 3: edit_dataset(f, &r, 1); break;
        default: delete_object(f, &r);
        }
    }
    H5Fclose(f);
    read_all(path);
    unlink(path);
    return 0;
}
