/* parallel.h — the library's threads (parallel.c): OpenMP's team size for
 * the calling thread (qlb_set_threads), and OpenBLAS kept single-threaded
 * while the library's own threads call it. */
#ifndef QLB_NUMERICS_PARALLEL_H
#define QLB_NUMERICS_PARALLEL_H

#include "qlb/status.h"
#include "qlb/threads.h"

/* The outcome of one iteration of a parallel loop: its status and, on
 * failure, the message (the library's messages are per thread). */
typedef struct {
    qlb_status status;
    char message[512];
} qlb_loop_result;

/* Records st (and the calling thread's message if it failed); returns st. */
qlb_status qlb_loop_record(qlb_loop_result *r, qlb_status st);
/* In the thread that started the loop: r's status, its message restored. */
qlb_status qlb_loop_rethrow(const qlb_loop_result *r);

/* Threads a parallel loop started by the calling thread uses (>= 1). */
int qlb_threads(void);
/* The calling thread's index in the current parallel loop (0 outside). */
int qlb_thread_index(void);
/* Brackets a parallel region whose threads call BLAS: OpenBLAS runs on one
 * thread meanwhile (nested regions and concurrent callers counted; its
 * previous setting comes back when the last one ends). */
void qlb_blas_serial_begin(void);
void qlb_blas_serial_end(void);

/* The calling thread's process sharing (qlb_set_distribution): its part,
 * the number of parts (1: none) and the sum over them. */
typedef struct {
    int part, parts;
    qlb_sum_fn sum;
    void *ctx;
} qlb_distribution;
qlb_distribution qlb_get_distribution(void);

#endif
