/* operator_files.c — an assembled operator L saved to HDF5 and loaded back
 * as a handle (qlb/io.h), so that programs need not rebuild it. The file
 * holds /operator/kernel ((N+1) x (N+1)), /operator/blocks (blocks l = 0..N
 * one after another, each size_l^2 row-major), /basis (n, l, m) and root
 * attributes: dim, degree, hbar, potential (spec), screening, tol, form,
 * the assembly's error estimates and qlb_version. Loading checks every
 * attribute, every array's type, shape and sha256, that every value is
 * finite and every block and the kernel symmetric, and, given the
 * parameters the caller expects, refuses a mismatch by name. */
#include "qlb/io.h"
#include "qlb/version.h"
#include "core/error.h"
#include "io/hdf5_helpers.h"
#include "operator/linear_operator.h"

#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t blocks_length(int N)
{
    size_t n = 0;
    for (int l = 0; l <= N; l++) n += (size_t)((N - l) / 2 + 1) * ((N - l) / 2 + 1);
    return n;
}

qlb_status qlb_io_save_operator(const char *path, const qlb_linop *L, int force)
{
    const qlb_params *p = qlb_linop_params(L);
    if (qlb_potential_get_kind(p->potential) == QLB_POTENTIAL_CALLBACK)
        return qlb_fail(QLB_EINVAL, "an operator with a callback potential cannot be saved (no spec to reload it)");
    int N = p->degree;
    qlb_basis *b = NULL;
    qlb_status st = qlb_basis_create(p->dim, N, &b);
    if (st) return st;
    size_t nb = qlb_basis_size(b), len = blocks_length(N);
    double *blocks = malloc(len * sizeof(double) + 1);
    int *labels = malloc(3 * nb * sizeof(int) + 1);
    if (!blocks || !labels) st = qlb_fail(QLB_ENOMEM, "save operator: out of memory");
    for (size_t i = 0; !st && i < nb; i++)
        qlb_basis_spherical_label(b, i, labels + 3 * i, labels + 3 * i + 1, labels + 3 * i + 2);
    for (int l = 0, at = 0; !st && l <= N; l++) {
        int s;
        const double *B = qlb_linop_block(L, l, &s);
        memcpy(blocks + at, B, (size_t)s * s * sizeof(double));
        at += s * s;
    }
    if (!st) {
        qlb_linop_info in = qlb_linop_get_info(L);
        qlb_io_array arrays[] = {
            {"operator/kernel", qlb_linop_kernel(L), (size_t)N + 1, (size_t)N + 1, NULL, NULL},
            {"operator/blocks", blocks, len, 0, "layout",
             "blocks l = 0..N one after another, each ((N-l)/2+1)^2 row-major: <f_{n,l,m}, L f_{n',l,m}>"}};
        qlb_io_attr attrs[] = {
            {"dim", NULL, p->dim}, {"degree", NULL, N}, {"hbar", NULL, p->hbar},
            {"potential", qlb_potential_spec(p->potential), 0}, {"screening", NULL, p->screening},
            {"tol", NULL, p->tol}, {"form", NULL, qlb_linop_form(L)}, {"kernel_error", NULL, in.error},
            {"kappa_min", NULL, in.kappa_min}, {"kappa_max", NULL, in.kappa_max},
            {"asymmetry", NULL, in.asymmetry}, {"content", "qlb operator handle", 0}};
        qlb_io_labels lab = {nb, 3, labels, "n,l,m"};
        st = qlb_io_write_arrays(path, arrays, 2, attrs, (int)(sizeof attrs / sizeof *attrs), &lab, force);
    }
    free(blocks);
    free(labels);
    qlb_basis_free(b);
    return st;
}

typedef struct {
    double dim, degree, hbar, screening, tol, form, error, kappa_min, kappa_max, asymmetry;
    char potential[512], content[64];
} header;

static qlb_status read_header(hid_t f, const char *path, header *h)
{
    if (!qlb_h5_read_string(f, "content", h->content, sizeof h->content) ||
        strcmp(h->content, "qlb operator handle"))
        return qlb_fail(QLB_EINVAL, "%s is not a saved qlb operator (no content attribute)", path);
    int ok = qlb_h5_read_number(f, "dim", &h->dim) && qlb_h5_read_number(f, "degree", &h->degree) &&
             qlb_h5_read_number(f, "hbar", &h->hbar) && qlb_h5_read_number(f, "screening", &h->screening) &&
             qlb_h5_read_number(f, "tol", &h->tol) && qlb_h5_read_number(f, "form", &h->form) &&
             qlb_h5_read_number(f, "kernel_error", &h->error) && qlb_h5_read_number(f, "kappa_min", &h->kappa_min) &&
             qlb_h5_read_number(f, "kappa_max", &h->kappa_max) && qlb_h5_read_number(f, "asymmetry", &h->asymmetry) &&
             qlb_h5_read_string(f, "potential", h->potential, sizeof h->potential);
    if (!ok) return qlb_fail(QLB_EINVAL, "%s: a saved operator's attribute is missing or not finite", path);
    if (h->dim != floor(h->dim) || h->degree != floor(h->degree) || fabs(h->dim) > 1e6 ||
        fabs(h->degree) > 1e6 || h->form < 0 || h->form > 2 || h->form != floor(h->form))
        return qlb_fail(QLB_EINVAL, "%s: dim, degree or form is not an integer in range", path);
    return QLB_OK;
}

typedef struct {
    qlb_linop **out;
    int form;   /* the form required, or -1 */
} request;

/* The n x n matrix A: finite and exactly symmetric (the kernel is computed
 * symmetric and the blocks are symmetrized before they are saved). */
static qlb_status check_symmetric(const char *path, const char *what, int l, const double *A, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j <= i; j++) {
            if (!isfinite(A[i * n + j]))
                return qlb_fail(QLB_EINVAL, "%s: %s %d has an entry that is not finite", path, what, l);
            if (A[i * n + j] != A[j * n + i])
                return qlb_fail(QLB_EINVAL, "%s: %s %d is not symmetric", path, what, l);
        }
    return QLB_OK;
}

/* The kernel and the blocks, verified (qlb_h5_read_verified) and checked. */
static qlb_status read_arrays(hid_t f, const char *path, int N, double **kernel, double **blocks)
{
    size_t nk = (size_t)N + 1;
    qlb_status st = qlb_h5_read_verified(f, path, "operator/kernel", (qlb_h5_want){QLB_H5_F64, 2, nk, nk * nk},
                                         (void **)kernel, NULL);
    if (!st) st = qlb_h5_read_verified(f, path, "operator/blocks",
                                       (qlb_h5_want){QLB_H5_F64, 1, 0, blocks_length(N)}, (void **)blocks, NULL);
    if (!st) st = check_symmetric(path, "the kernel of degree", N, *kernel, nk);
    for (int l = 0, at = 0, s; !st && l <= N; l++, at += s * s) {
        s = (N - l) / 2 + 1;
        st = check_symmetric(path, "the block l =", l, *blocks + at, (size_t)s);
    }
    return st;
}

static qlb_status load(hid_t f, const char *path, const qlb_params *expect, void *handle)
{
    const request *r = handle;
    header h;
    qlb_status st = read_header(f, path, &h);
    if (!st && r->form >= 0 && h.form != r->form)
        st = qlb_fail(QLB_EINVAL, "%s holds form %d (qlb_form), not the requested form %d", path,
                      (int)h.form, r->form);
    qlb_potential *pot = NULL;
    if (!st) st = qlb_context(qlb_potential_parse(h.potential, &pot), "%s", path);
    if (st) return st;
    qlb_params p = qlb_params_default();
    p.dim = (int)h.dim, p.degree = (int)h.degree, p.hbar = h.hbar, p.screening = h.screening != 0;
    p.tol = h.tol, p.potential = pot;
    st = qlb_context(qlb_params_check(&p), "%s", path);
    if (!st && expect) st = qlb_saved_params_match(path, &p, expect);
    double *kernel = NULL, *blocks = NULL;
    if (!st) st = read_arrays(f, path, p.degree, &kernel, &blocks);
    qlb_linop_info info = {h.error, h.kappa_min, h.kappa_max, 0, 0, h.asymmetry, 0};
    if (!st) st = qlb_linop_from_parts(&p, (qlb_form)h.form, &info, kernel, blocks, pot, r->out);
    else qlb_potential_free(pot);
    free(kernel);
    free(blocks);
    return st;
}

qlb_status qlb_io_load_operator(const char *path, const qlb_params *expect, qlb_linop **out)
{
    request r = {out, -1};
    *out = NULL;
    return qlb_h5_load_handle(path, load, expect, &r);
}

qlb_status qlb_io_load_form(const char *path, const qlb_params *expect, qlb_form form, qlb_linop **out)
{
    request r = {out, (int)form};
    *out = NULL;
    return qlb_h5_load_handle(path, load, expect, &r);
}
