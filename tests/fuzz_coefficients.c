/* fuzz_coefficients.c — libFuzzer harness of the coefficient CSV reader
 * (multi_index,value lines; read through qlb_initial_load of FILE.csv) at
 * d = 3, N = 4: any file content. */
#include "fuzz_input.h"

static qlb_linop *L;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    L = fuzz_operator(3, 4);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[128];
    double c[35];
    qlb_initial_info info;
    fuzz_file(data, size, "coefficients", ".csv", path, sizeof path);
    qlb_initial_load(path, L, c, &info);
    unlink(path);
    return 0;
}
