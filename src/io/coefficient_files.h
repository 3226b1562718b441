/* coefficient_files.h — reading coefficient vectors from CSV and HDF5 (internal;
 * formats in qlb/initial.h). */
#ifndef QLB_IO_COEFFICIENT_FILES_H
#define QLB_IO_COEFFICIENT_FILES_H

#include "qlb/basis.h"
#include "qlb/status.h"

/* Cartesian coefficients (length qlb_basis_size) from "multi_index,value" CSV. */
qlb_status qlb_coefficients_read_csv(const char *path, const qlb_basis *b, double *cartesian);

/* /c of an HDF5 file (last row if 2-D); *spherical = 1 if its basis
 * attribute says so. */
qlb_status qlb_coefficients_read_h5(const char *path, const qlb_basis *b, double *c,
                                int *spherical);

#endif
