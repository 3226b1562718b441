/* fuzz_initial.c — libFuzzer harness of the initial-data spec parser
 * (maxwellian:..., bump:..., two-temperature:..., eigenvector:...) at d = 2,
 * N = 6: any text that names no file (a '/' or a file suffix is skipped:
 * files have harnesses of their own). */
#include "fuzz_input.h"

static qlb_linop *L;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    L = fuzz_operator(2, 6);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *spec = fuzz_text(data, size);
    double c[28];
    qlb_initial_info info;
    if (spec && !strchr(spec, '/') && !strstr(spec, ".csv") && !strstr(spec, ".h5")) qlb_initial_load(spec, L, c, &info);
    free(spec);
    return 0;
}
