/* bench_timing.h — wall-clock timing shared by the benchmarks: now() in
 * seconds (monotonic), and BEST_TIME(best, call): the best time of `call`
 * over at least 5 runs and 0.5 s. */
#ifndef QLB_BENCH_TIMING_H
#define QLB_BENCH_TIMING_H

#include <math.h>
#include <time.h>

static inline double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

#define BEST_TIME(best, call)                                                                      \
    do {                                                                                           \
        double start_ = now();                                                                     \
        best = INFINITY;                                                                           \
        for (int reps_ = 0; reps_ < 5 || now() - start_ < 0.5; reps_++) {                          \
            double t1_ = now();                                                                    \
            call;                                                                                  \
            best = fmin(best, now() - t1_);                                                        \
        }                                                                                          \
    } while (0)

#endif
