/* memory_limit.c — the refusal of objects that would not fit: an estimate
 * in bytes against 80% of the physical memory (sysconf), checked before
 * anything is allocated; and the same for count x size, a product taken
 * without overflow (sizes read from files can be anything). */
#include "core/memory_limit.h"
#include "core/error.h"

#include <stdint.h>
#include <unistd.h>

qlb_status qlb_check_memory(double bytes, const char *what)
{
    double avail = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGE_SIZE);
    if (bytes > 0.8 * avail)
        return qlb_fail(QLB_ENOMEM, "%s needs about %.3g GB, more than 80%% of the %.3g GB "
                                    "of memory here", what, bytes / 1e9, avail / 1e9);
    return QLB_OK;
}

qlb_status qlb_check_array_bytes(size_t count, size_t size, const char *what, size_t *bytes)
{
    *bytes = 0;
    if (size && count > SIZE_MAX / size)
        return qlb_fail(QLB_ENOMEM, "%s declares %zu values of %zu bytes, more than fits in memory",
                        what, count, size);
    qlb_status st = qlb_check_memory((double)count * (double)size, what);
    if (!st) *bytes = count * size;
    return st;
}
