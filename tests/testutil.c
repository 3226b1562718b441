/* testutil.c — assertion helpers shared by the tests. */
#include "testutil.h"
#include "core/limits.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int test_failures;
static int test_passes;

static void record(int ok, const char *what, const char *detail)
{
    if (ok) test_passes++;
    else test_failures++;
    printf("%s %s%s\n", ok ? "ok  " : "FAIL", what, detail);
}

void check_close(const char *what, double got, double want, double tol, double scale)
{
    double ref = fabs(want) > scale ? fabs(want) : scale;
    double err = fabs(got - want) / ref;
    char buf[256];
    snprintf(buf, sizeof buf, ": got %.16g want %.16g (rel err %.2e, tol %.1e)", got, want,
             err, tol);
    record(err <= tol && isfinite(got), what, buf);
}

void check_below(const char *what, double got, double bound)
{
    char buf[256];
    snprintf(buf, sizeof buf, ": |%.3e| <= bound %.1e", got, bound);
    record(fabs(got) <= bound && isfinite(got), what, buf);
}

void check_true(const char *what, int cond) { record(cond, what, ""); }

void check_ok(const char *what, qlb_status st)
{
    if (st == QLB_OK) { /* counted, not printed: the checks that follow say what was computed */
        test_passes++;
        return;
    }
    char buf[600];
    snprintf(buf, sizeof buf, ": %s", qlb_last_error());
    record(0, what, buf);
}

int test_summary(void)
{
    printf("%d passed, %d failed\n", test_passes, test_failures);
    return test_failures ? 1 : 0;
}

qlb_params test_params(int dim, double hbar, int degree, const qlb_potential *pot,
                       int screening)
{
    qlb_params p = qlb_params_default();
    p.dim = dim;
    p.hbar = hbar;
    p.degree = degree;
    p.potential = pot;
    p.screening = screening;
    return p;
}

qlb_species test_species(const char *name, double Z, double m, double n)
{
    qlb_species s;
    memset(&s, 0, sizeof s);
    snprintf(s.name, sizeof s.name, "%s", name);
    s.charge = Z;
    s.mass = m;
    s.density = n;
    return s;
}

qlb_linop *make_operator(int dim, double hbar, int degree, const char *potential,
                         int screening, qlb_potential **pot_out)
{
    return make_form(dim, hbar, degree, potential, screening, QLB_FORM_COLLISION, pot_out);
}

qlb_quadratic *make_tensor_like(const qlb_linop *L, int variation)
{
    qlb_quadratic *T = NULL;
    if (qlb_quadratic_create(qlb_linop_params(L), variation, &T)) {
        printf("FAIL quadratic term: %s\n", qlb_last_error());
        exit(1);
    }
    return T;
}

void random_vector(size_t n, unsigned seed, double *c)
{
    srand(seed);
    for (size_t i = 0; i < n; i++) c[i] = rand() / (double)RAND_MAX - 0.5;
}

qlb_linop *make_form(int dim, double hbar, int degree, const char *potential, int screening,
                     qlb_form form, qlb_potential **pot_out)
{
    qlb_potential *pot = NULL;
    qlb_status st = qlb_potential_parse(potential, &pot);
    qlb_params p = test_params(dim, hbar, degree, pot, screening);
    qlb_linop *L = NULL;
    if (!st) st = qlb_linop_create_form(&p, form, &L);
    if (st) {
        printf("FAIL form %d d=%d hbar=%g N=%d %s: %s\n", (int)form, dim, hbar, degree, potential,
               qlb_last_error());
        exit(1);
    }
    *pot_out = pot;
    return L;
}

double *cartesian_matrix(const qlb_linop *L, const qlb_basis *b)
{
    qlb_burnett *bu;
    size_t nb = qlb_basis_size(b);
    double *A = malloc(nb * nb * sizeof(double));
    check_ok("burnett", qlb_burnett_create(b, &bu));
    if (!A) {
        printf("FAIL out of memory\n");
        exit(1);
    }
    qlb_linop_cartesian(L, b, bu, A);
    qlb_burnett_free(bu);
    return A;
}

void invariant_vectors(const qlb_basis *b, double *inv)
{
    int d = qlb_basis_dim(b), alpha[QLB_MAX_DIM] = {0};
    size_t nb = qlb_basis_size(b);
    memset(inv, 0, (size_t)(d + 2) * nb * sizeof(double));
    inv[qlb_basis_index(b, alpha)] = 1;
    for (int i = 0; i < d; i++) {
        alpha[i] = 1;
        inv[(size_t)(i + 1) * nb + qlb_basis_index(b, alpha)] = 1;
        alpha[i] = 2; /* v_i^2 - 1 = sqrt 2 phi_{2 e_i} / sqrt M */
        inv[(size_t)(d + 1) * nb + qlb_basis_index(b, alpha)] = sqrt(2.0) / sqrt(2.0 * d);
        alpha[i] = 0;
    }
}

double max_abs_diff(const double *A, const double *B, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++) m = fmax(m, fabs(A[i] - B[i]));
    return m;
}

double *cartesian_tensor(const qlb_quadratic *T, const qlb_basis *b)
{
    qlb_burnett *bu;
    size_t nb = qlb_basis_size(b);
    check_ok("burnett", qlb_burnett_create(b, &bu));
    double *out = malloc(nb * nb * nb * sizeof(double)), *e = calloc(nb, sizeof(double)),
           *x = malloc(nb * sizeof(double)), *z = malloc(nb * sizeof(double)),
           *y = malloc(nb * sizeof(double)), *yc = malloc(nb * sizeof(double));
    if (!out || !e || !x || !z || !y || !yc) {
        printf("FAIL out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < nb; i++)
        for (size_t j = i; j < nb; j++) {
            e[i] = 1;
            qlb_burnett_to_spherical(bu, e, x);
            e[i] = 0;
            e[j] = 1;
            qlb_burnett_to_spherical(bu, e, z);
            e[j] = 0;
            qlb_quadratic_apply_pair(T, x, z, y);
            qlb_burnett_to_cartesian(bu, y, yc);
            for (size_t a = 0; a < nb; a++)
                out[(a * nb + i) * nb + j] = out[(a * nb + j) * nb + i] = yc[a];
        }
    free(e);
    free(x);
    free(z);
    free(y);
    free(yc);
    qlb_burnett_free(bu);
    return out;
}
