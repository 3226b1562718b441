/* ranks.h — the qlb program's MPI layer (ranks.c): one process per rank when
 * started by mpirun or srun, else one process as before (MPI never
 * initialized; and without MPI at build time, always). Only the program
 * uses MPI; the library stays serial and is combined across ranks through
 * these calls. */
#ifndef QLB_CLI_RANKS_H
#define QLB_CLI_RANKS_H

#include <stddef.h>
#include <stdint.h>

#include "qlb/qlb.h"

/* Initializes MPI if the launcher's environment says so (OMPI_COMM_WORLD_SIZE,
 * PMIX_RANK, PMI_RANK); ranks other than 0 then write nothing to stdout,
 * and their stderr only to a temporary file (rank 0 reports, theirs too).
 * Each rank gets the cores of its node divided by the ranks on it
 * (qlb_set_threads), and OpenBLAS runs serial. */
void cli_ranks_begin(void);

/* The common verdict of a step that every rank takes, with its exit code
 * rc (its message printed if it failed): if a rank failed, rank 0 prints
 * the lowest such rank's last stderr line with its number, and every rank
 * gets that rank's exit code; else CLI_OK. A rank that failed waits at
 * most 10 s for the others and then aborts the job (its peers may be
 * blocked in a collective that waits for it). Serial: rc. */
int cli_ranks_verdict(int rc);

/* The agreement of the ranks on a command's inputs, called by every rank
 * once, before the command's first collective (a command that returns
 * before it gets the call in cli_ranks_end): the verdict on rc, then the
 * ranks compare `inputs` (a text of what they parsed and read; NULL for
 * none): any difference from rank 0's is CLI_BAD_INPUT on every rank,
 * reported once. Returns the exit code every rank then has. */
int cli_ranks_agree(const char *command, int rc, const char *inputs);

/* The end of a command with exit code rc: the agreement if the command did
 * not reach it, then every rank waits for the others. A rank with rc != 0
 * waits at most 10 s (its peers may be blocked in a collective that waits
 * for it): then it prints its message with its rank and aborts the job
 * (MPI_Abort with rc). MPI is finalized; returns the exit code. */
int cli_ranks_end(const char *command, int rc);

/* 64-bit FNV-1a hash of n bytes: file names, inputs the ranks compare. */
uint64_t cli_hash64(const void *data, size_t n);

int cli_rank(void);        /* 0 when serial */
int cli_ranks(void);       /* 1 when serial */
int cli_rank_threads(void); /* cores of this rank */

/* rank 0's value of *v on every rank (a no-op when serial). */
void cli_ranks_share_int(int *v);
/* y = the sum over ranks of y, in place: qlb_evolve_reduce for a T built
 * in parts (qlb_quadratic_create_part). */
void cli_ranks_sum(double *y, size_t n, void *ctx);
/* Waits for every rank. */
void cli_ranks_barrier(void);
/* Rank 0 receives every rank's `bytes` bytes at `data` (its own too):
 * all[r] (malloc'ed, r < cli_ranks()) and sizes[r]; other ranks send and
 * get NULL. 0 on success, -1 if rank 0 ran out of memory. */
int cli_ranks_gather(const void *data, size_t bytes, void ***all, size_t **sizes);

/* Point-to-point messages of a distributed scan (scan_ranks.c): ints,
 * doubles and text to or from a rank, with a tag; and a non-blocking check
 * for a message from any rank (returns 1 with its source and tag). */
void cli_ranks_send_ints(const int *v, int n, int to, int tag);
void cli_ranks_recv_ints(int *v, int n, int from, int tag);
void cli_ranks_send_text(const char *s, int to, int tag);
/* malloc'ed, 0-terminated */
char *cli_ranks_recv_text(int from, int tag);
void cli_ranks_send_double(double v, int to, int tag);
double cli_ranks_recv_double(int from, int tag);
int cli_ranks_poll(int *source, int *tag);

#endif
