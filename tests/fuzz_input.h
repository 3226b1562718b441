/* fuzz_input.h — what the text-parser harnesses (fuzz_*.c) share: the
 * fuzzer's bytes as a C string (NUL bytes kept inside, so the parsers see
 * where C would cut it) or as a file of this process, and the operator that
 * the initial-data readers project with. */
#ifndef QLB_FUZZ_INPUT_H
#define QLB_FUZZ_INPUT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qlb/qlb.h"

/* The bytes with a terminating 0 (malloc'ed; NULL if out of memory). */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) memcpy(s, data, size), s[size] = 0;
    return s;
}

/* The bytes written to /tmp/qlb-fuzz-PID-TAG.SUFFIX, whose name path gets. */
static inline void fuzz_file(const uint8_t *data, size_t size, const char *tag, const char *suffix,
                             char *path, size_t len)
{
    snprintf(path, len, "/tmp/qlb-fuzz-%d-%s%s", (int)getpid(), tag, suffix);
    FILE *f = fopen(path, "wb");
    if (f) fwrite(data, 1, size, f), fclose(f);
}

/* L for gaussian:A=1,s=1 at (dim, degree), built once (before the first
 * input, so that the leak check sees none of it); exits if it fails. */
static inline qlb_linop *fuzz_operator(int dim, int degree)
{
    static qlb_potential *pot;
    static qlb_linop *L;
    qlb_params p = qlb_params_default();
    if (!pot && qlb_potential_parse("gaussian:A=1,s=1", &pot)) abort();
    p.dim = dim, p.degree = degree, p.potential = pot;
    if (!L && qlb_linop_create(&p, &L)) abort();
    return L;
}

#endif
