/* tensor_files.h — the quadratic-term tensor in a file (tensor_files.c):
 * factored or expanded HDF5, or expanded coordinate text; layouts in
 * qlb/io.h. Writes `file` directly (the caller renames it into place). */
#ifndef QLB_IO_TENSOR_FILES_H
#define QLB_IO_TENSOR_FILES_H

#include "qlb/io.h"
#include "qlb/quadratic.h"

qlb_status qlb_tensor_file_write(const char *file, qlb_format fmt, qlb_tensor_layout layout,
                                 const qlb_quadratic *T, const qlb_io_labels *labels,
                                 const qlb_io_meta *meta);

#endif
