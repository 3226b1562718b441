/* test_threads.c — results do not depend on the number of library threads
 * (qlb_set_threads): every parallel sum is taken in a fixed order, each
 * block by one thread, so the kernel, every block and T(c,c) are
 * bit-identical on 1, 2 and 3 threads (screened hbar > 0; L with
 * resonances: gaussian A = 4 reaches Vhat > 3.5; all three forms; d = 2
 * and 3; the quadratic term, which refuses resonances, with algebraic).
 * Also the sharing of kappa nodes among processes (qlb_set_distribution),
 * with two threads standing for two processes and a barrier for their
 * sum: each assembles the same L with half of the nodes, and both get the
 * single process's L bit for bit. */
#include "testutil.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int same_operator(const qlb_linop *a, const qlb_linop *b)
{
    int N = qlb_linop_params(a)->degree, s, t;
    int same = !memcmp(qlb_linop_kernel(a), qlb_linop_kernel(b), (size_t)(N + 1) * (N + 1) * sizeof(double));
    for (int l = 0; l <= N && same; l++) {
        const double *x = qlb_linop_block(a, l, &s), *y = qlb_linop_block(b, l, &t);
        same = s == t && !memcmp(x, y, (size_t)s * s * sizeof(double));
    }
    return same;
}

static void forms(int d, int N, const char *spec)
{
    qlb_potential *pot;
    check_ok("potential", qlb_potential_parse(spec, &pot));
    qlb_params p = test_params(d, 0.8, N, pot, 1);
    for (int f = 0; f < 3; f++) {
        qlb_linop *L[3];
        for (int t = 0; t < 3; t++) {
            qlb_set_threads(t + 1);
            check_ok("assembly", qlb_linop_create_form(&p, (qlb_form)f, &L[t]));
        }
        char what[200];
        snprintf(what, sizeof what, "d=%d N=%d %s form %d: kernel and blocks bit-identical on 1, 2, 3 threads",
                 d, N, spec, f);
        check_true(what, same_operator(L[0], L[1]) && same_operator(L[0], L[2]));
        for (int t = 0; t < 3; t++) qlb_linop_free(L[t]);
    }
    qlb_potential_free(pot);
}

static void quadratic(void)
{
    qlb_potential *pot;
    check_ok("potential", qlb_potential_parse("algebraic:A=1,p=3", &pot));
    qlb_params p = test_params(3, 0.8, 6, pot, 1);
    qlb_basis *b;
    check_ok("basis", qlb_basis_create(3, 6, &b));
    size_t n = qlb_basis_size(b);
    double *c = malloc(n * sizeof(double)), *y[3];
    random_vector(n, 3, c);
    for (int t = 0; t < 3; t++) {
        qlb_quadratic *T;
        qlb_set_threads(t + 1);
        y[t] = calloc(n, sizeof(double));
        check_ok("quadratic term", qlb_quadratic_create(&p, 1, &T));
        if (T) qlb_quadratic_apply(T, c, y[t]);
        qlb_quadratic_free(T);
    }
    check_true("d=3 N=6 quadratic term: T(c,c) bit-identical on 1, 2, 3 threads",
               !memcmp(y[0], y[1], n * sizeof(double)) && !memcmp(y[0], y[2], n * sizeof(double)));
    for (int t = 0; t < 3; t++) free(y[t]);
    free(c);
    qlb_basis_free(b);
    qlb_potential_free(pot);
}

/* Two "processes" (threads) and the sum of their buffers. */
typedef struct {
    pthread_barrier_t barrier;
    double *y[2];
    const qlb_params *p;
    qlb_linop *L[2];
} shared;

typedef struct {
    shared *S;
    int part;
} process;

static void sum_of_two(double *y, size_t n, void *ctx)
{
    process *me = ctx;
    shared *S = me->S;
    S->y[me->part] = y;
    pthread_barrier_wait(&S->barrier);
    double *total = malloc(n * sizeof(double));
    for (size_t i = 0; i < n; i++) total[i] = S->y[0][i] + S->y[1][i];
    pthread_barrier_wait(&S->barrier); /* both have read before either writes */
    memcpy(y, total, n * sizeof(double));
    free(total);
}

static void *assemble_share(void *arg)
{
    process *me = arg;
    qlb_set_threads(1);
    qlb_set_distribution(me->part, 2, sum_of_two, me);
    if (qlb_linop_create(me->S->p, &me->S->L[me->part])) me->S->L[me->part] = NULL;
    qlb_set_distribution(0, 1, NULL, NULL);
    return NULL;
}

static void distribution(void)
{
    qlb_potential *pot;
    check_ok("potential", qlb_potential_parse("gaussian:A=4,s=1", &pot));
    qlb_params p = test_params(3, 0.8, 12, pot, 1);
    qlb_linop *whole;
    check_ok("assembly", qlb_linop_create(&p, &whole));
    shared S = {.p = &p};
    pthread_barrier_init(&S.barrier, NULL, 2);
    process me[2] = {{&S, 0}, {&S, 1}};
    pthread_t t;
    pthread_create(&t, NULL, assemble_share, &me[1]);
    assemble_share(&me[0]);
    pthread_join(t, NULL);
    check_true("kappa nodes shared by 2 processes: both get the single process's L, bit for bit",
               S.L[0] && S.L[1] && same_operator(S.L[0], whole) && same_operator(S.L[1], whole));
    qlb_linop_info a = qlb_linop_get_info(S.L[0]), b = qlb_linop_get_info(whole);
    check_true("  the same intervals and evaluations", a.intervals == b.intervals && a.evaluations == b.evaluations);
    pthread_barrier_destroy(&S.barrier);
    qlb_linop_free(S.L[0]), qlb_linop_free(S.L[1]), qlb_linop_free(whole);
    qlb_potential_free(pot);
}

int main(void)
{
    distribution();
    forms(3, 12, "gaussian:A=4,s=1");
    forms(2, 17, "algebraic:A=1,p=3");
    quadratic();
    qlb_set_threads(0);
    return test_summary();
}
