/* test_sha256.c — the SHA-256 of every stored array (src/core/sha256.c):
 * the FIPS 180-4 / NIST example digests, and the digest of the processor's
 * SHA extensions equal to the portable rounds' on every length from 0 to
 * 1100 bytes at every alignment mod 16 (the padding's one and two blocks,
 * unaligned loads) and on 3 MB of data. */
#include "core/sha256.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check_digest(const char *what, const void *data, size_t len, const char *want)
{
    char hex[65];
    qlb_sha256_hex(data, len, hex);
    check_true(what, !strcmp(hex, want));
}

int main(void)
{
    printf("SHA extensions used: %s\n", qlb_sha256_accelerated() ? "yes" : "no (portable rounds only)");
    check_digest("FIPS 180-4: empty", "", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    check_digest("FIPS 180-4: abc", "abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    check_digest("FIPS 180-4: 448 bits (two blocks of padding)", two, strlen(two),
                 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    size_t n = 3u << 20;
    unsigned char *buf = malloc(n + 16);
    char *million = malloc(1000000);
    if (!buf || !million) return 1;
    memset(million, 'a', 1000000);
    check_digest("NIST: one million 'a'", million, 1000000,
                 "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    unsigned x = 12345;
    for (size_t i = 0; i < n + 16; i++) buf[i] = (unsigned char)((x = x * 1103515245u + 12345u) >> 16);
    int same = 1;
    for (size_t len = 0; len <= 1100; len++)
        for (size_t at = 0; at < 16; at++) {
            char a[65], b[65];
            qlb_sha256_hex(buf + at, len, a);
            qlb_sha256_hex_portable(buf + at, len, b);
            same = same && !strcmp(a, b);
        }
    check_true("accelerated = portable, lengths 0..1100 at 16 alignments", same);
    char a[65], b[65];
    qlb_sha256_hex(buf + 3, n, a);
    qlb_sha256_hex_portable(buf + 3, n, b);
    check_true("accelerated = portable, 3 MB unaligned", !strcmp(a, b));
    free(buf), free(million);
    return test_summary();
}
