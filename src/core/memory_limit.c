/* memory_limit.c — the refusal of objects that would not fit: an estimate
 * in bytes against 80% of the physical memory (sysconf), checked before
 * anything is allocated. */
#include "core/error.h"
#include "qlb/status.h"

#include <unistd.h>

qlb_status qlb_check_memory(double bytes, const char *what)
{
    double avail = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGE_SIZE);
    if (bytes > 0.8 * avail)
        return qlb_fail(QLB_ENOMEM, "%s needs about %.3g GB, more than 80%% of the %.3g GB "
                                    "of memory here", what, bytes / 1e9, avail / 1e9);
    return QLB_OK;
}
