/* parallel.c — thread counts for the library's OpenMP loops, and OpenBLAS
 * switched to one thread while those loops run (OpenBLAS's own threads
 * would compete with them for the cores: measured, two loop threads each
 * calling a threaded dsyrk of order 121 ran at 0.7x one thread's speed).
 * A counter under a mutex lets nested and concurrent regions share one
 * saved setting. */
#include "numerics/parallel.h"
#include "qlb/threads.h"

#include "core/error.h"

#include <cblas.h>
#include <pthread.h>
#include <stdio.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static pthread_mutex_t blas_lock = PTHREAD_MUTEX_INITIALIZER;
static int blas_depth, blas_saved;

void qlb_set_threads(int threads)
{
#ifdef _OPENMP
    omp_set_num_threads(threads > 0 ? (threads < QLB_MAX_THREADS ? threads : QLB_MAX_THREADS)
                                    : omp_get_num_procs());
#else
    (void)threads;
#endif
}

static _Thread_local qlb_distribution distribution = {0, 1, NULL, NULL};

void qlb_set_distribution(int part, int parts, qlb_sum_fn sum, void *ctx)
{
    int on = parts > 1 && sum && part >= 0 && part < parts;
    distribution = on ? (qlb_distribution){part, parts, sum, ctx} : (qlb_distribution){0, 1, NULL, NULL};
}

qlb_distribution qlb_get_distribution(void) { return distribution; }

int qlb_threads(void)
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

int qlb_thread_index(void)
{
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}

qlb_status qlb_loop_record(qlb_loop_result *r, qlb_status st)
{
    r->status = st;
    if (st) snprintf(r->message, sizeof r->message, "%s", qlb_last_error());
    return st;
}

qlb_status qlb_loop_rethrow(const qlb_loop_result *r)
{
    return r->status ? qlb_fail(r->status, "%s", r->message) : QLB_OK;
}

void qlb_blas_serial_begin(void)
{
    pthread_mutex_lock(&blas_lock);
    if (blas_depth++ == 0) {
        blas_saved = openblas_get_num_threads();
        openblas_set_num_threads(1);
    }
    pthread_mutex_unlock(&blas_lock);
}

void qlb_blas_serial_end(void)
{
    pthread_mutex_lock(&blas_lock);
    if (--blas_depth == 0) openblas_set_num_threads(blas_saved);
    pthread_mutex_unlock(&blas_lock);
}
