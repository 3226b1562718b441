/* atomic_files.c — checks of an output path, temporary files beside it, the
 * final rename, and a file with its sidecar written that way (see
 * atomic_files.h). A temporary file is named PATH.tmp-HOST-PID-XXXXXX (HOST:
 * a hash of the host name), so that one left by a killed writer can be told
 * from one being written: it is of this host and its process is gone. The
 * temporary files being written are listed in a fixed table of slots, which
 * a signal handler may read (qlb_io_remove_temporaries). */
#include "io/atomic_files.h"
#include "qlb/io.h"
#include "core/error.h"

#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { SLOTS = 64, NAME_MAX_LEN = 4200 };

/* The temporary files in progress: a slot's name is written before it is
 * marked in use and kept until it is released. */
static char slot_name[SLOTS][NAME_MAX_LEN];
static volatile sig_atomic_t slot_used[SLOTS];
static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;

static int claim_slot(const char *tmp)
{
    pthread_mutex_lock(&slot_lock);
    int k = 0;
    while (k < SLOTS && slot_used[k]) k++;
    if (k < SLOTS) {
        snprintf(slot_name[k], NAME_MAX_LEN, "%s", tmp);
        slot_used[k] = 1;
    }
    pthread_mutex_unlock(&slot_lock);
    return k < SLOTS ? k : -1; /* more writes at once than slots: that one is not listed */
}

static void release_slot(int k)
{
    if (k >= 0) slot_used[k] = 0;
}

void qlb_io_remove_temporaries(void)
{
    for (int k = 0; k < SLOTS; k++)
        if (slot_used[k]) unlink(slot_name[k]);
}

/* 8 hex digits of the host name's FNV-1a hash. */
static void host_tag(char tag[9])
{
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    uint32_t h = 2166136261u;
    for (const char *c = host; *c; c++) h = (h ^ (unsigned char)*c) * 16777619u;
    snprintf(tag, 9, "%08x", h);
}

/* Whether `name` (in path's directory) is a temporary file of `base` left
 * by a process of this host that has ended. */
static int stale(const char *name, const char *base, const char *tag)
{
    size_t n = strlen(base);
    if (strncmp(name, base, n) || strncmp(name + n, ".tmp-", 5) || strncmp(name + n + 5, tag, 8) ||
        name[n + 13] != '-')
        return 0;
    char *end;
    long pid = strtol(name + n + 14, &end, 10);
    return end != name + n + 14 && *end == '-' && pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

int qlb_io_remove_stale(const char *path)
{
    char *dir_copy = strdup(path), *base_copy = strdup(path), tag[9], file[NAME_MAX_LEN];
    const char *dir_name = dir_copy ? dirname(dir_copy) : NULL; /* may be a static "." */
    DIR *dir = dir_name && base_copy ? opendir(dir_name) : NULL;
    const char *base = base_copy ? basename(base_copy) : "";
    int removed = 0;
    host_tag(tag);
    for (struct dirent *e; dir && (e = readdir(dir));)
        if (stale(e->d_name, base, tag)) {
            snprintf(file, sizeof file, "%s/%s", dir_name, e->d_name);
            removed += unlink(file) == 0;
        }
    if (dir) closedir(dir);
    free(dir_copy), free(base_copy);
    return removed;
}

qlb_status qlb_io_check_path(const char *path, int force)
{
    if (!force && access(path, F_OK) == 0)
        return qlb_fail(QLB_EEXIST, "output %s exists", path);
    char *copy = strdup(path);
    if (!copy) return qlb_fail(QLB_ENOMEM, "out of memory");
    int ok = access(dirname(copy), W_OK) == 0;
    free(copy);
    return ok ? QLB_OK : qlb_fail(QLB_EIO, "cannot write %s: directory not writable or missing",
                                  path);
}

/* An empty temporary file beside path, listed in a slot (*slot); tmp
 * receives its name. Stale ones of path are removed first. */
static qlb_status make_temp(const char *path, char *tmp, size_t len, int *slot)
{
    char tag[9];
    host_tag(tag);
    qlb_io_remove_stale(path);
    snprintf(tmp, len, "%s.tmp-%s-%ld-XXXXXX", path, tag, (long)getpid());
    int fd = mkstemp(tmp);
    if (fd < 0) return qlb_fail(QLB_EIO, "cannot create %s: %s", tmp, strerror(errno));
    *slot = claim_slot(tmp);
    fchmod(fd, 0644);
    close(fd);
    return QLB_OK;
}

static qlb_status rename_into_place(const char *tmp, const char *path)
{
    return rename(tmp, path) == 0
               ? QLB_OK
               : qlb_fail(QLB_EIO, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
}

qlb_status qlb_io_write_atomic(const char *path, const char *side, qlb_io_writer write, void *ctx)
{
    char tmp[NAME_MAX_LEN], side_tmp[NAME_MAX_LEN] = "";
    int slot = -1, side_slot = -1;
    qlb_status st = make_temp(path, tmp, sizeof tmp, &slot);
    if (st) return st;
    st = write(tmp, ctx, 0);
    if (!st && side) st = make_temp(side, side_tmp, sizeof side_tmp, &side_slot);
    if (!st && side) st = write(side_tmp, ctx, 1);
    if (!st && side) st = rename_into_place(side_tmp, side);
    if (!st) st = rename_into_place(tmp, path);
    if (st) {
        unlink(tmp);
        if (side_tmp[0]) unlink(side_tmp);
    }
    release_slot(side_slot);
    release_slot(slot);
    return st;
}
