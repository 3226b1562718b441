/* bench_contraction.c — time of one contraction y = T(c,c) of the
 * quadratic-term tensor against the memory-bandwidth bound of streaming its
 * stored entries (value + two indices, plus the row pointers). The
 * bandwidth is measured in the same run by an OpenMP read of an array of
 * the same size as the tensor, repeated like the contraction (best of 5):
 * so the bound is that of whichever level of the memory hierarchy holds
 * the tensor (this machine's L3 is large: the DRAM figure of a 512 MB read is
 * printed for comparison). Ratio = time / bound, 1 = streaming speed. Also the build time, the stored
 * entries against N_b^3 and the memory, for d = 2 and d = 3 up to the
 * sizes the evolution needs (d = 2, N = 20; d = 3, N = 10) and one beyond.
 * Run: ./build/bench/bench_contraction [quick] */
#include "qlb/qlb.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* Bytes per second of a parallel read of n doubles (best of 5, warm). */
static double bandwidth(size_t n)
{
    double *x = malloc(n * sizeof(double)), best = 0, sink = 0;
    if (!x) return 0;
#pragma omp parallel for
    for (long i = 0; i < (long)n; i++) x[i] = 1e-9 * (double)(i % 1000);
    for (int rep = 0; rep < 5; rep++) {
        double t0 = now(), s = 0;
        /* 8 independent sums: a single one would be add-latency bound */
#pragma omp parallel for reduction(+ : s)
        for (long i = 0; i < (long)n / 8; i++) {
            const double *p = x + 8 * i;
            s += ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7]));
        }
        double dt = now() - t0;
        sink += s;
        best = fmax(best, n * sizeof(double) / dt);
    }
    free(x);
    return sink > -1 ? best : 0;
}

static void run(int d, int N)
{
    qlb_potential *pot;
    qlb_potential_parse("algebraic:A=1,p=2", &pot);
    qlb_params p = qlb_params_default();
    p.dim = d;
    p.degree = N;
    p.hbar = 1;
    p.potential = pot;
    qlb_quadratic *T;
    double t0 = now();
    if (qlb_quadratic_create(&p, 1, &T)) {
        printf("d=%d N=%d: %s\n", d, N, qlb_last_error());
        qlb_potential_free(pot);
        return;
    }
    double build = now() - t0;
    qlb_quadratic_info in = qlb_quadratic_get_info(T);
    size_t nb = in.size;
    double *c = malloc(nb * sizeof(double)), *y = malloc(nb * sizeof(double));
    for (size_t i = 0; i < nb; i++) c[i] = sin(1.0 + i);
    int reps = 0;
    double best = INFINITY, start = now();
    while (reps < 5 || now() - start < 0.5) {
        double t1 = now();
        qlb_quadratic_apply(T, c, y);
        best = fmin(best, now() - t1);
        reps++;
    }
    double bw = bandwidth(in.bytes / sizeof(double) + 1), bound = in.bytes / bw;
    printf("d=%d N=%2d  N_b=%5zu  entries %9zu (%5.2f%% of N_b^3)  %8.2f MB  build %6.2f s  "
           "contraction %8.3f ms  bound %8.3f ms (%5.1f GB/s)  ratio %5.2f\n",
           d, N, nb, in.nnz, 100 * in.nnz / in.dense, in.bytes / 1e6, build, 1e3 * best,
           1e3 * bound, bw / 1e9, best / bound);
    free(c);
    free(y);
    qlb_quadratic_free(T);
    qlb_potential_free(pot);
}

int main(int argc, char **argv)
{
    int quick = argc > 1 && !strcmp(argv[1], "quick");
    printf("DRAM bandwidth (parallel read of 512 MB, best of 5): %.2f GB/s\n",
           bandwidth((size_t)64 << 20) / 1e9);
    const int d2[] = {10, 16, 20, 24}, d3[] = {6, 8, 10, 12};
    int count = quick ? 2 : 4;
    for (int i = 0; i < count; i++) run(2, d2[i]);
    for (int i = 0; i < count; i++) run(3, d3[i]);
    return 0;
}
