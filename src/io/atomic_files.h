/* atomic_files.h — the steps of writing a file atomically (atomic_files.c):
 * check the target first, write a temporary file beside it, rename it into
 * place only when complete. */
#ifndef QLB_IO_ATOMIC_FILES_H
#define QLB_IO_ATOMIC_FILES_H

#include <stddef.h>

#include "qlb/status.h"

/* QLB_EEXIST if path exists and force is 0; QLB_EIO if its directory is
 * not writable. */
qlb_status qlb_io_check_path(const char *path, int force);

/* Creates an empty temporary file PATH.tmp-XXXXXX (mode 0644); tmp
 * receives its name. */
qlb_status qlb_io_make_temp(const char *path, char *tmp, size_t len);

/* Renames tmp to path; QLB_EIO naming both on failure. */
qlb_status qlb_io_rename(const char *tmp, const char *path);

#endif
