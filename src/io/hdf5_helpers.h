/* hdf5_helpers.h — HDF5 helpers shared by the library's readers and
 * writers (hdf5_helpers.c). */
#ifndef QLB_IO_HDF5_HELPERS_H
#define QLB_IO_HDF5_HELPERS_H

#include <hdf5.h>
#include <stddef.h>

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
 * 1 on success, 0 if it is missing or not a variable-length string. */
int qlb_h5_read_string(hid_t loc, const char *name, char *buf, size_t len);

#endif
