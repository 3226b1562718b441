/* operator_cache.h — assembled forms kept in a directory between scans
 * (operator_cache.c). */
#ifndef QLB_CLI_OPERATOR_CACHE_H
#define QLB_CLI_OPERATOR_CACHE_H

#include "qlb/qlb.h"

/* The form of parameters p: loaded from DIR if a scan saved it there,
 * else assembled and saved there. Fails (status, message) if the saved
 * file does not match p or the new one cannot be written. */
qlb_status cli_cached_form(const char *dir, const qlb_params *p, qlb_form form, qlb_linop **out);

#endif
