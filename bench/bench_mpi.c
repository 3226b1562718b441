/* bench_mpi.c — strong scaling of the quadratic term across MPI ranks
 * (mpirun -n P bench_mpi [d N]; default d = 4, N = 16), one thread per
 * rank, against a baseline in the same run: rank 0 alone builds the whole
 * T and contracts it (1 rank, 1 thread). Then every rank builds its part
 * (qlb_quadratic_create_part; the kappa nodes of the kernels shared too,
 * qlb_set_distribution) and one contraction is the parts' T(c,c) summed by
 * MPI_Allreduce. Printed: times, speedup, parallel efficiency
 * (baseline / (P x parallel)), bytes per rank against the whole, and the
 * work every rank still repeats (the lower levels of the Gaunt recursion,
 * the reduction, the adaptive bookkeeping: a part with at most one row). Then the
 * projection to d = 5, N = 24 on 64 ranks from these per-entry costs and
 * the exact per-part counts (qlb_quadratic_estimate_part_bytes). */
#include "qlb/qlb.h"
#include "bench_timing.h"

#include <cblas.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static int rank, ranks;

static void sum(double *y, size_t n, void *ctx)
{
    (void)ctx;
    MPI_Allreduce(MPI_IN_PLACE, y, (int)n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
}

static qlb_params params(int d, int N, qlb_potential *pot)
{
    qlb_params p = qlb_params_default();
    p.dim = d, p.degree = N, p.hbar = 1, p.potential = pot;
    return p;
}

/* Seconds of building part q of `parts` (the slowest rank's). */
static double timed_build(const qlb_params *p, int q, int parts, qlb_quadratic **T)
{
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = now();
    if (qlb_quadratic_create_part(p, 1, q, parts, T)) {
        fprintf(stderr, "rank %d: %s\n", rank, qlb_last_error());
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    double t = now() - t0, slowest;
    MPI_Allreduce(&t, &slowest, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return slowest;
}

/* Best time of one contraction (the parts' sum when parts > 1). */
static double timed_contraction(const qlb_quadratic *T, const double *c, double *y, int sum)
{
    size_t n = qlb_quadratic_get_info(T).size;
    double best = INFINITY;
    for (int rep = 0; rep < 10; rep++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = now();
        qlb_quadratic_apply(T, c, y);
        if (sum) MPI_Allreduce(MPI_IN_PLACE, y, (int)n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        double t = now() - t0, slowest;
        MPI_Allreduce(&t, &slowest, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
        best = fmin(best, slowest);
    }
    return best;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    int d = argc > 2 ? atoi(argv[1]) : 4, N = argc > 2 ? atoi(argv[2]) : 16;
    qlb_set_threads(1);
    openblas_set_num_threads(1);
    qlb_potential *pot;
    qlb_potential_parse("algebraic:A=1,p=2", &pot);
    qlb_params p = params(d, N, pot);
    size_t n = qlb_params_basis_size(&p);
    double *c = malloc(n * sizeof(double)), *y = malloc(n * sizeof(double));
    for (size_t i = 0; i < n; i++) c[i] = 1e-3 * sin(1.0 + (double)i);

    /* baseline: rank 0 alone, the whole T */
    double base_build = 0, base_apply = 0, whole_bytes = 0, whole_entries = 0;
    if (!rank) {
        double t0 = now();
        qlb_quadratic *W;
        if (qlb_quadratic_create(&p, 1, &W)) return fprintf(stderr, "%s\n", qlb_last_error()), 1;
        base_build = now() - t0;
        BEST_TIME(base_apply, qlb_quadratic_apply(W, c, y));
        whole_bytes = (double)qlb_quadratic_get_info(W).bytes;
        whole_entries = (double)qlb_quadratic_get_info(W).gaunt_entries;
        qlb_quadratic_free(W);
    }
    MPI_Barrier(MPI_COMM_WORLD);

    qlb_quadratic *T, *E;
    qlb_set_distribution(rank, ranks, sum, NULL); /* the kernels' nodes shared by the ranks */
    double build = timed_build(&p, rank, ranks, &T);
    double apply = timed_contraction(T, c, y, ranks > 1);
    double bytes = (double)qlb_quadratic_get_info(T).bytes, most;
    MPI_Reduce(&bytes, &most, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
    double redundant = timed_build(&p, (1 << 20) - 1, 1 << 20, &E);
    qlb_quadratic_free(E);
    if (!rank) {
        printf("d = %d, N = %d (%zu functions), %d rank(s) x 1 thread\n", d, N, n, ranks);
        printf("  build T:        1 rank %.3f s, %d ranks %.3f s: speedup %.2f, efficiency %.2f\n",
               base_build, ranks, build, base_build / build, base_build / (ranks * build));
        printf("  one T(c,c):     1 rank %.4f s, %d ranks %.4f s: speedup %.2f, efficiency %.2f\n",
               base_apply, ranks, apply, base_apply / apply, base_apply / (ranks * apply));
        printf("  memory per rank %.3g MB of %.3g MB whole (%.2f x whole / ranks)\n", most / 1e6,
               whole_bytes / 1e6, most * ranks / whole_bytes);
        printf("  repeated per rank (a part of at most one row): %.3f s = %.0f%% of the 1-rank build\n",
               redundant, 100 * redundant / base_build);
        /* projection: per-entry costs from the baseline, counts from the estimates */
        double per_entry_build = (base_build - redundant) / whole_entries;
        double per_entry_apply = base_apply / whole_entries;
        qlb_params big = params(5, 24, pot), lower = params(4, 24, pot);
        double stored = 0, peak = 0;
        for (int q = 0; q < 64; q++) {
            double b, s = qlb_quadratic_estimate_part_bytes(&big, q, 64, &b);
            stored = fmax(stored, s), peak = fmax(peak, b);
        }
        double entry_bytes = whole_bytes / whole_entries; /* the stored bytes per entry here */
        double entries = stored / entry_bytes, lower_entries = qlb_quadratic_estimate_bytes(&lower) / entry_bytes * 2;
        printf("projection d = 5, N = 24 on 64 ranks (%zu functions): per rank %.3g GB stored, "
               "build peak %.3g GB;\n  build about %.3g h (%.3g h of it the d = 4 level every rank "
               "repeats), one T(c,c) about %.3g s + the allreduce of %.3g MB\n",
               qlb_params_basis_size(&big), stored / 1e9, peak / 1e9,
               (entries + lower_entries) * per_entry_build / 3600, lower_entries * per_entry_build / 3600,
               entries * per_entry_apply, 8e-6 * (double)qlb_params_basis_size(&big));
    }
    qlb_quadratic_free(T);
    free(c), free(y);
    qlb_potential_free(pot);
    MPI_Finalize();
    return 0;
}
