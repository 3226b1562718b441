/* error.h — how library functions fail: record a one-line message (thread-
 * local, read back with qlb_last_error) and return the status (status.c). */
#ifndef QLB_CORE_ERROR_H
#define QLB_CORE_ERROR_H

#include "qlb/status.h"

/* Records the formatted message and returns status. */
qlb_status qlb_fail(qlb_status status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* For a failed status: prefixes the recorded message with "context: " (the
 * caller's step, so that a message reads like a short trace); returns
 * status unchanged, and does nothing for QLB_OK. */
qlb_status qlb_context(qlb_status status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
