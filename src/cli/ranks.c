/* ranks.c — MPI for the qlb program (see ranks.h). Built with MPI
 * (QLB_WITH_MPI), MPI is initialized with MPI_THREAD_SERIALIZED only under
 * a launcher: a distributed scan calls MPI from one thread of rank 0 at a
 * time, while its other threads compute. Without MPI every call is the
 * serial identity.
 *
 * Failures: ranks other than 0 write their stderr to a temporary file, so
 * that their last line can be shown. Agreements (cli_ranks_agree) and the
 * end of a command run on a communicator of their own, so they never match
 * a collective of the work; a rank that failed waits there at most
 * FAILED_WAIT seconds for the others, and then aborts the job (its peers
 * are then blocked in a collective that waits for it). */
#include "ranks.h"

#include "cli.h"

#include <cblas.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef QLB_WITH_MPI
#include <mpi.h>
#endif

static int rank_id, rank_count = 1, threads = 1, active, agreed;

static int cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

uint64_t cli_hash64(const void *data, size_t n)
{
    uint64_t h = 14695981039346656037ull;
    for (const unsigned char *p = data; n--; p++) h = (h ^ *p) * 1099511628211ull;
    return h;
}

#ifdef QLB_WITH_MPI
enum { FAILED_WAIT = 10, TAG_MESSAGE = 200 };

static MPI_Comm agree_comm = MPI_COMM_NULL;
static int real_stderr = -1;    /* ranks other than 0: the terminal's stderr */
static FILE *captured;          /* ... and what they write to stderr meanwhile */

static int launched(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK");
}

/* Ranks sharing this node. */
static int ranks_on_node(void)
{
    MPI_Comm node;
    int n = 1;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
    MPI_Comm_size(node, &n);
    MPI_Comm_free(&node);
    return n;
}

/* Ranks other than 0: stdout to /dev/null, stderr to a temporary file. */
static void quiet_rank(void)
{
    if (!freopen("/dev/null", "w", stdout)) return;
    fflush(stderr);
    captured = tmpfile();
    real_stderr = dup(STDERR_FILENO);
    if (captured) dup2(fileno(captured), STDERR_FILENO);
    setvbuf(stderr, NULL, _IONBF, 0);
}

/* The last line this rank wrote to stderr (its error), into buf. */
static void last_message(char *buf, size_t len)
{
    char line[1024];
    snprintf(buf, len, "failed without a message");
    if (!captured) return;
    rewind(captured);
    while (fgets(line, sizeof line, captured))
        if (line[0] && line[0] != '\n') snprintf(buf, len, "%s", line);
    fseek(captured, 0, SEEK_END);
    buf[strcspn(buf, "\n")] = 0;
}

/* Waits for request r; a rank that failed (rc) waits FAILED_WAIT seconds at
 * most, and then shows its message and aborts the job with exit code rc. */
static void wait_or_abort(MPI_Request *r, int rc)
{
    if (!rc) {
        MPI_Wait(r, MPI_STATUS_IGNORE);
        return;
    }
    struct timespec pause = {0, 1000000}, t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    for (time_t deadline = t.tv_sec + FAILED_WAIT; t.tv_sec < deadline; clock_gettime(CLOCK_MONOTONIC, &t)) {
        int done;
        MPI_Test(r, &done, MPI_STATUS_IGNORE);
        if (done) return;
        nanosleep(&pause, NULL);
    }
    char msg[1024];
    last_message(msg, sizeof msg);
    if (rank_id) dprintf(real_stderr, "%s (rank %d; the other ranks were blocked, the job is aborted)\n", msg, rank_id);
    MPI_Abort(MPI_COMM_WORLD, rc);
}

/* Rank first's message, printed by rank 0 with the rank's number. */
static void relay_message(int first)
{
    char msg[1024];
    if (rank_id == first) {
        last_message(msg, sizeof msg);
        MPI_Send(msg, (int)strlen(msg) + 1, MPI_CHAR, 0, TAG_MESSAGE, agree_comm);
    } else if (!rank_id) {
        MPI_Recv(msg, sizeof msg, MPI_CHAR, first, TAG_MESSAGE, agree_comm, MPI_STATUS_IGNORE);
        msg[sizeof msg - 1] = 0;
        fprintf(stderr, "%s (rank %d)\n", msg, first);
    }
}

/* The lowest rank whose flag is set (INT_MAX: none). */
static int lowest(int flag, int rc)
{
    int first = flag ? rank_id : INT_MAX;
    MPI_Request r;
    MPI_Iallreduce(MPI_IN_PLACE, &first, 1, MPI_INT, MPI_MIN, agree_comm, &r);
    wait_or_abort(&r, rc);
    return first;
}

int cli_ranks_verdict(int rc)
{
    if (!active || rank_count == 1) return rc;
    int first = lowest(rc != CLI_OK, rc);
    if (first == INT_MAX) return CLI_OK;
    int code = rc;
    MPI_Bcast(&code, 1, MPI_INT, first, agree_comm);
    if (first) relay_message(first);
    return code;
}

int cli_ranks_agree(const char *command, int rc, const char *inputs)
{
    agreed = 1;
    rc = cli_ranks_verdict(rc);
    if (rc != CLI_OK || !active || rank_count == 1) return rc;
    uint64_t mine = cli_hash64(inputs, inputs ? strlen(inputs) : 0), zero = mine;
    MPI_Bcast(&zero, 1, MPI_UINT64_T, 0, agree_comm);
    int other = lowest(mine != zero, CLI_OK);
    if (other == INT_MAX) return CLI_OK;
    if (!rank_id)
        fprintf(stderr, "qlb %s: rank %d was given other inputs than rank 0 (every rank must run the same "
                "command on the same data)\n", command, other);
    return CLI_BAD_INPUT;
}

void cli_ranks_begin(void)
{
    threads = cores();
    if (!launched()) return;
    int provided;
    MPI_Init_thread(NULL, NULL, MPI_THREAD_SERIALIZED, &provided);
    active = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_id);
    MPI_Comm_size(MPI_COMM_WORLD, &rank_count);
    MPI_Comm_dup(MPI_COMM_WORLD, &agree_comm);
    int share = threads / ranks_on_node();
    threads = share > 0 ? share : 1;
    qlb_set_threads(threads);
    openblas_set_num_threads(1);
    if (rank_id) quiet_rank();
}

int cli_ranks_end(const char *command, int rc)
{
    if (!active) return rc;
    if (!agreed) rc = cli_ranks_agree(command, rc, NULL); /* the command ended before its agreement */
    MPI_Request r;
    MPI_Ibarrier(agree_comm, &r);
    wait_or_abort(&r, rc);
    MPI_Comm_free(&agree_comm);
    MPI_Finalize();
    active = 0;
    return rc;
}

void cli_ranks_share_int(int *v)
{
    if (active) MPI_Bcast(v, 1, MPI_INT, 0, MPI_COMM_WORLD);
}

void cli_ranks_sum(double *y, size_t n, void *ctx)
{
    (void)ctx;
    for (size_t at = 0; active && rank_count > 1 && at < n; at += 1 << 30) /* counts are int */
        MPI_Allreduce(MPI_IN_PLACE, y + at, (int)(n - at < (1u << 30) ? n - at : 1u << 30), MPI_DOUBLE,
                      MPI_SUM, MPI_COMM_WORLD);
}

void cli_ranks_barrier(void)
{
    if (active) MPI_Barrier(MPI_COMM_WORLD);
}

enum { TAG_GATHER = 100, CHUNK = 1 << 30 };

/* n bytes to or from a rank, in chunks that fit an int count. */
static void send_bytes(const void *data, size_t n, int to)
{
    for (size_t at = 0; at < n; at += CHUNK)
        MPI_Send((const char *)data + at, (int)(n - at < CHUNK ? n - at : CHUNK), MPI_BYTE, to, TAG_GATHER,
                 MPI_COMM_WORLD);
}

static void recv_bytes(void *data, size_t n, int from)
{
    for (size_t at = 0; at < n; at += CHUNK)
        MPI_Recv((char *)data + at, (int)(n - at < CHUNK ? n - at : CHUNK), MPI_BYTE, from, TAG_GATHER,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

/* Rank 0 learns every size and allocates first; the bytes move only if
 * all of it fits, so no message is left unreceived. */
int cli_ranks_gather(const void *data, size_t bytes, void ***all, size_t **sizes)
{
    *all = NULL, *sizes = NULL;
    unsigned long long n = bytes, *counts = rank_id ? NULL : malloc((size_t)rank_count * sizeof *counts);
    int ok = rank_id || counts;
    MPI_Gather(&n, 1, MPI_UNSIGNED_LONG_LONG, counts, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    if (!rank_id && ok) {
        *all = calloc((size_t)rank_count, sizeof(void *));
        *sizes = calloc((size_t)rank_count, sizeof(size_t));
        ok = *all && *sizes;
        for (int r = 0; ok && r < rank_count; r++)
            ok = ((*all)[r] = malloc((size_t)counts[r] + 1)) != NULL, (*sizes)[r] = (size_t)counts[r];
    }
    MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (ok && rank_id) send_bytes(data, bytes, 0);
    for (int r = 0; ok && !rank_id && r < rank_count; r++) {
        if (r) recv_bytes((*all)[r], (*sizes)[r], r);
        else memcpy((*all)[0], data, bytes);
    }
    if (!ok && *all) {
        for (int r = 0; r < rank_count; r++) free((*all)[r]);
        free(*all), free(*sizes);
        *all = NULL, *sizes = NULL;
    }
    free(counts);
    return ok ? 0 : -1;
}

void cli_ranks_send_ints(const int *v, int n, int to, int tag)
{
    MPI_Send(v, n, MPI_INT, to, tag, MPI_COMM_WORLD);
}

void cli_ranks_recv_ints(int *v, int n, int from, int tag)
{
    MPI_Recv(v, n, MPI_INT, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

void cli_ranks_send_text(const char *s, int to, int tag)
{
    MPI_Send(s, (int)strlen(s) + 1, MPI_CHAR, to, tag, MPI_COMM_WORLD);
}

char *cli_ranks_recv_text(int from, int tag)
{
    MPI_Status st;
    int n;
    MPI_Probe(from, tag, MPI_COMM_WORLD, &st);
    MPI_Get_count(&st, MPI_CHAR, &n);
    char *s = malloc((size_t)n + 1);
    char discard;
    MPI_Recv(s ? s : &discard, s ? n : 0, MPI_CHAR, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (s) s[n] = 0;
    return s;
}

void cli_ranks_send_double(double v, int to, int tag)
{
    MPI_Send(&v, 1, MPI_DOUBLE, to, tag, MPI_COMM_WORLD);
}

double cli_ranks_recv_double(int from, int tag)
{
    double v;
    MPI_Recv(&v, 1, MPI_DOUBLE, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    return v;
}

int cli_ranks_poll(int *source, int *tag)
{
    int flag;
    MPI_Status st;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
    if (flag) *source = st.MPI_SOURCE, *tag = st.MPI_TAG;
    return flag;
}
#else
void cli_ranks_begin(void) { threads = cores(); }
int cli_ranks_end(const char *command, int rc)
{
    (void)command;
    return rc;
}
int cli_ranks_agree(const char *command, int rc, const char *inputs)
{
    (void)command, (void)inputs;
    agreed = 1;
    return rc;
}
int cli_ranks_verdict(int rc) { return rc; }
void cli_ranks_share_int(int *v) { (void)v; }
void cli_ranks_sum(double *y, size_t n, void *ctx) { (void)y, (void)n, (void)ctx; }
void cli_ranks_barrier(void) {}
int cli_ranks_gather(const void *data, size_t bytes, void ***all, size_t **sizes)
{
    *all = calloc(1, sizeof(void *));
    *sizes = calloc(1, sizeof(size_t));
    void *buf = malloc(bytes + 1);
    if (!*all || !*sizes || !buf) return free(buf), -1;
    memcpy(buf, data, bytes);
    (*all)[0] = buf, (*sizes)[0] = bytes;
    return 0;
}
/* Never called with one rank. */
void cli_ranks_send_ints(const int *v, int n, int to, int tag) { (void)v, (void)n, (void)to, (void)tag; }
void cli_ranks_recv_ints(int *v, int n, int from, int tag) { (void)v, (void)n, (void)from, (void)tag; }
void cli_ranks_send_text(const char *s, int to, int tag) { (void)s, (void)to, (void)tag; }
char *cli_ranks_recv_text(int from, int tag)
{
    (void)from, (void)tag;
    return NULL;
}
void cli_ranks_send_double(double v, int to, int tag) { (void)v, (void)to, (void)tag; }
double cli_ranks_recv_double(int from, int tag)
{
    (void)from, (void)tag;
    return 0;
}
int cli_ranks_poll(int *source, int *tag)
{
    (void)source, (void)tag;
    return 0;
}
#endif

int cli_rank(void) { return rank_id; }
int cli_ranks(void) { return rank_count; }
int cli_rank_threads(void) { return threads; }
