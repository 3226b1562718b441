/* qlb/threads.h — how many threads the library uses. Assembly (the kappa
 * nodes of the kernel integrals, the rotation blocks) and the quadratic
 * term's build run on OpenMP threads; results do not depend on their
 * number (every sum is taken in a fixed order). While they run, OpenBLAS
 * is set to one thread and restored afterwards. */
#ifndef QLB_THREADS_H
#define QLB_THREADS_H

#ifdef __cplusplus
extern "C" {
#endif

/* Threads for the library's calls made from the calling thread afterwards
 * (OpenMP's setting of that thread); 0: one per core. */
void qlb_set_threads(int threads);

#ifdef __cplusplus
}
#endif

#endif
