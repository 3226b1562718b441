/* npy_archive.c — .npy headers and single-array .npz files: a zip archive
 * with one stored member (local header, the .npy bytes, central directory,
 * end record; CRC-32 of the member by the reflected 0xEDB88320 table),
 * which numpy.load reads as a mapping name -> array. x86-64 and the
 * other supported platforms are little-endian, so doubles are written as
 * they are in memory. */
#include "io/npy_archive.h"
#include "core/error.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

size_t qlb_npy_header(size_t rows, size_t cols, unsigned char *out)
{
    char dict[96], shape[48];
    if (cols) snprintf(shape, sizeof shape, "(%zu, %zu)", rows, cols);
    else snprintf(shape, sizeof shape, "(%zu,)", rows);
    int len = snprintf(dict, sizeof dict, "{'descr': '<f8', 'fortran_order': False, 'shape': %s, }",
                       shape);
    size_t total = 10 + (size_t)len + 1, pad = (64 - total % 64) % 64;
    size_t hlen = (size_t)len + pad + 1;
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char)(hlen & 0xff),
                             (unsigned char)(hlen >> 8)};
    memcpy(out, pre, 10);
    memcpy(out + 10, dict, (size_t)len);
    memset(out + 10 + len, ' ', pad);
    out[10 + hlen - 1] = '\n';
    return 10 + hlen;
}

static uint32_t crc32_update(uint32_t crc, const unsigned char *p, size_t n)
{
    static uint32_t table[256];
    if (!table[1])
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
    crc = ~crc;
    for (size_t i = 0; i < n; i++) crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static void put16(unsigned char *p, unsigned v) { p[0] = v & 0xff, p[1] = (v >> 8) & 0xff; }
static void put32(unsigned char *p, uint32_t v) { put16(p, v & 0xffff), put16(p + 2, v >> 16); }

/* The fields shared by the local and the central header, at p. */
static void common_fields(unsigned char *p, uint32_t crc, uint32_t size, size_t name_len)
{
    put16(p, 20);        /* version needed: 2.0 */
    put16(p + 2, 0);     /* flags */
    put16(p + 4, 0);     /* stored */
    put16(p + 6, 0);     /* time 00:00 */
    put16(p + 8, 0x21);  /* date 1980-01-01 */
    put32(p + 10, crc);
    put32(p + 14, size); /* compressed = uncompressed */
    put32(p + 18, size);
    put16(p + 22, (unsigned)name_len);
    put16(p + 24, 0);    /* extra field */
}

static int write_zip(FILE *f, const char *member, const unsigned char *head, size_t head_len,
                     const double *A, size_t data_len)
{
    size_t name_len = strlen(member);
    uint32_t size = (uint32_t)(head_len + data_len);
    uint32_t crc = crc32_update(crc32_update(0, head, head_len), (const unsigned char *)A, data_len);
    unsigned char local[30], central[46], end[22] = {0};
    put32(local, 0x04034b50);
    common_fields(local + 4, crc, size, name_len);
    put32(central, 0x02014b50);
    put16(central + 4, 20); /* made by: 2.0 */
    common_fields(central + 6, crc, size, name_len);
    memset(central + 32, 0, 10); /* comment, disk, attributes */
    put32(central + 42, 0);      /* local header at offset 0 */
    uint32_t cd_offset = (uint32_t)(30 + name_len) + size;
    put32(end, 0x06054b50);
    put16(end + 8, 1), put16(end + 10, 1);
    put32(end + 12, (uint32_t)(46 + name_len));
    put32(end + 16, cd_offset);
    return fwrite(local, 1, 30, f) == 30 && fwrite(member, 1, name_len, f) == name_len &&
           fwrite(head, 1, head_len, f) == head_len && fwrite(A, 1, data_len, f) == data_len &&
           fwrite(central, 1, 46, f) == 46 && fwrite(member, 1, name_len, f) == name_len &&
           fwrite(end, 1, 22, f) == 22;
}

qlb_status qlb_npz_write(const char *file, const char *name, const double *A, size_t rows,
                         size_t cols)
{
    unsigned char head[128];
    char member[256];
    size_t head_len = qlb_npy_header(rows, cols, head);
    double data_len = 8.0 * (double)rows * (double)(cols ? cols : 1);
    if (data_len + head_len + 2 * sizeof member + 100 > 4294967295.0)
        return qlb_fail(QLB_ENOMEM, "%s: %.3g GB is beyond a .npz without zip64 (4 GiB)", file,
                        data_len / 1e9);
    snprintf(member, sizeof member, "%s.npy", name);
    FILE *f = fopen(file, "wb");
    if (!f) return qlb_fail(QLB_EIO, "cannot write %s: %s", file, strerror(errno));
    int ok = write_zip(f, member, head, head_len, A, (size_t)data_len);
    return (fclose(f) == 0 && ok) ? QLB_OK : qlb_fail(QLB_EIO, "cannot write %s", file);
}
