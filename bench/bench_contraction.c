/* bench_contraction.c — one contraction y = T(c, c) of the quadratic-term
 * tensor in its factored form (radial tensor x Gaunt tensor, qlb/quadratic.h)
 * against, in the same run:
 *   - the expanded form (qlb_quadratic_expand; the CSR loop qlb used before
 *     the factored form), where it fits: ratio factored / expanded;
 *   - the bandwidth bound of streaming the factored storage once (bytes /
 *     measured read bandwidth of an array of the same size, best of 5): ratio
 *     time / bound, 1 = streaming speed;
 *   - the arithmetic done: 2 x (coupling entries x K2 + (m, m1) runs x K1 K2
 *     + dim H_l x K K1 K2) floating-point operations per contraction
 *     (quadratic_contraction.c), printed as GFlop/s achieved.
 * Also the memory of both forms and the build time. Sizes: d = 3 up to
 * N = 40 (the targets: N = 20 <= 50 MB and <= 30 ms, N = 40 <= 2 GB,
 * N = 12 no slower than expanded), d = 2 and d = 4, 5 at the sizes the
 * evolution reaches. Run: ./build/bench/bench_contraction [quick] */
#include "qlb/qlb.h"
#include "bench_timing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


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

/* The expanded contraction: rows a of (b <= c, value). */
static void apply_expanded(const qlb_quadratic_expanded *E, const double *c, double *y)
{
#pragma omp parallel for schedule(dynamic, 8)
    for (long a = 0; a < (long)E->size; a++) {
        double s = 0;
        for (size_t k = E->row[a]; k < E->row[a + 1]; k++) {
            int32_t b = E->bc[2 * k], e = E->bc[2 * k + 1];
            double w = E->value[k] * c[b] * c[e];
            s += b == e ? w : 2 * w;
        }
        y[a] = s;
    }
}

/* Floating-point operations of one factored contraction T(c, c). */
static double contraction_flops(const qlb_quadratic *T)
{
    double flops = 0;
    for (size_t k = 0; k < qlb_quadratic_get_info(T).blocks; k++) {
        qlb_quadratic_block B = qlb_quadratic_get_block(T, k);
        double runs = 0, entries = B.gaunt_start[B.D];
        for (int m = 0; m < B.D; m++)
            for (int e = B.gaunt_start[m]; e < B.gaunt_start[m + 1]; e++)
                runs += e == B.gaunt_start[m] || B.gaunt_mm[2 * e] != B.gaunt_mm[2 * e - 2];
        flops += 2 * (entries * B.K2 + runs * B.K1 * B.K2 + (double)B.D * B.K * B.K1 * B.K2);
    }
    return flops;
}

static void run(int d, int N, int expanded)
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
    double *c = malloc(nb * sizeof(double)), *y = malloc(nb * sizeof(double)), *z = malloc(nb * sizeof(double));
    for (size_t i = 0; i < nb; i++) c[i] = sin(1.0 + i);
    double best, bw = bandwidth(in.bytes / sizeof(double) + 1), bound = in.bytes / bw;
    BEST_TIME(best, qlb_quadratic_apply(T, c, y));
    printf("d=%d N=%2d  N_b=%5zu  factored %9.2f MB  build %6.2f s  contraction %9.3f ms  "
           "bound %8.3f ms  ratio %6.2f  %5.2f GFlop/s", d, N, nb, in.bytes / 1e6, build, 1e3 * best,
           1e3 * bound, best / bound, contraction_flops(T) / best / 1e9);
    qlb_quadratic_expanded E;
    if (expanded && !qlb_quadratic_expand(T, &E)) {
        double best_e, err = 0, ref = 0;
        BEST_TIME(best_e, apply_expanded(&E, c, z));
        for (size_t i = 0; i < nb; i++) err = fmax(err, fabs(y[i] - z[i])), ref = fmax(ref, fabs(z[i]));
        double bytes = qlb_quadratic_expanded_bytes(T);
        printf("  | expanded %9.2f MB (%.0fx)  %8.3f ms  factored/expanded %5.2f  diff %.1e",
               bytes / 1e6, bytes / in.bytes, 1e3 * best_e, best / best_e, err / ref);
        qlb_quadratic_expanded_free(&E);
    } else {
        printf("  | expanded %9.2f MB (%.0fx): not built", qlb_quadratic_estimate_expanded_bytes(&p) / 1e6,
               qlb_quadratic_estimate_expanded_bytes(&p) / in.bytes);
    }
    printf("\n");
    fflush(stdout);
    free(c), free(y), free(z);
    qlb_quadratic_free(T);
    qlb_potential_free(pot);
}

int main(int argc, char **argv)
{
    int quick = argc > 1 && !strcmp(argv[1], "quick");
    printf("DRAM bandwidth (parallel read of 512 MB, best of 5): %.2f GB/s\n",
           bandwidth((size_t)64 << 20) / 1e9);
    const int d3[] = {8, 12, 16, 20, 24, 32, 40}, d2[] = {24, 48}, d4[] = {8, 12}, d5[] = {6, 10};
    for (int i = 0; i < (quick ? 2 : 7); i++) run(3, d3[i], d3[i] <= 16);
    for (int i = 0; i < (quick ? 1 : 2); i++) run(2, d2[i], d2[i] <= 24);
    for (int i = 0; i < (quick ? 1 : 2); i++) run(4, d4[i], d4[i] <= 8);
    for (int i = 0; i < (quick ? 1 : 2); i++) run(5, d5[i], d5[i] <= 6);
    return 0;
}
