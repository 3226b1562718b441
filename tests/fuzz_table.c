/* fuzz_table.c — libFuzzer harness of the potential table reader
 * ("table:FILE", columns k Vhat): any file content; an accepted table is
 * evaluated, inside and beyond its range. */
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[128], spec[160];
    fuzz_file(data, size, "table", ".txt", path, sizeof path);
    snprintf(spec, sizeof spec, "table:%s", path);
    qlb_potential *pot = NULL;
    if (!qlb_potential_parse(spec, &pot)) {
        double v;
        for (double k = 0; k < 1e3; k = 2 * k + 0.3) qlb_potential_value(pot, k, &v);
        qlb_potential_free(pot);
    }
    unlink(path);
    return 0;
}
