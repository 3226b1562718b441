/* hdf5_helpers.c — HDF5 pieces shared by the library's readers and writers:
 * the automatic error printing switched off for one call and the caller's
 * setting restored, and variable-length string attributes. */
#include "io/hdf5_helpers.h"

#include <stdio.h>

qlb_h5_errors qlb_h5_errors_off(void)
{
    qlb_h5_errors saved = {NULL, NULL};
    H5Eget_auto2(H5E_DEFAULT, &saved.func, &saved.data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    return saved;
}

void qlb_h5_errors_restore(qlb_h5_errors saved)
{
    H5Eset_auto2(H5E_DEFAULT, saved.func, saved.data);
}

int qlb_h5_read_string(hid_t loc, const char *name, char *buf, size_t len)
{
    if (H5Aexists(loc, name) <= 0) return 0;
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT), t = H5Aget_type(a), mem = H5Tcopy(H5T_C_S1);
    char *s = NULL;
    H5Tset_size(mem, H5T_VARIABLE);
    H5Tset_cset(mem, H5Tget_cset(t));
    int ok = H5Tis_variable_str(t) > 0 && H5Aread(a, mem, &s) >= 0 && s;
    if (ok) snprintf(buf, len, "%s", s);
    if (s) H5free_memory(s);
    H5Tclose(mem), H5Tclose(t), H5Aclose(a);
    return ok;
}
