/* record.c — prints one result record (named fields, already formatted) as
 * a table (name value per line), CSV (header and one row) or a JSON object;
 * numbers are printed by callers with %.17g so the record round-trips. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int cli_record_format(const char *command, const char *format)
{
    if (!strcmp(format, "table") || !strcmp(format, "csv") || !strcmp(format, "json"))
        return CLI_OK;
    return cli_usage_error(command, "unknown format '%s' (table, csv, json)", format);
}

/* JSON value: numbers and booleans as they are, other text as an escaped
 * string (potentials name files, which may hold quotes or backslashes). */
static void json_value(const char *v)
{
    double x;
    if (!cli_parse_double(v, &x) || !strcmp(v, "true") || !strcmp(v, "false")) printf("%s", v);
    else if (!strcmp(v, "nan") || !strcmp(v, "inf") || !strcmp(v, "")) printf("null");
    else qlb_text_json_string(stdout, v);
}

void cli_print_record(const char *format, int n, const char *const *names,
                      const char *const *values)
{
    if (!strcmp(format, "csv")) {
        for (int i = 0; i < n; i++) printf("%s%s", names[i], i + 1 < n ? "," : "\n");
        for (int i = 0; i < n; i++) printf("%s%s", values[i], i + 1 < n ? "," : "\n");
    } else if (!strcmp(format, "json")) {
        printf("{");
        for (int i = 0; i < n; i++) {
            qlb_text_json_string(stdout, names[i]);
            printf(": ");
            json_value(values[i]);
            printf("%s", i + 1 < n ? ", " : "}\n");
        }
    } else {
        for (int i = 0; i < n; i++) printf("%-24s %s\n", names[i], values[i]);
    }
}
