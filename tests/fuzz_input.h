/* fuzz_input.h — what the text-parser harnesses (fuzz_*.c) share: the
 * fuzzer's bytes as a C string (NUL bytes kept inside, so the parsers see
 * where C would cut it) or as a file of this process. */
#ifndef QLB_FUZZ_INPUT_H
#define QLB_FUZZ_INPUT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

#endif
