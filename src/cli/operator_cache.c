/* operator_cache.c — `qlb scan --operators DIR`: each case's assembled
 * forms are kept in DIR as saved operator handles (qlb/io.h), so that a
 * scan that is re-run (more quantities, eigenvalues or degrees up to the
 * saved one) loads them instead of assembling again. A file is named by
 * its form, d and N and a 64-bit FNV-1a hash of the remaining parameters
 * (potential spec, screening, hbar, tol); its attributes are checked
 * against the request on loading, so a collision is refused, never used.
 * Files are written atomically; a file another process saved first is
 * kept. */
#include "operator_cache.h"
#include "ranks.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void cache_path(const char *dir, const qlb_params *p, qlb_form form, char *path, size_t n)
{
    static const char *names[] = {"L", "norm_hbar", "norm_classical"};
    char key[1200];
    snprintf(key, sizeof key, "%s|%d|%a|%a", qlb_potential_spec(p->potential), p->screening, p->hbar, p->tol);
    snprintf(path, n, "%s/%s-d%d-N%d-%016llx.h5", dir, names[form], p->dim, p->degree,
             (unsigned long long)cli_hash64(key, strlen(key)));
}

qlb_status cli_cached_form(const char *dir, const qlb_params *p, qlb_form form, qlb_linop **out)
{
    char path[4096];
    cache_path(dir, p, form, path, sizeof path);
    if (!access(path, F_OK)) return qlb_io_load_form(path, p, form, out);
    qlb_status st = qlb_linop_create_form(p, form, out);
    if (st) return st;
    st = qlb_io_save_operator(path, *out, 0);
    if (st == QLB_OK || st == QLB_EEXIST) return QLB_OK;
    qlb_linop_free(*out);
    *out = NULL;
    return st;
}
