/* bench_species.c — assembly of the multi-species operator (issue 24) as
 * ratios measured in this run, d = 3, N = 40, hbar = 1, screened:
 *  1. two species against one species at the same N (the target:
 *     within 4x), for electrons and protons (m = 1836.15: three pair
 *     kernels, the e-p one with 2(N+1) rows) and for two copies of one
 *     species (one shared kernel);
 *  2. the u nodes of all pairs against one species', beside the arithmetic
 *     floor of the rank updates: a pair of unequal masses costs
 *     (2(N+1))^2/(N+1)^2 = 4 one-species updates per node, so electrons and
 *     protons need 1 + 1 + 4 = 6 at equal node counts.
 *  3. the quadratic term (qlb_mixquad) at d = 3, N = 12, screened with the
 *     variation of eps: building it and one contraction Q(c, c), against
 *     one species' T; the contraction's floor is the count of T-sized
 *     pieces (per output species: the symmetric piece of each input pair,
 *     and the antisymmetric one of each cross pair, twice the coupling
 *     work of a symmetric one in apply: 2 x (1 + 2 + 1) = 8 for e-p).
 *  4. (--electrons) the Spitzer problem (qlb_electron_coefficients, issue
 *     25): building the electrons-and-static-ions operator and the
 *     coefficients at every degree, against one species' L at the same N,
 *     for Landau (Z = 1, N = 101, hbar = 0, unscreened) and QLB hydrogen at
 *     1e20 cm^-3, 100 eV (hbar' = 0.00525, Coulomb, screened, N = 81: about
 *     1e-6 of convergence). The floor is the pair kernels' arithmetic: e-e,
 *     the stacked e-i (4) and i-i, 6 one-species kernels, of which the
 *     problem needs 2 (e-e and the e-i test part).
 * Best of several runs each (bench_timing.h); the default thread count. */
#include "qlb/qlb.h"
#include "bench_timing.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double time_one(const qlb_params *p, long *nodes)
{
    double best;
    BEST_TIME(best, {
        qlb_linop *L;
        if (qlb_linop_create(p, &L)) {
            fprintf(stderr, "bench_species: %s\n", qlb_last_error());
            exit(1);
        }
        *nodes = qlb_linop_get_info(L).inner_evaluations;
        qlb_linop_free(L);
    });
    return best;
}

static double time_mixture(const qlb_params *p, const qlb_species *sp, int count, long *nodes)
{
    double best;
    BEST_TIME(best, {
        qlb_mixop *M;
        if (qlb_mixop_create(p, sp, count, &M)) {
            fprintf(stderr, "bench_species: %s\n", qlb_last_error());
            exit(1);
        }
        *nodes = qlb_mixop_get_info(M).inner_evaluations;
        qlb_mixop_free(M);
    });
    return best;
}

static void run(const char *potential)
{
    qlb_potential *v;
    if (qlb_potential_parse(potential, &v)) {
        fprintf(stderr, "bench_species: %s\n", qlb_last_error());
        exit(1);
    }
    qlb_params p = qlb_params_default();
    p.degree = 40;
    p.potential = v;
    long n1, nep, ncopy;
    qlb_species ep[2] = {test_species("e", -1, 1, 0.5), test_species("p", 1, 1836.15, 0.5)};
    qlb_species copies[2] = {test_species("a", 1, 1, 0.3), test_species("b", 1, 1, 0.7)};
    double t1 = time_one(&p, &n1);
    double tep = time_mixture(&p, ep, 2, &nep);
    double tcopy = time_mixture(&p, copies, 2, &ncopy);
    printf("%s, d = 3, N = 40, hbar = 1, screened:\n", potential);
    printf("  one species          %8.3f s  (%ld u nodes)\n", t1, n1);
    printf("  electrons + protons  %8.3f s  (%ld u nodes)  ratio %.2f  (target <= 4: %.2f of it)\n", tep,
           nep, tep / t1, tep / t1 / 4);
    printf("  two copies           %8.3f s  (%ld u nodes)  ratio %.2f  (target <= 4: %.2f of it)\n", tcopy,
           ncopy, tcopy / t1, tcopy / t1 / 4);
    printf("  u nodes e+p / one: %.2f over three pairs; the arithmetic floor of the rank updates at\n"
           "  equal node counts is 1 + 1 + 4 = 6 one-species kernels (docs/DESIGN.md §9)\n",
           (double)nep / n1);
    qlb_potential_free(v);
}

static qlb_mixquad *mixquad(const qlb_params *p, const qlb_species *sp)
{
    qlb_mixquad *Q;
    if (qlb_mixquad_create(p, sp, 2, 1, &Q)) {
        fprintf(stderr, "bench_species: %s\n", qlb_last_error());
        exit(1);
    }
    return Q;
}

static void run_quadratic(void)
{
    qlb_potential *v;
    if (qlb_potential_parse("algebraic:A=1,p=2", &v)) exit(1);
    qlb_params p = qlb_params_default();
    p.degree = 12;
    p.potential = v;
    qlb_species ep[2] = {test_species("e", -1, 1, 0.5), test_species("p", 1, 1836.15, 0.5)};
    qlb_species copies[2] = {test_species("a", 1, 1, 0.3), test_species("b", 1, 1, 0.7)};
    double t1, tep, tcopy, c1, cep;
    qlb_quadratic *T = NULL;
    BEST_TIME(t1, {
        qlb_quadratic_free(T);
        if (qlb_quadratic_create(&p, 1, &T)) exit(1);
    });
    qlb_mixquad *Q = NULL;
    BEST_TIME(tcopy, { qlb_mixquad_free(Q); Q = mixquad(&p, copies); });
    qlb_mixquad_free(Q);
    Q = NULL;
    BEST_TIME(tep, { qlb_mixquad_free(Q); Q = mixquad(&p, ep); });
    size_t nb = qlb_quadratic_get_info(T).size;
    double *c = malloc(2 * nb * sizeof(double)), *y = malloc(2 * nb * sizeof(double));
    random_vector(2 * nb, 3, c);
    BEST_TIME(c1, { for (int k = 0; k < 20; k++) qlb_quadratic_apply(T, c, y); });
    BEST_TIME(cep, { for (int k = 0; k < 20; k++) qlb_mixquad_apply(Q, c, y); });
    printf("quadratic term, algebraic:A=1,p=2, d = 3, N = 12, hbar = 1, screened with the variation:\n");
    printf("  build: one species %.3f s, two copies %.3f s (ratio %.2f), electrons + protons %.3f s (ratio %.2f)\n",
           t1, tcopy, tcopy / t1, tep, tep / t1);
    printf("  Q(c, c): one species %.3f ms, electrons + protons %.3f ms: ratio %.2f against the floor 8\n",
           c1 / 20 * 1e3, cep / 20 * 1e3, cep / c1);
    free(c), free(y);
    qlb_mixquad_free(Q);
    qlb_quadratic_free(T);
    qlb_potential_free(v);
}

static void run_electrons(const char *label, const char *potential, double hbar, int screening, int N)
{
    qlb_potential *v;
    if (qlb_potential_parse(potential, &v)) exit(1);
    qlb_params p = qlb_params_default();
    p.degree = N, p.hbar = hbar, p.screening = screening, p.potential = v;
    long nodes;
    double t1 = time_one(&p, &nodes), te;
    qlb_species sp[2];
    if (qlb_electron_species(1, 0, sp)) exit(1);
    int degrees[128], count = 0; /* N <= 255 */
    for (int n = 3 + (N + 1) % 2; n <= N && count < (int)(sizeof degrees / sizeof *degrees); n += 2) degrees[count++] = n;
    qlb_electron_transport *t = malloc((size_t)count * sizeof *t);
    BEST_TIME(te, {
        qlb_mixop *M;
        if (qlb_mixop_create(&p, sp, 2, &M) || qlb_electron_coefficients(M, 0, count, degrees, t)) {
            fprintf(stderr, "bench_species: %s\n", qlb_last_error());
            exit(1);
        }
        qlb_mixop_free(M);
    });
    printf("electron transport, %s, N = %d: one species' L %.3f s, electrons with ions at rest %.3f s: "
           "ratio %.2f (floor of the pair kernels 6; the problem needs 2)\n", label, N, t1, te, te / t1);
    free(t);
    qlb_potential_free(v);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--electrons")) {
        run_electrons("Landau (algebraic:A=1,p=2, hbar = 0, unscreened)", "algebraic:A=1,p=2", 0, 0, 101);
        run_electrons("QLB hydrogen 1e20 cm^-3, 100 eV (power:A=1,a=2, hbar = 0.00525, screened)", "power:A=1,a=2",
                      0.00525137, 1, 81);
        return 0;
    }
    if (argc < 2 || strcmp(argv[1], "--quadratic")) {
        run("algebraic:A=1,p=2");
        run("power:A=1,a=2");
    }
    run_quadratic();
    return 0;
}
