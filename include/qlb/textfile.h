/* qlb/textfile.h — the inputs qlb accepts: regular files only, and bounded
 * reading of its text files (potential tables, coefficient files; the
 * CLI's manifests). */
#ifndef QLB_TEXTFILE_H
#define QLB_TEXTFILE_H

#include <stddef.h>
#include <stdio.h>

#include "qlb/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* QLB_OK if path names a regular file (through symbolic links: /dev/stdin
 * redirected from a file is one); QLB_EIO naming path if it is missing or
 * unreadable, QLB_EINVAL if it is a FIFO, a device, a socket or a
 * directory. Nothing is opened, so nothing can block (a FIFO's open waits
 * for a writer, a device's read may never end): every reader of qlb calls
 * it before it opens an input. */
qlb_status qlb_check_input_file(const char *path);

/* Bounded reading of a text file, line by line: a line longer than max_line
 * bytes, a file longer than max_bytes and a NUL byte are QLB_EINVAL with the
 * file and line named (never a split line, an endless read or a binary file
 * taken as text). Fields are the reader's state; lineno counts lines read. */
typedef struct {
    FILE *file;
    const char *path;           /* borrowed */
    char *line;
    size_t lineno, bytes, max_line, max_bytes;
} qlb_text_reader;

qlb_status qlb_text_open(qlb_text_reader *r, const char *path, size_t max_line, size_t max_bytes);
/* Next line without its newline (and CR) in *line, owned by r and valid
 * until the next call; *line is NULL at the end of the file. */
qlb_status qlb_text_next(qlb_text_reader *r, char **line);
void qlb_text_close(qlb_text_reader *r);

/* Writes s to f as a JSON string literal: quotes, backslashes and control
 * characters escaped (paths may hold any of them). */
void qlb_text_json_string(FILE *f, const char *s);

#ifdef __cplusplus
}
#endif

#endif
