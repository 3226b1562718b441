/* h5util.h — HDF5 helpers shared by the library's readers (internal). */
#ifndef QLB_H5UTIL_H
#define QLB_H5UTIL_H

#include <hdf5.h>
#include <stddef.h>

/* Variable-length string attribute `name` of loc into buf (len bytes);
 * 1 on success, 0 if it is missing or not a variable-length string (io.c). */
int qlb_h5_read_string(hid_t loc, const char *name, char *buf, size_t len);

#endif
