/* sha256.c — SHA-256 (FIPS 180-4): the buffer is processed in 64-byte
 * blocks, the last one padded with 0x80, zeros and the bit length. Used
 * for the checksums of every stored array, so it must keep up with the
 * writes and reads of large tensors: on x86-64 processors with the SHA
 * extensions (cpuid leaf 7, EBX bit 29) the blocks go through
 * _mm_sha256rnds2_epu32 and the message-schedule instructions, about 10x
 * the portable rounds; elsewhere the portable rounds run. Both give the
 * same digest (tests/test_sha256.c). */
#include "core/sha256.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define QLB_SHA_NI 1
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

/* The portable rounds over n blocks. */
static void compress_portable(uint32_t h[8], const unsigned char *p, size_t n)
{
    for (; n--; p += 64) {
        uint32_t w[64], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
        for (int i = 0; i < 16; i++)
            w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
        for (int i = 16; i < 64; i++) {
            uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        for (int i = 0; i < 64; i++) {
            uint32_t t1 = k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
            uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            k = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
        }
        h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += k;
    }
}

#ifdef QLB_SHA_NI
/* The SHA extensions over n blocks: the state as (ABEF, CDGH), four rounds
 * per pair of _mm_sha256rnds2_epu32, the schedule W of group g + 1 formed
 * at group g (msg2) from the one prepared at group g - 3 (msg1). */
__attribute__((target("sha,sse4.1,ssse3"))) static void compress_sha_ni(uint32_t h[8], const unsigned char *p,
                                                                       size_t n)
{
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)h), 0xB1);          /* CDAB */
    __m128i s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(h + 4)), 0x1B);   /* EFGH */
    __m128i s0 = _mm_alignr_epi8(t, s1, 8);                                              /* ABEF */
    s1 = _mm_blend_epi16(s1, t, 0xF0);                                                   /* CDGH */
    for (; n--; p += 64) {
        __m128i abef = s0, cdgh = s1, w[4];
        for (int g = 0; g < 16; g++) {
            if (g < 4) w[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * g)), swap);
            __m128i m = _mm_add_epi32(w[g % 4], _mm_loadu_si128((const __m128i *)(K + 4 * g)));
            s1 = _mm_sha256rnds2_epu32(s1, s0, m);
            if (g >= 3 && g <= 14) {
                __m128i *next = &w[(g + 1) % 4];
                *next = _mm_add_epi32(*next, _mm_alignr_epi8(w[g % 4], w[(g + 3) % 4], 4));
                *next = _mm_sha256msg2_epu32(*next, w[g % 4]);
            }
            s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(m, 0x0E));
            if (g >= 1 && g <= 12) w[(g + 3) % 4] = _mm_sha256msg1_epu32(w[(g + 3) % 4], w[g % 4]);
        }
        s0 = _mm_add_epi32(s0, abef);
        s1 = _mm_add_epi32(s1, cdgh);
    }
    t = _mm_shuffle_epi32(s0, 0x1B);                  /* FEBA */
    s1 = _mm_shuffle_epi32(s1, 0xB1);                 /* DCHG */
    _mm_storeu_si128((__m128i *)h, _mm_blend_epi16(t, s1, 0xF0));        /* DCBA */
    _mm_storeu_si128((__m128i *)(h + 4), _mm_alignr_epi8(s1, t, 8));     /* HGFE */
}

int qlb_sha256_accelerated(void)
{
    unsigned a, b, c, d;
    static int known = -1;
    if (known < 0)
        known = __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b >> 29 & 1) && __get_cpuid(1, &a, &b, &c, &d) &&
                (c >> 19 & 1) && (c >> 9 & 1);
    return known;
}
#else
int qlb_sha256_accelerated(void) { return 0; }
#endif

static void compress(uint32_t h[8], const unsigned char *p, size_t n, int portable)
{
#ifdef QLB_SHA_NI
    if (!portable && qlb_sha256_accelerated()) {
        compress_sha_ni(h, p, n);
        return;
    }
#endif
    (void)portable;
    compress_portable(h, p, n);
}

static void digest(const void *data, size_t len, char hex[65], int portable)
{
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    const unsigned char *p = data;
    size_t full = len / 64 * 64;
    compress(h, p, full / 64, portable);
    unsigned char tail[128] = {0};
    size_t rest = len - full, padded = rest < 56 ? 64 : 128;
    if (rest) memcpy(tail, p + full, rest);
    tail[rest] = 0x80;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++) tail[padded - 1 - i] = (unsigned char)(bits >> (8 * i));
    compress(h, tail, padded / 64, portable);
    for (int i = 0; i < 8; i++) snprintf(hex + 8 * i, 9, "%08x", h[i]);
}

void qlb_sha256_hex(const void *data, size_t len, char hex[65]) { digest(data, len, hex, 0); }

void qlb_sha256_hex_portable(const void *data, size_t len, char hex[65]) { digest(data, len, hex, 1); }
