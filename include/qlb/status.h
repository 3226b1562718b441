/* qlb/status.h — status codes and error messages.
 *
 * Every fallible qlb function returns a qlb_status. On failure the library
 * also records a one-line human-readable message (thread-local) that says
 * what was wrong; the CLI prints it. The library itself never prints. */
#ifndef QLB_STATUS_H
#define QLB_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    QLB_OK = 0,
    QLB_EINVAL,   /* invalid argument or malformed input */
    QLB_ENOMEM,   /* allocation failed or size would not fit in memory */
    QLB_EIO,      /* file could not be read or written */
    QLB_EEXIST,   /* output exists and overwriting was not requested */
    QLB_EDIVERGE, /* the requested operator is not finite for this potential */
    QLB_ENOCONV,  /* a numerical method did not reach the requested accuracy */
    QLB_ELAPACK   /* LAPACK or ARPACK reported a failure */
} qlb_status;

/* Static description of a status code. */
const char *qlb_strerror(qlb_status status);

/* Message recorded by the last failing qlb call in this thread ("" if none).
 * The pointer stays valid until the next failing call in the same thread. */
const char *qlb_last_error(void);

/* QLB_ENOMEM (with the estimate in the message) if `bytes` exceed 80% of
 * the physical memory; `what` names the object in the message. */
qlb_status qlb_check_memory(double bytes, const char *what);

#ifdef __cplusplus
}
#endif

#endif
