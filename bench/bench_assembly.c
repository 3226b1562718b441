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
 *     times x (cblas_dgemv, 1.2 GB at d = 3, N = 40): the speed-up. */
#include "bruteforce.h"
#include "qlb/qlb.h"
#include "bench_timing.h"

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
    return 0;
}
