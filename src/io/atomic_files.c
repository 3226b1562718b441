/* atomic_files.c — checks of an output path, temporary files beside it, the
 * final rename, and a file with its sidecar written that way (see
 * atomic_files.h). */
#include "io/atomic_files.h"
#include "core/error.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

qlb_status qlb_io_check_path(const char *path, int force)
{
    if (!force && access(path, F_OK) == 0)
        return qlb_fail(QLB_EEXIST, "output %s exists", path);
    char *copy = strdup(path);
    if (!copy) return qlb_fail(QLB_ENOMEM, "out of memory");
    int ok = access(dirname(copy), W_OK) == 0;
    free(copy);
    return ok ? QLB_OK : qlb_fail(QLB_EIO, "cannot write %s: directory not writable or missing",
                                  path);
}

/* An empty temporary file beside path; tmp receives its name. */
static qlb_status make_temp(const char *path, char *tmp, size_t len)
{
    snprintf(tmp, len, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) return qlb_fail(QLB_EIO, "cannot create %s: %s", tmp, strerror(errno));
    fchmod(fd, 0644);
    close(fd);
    return QLB_OK;
}

static qlb_status rename_into_place(const char *tmp, const char *path)
{
    return rename(tmp, path) == 0
               ? QLB_OK
               : qlb_fail(QLB_EIO, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
}

qlb_status qlb_io_write_atomic(const char *path, const char *side, qlb_io_writer write, void *ctx)
{
    char tmp[4200], side_tmp[4200] = "";
    qlb_status st = make_temp(path, tmp, sizeof tmp);
    if (st) return st;
    st = write(tmp, ctx, 0);
    if (!st && side) st = make_temp(side, side_tmp, sizeof side_tmp);
    if (!st && side) st = write(side_tmp, ctx, 1);
    if (!st && side) st = rename_into_place(side_tmp, side);
    if (!st) st = rename_into_place(tmp, path);
    if (st) {
        unlink(tmp);
        if (side_tmp[0]) unlink(side_tmp);
    }
    return st;
}
