/* bench_evolve.c — cost of the Galerkin evolution against the cost of one
 * contraction y = T(c,c) measured in the same run: steps per second, the
 * wall time to reach t = 100 from a bump (bump:eps=0.05,u1=1.5,T=0.5;
 * screened gaussian:A=2,s=1, hbar = 1) and the ratio
 *   overhead = wall time / (contractions x time of one contraction),
 * 1 meaning that everything but the contractions is free. ETDRK4 spends 11
 * contractions per accepted step (step doubling), RK8PD 13, MSBDF one per
 * Newton iteration plus a Jacobian (2 T(c,.), ~N_b contractions' worth)
 * and a dense LU now and then. Sizes: d = 2, N = 20 and d = 3, N = 10 (all
 * three methods), and ETDRK4 at d = 3, N = 24 with the peak memory of the
 * process (getrusage; the target: <= 2 GB).
 * Run: ./build/bench/bench_evolve [quick] */
#include "qlb/qlb.h"
#include "bench_timing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>


static double contraction_time(const qlb_quadratic *T, const double *c, size_t n)
{
    double *y = malloc(n * sizeof(double)), best = 1e300;
    for (int rep = 0; rep < 5; rep++) {
        int k = 0;
        double t0 = now(), dt;
        do {
            qlb_quadratic_apply(T, c, y);
            k++;
        } while ((dt = now() - t0) < 0.05);
        if (dt / k < best) best = dt / k;
    }
    free(y);
    return best;
}

static void run(const qlb_linop *L, const qlb_quadratic *T, const double *c0, qlb_evolve_method m,
                double t_end, double t_contract)
{
    qlb_evolve_options o = qlb_evolve_options_default();
    o.method = m;
    qlb_evolver *ev;
    if (qlb_evolver_create(L, T, &o, &ev)) {
        printf("  %s: %s\n", qlb_evolve_method_name(m), qlb_last_error());
        return;
    }
    qlb_evolver_set_state(ev, 0, c0, 0);
    double t0 = now();
    qlb_status st = qlb_evolver_advance(ev, t_end, 0);
    double wall = now() - t0;
    qlb_evolve_stats s = qlb_evolver_stats(ev);
    printf("  %-7s %s steps %6ld (rejected %4ld)  contractions %7ld  time to t=%g %8.3f s  "
           "steps/s %9.0f  overhead %.2f\n", qlb_evolve_method_name(m), st ? "FAILED" : "", s.steps,
           s.rejected, s.contractions, t_end, wall, s.steps / wall,
           wall / (s.contractions * t_contract));
    qlb_evolver_free(ev);
}

static void bench(int d, int N, int all_methods)
{
    qlb_potential *pot;
    qlb_potential_parse("gaussian:A=2,s=1", &pot);
    qlb_params p = qlb_params_default();
    p.dim = d, p.degree = N, p.hbar = 1, p.potential = pot;
    qlb_linop *L;
    qlb_quadratic *T;
    double t0 = now();
    if (qlb_linop_create(&p, &L) || qlb_quadratic_create(&p, 1, &T)) {
        printf("d=%d N=%d: %s\n", d, N, qlb_last_error());
        exit(1);
    }
    size_t n = qlb_quadratic_get_info(T).size;
    double *c = malloc(n * sizeof(double));
    qlb_initial_info info;
    qlb_initial_load("bump:eps=0.05,u1=1.5,T=0.5", L, c, &info);
    double tc = contraction_time(T, c, n);
    printf("d=%d N=%d: N_b = %zu, T %.1f MB factored, operators built in %.1f s, one contraction "
           "%.4f ms\n", d, N, n, qlb_quadratic_get_info(T).bytes / 1e6, now() - t0, tc * 1e3);
    const qlb_evolve_method m[] = {QLB_EVOLVE_ETDRK4, QLB_EVOLVE_RK8PD, QLB_EVOLVE_MSBDF};
    for (int k = 0; k < (all_methods ? 3 : 1); k++) run(L, T, c, m[k], 100, tc);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("  peak memory of the process so far: %.1f MB\n", ru.ru_maxrss / 1024.0);
    free(c);
    qlb_quadratic_free(T);
    qlb_linop_free(L);
    qlb_potential_free(pot);
}

int main(int argc, char **argv)
{
    int quick = argc > 1 && !strcmp(argv[1], "quick");
    bench(2, quick ? 10 : 20, 1);
    bench(3, quick ? 6 : 10, 1);
    if (!quick) bench(3, 24, 0);
    return 0;
}
