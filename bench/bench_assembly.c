/* bench_assembly.c — speed of the operator pipeline, as ratios measured in
 * this run (no timed unit tests):
 *  1. assembly of the d = 2, N = 3 and 5 Cartesian matrices by the factorized
 *     library versus the direct 5-D quadrature of (1.29) (tests/bruteforce.c)
 *     at matching accuracy: the speed-up and both errors;
 *  2. the full spectrum by rotation blocks versus a dense LAPACK eigensolve
 *     of the assembled Cartesian matrix (d = 3, N = 12): what the symmetry buys;
 *  3. `qlb spectrum` work for d = 3, N = 40 and d = 5, N = 24 (screened,
 *     algebraic), and screened Coulomb d = 3, N = 40, as a ratio to the 5 s
 *     target of the issue;
 *  4. y = L x by blocks (qlb_linop_apply) versus the dense spherical matrix
 *     times x (cblas_dgemv, 1.2 GB at d = 3, N = 40): the speed-up;
 *  5. the `qlb gap` cases of issue 14 (screened algebraic p = 3 and Coulomb,
 *     hbar = 0.5): wall time against the stored time of the implementation
 *     before (commit 49cee15, `qlb gap` on this 2-core machine) and against
 *     the issue's target, and per stage (kernel, blocks, eigensolves) the
 *     time against its arithmetic bound: flops / (threads x the single-core
 *     dgemm rate measured here). Flops: kernel, per u node the rank-1
 *     update of the upper triangles of the two parity blocks (the rest of
 *     the matrix vanishes by symmetry), about (N+1)^2/2; blocks, the products of
 *     block_assembly.c; eigensolves, 4/3 s^3 per block (tridiagonal
 *     reduction). */
#include "bruteforce.h"
#include "qlb/qlb.h"
#include "bench_timing.h"
#include "core/limits.h"
#include "numerics/parallel.h"
#include "operator/block_assembly.h"
#include "operator/parallel_kernel.h"

#include <cblas.h>
#include <gsl/gsl_errno.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


static qlb_params params(int d, int N, double hbar, const qlb_potential *pot)
{
    qlb_params p = qlb_params_default();
    p.dim = d;
    p.degree = N;
    p.hbar = hbar;
    p.potential = pot;
    return p;
}

static double max_rel_diff(const double *a, const double *b, size_t n)
{
    double m = 0, big = 0;
    for (size_t i = 0; i < n; i++) {
        m = fmax(m, fabs(a[i] - b[i]));
        big = fmax(big, fabs(b[i]));
    }
    return m / big;
}

static void versus_bruteforce(const qlb_potential *pot, int N)
{
    qlb_params p = params(2, N, 0.7, pot);
    qlb_basis *b;
    qlb_burnett *bu;
    qlb_linop *L;
    qlb_basis_create(2, N, &b);
    size_t nb = qlb_basis_size(b), nn = nb * nb;
    double *lib = malloc(nn * sizeof(double)), *bf1 = malloc(nn * sizeof(double)),
           *bf2 = malloc(nn * sizeof(double));
    double t0 = now();
    qlb_linop_create(&p, &L);
    qlb_burnett_create(b, &bu);
    qlb_linop_cartesian(L, b, bu, lib);
    double t_lib = now() - t0;
    t0 = now();
    bruteforce_matrix(b, QLB_FORM_COLLISION, p.hbar, pot, 1, 14, bf1);
    double t_bf = now() - t0;
    bruteforce_matrix(b, QLB_FORM_COLLISION, p.hbar, pot, 1, 18, bf2);
    printf("1. d=2 N=%d screened hbar=0.7: library %.4f s, direct quadrature %.2f s, "
           "speed-up %.0fx\n   errors vs a finer direct quadrature: library %.1e, "
           "direct (q=14) %.1e\n",
           N, t_lib, t_bf, t_bf / t_lib, max_rel_diff(lib, bf2, nn), max_rel_diff(bf1, bf2, nn));
    qlb_linop_free(L);
    qlb_burnett_free(bu);
    qlb_basis_free(b);
    free(lib);
    free(bf1);
    free(bf2);
}

static void versus_dense(const qlb_potential *pot)
{
    qlb_params p = params(3, 12, 1.0, pot);
    qlb_basis *b;
    qlb_burnett *bu;
    qlb_linop *L;
    qlb_eigenvalue *ev;
    size_t count;
    qlb_linop_create(&p, &L);
    double t0 = now();
    qlb_spectrum_blocks(L, &ev, &count);
    double t_blocks = now() - t0;
    qlb_basis_create(3, 12, &b);
    qlb_burnett_create(b, &bu);
    size_t nb = qlb_basis_size(b);
    double *A = malloc(nb * nb * sizeof(double)), *w = malloc(nb * sizeof(double));
    qlb_linop_cartesian(L, b, bu, A);
    t0 = now();
    LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'N', 'U', (int)nb, A, (int)nb, w);
    double t_dense = now() - t0;
    printf("2. d=3 N=12 (%zu functions): spectrum by blocks %.2e s, dense dsyev %.2e s, "
           "ratio %.0fx\n", nb, t_blocks, t_dense, t_dense / t_blocks);
    free(ev);
    free(A);
    free(w);
    qlb_burnett_free(bu);
    qlb_basis_free(b);
    qlb_linop_free(L);
}

static void full_spectrum(const qlb_potential *pot, int d, int N)
{
    const char *name = qlb_potential_spec(pot);
    qlb_params p = params(d, N, 1.0, pot);
    qlb_linop *L;
    qlb_eigenvalue *ev;
    size_t count;
    double t0 = now();
    qlb_status st = qlb_linop_create(&p, &L);
    if (!st) st = qlb_spectrum_blocks(L, &ev, &count);
    double t = now() - t0;
    if (st) {
        printf("3. d=%d N=%d: failed: %s\n", d, N, qlb_last_error());
        return;
    }
    qlb_linop_info info = qlb_linop_get_info(L);
    printf("3. d=%d N=%d %s spectrum: %.2f s = %.2f of the 5 s target (%ld kappa nodes, "
           "kernel error estimate %.1e)\n", d, N, name, t, t / 5.0, info.evaluations, info.error);
    free(ev);
    qlb_linop_free(L);
}

static void apply_versus_dense(const qlb_potential *pot, int d, int N)
{
    qlb_params p = params(d, N, 1.0, pot);
    qlb_linop *L;
    qlb_basis *b;
    if (qlb_linop_create(&p, &L) || qlb_basis_create(d, N, &b)) {
        printf("4. d=%d N=%d: %s\n", d, N, qlb_last_error());
        return;
    }
    size_t nb = qlb_basis_size(b);
    double *A = malloc(nb * nb * sizeof(double)), *x = malloc(nb * sizeof(double));
    double *y = malloc(nb * sizeof(double)), *z = malloc(nb * sizeof(double)), t_apply, t_dense, err = 0;
    for (size_t i = 0; i < nb; i++) x[i] = sin(1.0 + i);
    qlb_linop_spherical(L, b, A);
    BEST_TIME(t_apply, qlb_linop_apply(L, b, x, y));
    BEST_TIME(t_dense, cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)nb, (int)nb, 1.0, A, (int)nb, x, 1, 0.0, z, 1));
    for (size_t i = 0; i < nb; i++) err = fmax(err, fabs(y[i] - z[i]));
    printf("4. d=%d N=%d (N_b = %zu): L x by blocks %.3f ms, dense dgemv %.1f ms: %.0fx faster "
           "(max difference %.1e)\n", d, N, nb, 1e3 * t_apply, 1e3 * t_dense, t_dense / t_apply, err);
    free(A), free(x), free(y), free(z);
    qlb_basis_free(b);
    qlb_linop_free(L);
}

/* Single-core dgemm rate (flop/s) at order 512. */
static double dgemm_rate(void)
{
    int n = 512;
    double *a = malloc((size_t)n * n * sizeof(double)), *c = malloc((size_t)n * n * sizeof(double)), t;
    for (int i = 0; i < n * n; i++) a[i] = sin(i);
    qlb_blas_serial_begin();
    BEST_TIME(t, cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, a, n, a, n, 0.0, c, n));
    qlb_blas_serial_end();
    free(a), free(c);
    return 2.0 * n * n * n / t;
}

typedef struct {
    int d, N;
    const char *potential;
    double before, issue, target; /* s; 0: none given */
} gap_case;

static double block_flops(int d, int N)
{
    double nk = N + 1, nh = (N + 2) / 2, nr = N / 2 + 1, f = 0;
    (void)d;
    for (int l = 0; l <= N; l++) {
        double s = (N - l) / 2 + 1;
        f += nr * (2 * s * nh * nh + 2 * s * s * nh + 2 * s * nk * nh) + 2 * s * nk * nk + 2 * s * s * nk;
    }
    return f;
}

static double eigen_flops(int N)
{
    double f = 0;
    for (int l = 0; l <= N; l++) {
        double s = (N - l) / 2 + 1;
        f += 4.0 / 3.0 * s * s * s;
    }
    return f;
}

static void gap_timing(const gap_case *c, double rate, int threads)
{
    qlb_potential *pot;
    qlb_potential_parse(c->potential, &pot);
    qlb_params p = params(c->d, c->N, 0.5, pot);
    size_t nk = (size_t)c->N + 1;
    double *K = malloc(nk * nk * sizeof(double)), *B[QLB_MAX_DEGREE + 1], gap, asym;
    for (int l = 0; l <= c->N; l++) B[l] = malloc(nk * nk * sizeof(double));
    qlb_linop_info kinfo;
    qlb_linop *L = NULL;
    int l;
    double t0 = now();
    qlb_status st = qlb_parallel_kernel(&p, QLB_FORM_COLLISION, NULL, K, &kinfo);
    double t1 = now();
    double *noise = malloc(nk * sizeof(double));
    if (!st) st = qlb_assemble_blocks(&p, QLB_FORM_COLLISION, K, B, &asym, noise);
    free(noise);
    double t2 = now();
    if (!st) st = qlb_linop_create(&p, &L);
    double t3 = now();
    if (!st) st = qlb_spectrum_gap(L, &gap, &l);
    double t4 = now();
    if (st) {
        printf("5. d=%d N=%d %s: %s\n", c->d, c->N, c->potential, qlb_last_error());
    } else {
        double tk = t1 - t0, tb = t2 - t1, te = t4 - t3, wall = t4 - t2;
        double ne = (nk + 1) / 2, no = nk / 2; /* even integrand: two parity blocks */
        double bk = kinfo.inner_evaluations * (ne * (ne + 1) + no * (no + 1)) / (threads * rate);
        double bb = block_flops(c->d, c->N) / (threads * rate), be = eigen_flops(c->N) / rate;
        char target[64] = "no target";
        if (c->target) snprintf(target, sizeof target, "target %.2f s %s", c->target, wall <= c->target ? "met" : "MISSED");
        printf("5. d=%d N=%-3d %-18s %6.3f s | before %6.2f s: %5.1fx faster | %s | "
               "kernel %.3f s = %.1fx bound (%ld x %ld nodes) | blocks %.3f s = %.1fx bound | "
               "eigen %.3f s = %.0fx bound\n",
               c->d, c->N, c->potential, wall, c->before, c->before / wall, target, tk, tk / bk,
               kinfo.evaluations, kinfo.inner_evaluations / (kinfo.evaluations ? kinfo.evaluations : 1),
               tb, tb / bb, te, te / be);
    }
    for (int l = 0; l <= c->N; l++) free(B[l]);
    free(K);
    qlb_linop_free(L);
    qlb_potential_free(pot);
}

/* The `qlb gap` table of issue 14. */
static void gap_cases(void)
{
    static const gap_case cases[] = {
        {3, 40, "algebraic:A=1,p=3", 0.97, 0.91, 0.15}, {5, 24, "algebraic:A=1,p=3", 0.38, 0.36, 0.08},
        {3, 80, "algebraic:A=1,p=3", 3.66, 2.84, 0},    {3, 120, "algebraic:A=1,p=3", 9.99, 8.0, 1.5},
        {2, 120, "algebraic:A=1,p=3", 10.95, 9.0, 0},   {2, 160, "algebraic:A=1,p=3", 28.78, 0, 3.0},
        {3, 40, "power:A=1,a=2", 2.48, 1.87, 0.3}};
    double rate = dgemm_rate();
    int threads = qlb_threads();
    printf("5. single-core dgemm %.1f GFlop/s, %d threads; 'before' = commit 49cee15 on this machine\n",
           rate * 1e-9, threads);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) gap_timing(&cases[i], rate, threads);
}

int main(void)
{
    gsl_set_error_handler_off();
    qlb_potential *pot;
    qlb_potential_parse("algebraic:A=1,p=2", &pot);
    versus_bruteforce(pot, 3);
    versus_bruteforce(pot, 5);
    versus_dense(pot);
    full_spectrum(pot, 3, 40);
    full_spectrum(pot, 5, 24);
    apply_versus_dense(pot, 3, 40);
    qlb_potential_free(pot);
    qlb_potential_parse("power:A=1,a=2", &pot); /* Debye-screened Coulomb: plasma resonances */
    full_spectrum(pot, 3, 40);
    qlb_potential_free(pot);
    gap_cases();
    return 0;
}
