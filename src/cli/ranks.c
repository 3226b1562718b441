/* ranks.c — MPI for the qlb program (see ranks.h). Built with MPI
 * (QLB_WITH_MPI), MPI is initialized with MPI_THREAD_SERIALIZED only under
 * a launcher: a distributed scan calls MPI from one thread of rank 0 at a
 * time, while its other threads compute. Without MPI every call is the
 * serial identity. */
#include "ranks.h"

#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef QLB_WITH_MPI
#include <mpi.h>
#endif

static int rank_id, rank_count = 1, threads = 1, active;

static int cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

#ifdef QLB_WITH_MPI
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

void cli_ranks_begin(void)
{
    threads = cores();
    if (!launched()) return;
    int provided;
    MPI_Init_thread(NULL, NULL, MPI_THREAD_SERIALIZED, &provided);
    active = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_id);
    MPI_Comm_size(MPI_COMM_WORLD, &rank_count);
    int share = threads / ranks_on_node();
    threads = share > 0 ? share : 1;
    qlb_set_threads(threads);
    openblas_set_num_threads(1);
    if (rank_id) {
        if (!freopen("/dev/null", "w", stdout)) return;
        if (!freopen("/dev/null", "w", stderr)) return;
    }
}

void cli_ranks_end(void)
{
    if (active) MPI_Finalize();
    active = 0;
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
void cli_ranks_end(void) {}
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
