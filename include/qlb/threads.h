/* qlb/threads.h — how many threads the library uses. Assembly (the kappa
 * nodes of the kernel integrals, the rotation blocks) and the quadratic
 * term's build run on OpenMP threads; results do not depend on their
 * number (every sum is taken in a fixed order). While they run, OpenBLAS
 * is set to one thread and restored afterwards. */
#ifndef QLB_THREADS_H
#define QLB_THREADS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Threads for the library's calls made from the calling thread afterwards
 * (OpenMP's setting of that thread); 0: one per core; more than
 * QLB_MAX_THREADS count as QLB_MAX_THREADS (libgomp ends the process when
 * it cannot start the threads asked for: 40000 did). */
#define QLB_MAX_THREADS 1024
void qlb_set_threads(int threads);

/* Work sharing across processes (MPI ranks) for the kernel integrals of
 * the calling thread's later calls: process `part` of `parts` evaluates
 * every parts-th kappa node of each rule and sum(y, n, ctx) must replace y
 * by its sum over the processes (e.g. MPI_Allreduce), so every process
 * gets every node's value and the same result, bit for bit that of one
 * process. All processes must then make the same library calls (assemble
 * the same operators). parts = 1 (or sum = NULL) switches it off. */
typedef void (*qlb_sum_fn)(double *y, size_t n, void *ctx);
void qlb_set_distribution(int part, int parts, qlb_sum_fn sum, void *ctx);

#ifdef __cplusplus
}
#endif

#endif
