/* tensor_files.c — writes the quadratic-term tensor: the factored form as
 * flat HDF5 arrays with a block table (layout in qlb/io.h), or the expanded
 * entries (qlb_quadratic_expand) as HDF5 /Q/index, /Q/value or FROSTT-style
 * coordinate text. */
#include "io/tensor_files.h"
#include "qlb/version.h"
#include "core/error.h"
#include "io/hdf5_helpers.h"

#include <errno.h>
#include <hdf5.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char formula[] =
    "T[a][b][c] = T[a][c][b] = radial[radial_offset[k] + (n*K1 + n1)*K2 + n2] * gaunt_value[e] "
    "for each block k = (l, l1, l2, K, K1, K2), n < K, n1 < K1, n2 < K2 and coupling entry "
    "gaunt_offset[k] <= e < gaunt_offset[k+1] with gaunt_index[e] = (m, m1, m2), at "
    "a = first_index[l][n] + m, b = first_index[l1][n1] + m1, c = first_index[l2][n2] + m2; "
    "all other entries are 0";

/* The flat arrays of the factored form. */
typedef struct {
    size_t nblocks, entries;
    int32_t *blocks, *gaunt_index;
    int64_t *radial_offset, *gaunt_offset, *first_index;
} factored_arrays;

static void arrays_free(factored_arrays *F)
{
    free(F->blocks), free(F->gaunt_index);
    free(F->radial_offset), free(F->gaunt_offset), free(F->first_index);
}

/* Block table, offsets and (m, m1, m2); the values are copied by HDF5
 * straight from T except the Gaunt values (gathered into gvalue). */
static qlb_status make_arrays(const qlb_quadratic *T, factored_arrays *F, double **gvalue)
{
    qlb_quadratic_info in = qlb_quadratic_get_info(T);
    int N = qlb_quadratic_params(T)->degree, nmax = N / 2 + 1;
    F->nblocks = in.blocks;
    F->entries = in.gaunt_entries;
    F->blocks = malloc(6 * F->nblocks * sizeof(int32_t) + 1);
    F->radial_offset = malloc((F->nblocks + 1) * sizeof(int64_t));
    F->gaunt_offset = malloc((F->nblocks + 1) * sizeof(int64_t));
    F->gaunt_index = malloc(3 * F->entries * sizeof(int32_t) + 1);
    F->first_index = malloc((size_t)(N + 1) * nmax * sizeof(int64_t));
    *gvalue = malloc(F->entries * sizeof(double) + 1);
    if (!F->blocks || !F->radial_offset || !F->gaunt_offset || !F->gaunt_index || !F->first_index || !*gvalue)
        return qlb_fail(QLB_ENOMEM, "tensor export: out of memory");
    for (size_t i = 0; i < (size_t)(N + 1) * nmax; i++) F->first_index[i] = -1;
    F->radial_offset[0] = F->gaunt_offset[0] = 0;
    for (size_t k = 0; k < F->nblocks; k++) {
        qlb_quadratic_block B = qlb_quadratic_get_block(T, k);
        int32_t row[6] = {B.l, B.l1, B.l2, B.K, B.K1, B.K2};
        memcpy(F->blocks + 6 * k, row, sizeof row);
        F->radial_offset[k + 1] = F->radial_offset[k] + (int64_t)B.K * B.K1 * B.K2;
        int64_t e0 = F->gaunt_offset[k];
        F->gaunt_offset[k + 1] = e0 + B.gaunt_start[B.D];
        for (int m = 0; m < B.D; m++)
            for (int e = B.gaunt_start[m]; e < B.gaunt_start[m + 1]; e++) {
                int32_t *idx = F->gaunt_index + 3 * (e0 + e);
                idx[0] = m, idx[1] = B.gaunt_mm[2 * e], idx[2] = B.gaunt_mm[2 * e + 1];
                (*gvalue)[e0 + e] = B.gaunt_value[e];
            }
    }
    return QLB_OK;
}

/* The radial values, block after block (contiguous in T: one dataset). */
static int write_radial(hid_t g, const qlb_quadratic *T, const factored_arrays *F)
{
    const double *radial = F->nblocks ? qlb_quadratic_get_block(T, 0).radial : NULL;
    return qlb_h5_dataset(g, "radial", H5T_NATIVE_DOUBLE, radial, (hsize_t)F->radial_offset[F->nblocks], 0);
}

/* What the loader needs besides the arrays: tol and the kernel estimates. */
static int write_build_info(hid_t g, const qlb_quadratic *T)
{
    qlb_quadratic_info in = qlb_quadratic_get_info(T);
    double intervals = in.intervals, evaluations = (double)in.evaluations;
    return qlb_h5_attr(g, "tol", H5T_NATIVE_DOUBLE, &qlb_quadratic_params(T)->tol) &&
           qlb_h5_attr(g, "kernel_error", H5T_NATIVE_DOUBLE, &in.error) &&
           qlb_h5_attr(g, "kappa_min", H5T_NATIVE_DOUBLE, &in.kappa_min) &&
           qlb_h5_attr(g, "kappa_max", H5T_NATIVE_DOUBLE, &in.kappa_max) &&
           qlb_h5_attr(g, "intervals", H5T_NATIVE_DOUBLE, &intervals) &&
           qlb_h5_attr(g, "evaluations", H5T_NATIVE_DOUBLE, &evaluations);
}

static int write_factored_group(hid_t g, const qlb_quadratic *T, const factored_arrays *F,
                                const double *gvalue, const qlb_io_meta *m)
{
    int N = qlb_quadratic_params(T)->degree;
    size_t nb = qlb_quadratic_get_info(T).size;
    return qlb_h5_dataset(g, "blocks", H5T_NATIVE_INT32, F->blocks, F->nblocks, 6) &&
           qlb_h5_dataset(g, "radial_offset", H5T_NATIVE_INT64, F->radial_offset, F->nblocks + 1, 0) &&
           qlb_h5_dataset(g, "gaunt_offset", H5T_NATIVE_INT64, F->gaunt_offset, F->nblocks + 1, 0) &&
           write_radial(g, T, F) &&
           qlb_h5_dataset(g, "gaunt_index", H5T_NATIVE_INT32, F->gaunt_index, F->entries, 3) &&
           qlb_h5_dataset(g, "gaunt_value", H5T_NATIVE_DOUBLE, gvalue, F->entries, 0) &&
           qlb_h5_dataset(g, "first_index", H5T_NATIVE_INT64, F->first_index, (hsize_t)N + 1,
                          (hsize_t)(N / 2 + 1)) &&
           qlb_h5_attr_string(g, "layout", "factored") && qlb_h5_attr_int(g, "size", (int)nb) &&
           qlb_h5_attr_int(g, "screening_variation", m->variation) &&
           qlb_h5_attr_string(g, "formula", formula) &&
           qlb_h5_attr_string(g, "blocks_columns", "l,l1,l2,K,K1,K2") && write_build_info(g, T);
}

/* first_index from the /basis labels (n, l, m rows). */
static void fill_first_index(const qlb_io_labels *lab, int N, int64_t *first)
{
    for (size_t r = 0; r < lab->rows; r++) {
        const int *v = lab->values + r * 3;
        if (v[2] == 0) first[(size_t)v[1] * (N / 2 + 1) + v[0]] = (int64_t)r;
    }
}

static qlb_status write_factored(const char *file, const qlb_quadratic *T, const qlb_io_labels *lab,
                                 const qlb_io_meta *m)
{
    factored_arrays F = {0};
    double *gvalue = NULL;
    qlb_status st = make_arrays(T, &F, &gvalue);
    if (!st) {
        fill_first_index(lab, m->degree, F.first_index);
        hid_t f = H5Fcreate(file, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        hid_t g = f >= 0 ? H5Gcreate2(f, "Q", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT) : -1;
        int ok = g >= 0 && write_factored_group(g, T, &F, gvalue, m) && qlb_h5_labels_and_meta(f, lab, m);
        if (g >= 0) H5Gclose(g);
        ok = f >= 0 && H5Fclose(f) >= 0 && ok;
        if (!ok) st = qlb_fail(QLB_EIO, "cannot write HDF5 file %s", file);
    }
    arrays_free(&F);
    free(gvalue);
    return st;
}

/* Expanded: /Q/index (nnz x 3: a, b, c, 0-based, b <= c) and /Q/value. */
static qlb_status write_expanded_h5(const char *file, const qlb_quadratic_expanded *E,
                                    const qlb_io_labels *lab, const qlb_io_meta *m)
{
    int32_t *idx = malloc(3 * E->count * sizeof(int32_t) + 1);
    if (!idx) return qlb_fail(QLB_ENOMEM, "tensor export: out of memory");
    for (size_t a = 0; a < E->size; a++)
        for (size_t k = E->row[a]; k < E->row[a + 1]; k++) {
            idx[3 * k] = (int32_t)a;
            idx[3 * k + 1] = E->bc[2 * k];
            idx[3 * k + 2] = E->bc[2 * k + 1];
        }
    hid_t f = H5Fcreate(file, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    hid_t g = f >= 0 ? H5Gcreate2(f, "Q", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT) : -1;
    int ok = g >= 0 && qlb_h5_dataset(g, "index", H5T_NATIVE_INT32, idx, E->count, 3) &&
             qlb_h5_dataset(g, "value", H5T_NATIVE_DOUBLE, E->value, E->count, 1) &&
             qlb_h5_attr_string(g, "layout", "expanded") && qlb_h5_attr_int(g, "size", (int)E->size) &&
             qlb_h5_attr_int(g, "screening_variation", m->variation) &&
             qlb_h5_attr_string(g, "symmetry", "T[a][b][c] = T[a][c][b]; only b <= c is stored") &&
             qlb_h5_labels_and_meta(f, lab, m);
    if (g >= 0) H5Gclose(g);
    ok = f >= 0 && H5Fclose(f) >= 0 && ok;
    free(idx);
    return ok ? QLB_OK : qlb_fail(QLB_EIO, "cannot write HDF5 file %s", file);
}

/* Coordinate text (FROSTT .tns): "a b c value", 1-based, b <= c. */
static qlb_status write_tns(const char *file, const qlb_quadratic_expanded *E, const qlb_io_meta *m)
{
    FILE *f = fopen(file, "w");
    if (!f) return qlb_fail(QLB_EIO, "cannot write %s: %s", file, strerror(errno));
    fprintf(f, "# qlb %s quadratic term T[a][b][c] = <f_a, Q(f_b, f_c)>, basis %s, size %zu\n",
            QLB_VERSION, m->basis, E->size);
    fprintf(f, "# dim=%d hbar=%.17g degree=%d potential=%s screening=%d screening_variation=%d\n",
            m->dim, m->hbar, m->degree, m->potential, m->screening, m->variation);
    fprintf(f, "# symmetric in (b, c): only b <= c is listed; indices 1-based; a b c value\n");
    for (size_t a = 0; a < E->size; a++)
        for (size_t k = E->row[a]; k < E->row[a + 1]; k++)
            fprintf(f, "%zu %d %d %.17g\n", a + 1, E->bc[2 * k] + 1, E->bc[2 * k + 1] + 1, E->value[k]);
    return fclose(f) == 0 ? QLB_OK : qlb_fail(QLB_EIO, "cannot write %s", file);
}

qlb_status qlb_tensor_file_write(const char *file, qlb_format fmt, qlb_tensor_layout layout,
                                 const qlb_quadratic *T, const qlb_io_labels *labels,
                                 const qlb_io_meta *meta)
{
    if (layout == QLB_TENSOR_FACTORED) return write_factored(file, T, labels, meta);
    qlb_quadratic_expanded E;
    qlb_status st = qlb_quadratic_expand(T, &E);
    if (st) return st;
    st = fmt == QLB_FORMAT_H5 ? write_expanded_h5(file, &E, labels, meta) : write_tns(file, &E, meta);
    qlb_quadratic_expanded_free(&E);
    return st;
}
