/* sha256.h — SHA-256 digest (FIPS 180-4) of a byte buffer (sha256.c). */
#ifndef QLB_CORE_SHA256_H
#define QLB_CORE_SHA256_H

#include <stddef.h>

/* hex receives the 64 lowercase hexadecimal digits and a terminating 0. */
void qlb_sha256_hex(const void *data, size_t len, char hex[65]);

/* The same digest by the portable rounds alone, and whether qlb_sha256_hex
 * uses the processor's SHA extensions: for the tests, which compare the two. */
void qlb_sha256_hex_portable(const void *data, size_t len, char hex[65]);
int qlb_sha256_accelerated(void);

#endif
