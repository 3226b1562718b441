/* npy_archive.h — NumPy's .npy header and .npz archives (npy_archive.c). */
#ifndef QLB_IO_NPY_ARCHIVE_H
#define QLB_IO_NPY_ARCHIVE_H

#include <stddef.h>

#include "qlb/status.h"

/* The .npy (version 1.0) header of a little-endian float64 C-order
 * rows x cols array (cols = 0: 1-D) into out (at least 128 bytes): magic,
 * length and the dictionary padded to a multiple of 64. Returns its size. */
size_t qlb_npy_header(size_t rows, size_t cols, unsigned char *out);

/* Writes file as a .npz archive (a zip, stored uncompressed) holding one
 * array, member name + ".npy", the rows x cols row-major doubles A.
 * QLB_ENOMEM beyond the 4 GiB of a zip without zip64. */
qlb_status qlb_npz_write(const char *file, const char *name, const double *A, size_t rows,
                         size_t cols);

#endif
