/* test_low_degree.c — every public entry point at degrees 0, 1 and 2 in
 * d = 2 and 3, where index tables have no second shell (observe read
 * cart[(size_t)-1] at degree 1 before). Each call either succeeds with a
 * result checked against its exact value or returns a status; the
 * sanitizer build (QLB_SANITIZE) and valgrind see every access.
 *  - mass, momentum and energy of a shifted Maxwellian from observe equal
 *    its exact projection on degree <= N (1e-14: sums of a few terms);
 *  - L is symmetric with the d+2 invariants (those present) in its kernel;
 *  - T conserves mass (row 0 of T(c,c) is exactly 0);
 *  - gap, coercivity and transport need N >= 2, 2 and 3: QLB_EINVAL below;
 *  - an evolution runs and keeps the mass (exactly: invariant rows of L and
 *    T vanish). */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *POT = "gaussian:A=1,s=1";

static void check_observe(const qlb_linop *L, int d, int N, const char *tag)
{
    qlb_observer *obs;
    check_ok("observer", qlb_observer_create(L, &obs));
    size_t nb = qlb_params_basis_size(qlb_linop_params(L));
    double *c = calloc(nb, sizeof(double));
    qlb_initial_info info;
    check_ok("initial maxwellian", qlb_initial_load("maxwellian:rho=1.1,u1=0.2,T=1.1", L, c, &info));
    qlb_observables ob;
    qlb_observe(obs, c, &ob);
    /* exact projections: mass rho; momentum rho u1 needs N >= 1; the energy
     * rho (d T + u1^2)/2 needs N >= 2 (below, only the mass part d/2 rho) */
    char what[160];
    snprintf(what, sizeof what, "%s: mass", tag);
    check_close(what, ob.mass, 1.1, 1e-14, 1);
    snprintf(what, sizeof what, "%s: momentum", tag);
    check_close(what, ob.momentum[0], N >= 1 ? 1.1 * 0.2 : 0, 1e-14, 1);
    snprintf(what, sizeof what, "%s: energy", tag);
    check_close(what, ob.energy, N >= 2 ? 1.1 * (d * 1.1 + 0.04) / 2 : 1.1 * d / 2, 1e-14, 1);
    free(c);
    qlb_observer_free(obs);
}

static void check_operator(const qlb_linop *L, int d, int N, const char *tag)
{
    qlb_basis *b;
    qlb_burnett *bu;
    check_ok("basis", qlb_basis_create(d, N, &b));
    check_ok("burnett", qlb_burnett_create(b, &bu));
    size_t nb = qlb_basis_size(b);
    double *A = cartesian_matrix(L, b), *S = malloc(nb * nb * sizeof(double));
    qlb_linop_spherical(L, b, S);
    /* scale: the largest entry of L, or of its parallel kernel at N <= 1
     * (where L itself is zero up to rounding) */
    double asym = 0, big = 0;
    const double *K = qlb_linop_kernel(L);
    for (int i = 0; i < (N + 1) * (N + 1); i++) big = fmax(big, fabs(K[i]));
    for (size_t i = 0; i < nb; i++)
        for (size_t j = 0; j < nb; j++) {
            asym = fmax(asym, fabs(A[i * nb + j] - A[j * nb + i]));
            big = fmax(big, fabs(S[i * nb + j]));
        }
    char what[160];
    snprintf(what, sizeof what, "%s: Cartesian L symmetric", tag);
    check_below(what, asym, 1e-15 * big);
    /* the invariants present at this degree are in the kernel: rows 0 (mass),
     * 1..d (momentum, N >= 1) of the spherical matrix vanish */
    double kernel = 0;
    for (size_t i = 0; i < (N >= 1 ? (size_t)d + 1 : 1); i++)
        for (size_t j = 0; j < nb; j++) kernel = fmax(kernel, fabs(S[i * nb + j]));
    snprintf(what, sizeof what, "%s: invariants in the kernel", tag);
    check_below(what, kernel, 1e-15 * big);
    qlb_eigenvalue *ev;
    size_t count;
    check_ok("spectrum", qlb_spectrum_blocks(L, &ev, &count));
    size_t total = 0;
    for (size_t i = 0; i < count; i++) total += ev[i].multiplicity;
    snprintf(what, sizeof what, "%s: eigenvalues with multiplicity = basis size", tag);
    check_true(what, total == nb);
    free(ev);
    double gap;
    int l;
    snprintf(what, sizeof what, "%s: gap %s", tag, N >= 2 ? "computed" : "refused");
    qlb_status st = qlb_spectrum_gap(L, &gap, &l);
    check_true(what, N >= 2 ? st == QLB_OK && gap > 0 : st == QLB_EINVAL);
    qlb_transport tr;
    snprintf(what, sizeof what, "%s: transport %s", tag, N >= 3 ? "computed" : "refused");
    check_true(what, qlb_transport_coefficients(L, &tr) == (N >= 3 ? QLB_OK : QLB_EINVAL));
    free(A), free(S);
    qlb_burnett_free(bu);
    qlb_basis_free(b);
}

static void check_quadratic_and_evolution(const qlb_linop *L, const char *tag)
{
    qlb_quadratic *T = make_tensor_like(L, 1);
    size_t nb = qlb_params_basis_size(qlb_linop_params(L));
    double *c = malloc(nb * sizeof(double)), *y = malloc(nb * sizeof(double)),
           *J = malloc(nb * nb * sizeof(double));
    random_vector(nb, 3, c);
    qlb_quadratic_apply(T, c, y);
    qlb_quadratic_jacobian(T, c, J);
    char what[160];
    snprintf(what, sizeof what, "%s: T(c,c) conserves mass", tag);
    check_true(what, y[0] == 0);
    for (int m = 0; m < 2; m++) {
        qlb_evolve_options o = qlb_evolve_options_default();
        o.method = m ? QLB_EVOLVE_RK8PD : QLB_EVOLVE_ETDRK4;
        qlb_evolver *ev;
        check_ok("evolver", qlb_evolver_create(L, T, &o, &ev));
        for (size_t i = 0; i < nb; i++) c[i] *= 0.1;
        double c0 = c[0];
        check_ok("state", qlb_evolver_set_state(ev, 0, c, 0));
        check_ok("advance", qlb_evolver_advance(ev, 10, 0));
        qlb_evolver_get_state(ev, NULL, c, NULL);
        snprintf(what, sizeof what, "%s, %s: mass kept", tag, qlb_evolve_method_name(o.method));
        check_true(what, c[0] == c0);
        qlb_evolver_free(ev);
    }
    free(c), free(y), free(J);
    qlb_quadratic_free(T);
}

static void check_export(const qlb_linop *L, int d, int N, const char *dir)
{
    qlb_basis *b;
    check_ok("basis", qlb_basis_create(d, N, &b));
    size_t nb = qlb_basis_size(b);
    double *A = cartesian_matrix(L, b);
    int *labels = malloc(nb * (size_t)d * sizeof(int));
    for (size_t i = 0; i < nb; i++)
        for (int k = 0; k < d; k++) labels[i * d + k] = qlb_basis_multi_index(b, i)[k];
    qlb_io_labels lab = {nb, d, labels, d == 2 ? "i1,i2" : "i1,i2,i3"};
    qlb_io_meta meta = {d, 0.5, N, POT, 1, "cartesian", 0};
    const char *fmts[] = {"h5", "mtx", "npy"};
    for (int f = 0; f < 3; f++) {
        char path[300];
        qlb_format fmt;
        check_ok("format", qlb_io_parse_format(fmts[f], &fmt));
        snprintf(path, sizeof path, "%s/L%d%d.%s", dir, d, N, fmts[f]);
        check_ok("export", qlb_io_write_matrix(path, fmt, A, nb, &lab, &meta, 1));
    }
    free(A), free(labels);
    qlb_basis_free(b);
}

int main(void)
{
    char dir[] = "/tmp/qlb-low-XXXXXX";
    if (!mkdtemp(dir)) return 1;
    for (int d = 2; d <= 3; d++)
        for (int N = 0; N <= 2; N++) {
            char tag[32];
            snprintf(tag, sizeof tag, "d=%d N=%d", d, N);
            qlb_potential *pot;
            qlb_linop *L = make_operator(d, 0.5, N, POT, 1, &pot);
            check_operator(L, d, N, tag);
            check_observe(L, d, N, tag);
            check_quadratic_and_evolution(L, tag);
            check_export(L, d, N, dir);
            qlb_linop_free(L);
            qlb_potential_free(pot);
        }
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd)) return 1;
    return test_summary();
}
