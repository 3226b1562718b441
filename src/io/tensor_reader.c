/* tensor_reader.c — a factored quadratic-term tensor written by `qlb export
 * --what Q` (tensor_files.c, layout in qlb/io.h) loaded back as a handle:
 * every attribute, size, offset and index is checked, every array's type,
 * shape and sha256 (qlb_h5_read_verified) before use, the Gaunt blocks are
 * rebuilt from their entries and the block table must be exactly the
 * coupled blocks of (d, N). Contractions of the loaded tensor are
 * bit-identical to the saved one's. */
#include "qlb/io.h"
#include "core/error.h"
#include "core/memory_limit.h"
#include "basis/gaunt_coefficients.h"
#include "io/hdf5_helpers.h"
#include "operator/quadratic_storage.h"

#include <hdf5.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t nblocks, nradial, nentries;
    int32_t *table, *gaunt_index;
    int *lll;
    int64_t *radial_offset, *gaunt_offset;
    double *radial, *gaunt_value;
} saved_arrays;

static void arrays_free(saved_arrays *S)
{
    free(S->table), free(S->gaunt_index), free(S->lll), free(S->radial_offset);
    free(S->gaunt_offset), free(S->radial), free(S->gaunt_value);
}

/* Offsets from 0, non-decreasing (strictly for the Gaunt entries). */
static int offsets_valid(const int64_t *o, size_t n, int strict)
{
    if (o[0] != 0) return 0;
    for (size_t k = 0; k < n; k++)
        if (o[k + 1] < o[k] || (strict && o[k + 1] == o[k])) return 0;
    return 1;
}

/* The block table and its offsets; the table's radial sizes K, K1, K2 in
 * 1..nmax and their products equal to the radial offsets' steps. */
static qlb_status read_table(hid_t f, const char *path, int N, saved_arrays *S)
{
    size_t dims[2] = {0, 0}; /* set only on success */
    qlb_status st = qlb_h5_read_verified(f, path, "Q/blocks", (qlb_h5_want){QLB_H5_I32, 2, 6, QLB_H5_ANY},
                                         (void **)&S->table, dims);
    S->nblocks = dims[0];
    qlb_h5_want offsets = {QLB_H5_I64, 1, 0, S->nblocks + 1};
    if (!st) st = qlb_h5_read_verified(f, path, "Q/radial_offset", offsets, (void **)&S->radial_offset, NULL);
    if (!st) st = qlb_h5_read_verified(f, path, "Q/gaunt_offset", offsets, (void **)&S->gaunt_offset, NULL);
    if (st) return st;
    if (!offsets_valid(S->radial_offset, S->nblocks, 0) || !offsets_valid(S->gaunt_offset, S->nblocks, 1))
        return qlb_fail(QLB_EINVAL, "%s: the offsets of /Q/radial or of the Gaunt entries are not increasing "
                        "from 0", path);
    for (size_t k = 0; k < S->nblocks; k++) {
        const int32_t *r = S->table + 6 * k;
        int sizes_ok = r[3] >= 1 && r[4] >= 1 && r[5] >= 1 && r[3] <= N / 2 + 1 && r[4] <= N / 2 + 1 &&
                       r[5] <= N / 2 + 1;
        if (!sizes_ok || S->radial_offset[k + 1] - S->radial_offset[k] != (int64_t)r[3] * r[4] * r[5])
            return qlb_fail(QLB_EINVAL, "%s: block %zu has %lld radial values, not K K1 K2 = %d x %d x %d "
                            "(each 1..%d)", path, k, (long long)(S->radial_offset[k + 1] - S->radial_offset[k]),
                            r[3], r[4], r[5], N / 2 + 1);
    }
    S->nradial = (size_t)S->radial_offset[S->nblocks];
    S->nentries = (size_t)S->gaunt_offset[S->nblocks];
    return QLB_OK;
}

/* The values: every one finite. */
static qlb_status check_finite(const char *path, const char *name, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i])) return qlb_fail(QLB_EINVAL, "%s: /%s[%zu] is not finite", path, name, i);
    return QLB_OK;
}

/* Every array, each checked by type, shape and sha256 before it is used;
 * the sizes of the later ones are those the table and offsets declare. */
static qlb_status read_arrays(hid_t f, const char *path, int N, saved_arrays *S)
{
    qlb_status st = read_table(f, path, N, S);
    size_t bytes;
    if (!st) st = qlb_h5_read_verified(f, path, "Q/radial", (qlb_h5_want){QLB_H5_F64, 1, 0, S->nradial},
                                       (void **)&S->radial, NULL);
    if (!st) st = qlb_h5_read_verified(f, path, "Q/gaunt_value", (qlb_h5_want){QLB_H5_F64, 1, 0, S->nentries},
                                       (void **)&S->gaunt_value, NULL);
    if (!st) st = qlb_h5_read_verified(f, path, "Q/gaunt_index",
                                       (qlb_h5_want){QLB_H5_I32, 2, 3, 3 * S->nentries}, (void **)&S->gaunt_index,
                                       NULL);
    if (!st) st = check_finite(path, "Q/radial", S->radial, S->nradial);
    if (!st) st = check_finite(path, "Q/gaunt_value", S->gaunt_value, S->nentries);
    if (!st) st = qlb_check_array_bytes(3 * S->nblocks, sizeof(int), "the block table", &bytes);
    if (!st && !(S->lll = malloc(bytes + 1))) st = qlb_fail(QLB_ENOMEM, "load tensor: out of memory");
    for (size_t k = 0; !st && k < S->nblocks; k++)
        for (int i = 0; i < 3; i++) S->lll[3 * k + i] = S->table[6 * k + i];
    return st;
}

/* Parameters and kernel information of the file. */
static qlb_status read_header(hid_t f, const char *path, qlb_params *p, int *variation,
                              qlb_kappa_info *kinfo, char *potential, size_t len)
{
    hid_t g = H5Lexists(f, "Q", H5P_DEFAULT) > 0 ? H5Gopen2(f, "Q", H5P_DEFAULT) : -1;
    char layout[32] = "";
    double dim, degree, hbar, screening, var, tol, intervals, evaluations;
    int ok = g >= 0 && qlb_h5_read_string(g, "layout", layout, sizeof layout) && !strcmp(layout, "factored");
    ok = ok && qlb_h5_read_number(f, "dim", &dim) && qlb_h5_read_number(f, "degree", &degree) &&
         qlb_h5_read_number(f, "hbar", &hbar) && qlb_h5_read_number(f, "screening", &screening) &&
         qlb_h5_read_string(f, "potential", potential, len) &&
         qlb_h5_read_number(g, "screening_variation", &var) && qlb_h5_read_number(g, "tol", &tol) &&
         qlb_h5_read_number(g, "kernel_error", &kinfo->error) &&
         qlb_h5_read_number(g, "kappa_min", &kinfo->kappa_min) &&
         qlb_h5_read_number(g, "kappa_max", &kinfo->kappa_max) &&
         qlb_h5_read_number(g, "intervals", &intervals) && qlb_h5_read_number(g, "evaluations", &evaluations);
    if (g >= 0) H5Gclose(g);
    if (!ok)
        return qlb_fail(QLB_EINVAL, "%s is not a factored qlb tensor (qlb export --what Q, h5) or lacks "
                        "an attribute", path);
    if (dim != floor(dim) || degree != floor(degree) || fabs(dim) > 1e6 || fabs(degree) > 1e6)
        return qlb_fail(QLB_EINVAL, "%s: dim or degree is not an integer", path);
    if (!(intervals >= 0 && intervals <= INT_MAX && evaluations >= 0 && evaluations <= 9e15))
        return qlb_fail(QLB_EINVAL, "%s: the kernel's intervals or evaluations are not counts", path);
    *p = qlb_params_default();
    p->dim = (int)dim, p->degree = (int)degree, p->hbar = hbar, p->screening = screening != 0, p->tol = tol;
    *variation = var != 0;
    kinfo->intervals = (int)intervals;
    kinfo->evaluations = (long)evaluations;
    return QLB_OK;
}

static qlb_status load(hid_t f, const char *path, const qlb_params *expect, void *handle)
{
    qlb_quadratic **out = handle;
    qlb_params p;
    qlb_kappa_info kinfo = {0};
    int variation = 0;
    char spec[512];
    qlb_potential *pot = NULL;
    qlb_status st = read_header(f, path, &p, &variation, &kinfo, spec, sizeof spec);
    if (!st) st = qlb_context(qlb_potential_parse(spec, &pot), "%s", path);
    p.potential = pot;
    if (!st) st = qlb_context(qlb_params_check(&p), "%s", path);
    if (!st && expect) st = qlb_saved_params_match(path, &p, expect);
    saved_arrays S;
    memset(&S, 0, sizeof S);
    if (!st) st = read_arrays(f, path, p.degree, &S);
    qlb_gaunt *G = NULL;
    if (!st)
        st = qlb_context(qlb_gaunt_from_entries(p.dim, p.degree, S.nblocks, S.lll, S.gaunt_offset,
                                                S.gaunt_index, S.gaunt_value, &G), "%s", path);
    if (!st) {
        st = qlb_quadratic_from_parts(&p, variation, &kinfo, G, S.table, S.nblocks, S.radial, S.nradial,
                                      pot, out);
        pot = NULL; /* taken, or freed on failure */
        if (st) qlb_context(st, "%s", path);
    }
    qlb_potential_free(pot);
    arrays_free(&S);
    return st;
}

qlb_status qlb_io_load_quadratic(const char *path, const qlb_params *expect, qlb_quadratic **out)
{
    *out = NULL;
    return qlb_h5_load_handle(path, load, expect, out);
}
