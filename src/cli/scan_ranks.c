/* scan_ranks.c — `qlb scan` across MPI ranks (see scan.h). Rank 0 keeps the
 * table and the list of cases; a thread of it answers each other rank's
 * request with the next case that has missing rows (its index and degrees),
 * so cases of very different cost balance themselves, and appends the rows
 * that come back exactly as its own workers do (scan_record). A rank
 * computes one case at a time with all its cores. Messages: REQUEST (one
 * int), CASE (index or -1, count, degrees), then RESULT (index, failed,
 * count, degrees), the wall time, and the rows or the failure's message as
 * text. */
#include "cli.h"
#include "ranks.h"
#include "scan.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { TAG_REQUEST = 1, TAG_CASE, TAG_RESULT, TAG_SECONDS, TAG_TEXT };
enum { HEADER = MANIFEST_MAX + 3 };

static void pack(const case_result *r, int *v)
{
    v[0] = r->index, v[1] = r->failed, v[2] = r->count;
    memcpy(v + 3, r->degrees, MANIFEST_MAX * sizeof(int));
}

static void unpack(const int *v, case_result *r)
{
    r->index = v[0], r->failed = v[1], r->count = v[2];
    memcpy(r->degrees, v + 3, MANIFEST_MAX * sizeof(int));
}

/* The rows as one text, each ROW_MAX slot cut at its end. */
static char *join_rows(const case_result *r)
{
    size_t len = 1;
    for (int i = 0; i < r->count; i++) len += strlen(r->rows + (size_t)i * ROW_MAX) + 1;
    char *text = malloc(len), *at = text;
    for (int i = 0; text && i < r->count; i++) {
        size_t n = strlen(r->rows + (size_t)i * ROW_MAX);
        memcpy(at, r->rows + (size_t)i * ROW_MAX, n);
        at[n] = '\n';
        at += n + 1;
    }
    if (text) *at = 0;
    return text;
}

/* The text back into ROW_MAX slots (r->rows malloc'ed); 0 on success. */
static int split_rows(const char *text, case_result *r)
{
    r->rows = calloc((size_t)r->count, ROW_MAX);
    const char *at = text;
    for (int i = 0; r->rows && i < r->count; i++) {
        const char *end = strchr(at, '\n');
        if (!end || end - at >= ROW_MAX) return -1;
        memcpy(r->rows + (size_t)i * ROW_MAX, at, (size_t)(end - at));
        at = end + 1;
    }
    return r->rows ? 0 : -1;
}

static void hand_out(scan *S, int rank, int *working)
{
    int request, v[HEADER] = {0};
    case_result r;
    cli_ranks_recv_ints(&request, 1, rank, TAG_REQUEST);
    r.index = scan_next_case(S, r.degrees, &r.count);
    if (r.index < 0) r.count = 0, (*working)--;
    r.failed = 0;
    pack(&r, v);
    cli_ranks_send_ints(v, HEADER, rank, TAG_CASE);
}

static void take_result(scan *S, int rank)
{
    int v[HEADER];
    case_result r;
    cli_ranks_recv_ints(v, HEADER, rank, TAG_RESULT);
    unpack(v, &r);
    r.seconds = cli_ranks_recv_double(rank, TAG_SECONDS);
    char *text = cli_ranks_recv_text(rank, TAG_TEXT);
    r.rows = NULL;
    const char *why = r.failed ? (text ? text : "out of memory on rank 0") : NULL;
    if (!r.failed && (!text || split_rows(text, &r))) {
        r.failed = CLI_FAILURE;
        free(r.rows);
        r.rows = NULL;
        why = "its rows could not be received";
    }
    if (why) snprintf(r.message, sizeof r.message, "%s (rank %d)", why, rank);
    free(text);
    scan_record(S, &r);
}

void scan_serve_ranks(scan *S)
{
    int working = cli_ranks() - 1, source, tag;
    struct timespec pause = {0, 2000000}; /* 2 ms: the thread mostly sleeps */
    while (working > 0) {
        if (!cli_ranks_poll(&source, &tag)) {
            nanosleep(&pause, NULL);
            continue;
        }
        if (tag == TAG_REQUEST) hand_out(S, source, &working);
        else if (tag == TAG_RESULT) take_result(S, source);
    }
}

void scan_work_for_rank0(scan *S)
{
    qlb_set_threads(S->threads_per_case);
    for (;;) {
        int request = 0, v[HEADER];
        case_result r;
        cli_ranks_send_ints(&request, 1, 0, TAG_REQUEST);
        cli_ranks_recv_ints(v, HEADER, 0, TAG_CASE);
        unpack(v, &r);
        if (r.index < 0) return;
        scan_compute(S, &r);
        char *text = r.failed ? NULL : join_rows(&r);
        if (!r.failed && !text) r.failed = CLI_FAILURE, snprintf(r.message, sizeof r.message, "out of memory");
        pack(&r, v);
        cli_ranks_send_ints(v, HEADER, 0, TAG_RESULT);
        cli_ranks_send_double(r.seconds, 0, TAG_SECONDS);
        cli_ranks_send_text(r.failed ? r.message : text, 0, TAG_TEXT);
        free(text);
        free(r.rows);
    }
}
