/* testutil.c — assertion helpers shared by the tests. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

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

void check_true(const char *what, int cond) { record(cond, what, ""); }

void check_ok(const char *what, qlb_status st)
{
    char buf[600];
    snprintf(buf, sizeof buf, st ? ": %s" : "", qlb_last_error());
    record(st == QLB_OK, what, buf);
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

qlb_linop *make_operator(int dim, double hbar, int degree, const char *potential,
                         int screening, qlb_potential **pot_out)
{
    return make_form(dim, hbar, degree, potential, screening, QLB_FORM_COLLISION, pot_out);
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
