/* test_io.c — atomic export: a written file reads back bit-exactly (NPY
 * header and data, Matrix Market entries, HDF5 dataset and attributes); an
 * existing output is refused without force and left untouched; an
 * unwritable directory is refused; no temporary file is left behind. The
 * Python readers (h5py, scipy, numpy) are exercised by test_cli.sh.
 * A saved operator loads back as a handle with a bit-identical spectrum
 * and y = L x; a mismatch with the expected parameters, a garbage file and
 * an HDF5 file that is not an operator are refused with a message, as are
 * a file from another qlb release, one assembled to a looser tol than
 * requested and one holding another form than requested. The
 * same for the quadratic term: its factored export loads back with
 * bit-identical T(c,c) and Jacobian; an expanded export is refused. */
#include "testutil.h"
#include "io/hdf5_helpers.h"

#include <dirent.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int leftover_temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int found = 0;
    while ((e = readdir(d)))
        if (strstr(e->d_name, ".tmp-")) found = 1;
    closedir(d);
    return found;
}

static void operator_round_trip(const char *dir)
{
    char path[400], garbage[400];
    qlb_potential *pot;
    qlb_linop *L = make_operator(3, 0.7, 10, "algebraic:A=1,p=2", 1, &pot), *R = NULL;
    snprintf(path, sizeof path, "%s/op.h5", dir);
    check_ok("save operator", qlb_io_save_operator(path, L, 0));
    check_true("save operator again without force: EEXIST", qlb_io_save_operator(path, L, 0) == QLB_EEXIST);
    check_ok("load operator", qlb_io_load_operator(path, qlb_linop_params(L), &R));
    qlb_eigenvalue *a, *b;
    size_t na, nb2;
    check_ok("spectrum", qlb_spectrum_blocks(L, &a, &na));
    check_ok("spectrum of the loaded", qlb_spectrum_blocks(R, &b, &nb2));
    int same = na == nb2;
    for (size_t i = 0; same && i < na; i++) same = a[i].value == b[i].value && a[i].l == b[i].l;
    check_true("loaded operator: spectrum bit-identical", same);
    qlb_basis *basis;
    check_ok("basis", qlb_basis_create(3, 10, &basis));
    size_t n = qlb_basis_size(basis);
    double *x = malloc(n * sizeof(double)), *y = malloc(n * sizeof(double)), *z = malloc(n * sizeof(double));
    random_vector(n, 5, x);
    check_ok("apply", qlb_linop_apply(L, basis, x, y));
    check_ok("apply loaded", qlb_linop_apply(R, basis, x, z));
    check_true("loaded operator: L x bit-identical", !memcmp(y, z, n * sizeof(double)));
    qlb_params other = *qlb_linop_params(L);
    other.degree = 8;
    qlb_linop *W = NULL;
    qlb_status st = qlb_io_load_operator(path, &other, &W);
    char what[700];
    snprintf(what, sizeof what, "load with other parameters refused: \"%s\"", qlb_last_error());
    check_true(what, st == QLB_EINVAL && !W && strstr(qlb_last_error(), "N=10") && strstr(qlb_last_error(), "N=8"));
    snprintf(garbage, sizeof garbage, "%s/garbage.h5", dir);
    FILE *f = fopen(garbage, "w");
    fputs("not an HDF5 file\n", f);
    fclose(f);
    st = qlb_io_load_operator(garbage, NULL, &W);
    snprintf(what, sizeof what, "garbage file refused: \"%s\"", qlb_last_error());
    check_true(what, st == QLB_EIO && !W);
    snprintf(garbage, sizeof garbage, "%s/L.h5", dir); /* an HDF5 matrix export, not an operator */
    st = qlb_io_load_operator(garbage, NULL, &W);
    snprintf(what, sizeof what, "HDF5 file that is no operator refused: \"%s\"", qlb_last_error());
    check_true(what, st == QLB_EINVAL && !W);
    free(a), free(b), free(x), free(y), free(z);
    qlb_basis_free(basis);
    qlb_linop_free(R);
    qlb_linop_free(L);
    qlb_potential_free(pot);
}

/* Copies src to dst with its qlb_version attribute set to version. */
static void copy_with_version(const char *src, const char *dst, const char *version)
{
    char cmd[1000];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", src, dst);
    check_true("copy operator file", system(cmd) == 0);
    hid_t f = H5Fopen(dst, H5F_ACC_RDWR, H5P_DEFAULT);
    check_true("rewrite qlb_version", f >= 0 && H5Adelete(f, "qlb_version") >= 0 &&
                                          qlb_h5_attr_string(f, "qlb_version", version));
    H5Fclose(f);
}

/* A saved operator is refused when written by another release, assembled
 * to a looser tol than requested, or of another form than requested. */
static void operator_metadata_refusals(const char *dir)
{
    char path[400], moved[400], what[700];
    qlb_potential *pot;
    qlb_linop *L = make_operator(2, 0.3, 6, "gaussian:A=1,s=1", 1, &pot), *W = NULL;
    snprintf(path, sizeof path, "%s/op-meta.h5", dir);
    snprintf(moved, sizeof moved, "%s/op-other-release.h5", dir);
    check_ok("save operator", qlb_io_save_operator(path, L, 0));
    copy_with_version(path, moved, "9.9.0");
    qlb_status st = qlb_io_load_operator(moved, NULL, &W);
    snprintf(what, sizeof what, "file from qlb 9.9.0 refused: \"%s\"", qlb_last_error());
    check_true(what, st == QLB_EINVAL && !W && strstr(qlb_last_error(), "9.9.0"));
    char patch[64];
    snprintf(patch, sizeof patch, "%d.%d.%d", QLB_VERSION_MAJOR, QLB_VERSION_MINOR, QLB_VERSION_PATCH + 7);
    copy_with_version(path, moved, patch);
    check_ok("a file from another patch release accepted", qlb_io_load_operator(moved, NULL, &W));
    qlb_linop_free(W), W = NULL;
    qlb_params want = *qlb_linop_params(L);
    want.tol = 1e-14;
    st = qlb_io_load_operator(path, &want, &W);
    snprintf(what, sizeof what, "looser tol than requested refused: \"%s\"", qlb_last_error());
    check_true(what, st == QLB_EINVAL && !W && strstr(qlb_last_error(), "looser"));
    want.tol = 1e-8;
    check_ok("tighter tol than requested accepted", qlb_io_load_operator(path, &want, &W));
    qlb_linop_free(W), W = NULL;
    st = qlb_io_load_form(path, NULL, QLB_FORM_NORM_HBAR, &W);
    snprintf(what, sizeof what, "another form refused: \"%s\"", qlb_last_error());
    check_true(what, st == QLB_EINVAL && !W && strstr(qlb_last_error(), "form"));
    check_ok("the saved form accepted", qlb_io_load_form(path, NULL, QLB_FORM_COLLISION, &W));
    qlb_linop_free(W);
    qlb_linop_free(L);
    qlb_potential_free(pot);
}

static void quadratic_round_trip(const char *dir)
{
    char path[400], expanded[400], what[700];
    qlb_potential *pot;
    check_ok("potential", qlb_potential_parse("algebraic:A=1,p=2", &pot));
    qlb_params p = test_params(3, 0.6, 6, pot, 1);
    qlb_quadratic *T, *R = NULL, *W = NULL;
    check_ok("quadratic term", qlb_quadratic_create(&p, 1, &T));
    qlb_basis *b;
    check_ok("basis", qlb_basis_create(3, 6, &b));
    size_t n = qlb_basis_size(b);
    int *labels = malloc(3 * n * sizeof(int));
    for (size_t i = 0; i < n; i++) qlb_basis_spherical_label(b, i, labels + 3 * i, labels + 3 * i + 1, labels + 3 * i + 2);
    qlb_io_labels lab = {n, 3, labels, "n,l,m"};
    qlb_io_meta meta = {3, 0.6, 6, qlb_potential_spec(pot), 1, "spherical", 1};
    snprintf(path, sizeof path, "%s/Q.h5", dir);
    snprintf(expanded, sizeof expanded, "%s/Qe.h5", dir);
    check_ok("write factored", qlb_io_write_tensor(path, QLB_FORMAT_H5, QLB_TENSOR_FACTORED, T, &lab, &meta, 0));
    check_ok("write expanded", qlb_io_write_tensor(expanded, QLB_FORMAT_H5, QLB_TENSOR_EXPANDED, T, &lab, &meta, 0));
    check_ok("load tensor", qlb_io_load_quadratic(path, &p, &R));
    double *c = malloc(n * sizeof(double)), *y = malloc(n * sizeof(double)), *z = malloc(n * sizeof(double));
    double *J = malloc(n * n * sizeof(double)), *K = malloc(n * n * sizeof(double));
    random_vector(n, 9, c);
    qlb_quadratic_apply(T, c, y);
    if (R) qlb_quadratic_apply(R, c, z);
    check_true("loaded tensor: T(c,c) bit-identical", R && !memcmp(y, z, n * sizeof(double)));
    qlb_quadratic_jacobian(T, c, J);
    if (R) qlb_quadratic_jacobian(R, c, K);
    check_true("loaded tensor: Jacobian bit-identical", R && !memcmp(J, K, n * n * sizeof(double)));
    check_true("loaded tensor: same variation and info", R && qlb_quadratic_variation(R) == 1 &&
               qlb_quadratic_get_info(R).gaunt_entries == qlb_quadratic_get_info(T).gaunt_entries);
    qlb_params other = p;
    other.hbar = 0.5;
    qlb_status st = qlb_io_load_quadratic(path, &other, &W);
    snprintf(what, sizeof what, "tensor with another hbar refused: \"%s\"", qlb_last_error());
    check_true(what, st == QLB_EINVAL && !W);
    st = qlb_io_load_quadratic(expanded, NULL, &W);
    snprintf(what, sizeof what, "expanded tensor refused as a handle: \"%s\"", qlb_last_error());
    check_true(what, st == QLB_EINVAL && !W);
    snprintf(path, sizeof path, "%s/op.h5", dir); /* an operator handle, not a tensor */
    st = qlb_io_load_quadratic(path, NULL, &W);
    snprintf(what, sizeof what, "operator file refused as a tensor: \"%s\"", qlb_last_error());
    check_true(what, st == QLB_EINVAL && !W);
    free(labels), free(c), free(y), free(z), free(J), free(K);
    qlb_basis_free(b);
    qlb_quadratic_free(R);
    qlb_quadratic_free(T);
    qlb_potential_free(pot);
}

int main(void)
{
    char dir[] = "/tmp/qlb_io_XXXXXX", path[400], side[450];
    check_true("temp dir", mkdtemp(dir) != NULL);
    double A[9] = {2, -1, 0, -1, 2, -1, 0, -1, 2.5};
    int lab_v[9] = {0, 0, 0, 1, 1, 0, 0, 1, 1};
    qlb_io_labels lab = {3, 3, lab_v, "n,l,m"};
    qlb_io_meta meta = {3, 0.5, 1, "algebraic:A=1,p=2", 1, "spherical", 0};

    snprintf(path, sizeof path, "%s/L.npy", dir);
    check_ok("write npy", qlb_io_write_matrix(path, QLB_FORMAT_NPY, A, 3, &lab, &meta, 0));
    FILE *f = fopen(path, "rb");
    unsigned char head[128];
    double back[9];
    size_t got = fread(head, 1, 128, f);
    got += fread(back, sizeof(double), 9, f);
    fclose(f);
    check_true("npy: magic, 128-byte header, data bit-exact",
               got == 128 + 9 && !memcmp(head, "\x93NUMPY", 6) && head[127] == '\n' &&
                   !memcmp(back, A, sizeof A));
    snprintf(side, sizeof side, "%s.basis.csv", path);
    check_true("npy: sidecar labels written", access(side, R_OK) == 0);
    check_true("existing output refused without --force",
               qlb_io_write_matrix(path, QLB_FORMAT_NPY, A, 3, &lab, &meta, 0) == QLB_EEXIST);
    /* the library says what failed; command-line remedies are the CLI's */
    check_true("EEXIST message in library terms (no command-line option in it)",
               strstr(qlb_last_error(), "exists") && !strstr(qlb_last_error(), "--"));
    check_ok("existing output replaced with force",
             qlb_io_write_matrix(path, QLB_FORMAT_NPY, A, 3, &lab, &meta, 1));

    snprintf(path, sizeof path, "%s/L.mtx", dir);
    check_ok("write mtx", qlb_io_write_matrix(path, QLB_FORMAT_MTX, A, 3, &lab, &meta, 0));
    f = fopen(path, "r");
    char line[256];
    int entries = -1; /* the first data line is the size line */
    double sum = 0;
    while (fgets(line, sizeof line, f)) {
        int i, j;
        double v;
        if (line[0] == '%' || sscanf(line, "%d %d %lf", &i, &j, &v) != 3) continue;
        if (entries++ >= 0 && j <= i) sum += v;
    }
    fclose(f);
    check_true("mtx: 5 lower-triangle nonzeros, values exact", entries == 5 && sum == 2 - 1 + 2 - 1 + 2.5);

    snprintf(path, sizeof path, "%s/L.h5", dir);
    check_ok("write h5", qlb_io_write_matrix(path, QLB_FORMAT_H5, A, 3, &lab, &meta, 0));
    hid_t h = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t ds = H5Dopen2(h, "L", H5P_DEFAULT);
    double hb[9] = {0};
    H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, hb);
    H5Dclose(ds);
    double hbar = 0;
    hid_t at = H5Aopen(h, "hbar", H5P_DEFAULT);
    H5Aread(at, H5T_NATIVE_DOUBLE, &hbar);
    H5Aclose(at);
    H5Fclose(h);
    check_true("h5: /L bit-exact and hbar attribute", !memcmp(hb, A, sizeof A) && hbar == 0.5);

    /* a "directory" that is a regular file cannot be written, even by root */
    char file[300];
    snprintf(file, sizeof file, "%s/plain", dir);
    FILE *pf = fopen(file, "w");
    if (pf) fclose(pf);
    snprintf(path, sizeof path, "%s/L.h5", file);
    check_true("unwritable directory (a file) refused",
               qlb_io_write_matrix(path, QLB_FORMAT_H5, A, 3, &lab, &meta, 0) == QLB_EIO);
    snprintf(path, sizeof path, "%s/missing/L.h5", dir);
    check_true("missing directory refused",
               qlb_io_write_matrix(path, QLB_FORMAT_H5, A, 3, &lab, &meta, 0) == QLB_EIO);
    check_true("no temporary files left", !leftover_temporaries(dir));
    qlb_format fmt;
    check_true("unknown format rejected", qlb_io_parse_format("csv", &fmt) == QLB_EINVAL);
    operator_round_trip(dir);
    operator_metadata_refusals(dir);
    quadratic_round_trip(dir);
    return test_summary();
}
