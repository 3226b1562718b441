/* parallel.h — the library's threads (parallel.c): OpenMP's team size for
 * the calling thread (qlb_set_threads), and OpenBLAS kept single-threaded
 * while the library's own threads call it. */
#ifndef QLB_NUMERICS_PARALLEL_H
#define QLB_NUMERICS_PARALLEL_H

/* Threads a parallel loop started by the calling thread uses (>= 1). */
int qlb_threads(void);
/* The calling thread's index in the current parallel loop (0 outside). */
int qlb_thread_index(void);
/* Brackets a parallel region whose threads call BLAS: OpenBLAS runs on one
 * thread meanwhile (nested regions and concurrent callers counted; its
 * previous setting comes back when the last one ends). */
void qlb_blas_serial_begin(void);
void qlb_blas_serial_end(void);

#endif
