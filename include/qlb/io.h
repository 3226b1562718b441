/* qlb/io.h — writing matrices in formats people open: HDF5 (h5py), Matrix
 * Market coordinate (scipy.io.mmread) and NumPy .npy, always through a
 * temporary file in the target directory renamed into place, so a failure
 * never leaves a half-written file. Every export carries the basis labels:
 * inside the HDF5 file (/basis with attribute "columns"), or in a sidecar
 * PATH.basis.csv for mtx/npy. */
#ifndef QLB_IO_H
#define QLB_IO_H

#include <stddef.h>

#include "qlb/linop.h"
#include "qlb/moments.h"
#include "qlb/quadratic.h"
#include "qlb/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { QLB_FORMAT_H5, QLB_FORMAT_MTX, QLB_FORMAT_NPY, QLB_FORMAT_TNS } qlb_format;

typedef struct {
    int dim;
    double hbar;
    int degree;
    const char *potential;  /* canonical spec */
    int screening;
    const char *basis;      /* "cartesian" or "spherical" */
    int variation;          /* tensor only: screening variation included */
} qlb_io_meta;

typedef struct {
    size_t rows;
    int cols;
    const int *values;      /* rows x cols, row-major */
    const char *header;     /* comma-separated column names, e.g. "n,l,m" */
} qlb_io_labels;

/* Parses "h5", "mtx", "npy" or "tns". */
qlb_status qlb_io_parse_format(const char *name, qlb_format *fmt);

/* Fails with QLB_EEXIST if path (or its sidecar for mtx/npy) exists and
 * force is 0, and with QLB_EIO if its directory is not writable. Call it
 * before expensive work; qlb_io_write_matrix checks again. */
qlb_status qlb_io_check_output(const char *path, qlb_format fmt, int force);

/* Writes the dense symmetric n x n row-major matrix A named "L". */
qlb_status qlb_io_write_matrix(const char *path, qlb_format fmt, const double *A, size_t n,
                               const qlb_io_labels *labels, const qlb_io_meta *meta,
                               int force);

/* The two layouts of the quadratic-term tensor in a file. */
typedef enum { QLB_TENSOR_FACTORED, QLB_TENSOR_EXPANDED } qlb_tensor_layout;

/* Writes the quadratic-term tensor (qlb/quadratic.h) with /basis and the
 * metadata attributes.
 * Factored (h5 only), group /Q (attribute layout = "factored"):
 *   blocks        B x 6 int32: l, l1, l2, K, K1, K2 of each stored block (l1 <= l2)
 *   radial_offset B + 1 int64: block k's t is radial[radial_offset[k] ..], K x K1 x K2
 *   radial        the reduced radial tensors, row-major
 *   gaunt_offset  B + 1 int64: block k's coupling entries gaunt_offset[k] ..
 *   gaunt_index   E x 3 int32: (m, m1, m2) of each coupling entry
 *   gaunt_value   E doubles
 *   first_index   (N+1) x (N/2+1) int64: position of f_{n,l,0} at [l][n] (-1: none);
 *                 f_{n,l,m} is at first_index[l][n] + m
 * so that T[a][b][c] = T[a][c][b] = radial[n][n1][n2] * gaunt_value[e] at
 * a = first_index[l][n] + m, b = first_index[l1][n1] + m1, c = first_index[l2][n2] + m2.
 * Expanded: h5 (/Q/index, nnz x 3, 0-based a, b, c with b <= c, and
 * /Q/value) or tns (coordinate text "a b c value", 1-based, # header,
 * sidecar PATH.basis.csv); QLB_ENOMEM if the expansion does not fit. */
qlb_status qlb_io_write_tensor(const char *path, qlb_format fmt, qlb_tensor_layout layout,
                               const qlb_quadratic *T, const qlb_io_labels *labels,
                               const qlb_io_meta *meta, int force);

/* An assembled operator as a file (HDF5: /operator/kernel, /operator/blocks,
 * /basis and the parameters as attributes), written atomically; QLB_EEXIST
 * if path exists and force is 0; QLB_EINVAL for a callback potential. */
qlb_status qlb_io_save_operator(const char *path, const qlb_linop *L, int force);
/* Loads a saved operator (of any form: qlb_linop_form(*out)) as a handle
 * owning its potential (parsed from the saved spec). The file must have
 * been written by this library's major.minor release. With expect non-NULL,
 * the saved d, N, hbar, potential and screening must equal expect's and
 * the saved tol be at most expect's, else QLB_EINVAL naming both. Spectra
 * of a loaded operator are bit-identical to the saved one's. */
qlb_status qlb_io_load_operator(const char *path, const qlb_params *expect, qlb_linop **out);
/* The same, refusing (QLB_EINVAL) a file that holds another form. */
qlb_status qlb_io_load_form(const char *path, const qlb_params *expect, qlb_form form, qlb_linop **out);

/* Loads a factored tensor written by qlb_io_write_tensor (h5) as a handle
 * owning its potential; version and expect are checked as by
 * qlb_io_load_operator.
 * Its contractions are bit-identical to the saved tensor's. */
qlb_status qlb_io_load_quadratic(const char *path, const qlb_params *expect, qlb_quadratic **out);

/* Named arrays and attributes for time series and checkpoints (HDF5). */
typedef struct {
    const char *name;       /* path in the file, e.g. "diagnostics/mass" (groups created) */
    const double *data;
    size_t rows, cols;      /* cols = 0: a 1-D dataset of length rows */
    const char *attr_name;  /* optional string attribute of the dataset */
    const char *attr_value;
} qlb_io_array;

typedef struct {
    const char *name;       /* attribute of the root group */
    const char *text;       /* string attribute, or NULL for ... */
    double number;          /* ... a double */
} qlb_io_attr;

/* Writes the arrays, the basis labels (/basis) and the root attributes
 * (plus qlb_version) to path atomically (temporary file renamed into
 * place); QLB_EEXIST if path exists and force is 0. */
qlb_status qlb_io_write_arrays(const char *path, const qlb_io_array *arrays, int n_arrays,
                               const qlb_io_attr *attrs, int n_attrs,
                               const qlb_io_labels *labels, int force);

/* Writes a CSV table atomically: header of the column names, then rows
 * (columns[c * rows + r], %.17g; NaN as "nan"). */
qlb_status qlb_io_write_csv(const char *path, const char *const *names, int ncols,
                           const double *columns, size_t rows, int force);

/* Every file is written to a temporary file beside it,
 * PATH.tmp-HOST-PID-XXXXXX, renamed into place when complete. Removes the
 * temporary files of the writes in progress: for a program's SIGINT or
 * SIGTERM handler (async-signal-safe: it only calls unlink). */
void qlb_io_remove_temporaries(void);
/* Removes the temporary files of path that a killed writer left (of this
 * host, whose process has ended); returns how many. Every write does this
 * first for its own path. */
int qlb_io_remove_stale(const char *path);

/* Reads dataset name of a file qlb wrote (malloc'ed *data, *rows x *cols;
 * *cols = 1 for 1-D): a 1-D or 2-D float64 array whose sha256 attribute
 * matches its bytes (every dataset qlb writes carries one); anything else,
 * or a size that would not fit in memory, is refused by name. */
qlb_status qlb_io_read_array(const char *path, const char *name, double **data, size_t *rows,
                             size_t *cols);
/* Reads root attribute name: a string into text (len bytes) or a double. */
qlb_status qlb_io_read_attr(const char *path, const char *name, char *text, size_t len,
                            double *number);

/* Hermite–Laguerre moment matrices (qlb/moments.h) in the layouts of
 * moment codes, written atomically:
 *   GYACOMO  HDF5 as gyacomo's COSOlver interface reads it for like-species
 *            drift-kinetic collisions (cosolver_interface_mod.F90,
 *            load_COSOlver_mat): /dims_i and /dims_e = (P, J) as doubles,
 *            /coordkperp = (0), /00000/Caapj/Ciipj and /00000/Caapj/Ceepj
 *            the matrix, stored transposed so that Fortran's column-major
 *            read gives Caa(row, col) = C[row][col]; plus /basis (p, j).
 *   NPZ      PATH (a .npz holding "matrix", C[a][b] row-major) and a JSON
 *            sidecar (PATH with .npz replaced by .json, else PATH.json):
 *            kind, shape, moment order and list, Hermite and Laguerre
 *            conventions, moment definition, orientation, units and nu,
 *            d, hbar, potential, screening, qlb_version, and the sha256 of
 *            the matrix's bytes (little-endian float64, C order).
 * Both carry the conventions (as root attributes of the HDF5 file). */
typedef enum { QLB_MOMENTS_GYACOMO, QLB_MOMENTS_NPZ } qlb_moment_format;

typedef struct {
    int max_p, max_j;
    qlb_moment_units units;
    double nu;              /* the unit frequency in qlb's units (1 for QLB units) */
    double hbar;
    const char *potential;  /* canonical spec */
    int screening;
} qlb_io_moment_meta;

/* Parses "gyacomo" or "npz". */
qlb_status qlb_io_parse_moment_format(const char *name, qlb_moment_format *fmt);
/* The file path names besides path itself (npz: the JSON sidecar). */
void qlb_io_moment_sidecar(const char *path, char *buf, size_t len);
/* As qlb_io_check_output, for path and (npz) its sidecar. */
qlb_status qlb_io_check_moment_output(const char *path, qlb_moment_format fmt, int force);
/* Writes C ((P+1)(J+1) squared, row-major, qlb_moment_matrix's layout). */
qlb_status qlb_io_write_moments(const char *path, qlb_moment_format fmt, const double *C,
                                const qlb_io_moment_meta *meta, int force);

#ifdef __cplusplus
}
#endif

#endif
