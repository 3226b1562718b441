/* status.c — status strings and the thread-local "last error" message that
 * failing library calls record for the CLI to show. */
#include "qlb/status.h"
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char last_error[512];

const char *qlb_strerror(qlb_status status)
{
    switch (status) {
    case QLB_OK: return "success";
    case QLB_EINVAL: return "invalid input";
    case QLB_ENOMEM: return "out of memory";
    case QLB_EIO: return "input/output error";
    case QLB_EEXIST: return "output exists";
    case QLB_EDIVERGE: return "divergent operator";
    case QLB_ENOCONV: return "no convergence";
    case QLB_ELAPACK: return "linear algebra failure";
    }
    return "unknown status";
}

const char *qlb_last_error(void) { return last_error; }

qlb_status qlb_context(qlb_status status, const char *fmt, ...)
{
    if (status == QLB_OK) return status;
    char context[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(context, sizeof context, fmt, ap);
    va_end(ap);
    size_t c = strlen(context), m = strlen(last_error);
    if (c + 2 + m >= sizeof last_error) m = sizeof last_error - c - 3; /* keep the start */
    memmove(last_error + c + 2, last_error, m);
    last_error[c + 2 + m] = '\0';
    memcpy(last_error, context, c);
    last_error[c] = ':', last_error[c + 1] = ' ';
    return status;
}

qlb_status qlb_fail(qlb_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return status;
}
