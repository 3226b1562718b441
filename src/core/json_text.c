/* json_text.c — JSON string literals for the files and records qlb writes:
 * '"' and '\\' escaped, control characters as \\u00XX, other bytes (UTF-8
 * included) as they are. */
#include "qlb/textfile.h"

void qlb_text_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
        else if (*p < 0x20) fprintf(f, "\\u%04x", *p);
        else fputc(*p, f);
    }
    fputc('"', f);
}
