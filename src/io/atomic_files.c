/* atomic_files.c — checks of an output path, temporary files beside it and
 * the final rename (see atomic_files.h). */
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

qlb_status qlb_io_make_temp(const char *path, char *tmp, size_t len)
{
    snprintf(tmp, len, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) return qlb_fail(QLB_EIO, "cannot create %s: %s", tmp, strerror(errno));
    fchmod(fd, 0644);
    close(fd);
    return QLB_OK;
}

qlb_status qlb_io_rename(const char *tmp, const char *path)
{
    return rename(tmp, path) == 0
               ? QLB_OK
               : qlb_fail(QLB_EIO, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
}
