/* memory_limit.h — sizes the file or the caller declares, checked before
 * anything is allocated (memory_limit.c; qlb_check_memory is public, in
 * qlb/status.h). */
#ifndef QLB_CORE_MEMORY_LIMIT_H
#define QLB_CORE_MEMORY_LIMIT_H

#include <stddef.h>

#include "qlb/status.h"

/* count values of `size` bytes: the product computed without overflow into
 * *bytes and checked against memory (qlb_check_memory). QLB_ENOMEM naming
 * `what` with the count if the product overflows or does not fit. The one
 * check of every size read from a file before its allocation. */
qlb_status qlb_check_array_bytes(size_t count, size_t size, const char *what, size_t *bytes);

#endif
