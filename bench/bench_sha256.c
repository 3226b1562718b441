/* bench_sha256.c — the SHA-256 that every stored array carries
 * (src/core/sha256.c), on 256 MB, against in the same run:
 *   - the portable rounds (the baseline): ratio accelerated / portable;
 *   - the read bandwidth of one core (a sum over the same buffer, the
 *     bound of any one-pass checksum): ratio time / bound;
 *   - the HDF5 write and read of the same buffer (what the checksum is
 *     added to when a tensor is exported and loaded): ratio hash / write.
 * Run: ./build/bench/bench_sha256 */
#include "core/sha256.h"
#include "bench_timing.h"

#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static double sum_bytes(const double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) s += x[i];
    return s;
}

static void write_read_h5(const double *x, size_t n, double *back, double *write_s, double *read_s)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/bench-sha256-%d.h5", (int)getpid());
    hsize_t dims[1] = {n};
    double t0 = now();
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), sp = H5Screate_simple(1, dims, NULL);
    hid_t d = H5Dcreate2(f, "x", H5T_NATIVE_DOUBLE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x);
    H5Dclose(d), H5Sclose(sp), H5Fclose(f);
    *write_s = now() - t0;
    t0 = now();
    f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    d = H5Dopen2(f, "x", H5P_DEFAULT);
    H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, back);
    H5Dclose(d), H5Fclose(f);
    *read_s = now() - t0;
    unlink(path);
}

int main(void)
{
    size_t n = (size_t)32 << 20, bytes = n * sizeof(double); /* 256 MB */
    double *x = malloc(bytes), *back = malloc(bytes), fast, portable, bound, sink = 0, w, r;
    if (!x || !back) return 1;
    for (size_t i = 0; i < n; i++) x[i] = 1.0 / (double)(i + 1);
    char hex[65];
    BEST_TIME(fast, qlb_sha256_hex(x, bytes, hex));
    BEST_TIME(portable, qlb_sha256_hex_portable(x, bytes, hex));
    BEST_TIME(bound, sink += sum_bytes(x, n));
    write_read_h5(x, n, back, &w, &r);
    printf("sha256 of %.0f MB (SHA extensions: %s)\n", bytes / 1e6, qlb_sha256_accelerated() ? "yes" : "no");
    printf("  accelerated  %8.3f s  %7.0f MB/s\n", fast, bytes / 1e6 / fast);
    printf("  portable     %8.3f s  %7.0f MB/s   accelerated / portable = %.3f\n", portable,
           bytes / 1e6 / portable, fast / portable);
    printf("  read bound   %8.3f s  %7.0f MB/s   accelerated / bound = %.2f\n", bound, bytes / 1e6 / bound,
           fast / bound);
    printf("  HDF5 write   %8.3f s, read %.3f s   hash / write = %.2f, hash / read = %.2f\n", w, r, fast / w,
           fast / r);
    return sink == 0;
}
