/* bounded_text.c — bounded line-by-line reading of the text files qlb accepts
 * (potential tables, manifests, coefficient CSV files). A line longer than
 * the caller's limit, a file longer than its limit, and a NUL byte (binary
 * data, /dev/zero) are refused with the file and line named, so no reader
 * can be made to split a line in two, run without end or take all memory;
 * a FIFO, device or directory is refused before it is opened.
 * Lines are read byte by byte with getc (stdio buffers the file). */
#include "core/error.h"
#include "qlb/textfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

qlb_status qlb_text_open(qlb_text_reader *r, const char *path, size_t max_line, size_t max_bytes)
{
    memset(r, 0, sizeof *r);
    r->path = path;
    r->max_line = max_line;
    r->max_bytes = max_bytes;
    qlb_status st = qlb_check_input_file(path);
    if (st) return st;
    r->line = malloc(max_line + 1);
    if (!r->line) return qlb_fail(QLB_ENOMEM, "%s: out of memory", path);
    r->file = fopen(path, "r");
    if (!r->file) {
        qlb_status st = qlb_fail(QLB_EIO, "cannot read %s: %s", path, strerror(errno));
        free(r->line);
        r->line = NULL;
        return st;
    }
    return QLB_OK;
}

qlb_status qlb_text_next(qlb_text_reader *r, char **line)
{
    FILE *f = r->file;
    size_t n = 0;
    int ch;
    *line = NULL;
    while ((ch = getc(f)) != EOF && ch != '\n') {
        if (++r->bytes > r->max_bytes)
            return qlb_fail(QLB_EINVAL, "%s: longer than %zu bytes", r->path, r->max_bytes);
        if (ch == '\0')
            return qlb_fail(QLB_EINVAL, "%s:%zu: binary data (NUL byte), not text", r->path,
                            r->lineno + 1);
        if (n == r->max_line)
            return qlb_fail(QLB_EINVAL, "%s:%zu: line longer than %zu bytes", r->path,
                            r->lineno + 1, r->max_line);
        r->line[n++] = (char)ch;
    }
    if (ferror(f)) return qlb_fail(QLB_EIO, "%s: read error: %s", r->path, strerror(errno));
    if (ch == EOF && n == 0) return QLB_OK; /* end of file */
    r->bytes++;
    if (n && r->line[n - 1] == '\r') n--; /* CRLF */
    r->line[n] = '\0';
    r->lineno++;
    *line = r->line;
    return QLB_OK;
}

void qlb_text_close(qlb_text_reader *r)
{
    if (r->file) fclose(r->file);
    free(r->line);
    memset(r, 0, sizeof *r);
}
