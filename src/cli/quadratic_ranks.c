/* quadratic_ranks.c — the whole quadratic term for `qlb export --what Q`:
 * built by one process, or under MPI in parts (one per rank, each its rows),
 * packed and joined on rank 0, which alone writes the file. The join is the
 * whole tensor bit for bit (qlb_quadratic_join). Failures are reported
 * where they happen and shared (cli_ranks_verdict). */
#include "cli.h"
#include "ranks.h"

#include <stdlib.h>

/* Rank 0: the whole T from the gathered packs. */
static qlb_status join_on_rank0(const qlb_quadratic *part, void **ints, size_t *ni, void **dbls,
                                qlb_quadratic **out)
{
    int parts = cli_ranks();
    size_t *nints = malloc((size_t)parts * sizeof(size_t));
    if (!nints) return cli_fail(QLB_ENOMEM, "out of memory joining the parts of T");
    for (int r = 0; r < parts; r++) nints[r] = ni[r] / sizeof(int32_t);
    qlb_status st = qlb_quadratic_join(part, parts, (int32_t *const *)ints, nints, (double *const *)dbls, out);
    free(nints);
    return st;
}

static void free_gathered(void **all, size_t *sizes)
{
    for (int r = 0; all && r < cli_ranks(); r++) free(all[r]);
    free(all), free(sizes);
}

int cli_quadratic_whole(const char *command, const qlb_params *p, int variation, qlb_quadratic **out)
{
    *out = NULL;
    if (cli_ranks() == 1) {
        qlb_status st = qlb_quadratic_create(p, variation, out);
        return st ? cli_report(command, st) : CLI_OK;
    }
    qlb_quadratic *part = NULL;
    int32_t *ints = NULL;
    double *dbls = NULL;
    size_t nints = 0, ndbls = 0;
    qlb_set_distribution(cli_rank(), cli_ranks(), cli_ranks_sum, NULL); /* kernels shared too */
    qlb_status st = qlb_quadratic_create_part(p, variation, cli_rank(), cli_ranks(), &part);
    qlb_set_distribution(0, 1, NULL, NULL);
    if (!st) st = qlb_quadratic_part_pack(part, &ints, &nints, &dbls, &ndbls);
    int rc = cli_ranks_verdict(st ? cli_report(command, st) : CLI_OK); /* every rank must reach the gathers */
    void **gi = NULL, **gd = NULL;
    size_t *si = NULL, *sd = NULL;
    if (rc == CLI_OK && (cli_ranks_gather(ints, nints * sizeof(int32_t), &gi, &si) |
                         cli_ranks_gather(dbls, ndbls * sizeof(double), &gd, &sd)))
        rc = cli_report(command, cli_fail(QLB_ENOMEM, "out of memory gathering the parts of T on rank 0"));
    if (rc == CLI_OK && !cli_rank() && (st = join_on_rank0(part, gi, si, gd, out)))
        rc = cli_report(command, st);
    free_gathered(gi, si);
    free_gathered(gd, sd);
    free(ints), free(dbls);
    qlb_quadratic_free(part);
    return rc;
}
