/* qlb/io.h — writing matrices in formats people open: HDF5 (h5py), Matrix
 * Market coordinate (scipy.io.mmread) and NumPy .npy, always through a
 * temporary file in the target directory renamed into place, so a failure
 * never leaves a half-written file. Every export carries the basis labels:
 * inside the HDF5 file (/basis with attribute "columns"), or in a sidecar
 * PATH.basis.csv for mtx/npy. */
#ifndef QLB_IO_H
#define QLB_IO_H

#include <stddef.h>

#include "qlb/bilinear.h"
#include "qlb/status.h"

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

/* Writes the stored entries of the quadratic-term tensor: h5 (group /Q with
 * index (nnz x 3, 0-based a, b, c with b <= c) and value, /basis, metadata
 * attributes) or tns (coordinate text "a b c value", 1-based, # header,
 * sidecar PATH.basis.csv). */
qlb_status qlb_io_write_tensor(const char *path, qlb_format fmt, const qlb_bilinear *T,
                               const qlb_io_labels *labels, const qlb_io_meta *meta, int force);

#endif
