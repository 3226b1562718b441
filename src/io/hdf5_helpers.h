/* hdf5_helpers.h — HDF5 helpers shared by the library's readers and
 * writers (hdf5_helpers.c). */
#ifndef QLB_IO_HDF5_HELPERS_H
#define QLB_IO_HDF5_HELPERS_H

#include <hdf5.h>
#include <stddef.h>

#include "qlb/io.h"
#include "qlb/params.h"

/* HDF5's automatic error printing is switched off for the duration of one
 * library call and the caller's setting restored after it, so a
 * program that links libqlb keeps its own HDF5 error handling. */
typedef struct {
    H5E_auto2_t func;
    void *data;
} qlb_h5_errors;
qlb_h5_errors qlb_h5_errors_off(void);
void qlb_h5_errors_restore(qlb_h5_errors saved);

/* Variable-length string attribute `name` of loc into buf (len bytes);
 * 1 on success, 0 if it is missing or not one variable-length string. */
int qlb_h5_read_string(hid_t loc, const char *name, char *buf, size_t len);

/* Writers, 1 on success: a scalar attribute of HDF5 type `type` from *v;
 * an int; a variable-length UTF-8 string (h5py reads it as str). */
int qlb_h5_attr(hid_t loc, const char *name, hid_t type, const void *v);
int qlb_h5_attr_int(hid_t loc, const char *name, int v);
int qlb_h5_attr_string(hid_t loc, const char *name, const char *v);

/* Dataset r x c of `type` from data (c = 0: 1-D of length r); the groups in
 * name are created. It carries the attribute sha256: the hex SHA-256 of its
 * values' bytes in C order (little-endian on every machine qlb runs on;
 * hashlib.sha256(ds[()].tobytes()) in h5py). _open returns it open (or -1),
 * qlb_h5_dataset 1/0. */
hid_t qlb_h5_dataset_open(hid_t loc, const char *name, hid_t type, const void *data, hsize_t r,
                          hsize_t c);
int qlb_h5_dataset(hid_t loc, const char *name, hid_t type, const void *data, hsize_t r, hsize_t c);

/* /basis with its attribute "columns"; with the metadata attributes of the
 * file (dim, hbar, degree, potential, screening, basis, qlb_version). */
int qlb_h5_basis_labels(hid_t f, const qlb_io_labels *lab);
int qlb_h5_labels_and_meta(hid_t f, const qlb_io_labels *lab, const qlb_io_meta *m);

/* The rank of dataset ds (1 or 2) and its dims (dims[1] = 1 for rank 1)
 * if it is an array of numbers (integer or floating), else 0. */
int qlb_h5_numeric_dims(hid_t ds, hsize_t dims[2]);

/* A finite number attribute, one element of an integer or floating type
 * (1/0). */
int qlb_h5_read_number(hid_t loc, const char *name, double *v);

/* What a reader requires of a dataset: its stored type exactly, its rank (1
 * or 2; 0 either), for rank 2 its columns (0 any), and its number of values
 * (QLB_H5_ANY: any). */
typedef enum { QLB_H5_F64, QLB_H5_I32, QLB_H5_I64 } qlb_h5_kind;
#define QLB_H5_ANY ((size_t)-1)
typedef struct {
    qlb_h5_kind kind;
    int rank;
    size_t cols, count;
} qlb_h5_want;

/* Dataset `name` of loc (a path with groups) read whole into a new buffer
 * *out (malloc'ed; native int32_t, int64_t or double), its rows and columns
 * into dims (cols 1 for rank 1; dims may be NULL). In order: the type, rank
 * and shape against want; the byte size against memory, overflow-safe
 * (qlb_check_array_bytes); the storage (contiguous, or at most 4096
 * chunks: HDF5 keeps state per chunk); then the allocation; after the read, the bytes
 * against the dataset's sha256 attribute, which every dataset qlb writes
 * carries (qlb_h5_dataset). Every refusal names path and the dataset:
 * QLB_EINVAL, or QLB_ENOMEM for a size that does not fit. */
qlb_status qlb_h5_read_verified(hid_t loc, const char *path, const char *name, qlb_h5_want want,
                                void **out, size_t dims[2]);

/* A saved handle: opens path read-only (HDF5's error printing off) and
 * checks that its qlb_version has this library's major.minor, and calls
 * load(f, path, expect, out), out the caller's handle pointer (qlb_linop **,
 * qlb_quadratic **); QLB_EIO naming path if it is not an HDF5 file. */
typedef qlb_status (*qlb_h5_loader)(hid_t f, const char *path, const qlb_params *expect, void *out);
qlb_status qlb_h5_load_handle(const char *path, qlb_h5_loader load, const qlb_params *expect, void *out);

/* Saved parameters p against those the caller expects: QLB_EINVAL naming
 * both unless d, N, hbar, potential and screening agree and the saved
 * tolerance is at least as tight as the requested one. */
qlb_status qlb_saved_params_match(const char *path, const qlb_params *p, const qlb_params *want);

#endif
