/* qlb/textfile.h — bounded reading of the text files qlb accepts (potential
 * tables, coefficient files; the CLI's manifests). */
#ifndef QLB_TEXTFILE_H
#define QLB_TEXTFILE_H

#include <stddef.h>
#include <stdio.h>

#include "qlb/status.h"

#ifdef __cplusplus
extern "C" {
#endif

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
