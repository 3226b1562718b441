/* fuzz_hdf5.c — libFuzzer harness for the HDF5 readers (tests/run_fuzz.sh).
 * The input is a recipe, not file bytes: it is read as a list of objects
 * (attributes and datasets with the names qlb's readers look for, of any
 * type, rank, shape, size and content, huge declared shapes included), and
 * written with HDF5 into a valid file. So the fuzzing explores what a
 * hostile but well-formed file can say to qlb (initial data, checkpoints,
 * saved operators and tensors), not the HDF5 library's own parser. Each
 * file is then given to every reader; any crash or sanitizer report is a
 * failure, statuses are not. */
#include "qlb/qlb.h"

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
    "screening_variation", "intervals", "evaluations", "layout", "columns"};
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
    default: s = H5Tcopy(H5T_C_S1), H5Tset_size(s, 7); return s;
    }
}

/* A dataspace of rank 0..2; shapes from small to huge (never written). */
static hid_t space(recipe *r, hsize_t *points)
{
    static const hsize_t sizes[] = {0, 1, 2, 3, 5, 15, 21, 64, 1u << 20, (hsize_t)1 << 40, (hsize_t)1 << 61};
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

/* Values for n <= 64 elements of kind: doubles, ints or strings. */
static void fill(recipe *r, unsigned kind, hsize_t n, void *buf, char **strings)
{
    static const char *const texts[] = {"spherical", "cartesian", "0.1.0", "9.9.0", "", "algebraic:A=1,p=2",
                                        "factored", "dim=2", "x\"y\\z"};
    for (hsize_t i = 0; i < n; i++) {
        if (kind == 0) ((double *)buf)[i] = number(r);
        else if (kind == 1) ((int32_t *)buf)[i] = (int32_t)clamp(number(r), INT32_MIN, INT32_MAX);
        else if (kind == 2) ((int64_t *)buf)[i] = (int64_t)clamp(number(r) * 1e3, -9e18, 9e18);
        else if (kind == 3) strings[i] = (char *)texts[take(r, COUNT(texts))];
        else {
            const char *t = texts[take(r, COUNT(texts))];
            size_t len = strlen(t);
            memset((char *)buf + 7 * i, 0, 7);
            memcpy((char *)buf + 7 * i, t, len < 7 ? len : 7);
        }
    }
}

/* One object: an attribute (of the root or of /c) or a dataset. */
static void add_object(hid_t f, recipe *r)
{
    unsigned what = take(r, 3), kind = take(r, 5);
    hsize_t n;
    hid_t t = type_of(kind), sp = space(r, &n), lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    double buf[64 * 2];
    char *strings[64];
    int small = n <= 64;
    if (small) fill(r, kind, n, kind == 3 ? (void *)strings : buf, strings);
    void *data = kind == 3 ? (void *)strings : buf;
    if (what < 2) {
        hid_t loc = what == 0 ? f : (H5Lexists(f, "c", H5P_DEFAULT) > 0 ? H5Dopen2(f, "c", H5P_DEFAULT) : f);
        const char *name = attributes[take(r, COUNT(attributes))];
        if (small && H5Aexists(loc, name) <= 0) {
            hid_t a = H5Acreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
            if (a >= 0) H5Awrite(a, t, data), H5Aclose(a);
        }
        if (loc != f) H5Dclose(loc);
    } else {
        const char *name = names[take(r, COUNT(names))];
        hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
        int rank = H5Sget_simple_extent_ndims(sp);
        if (!small && rank > 0) { /* huge: chunked, nothing written */
            hsize_t chunk[2] = {1, 1};
            H5Pset_chunk(dcpl, rank, chunk);
        }
        if (H5Lexists(f, name, H5P_DEFAULT) <= 0) {
            hid_t d = H5Dcreate2(f, name, t, sp, lcpl, dcpl, H5P_DEFAULT);
            if (d >= 0 && small && n) H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
            if (d >= 0) H5Dclose(d);
        }
        H5Pclose(dcpl);
    }
    H5Pclose(lcpl), H5Sclose(sp), H5Tclose(t);
}

static qlb_linop *operator_once(void)
{
    static qlb_linop *L;
    static qlb_potential *pot;
    if (!L) {
        qlb_params p = qlb_params_default();
        qlb_potential_parse("algebraic:A=1,p=2", &pot);
        p.dim = 2, p.degree = 4, p.potential = pot;
        if (qlb_linop_create(&p, &L)) abort();
    }
    return L;
}

/* Every reader of qlb on the file at path. */
static void read_all(const char *path)
{
    double c[15], x, *data = NULL;
    char text[256];
    size_t rows, cols;
    qlb_initial_info info;
    qlb_initial_load(path, operator_once(), c, &info);
    qlb_io_read_attr(path, "fingerprint", text, sizeof text, NULL);
    qlb_io_read_attr(path, "rows_done", NULL, 0, &x);
    for (size_t i = 0; i < COUNT(names); i++) {
        if (!qlb_io_read_array(path, names[i], &data, &rows, &cols)) free(data);
        data = NULL;
    }
    qlb_linop *L = NULL;
    if (!qlb_io_load_operator(path, NULL, &L)) qlb_linop_free(L);
    qlb_quadratic *T = NULL;
    if (!qlb_io_load_quadratic(path, NULL, &T)) qlb_quadratic_free(T);
}

/* The operator the initial-data reader needs, built before the first input
 * (so that libFuzzer's leak check sees none of it). */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    operator_once();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) snprintf(path, sizeof path, "/tmp/qlb-fuzz-%d.h5", (int)getpid());
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (f < 0) return 0;
    recipe r = {data, size};
    for (int k = 0; k < 24 && r.n; k++) add_object(f, &r);
    H5Fclose(f);
    read_all(path);
    unlink(path);
    return 0;
}
