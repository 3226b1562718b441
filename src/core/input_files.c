/* input_files.c — every input is checked to be a regular file by stat(2)
 * before it is opened (see input_files.h). */
#include "qlb/textfile.h"
#include "core/error.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static const char *kind(mode_t m)
{
    if (S_ISDIR(m)) return "a directory";
    if (S_ISFIFO(m)) return "a FIFO";
    if (S_ISCHR(m) || S_ISBLK(m)) return "a device";
    if (S_ISSOCK(m)) return "a socket";
    return "not a regular file";
}

qlb_status qlb_check_input_file(const char *path)
{
    struct stat s;
    if (stat(path, &s) != 0) return qlb_fail(QLB_EIO, "cannot read %s: %s", path, strerror(errno));
    if (!S_ISREG(s.st_mode))
        return qlb_fail(QLB_EINVAL, "%s is %s, not a regular file", path, kind(s.st_mode));
    return QLB_OK;
}
