/* moment_files.c — Hermite–Laguerre moment matrices in the layouts that
 * moment codes read (see qlb/io.h): gyacomo's COSOlver HDF5 layout through
 * qlb_io_write_arrays, and a .npz with a JSON sidecar (GKX style), both
 * written to temporary files and renamed into place. The conventions are
 * one table of texts, written as HDF5 attributes or JSON fields. */
#include "qlb/io.h"
#include "qlb/textfile.h"
#include "qlb/version.h"
#include "core/error.h"
#include "core/sha256.h"
#include "io/atomic_files.h"
#include "io/npy_archive.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

qlb_status qlb_io_parse_moment_format(const char *name, qlb_moment_format *fmt)
{
    if (!strcmp(name, "gyacomo")) *fmt = QLB_MOMENTS_GYACOMO;
    else if (!strcmp(name, "npz")) *fmt = QLB_MOMENTS_NPZ;
    else return qlb_fail(QLB_EINVAL, "unknown moment format '%s' (gyacomo, npz)", name);
    return QLB_OK;
}

void qlb_io_moment_sidecar(const char *path, char *buf, size_t len)
{
    size_t n = strlen(path);
    if (n > 4 && !strcmp(path + n - 4, ".npz")) snprintf(buf, len, "%.*s.json", (int)(n - 4), path);
    else snprintf(buf, len, "%s.json", path);
}

qlb_status qlb_io_check_moment_output(const char *path, qlb_moment_format fmt, int force)
{
    char side[4200];
    qlb_status st = qlb_io_check_path(path, force);
    if (st || fmt == QLB_MOMENTS_GYACOMO) return st;
    qlb_io_moment_sidecar(path, side, sizeof side);
    return qlb_io_check_path(side, force);
}

enum { N_CONVENTIONS = 8 };

/* The texts that say what the matrix is. */
static void conventions(const qlb_io_moment_meta *m, qlb_io_attr *c)
{
    c[0] = (qlb_io_attr){"kind", "linearized like-species collision operator, drift-kinetic "
                                 "(k_perp = 0), quantum Lenard-Balescu (qlb)", 0};
    c[1] = (qlb_io_attr){"moment_order", "index (J+1)*p + j: p = 0..P Hermite (v_par), "
                                         "j = 0..J Laguerre (v_perp^2)", 0};
    c[2] = (qlb_io_attr){"hermite", "h_p = H_p(s_par)/sqrt(2^p p!), s_par = v_par/v_th, "
                                    "v_th = sqrt(2T/m) (physicists'); the same function as "
                                    "He_p(v_par/sqrt(T/m))/sqrt(p!) (probabilists')", 0};
    c[3] = (qlb_io_attr){"laguerre", "L_j(x), x = s_perp^2 = m v_perp^2/(2T), standard sign "
                                     "L_1(x) = 1 - x, orthonormal under exp(-x) dx", 0};
    c[4] = (qlb_io_attr){"moments", "N^pj = (1/n) Int h_p L_j F dv (dual basis of F = F_M sum "
                                    "N^pj h_p L_j); h_p L_j is orthonormal under F_M/n, so the "
                                    "matrix is symmetric", 0};
    c[5] = (qlb_io_attr){"orientation", "C[a][b]: row a the moment that changes, column b the "
                                        "one that drives it: dN^a/dt = ... + nu sum_b C[a][b] N^b", 0};
    c[6] = (qlb_io_attr){"units", m->units == QLB_MOMENT_UNITS_LANDAU
        ? "landau: per nu = 4 sqrt(pi) n e^4 lnLambda / (3 (4 pi eps0)^2 m^(1/2) T^(3/2)) "
          "(Braginskii's 1/tau_i, gyacomo's nu_ii); nu = Lambda/(12 pi^(5/2)) in qlb units, "
          "Lambda = Int_0^inf k^3 Vhat(k)^2 dk"
        : "qlb: qlb's time unit, d_t g + L g = 0 with n = T = m = 1 (the paper's (1.10)); nu = 1", 0};
    c[7] = (qlb_io_attr){"field_direction", "b along qlb's first velocity axis: v_par = v_1, "
                                            "v_perp = (v_2, v_3)", 0};
}

static void moment_labels(const qlb_io_moment_meta *m, int *values, qlb_io_labels *lab)
{
    size_t k = 0;
    for (int p = 0; p <= m->max_p; p++)
        for (int j = 0; j <= m->max_j; j++) values[k++] = p, values[k++] = j;
    *lab = (qlb_io_labels){k / 2, 2, values, "p,j"};
}

static qlb_status write_gyacomo(const char *path, const double *C, const qlb_io_moment_meta *m,
                                int force)
{
    size_t n = qlb_moment_count(m->max_p, m->max_j);
    double *Ct = malloc(n * n * sizeof(double));
    int *values = malloc(2 * n * sizeof(int));
    if (!Ct || !values) {
        free(Ct), free(values);
        return qlb_fail(QLB_ENOMEM, "out of memory for the %zu x %zu moment matrix", n, n);
    }
    for (size_t a = 0; a < n; a++)
        for (size_t b = 0; b < n; b++) Ct[b * n + a] = C[a * n + b]; /* Fortran reads it transposed */
    double dims[2] = {m->max_p, m->max_j}, kperp = 0;
    qlb_io_array arrays[] = {{"dims_i", dims, 2, 0, NULL, NULL},
                             {"dims_e", dims, 2, 0, NULL, NULL},
                             {"coordkperp", &kperp, 1, 0, NULL, NULL},
                             {"00000/Caapj/Ciipj", Ct, n, n, NULL, NULL},
                             {"00000/Caapj/Ceepj", Ct, n, n, NULL, NULL}};
    qlb_io_attr attrs[N_CONVENTIONS + 8];
    conventions(m, attrs);
    int k = N_CONVENTIONS;
    attrs[k++] = (qlb_io_attr){"potential", m->potential, 0};
    attrs[k++] = (qlb_io_attr){"layout", "gyacomo COSOlver (cosolver_interface_mod.F90)", 0};
    attrs[k++] = (qlb_io_attr){"dim", NULL, 3};
    attrs[k++] = (qlb_io_attr){"hbar", NULL, m->hbar};
    attrs[k++] = (qlb_io_attr){"screening", NULL, m->screening};
    attrs[k++] = (qlb_io_attr){"max_p", NULL, m->max_p};
    attrs[k++] = (qlb_io_attr){"max_j", NULL, m->max_j};
    attrs[k++] = (qlb_io_attr){"nu", NULL, m->nu};
    qlb_io_labels lab;
    moment_labels(m, values, &lab);
    qlb_status st = qlb_io_write_arrays(path, arrays, 5, attrs, k, &lab, force);
    free(Ct), free(values);
    return st;
}

static qlb_status write_json(const char *file, const char *npz, const double *C,
                             const qlb_io_moment_meta *m)
{
    size_t n = qlb_moment_count(m->max_p, m->max_j);
    char sha[65], *slash = strrchr(npz, '/');
    qlb_sha256_hex(C, n * n * sizeof(double), sha);
    FILE *f = fopen(file, "w");
    if (!f) return qlb_fail(QLB_EIO, "cannot write %s: %s", file, strerror(errno));
    qlb_io_attr c[N_CONVENTIONS];
    conventions(m, c);
    fprintf(f, "{\n  \"file\": ");
    qlb_text_json_string(f, slash ? slash + 1 : npz);
    fprintf(f, ",\n  \"array\": \"matrix\",\n  \"dtype\": \"float64\",\n  \"shape\": [%zu, %zu],\n"
               "  \"max_p\": %d,\n  \"max_j\": %d,\n", n, n, m->max_p, m->max_j);
    for (int k = 0; k < N_CONVENTIONS; k++) {
        fprintf(f, "  \"%s\": ", c[k].name);
        qlb_text_json_string(f, c[k].text);
        fprintf(f, ",\n");
    }
    fprintf(f, "  \"moment_list\": [");
    for (int p = 0; p <= m->max_p; p++)
        for (int j = 0; j <= m->max_j; j++) fprintf(f, "%s[%d, %d]", p + j ? ", " : "", p, j);
    fprintf(f, "],\n  \"nu\": %.17g,\n  \"dim\": 3,\n  \"hbar\": %.17g,\n  \"potential\": ",
            m->nu, m->hbar);
    qlb_text_json_string(f, m->potential);
    fprintf(f, ",\n  \"screening\": %s,\n  \"qlb_version\": \"%s\",\n  \"sha256\": \"%s\"\n}\n",
            m->screening ? "true" : "false", QLB_VERSION, sha);
    return fclose(f) == 0 ? QLB_OK : qlb_fail(QLB_EIO, "cannot write %s", file);
}

typedef struct {
    const char *path;
    const double *C;
    const qlb_io_moment_meta *m;
} npz_files;

/* qlb_io_writer: the .npz, or its JSON sidecar. */
static qlb_status write_npz_part(const char *file, void *ctx, int sidecar)
{
    const npz_files *F = ctx;
    size_t n = qlb_moment_count(F->m->max_p, F->m->max_j);
    return sidecar ? write_json(file, F->path, F->C, F->m) : qlb_npz_write(file, "matrix", F->C, n, n);
}

static qlb_status write_npz(const char *path, const double *C, const qlb_io_moment_meta *m,
                            int force)
{
    char side[4200];
    npz_files F = {path, C, m};
    qlb_io_moment_sidecar(path, side, sizeof side);
    qlb_status st = qlb_io_check_moment_output(path, QLB_MOMENTS_NPZ, force);
    return st ? st : qlb_io_write_atomic(path, side, write_npz_part, &F);
}

qlb_status qlb_io_write_moments(const char *path, qlb_moment_format fmt, const double *C,
                                const qlb_io_moment_meta *meta, int force)
{
    return fmt == QLB_MOMENTS_GYACOMO ? write_gyacomo(path, C, meta, force)
                                      : write_npz(path, C, meta, force);
}
