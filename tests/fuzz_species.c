/* fuzz_species.c — libFuzzer harness of the --species parsers (cli
 * species_options.c): the bytes are lines, each a --species argument; the
 * first byte chooses qlb's units or --units plasma. Whatever is accepted
 * passes the library's checks (qlb_species_check; the plasma's neutrality,
 * one temperature and the map to qlb's units). The refusals print. */
#include "fuzz_input.h"
#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    char *text = fuzz_text(data + 1, size - 1);
    if (!text) return 0;
    cli_operator op;
    memset(&op, 0, sizeof op);
    op.params = qlb_params_default();
    op.plasma = data[0] & 1;
    if (!op.plasma && qlb_potential_parse("algebraic:A=1,p=2", &op.potential)) {
        free(text);
        return 0;
    }
    op.params.potential = op.potential;
    int n = 0;
    for (char *save, *line = strtok_r(text, "\n", &save); line && n < QLB_MAX_SPECIES; line = strtok_r(NULL, "\n", &save))
        if (cli_species_option(&op, line) < 0) break;
        else n++;
    if (n > 0 && cli_species_finish(&op, "fuzz") == CLI_OK && qlb_species_check(op.species, op.nspecies))
        abort(); /* accepted species that the library refuses */
    cli_operator_free(&op);
    free(text);
    return 0;
}
