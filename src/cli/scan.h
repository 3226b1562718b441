/* scan.h — the parts of `qlb scan` (scan.c) that a distributed scan
 * (scan_ranks.c) shares: the grid, the table's state and one case's rows. */
#ifndef QLB_CLI_SCAN_H
#define QLB_CLI_SCAN_H

#include <pthread.h>
#include <stdio.h>

#include "manifest.h"

#define ROW_MAX 16384

typedef struct {
    const char *manifest_path, *output, *operators;
    int resume, force, jobs, quiet, seconds;
} options;

typedef struct {
    int pot, screening, dim;
    double hbar;
} scase;

typedef struct {
    const manifest *m;
    const options *o;
    scase *cases;
    int ncases, next, done, failed, threads_per_case;
    int exit_code;          /* the worst of the failed cases' exit codes (2 over 1) */
    char **keys;            /* rows present: "pot","scr",dim,hbar,degree */
    size_t nkeys, capkeys;
    FILE *out;              /* TABLE.partial (rank 0) */
    pthread_mutex_t lock;
    char header[8192];
} scan;

/* One case's work: which rows, and what came of them. */
typedef struct {
    int index, count, failed;   /* failed: the exit code of its failure, 0 if none */
    int degrees[MANIFEST_MAX];
    double seconds;
    char *rows;             /* count x ROW_MAX (without the seconds column) */
    char message[512];      /* why it failed */
} case_result;

/* The next case (in grid order) with missing rows, its degrees in degrees
 * (*count of them); -1 when none is left. Thread-safe. */
int scan_next_case(scan *S, int *degrees, int *count);
/* Computes the rows of r->index at r->degrees (r->rows malloc'ed). */
void scan_compute(const scan *S, case_result *r);
/* Appends r's rows to the table, or reports its failure with the case's
 * parameters; frees r->rows. Thread-safe. */
void scan_record(scan *S, case_result *r);

/* Rank 0 of a distributed scan: hands out cases to the other ranks and
 * records their results until every rank is done (scan_ranks.c). */
void scan_serve_ranks(scan *S);
/* Ranks > 0: asks rank 0 for cases until there are none. */
void scan_work_for_rank0(scan *S);

#endif
