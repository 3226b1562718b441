/* fuzz_potential.c — libFuzzer harness of the potential spec parser
 * (qlb_potential_parse): any text; an accepted potential is evaluated. */
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *spec = fuzz_text(data, size);
    qlb_potential *pot = NULL;
    if (spec && !qlb_potential_parse(spec, &pot)) {
        double v, lambda;
        for (double k = 0; k < 40; k += 3.7) qlb_potential_value(pot, k, &v);
        qlb_potential_coulomb_logarithm(pot, &lambda);
        qlb_potential_free(pot);
    }
    free(spec);
    return 0;
}
