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

/* Writes path and, if side is not NULL, its sidecar, through temporary
 * files beside them (PATH.tmp-HOST-PID-XXXXXX, mode 0644; the stale ones of
 * path removed first, qlb_io_remove_stale): write(file, ctx, 0) makes the main file, write(file,
 * ctx, 1) the sidecar. Both are renamed into place (sidecar first) only
 * when both are complete; on any failure both temporaries are removed.
 * The caller checks the outputs first (qlb_io_check_path). */
typedef qlb_status (*qlb_io_writer)(const char *file, void *ctx, int sidecar);
qlb_status qlb_io_write_atomic(const char *path, const char *side, qlb_io_writer write, void *ctx);

#endif
