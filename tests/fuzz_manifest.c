/* fuzz_manifest.c — libFuzzer harness of the scan manifest reader
 * (src/cli/manifest.c, linked in with the CLI's option helpers): any file
 * content. Its refusals are printed (run_fuzz.sh closes the target's
 * stderr: -close_fd_mask=2; libFuzzer and the sanitizers keep theirs). */
#include "fuzz_input.h"
#include "manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[128];
    manifest m;
    fuzz_file(data, size, "manifest", ".txt", path, sizeof path);
    if (manifest_read(path, &m) == 0) manifest_free(&m);
    unlink(path);
    return 0;
}
