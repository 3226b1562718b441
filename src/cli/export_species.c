/* export_species.c — `qlb export --species ...`: the multi-species operator
 * (docs/DESIGN.md §9) as HDF5 in the spherical basis of every species,
 * species-major: /L ((S N_b)^2, symmetric, in the orthonormal basis of
 * sum_a n_a <g_a, h_a>), /pairs/A_B/test and /pairs/A_B/field (N_b^2 each:
 * the test part acting on A, the field part mapping B to A, same basis),
 * /species/Z, A, n, and /basis (species, n, l, m). */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* out (rows x rows, ld) [(a, i), (b, j)] = block value of (a, n_i), (b, n_j) at l when
 * (l, m) of i and j agree; get(l, a, b, n, n2) reads the blocks. */
typedef double (*block_entry)(void *ctx, int l, int a, int b, int n, int n2);

static void dense_spherical(const qlb_basis *B, int S, block_entry get, void *ctx, double *out)
{
    size_t nb = qlb_basis_size(B), ld = (size_t)S * nb;
    memset(out, 0, ld * ld * sizeof(double));
    for (size_t i = 0; i < nb; i++)
        for (size_t j = 0; j < nb; j++) {
            int n, l, m, n2, l2, m2;
            qlb_basis_spherical_label(B, i, &n, &l, &m);
            qlb_basis_spherical_label(B, j, &n2, &l2, &m2);
            if (l != l2 || m != m2) continue;
            for (int a = 0; a < S; a++)
                for (int b = 0; b < S; b++) out[(a * nb + i) * ld + b * nb + j] = get(ctx, l, a, b, n, n2);
        }
}

static double mixop_entry(void *ctx, int l, int a, int b, int n, int n2)
{
    int s;
    const qlb_mixop *M = ctx;
    const double *B = qlb_mixop_block(M, l, &s);
    int k = s / qlb_mixop_species_count(M);
    return B[(a * k + n) * s + b * k + n2];
}

typedef struct {
    double **parts;
    int N;
} part_blocks;

static double part_entry(void *ctx, int l, int a, int b, int n, int n2)
{
    const part_blocks *P = ctx;
    (void)a, (void)b;
    int k = (P->N - l) / 2 + 1;
    return P->parts[l][n * k + n2];
}

/* Labels species, n, l, m for S copies of the spherical basis. */
static int *species_labels(const qlb_basis *B, int S, qlb_io_labels *lab)
{
    size_t nb = qlb_basis_size(B);
    int *v = malloc((size_t)S * nb * 4 * sizeof(int));
    for (int a = 0; v && a < S; a++)
        for (size_t i = 0; i < nb; i++) {
            int *row = v + (a * nb + i) * 4;
            row[0] = a;
            qlb_basis_spherical_label(B, i, &row[1], &row[2], &row[3]);
        }
    *lab = (qlb_io_labels){(size_t)S * nb, 4, v, "species,n,l,m"};
    return v;
}

/* The pairs' parts as dense matrices: names and data appended to arrays. */
static qlb_status pair_matrices(const qlb_mixop *M, const qlb_basis *B, qlb_io_array *arrays, int *count,
                                char (*names)[80], double **data)
{
    int S = qlb_mixop_species_count(M), N = qlb_basis_degree(B);
    size_t nb = qlb_basis_size(B);
    double **test = calloc((size_t)N + 1, sizeof(double *)), **field = calloc((size_t)N + 1, sizeof(double *));
    qlb_status st = test && field ? QLB_OK : QLB_ENOMEM;
    for (int l = 0; l <= N && !st; l++) {
        size_t k = (size_t)(N - l) / 2 + 1;
        test[l] = malloc(k * k * sizeof(double));
        field[l] = malloc(k * k * sizeof(double));
        if (!test[l] || !field[l]) st = QLB_ENOMEM;
    }
    for (int a = 0; a < S && !st; a++)
        for (int b = 0; b < S && !st; b++) {
            st = qlb_mixop_pair_parts(M, a, b, test, field);
            for (int part = 0; part < 2 && !st; part++) {
                double *D = malloc(nb * nb * sizeof(double));
                if (!D) {
                    st = QLB_ENOMEM;
                    break;
                }
                part_blocks P = {part ? field : test, N};
                dense_spherical(B, 1, part_entry, &P, D);
                snprintf(names[*count], 80, "pairs/%s_%s/%s", qlb_mixop_species(M, a)->name,
                         qlb_mixop_species(M, b)->name, part ? "field" : "test");
                data[*count] = D;
                arrays[*count] = (qlb_io_array){names[*count], D, nb, nb, "acts", part ? "on the second species, into the first" : "on the first species"};
                (*count)++;
            }
        }
    for (int l = 0; test && field && l <= N; l++) {
        free(test[l]);
        free(field[l]);
    }
    free(test);
    free(field);
    return st;
}

int cli_export_species(const cli_operator *op, const char *output, int force)
{
    const qlb_params *p = &op->params;
    int S = op->nspecies, count = 0;
    qlb_basis *B = NULL;
    qlb_mixop *M = NULL;
    qlb_status st = qlb_basis_create(p->dim, p->degree, &B);
    size_t nb = st ? 0 : qlb_basis_size(B);
    if (!st) st = qlb_check_memory(8.0 * nb * nb * (S * S + 2.0 * S * S + 1), "the multi-species matrices");
    if (!st) st = cli_make_mixop(op, &M);
    int arrays_max = 4 + 2 * S * S;
    qlb_io_array *arrays = calloc((size_t)arrays_max, sizeof *arrays);
    char (*names)[80] = calloc((size_t)arrays_max, sizeof *names);
    double **data = calloc((size_t)arrays_max, sizeof *data), Z[QLB_MAX_SPECIES], A[QLB_MAX_SPECIES], n[QLB_MAX_SPECIES];
    qlb_io_labels lab;
    int *labels = NULL;
    if (!st && !(arrays && names && data && (labels = species_labels(B, S, &lab)))) st = QLB_ENOMEM;
    if (!st && !(data[0] = malloc((size_t)S * S * nb * nb * sizeof(double)))) st = QLB_ENOMEM;
    char species_text[QLB_MAX_SPECIES * QLB_SPECIES_NAME] = "";
    if (!st) {
        dense_spherical(B, S, mixop_entry, M, data[0]);
        arrays[count++] = (qlb_io_array){"L", data[0], (size_t)S * nb, (size_t)S * nb, "basis",
                                         "e_{a,n,l,m} = f_{n,l,m}(sqrt(m_a) v) m_a^(d/4) / sqrt(n_a), "
                                         "orthonormal in sum_a n_a <g_a, h_a>"};
        for (int a = 0; a < S; a++) {
            const qlb_species *s = qlb_mixop_species(M, a);
            Z[a] = s->charge;
            A[a] = s->mass;
            n[a] = s->density;
            strcat(species_text, a ? "," : "");
            strcat(species_text, s->name);
        }
        arrays[count++] = (qlb_io_array){"species/Z", Z, (size_t)S, 0, NULL, NULL};
        arrays[count++] = (qlb_io_array){"species/A", A, (size_t)S, 0, "unit", "the first species' mass"};
        arrays[count++] = (qlb_io_array){"species/n", n, (size_t)S, 0, "unit", "fraction of the total density"};
        st = pair_matrices(M, B, arrays, &count, names, data);
    }
    if (!st) {
        qlb_io_attr attrs[] = {{"dim", NULL, p->dim}, {"hbar", NULL, p->hbar}, {"degree", NULL, p->degree},
                               {"potential", qlb_potential_spec(p->potential), 0},
                               {"screening", NULL, p->screening}, {"basis", "spherical", 0},
                               {"species", species_text, 0}, {"time_unit_s", NULL, op->time_unit_s}};
        st = qlb_io_write_arrays(output, arrays, count, attrs, op->time_unit_s > 0 ? 8 : 7, &lab, force);
    }
    for (int i = 0; data && i < arrays_max; i++) free(data[i]);
    free(data);
    free(names);
    free(arrays);
    free(labels);
    qlb_mixop_free(M);
    qlb_basis_free(B);
    return st ? cli_report("export", st) : CLI_OK;
}
