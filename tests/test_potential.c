/* test_potential.c — strict spec parsing and the potential families.
 * Good specs evaluate to their formulas exactly; every malformed spec is
 * rejected with QLB_EINVAL and a message naming the offending part; tables
 * interpolate their nodes exactly and vanish beyond the last k. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void rejects(const char *spec, const char *needle)
{
    qlb_potential *p = NULL;
    qlb_status st = qlb_potential_parse(spec, &p);
    char what[300];
    snprintf(what, sizeof what, "rejects '%s' (message: %s)", spec, qlb_last_error());
    check_true(what, st != QLB_OK && p == NULL && strstr(qlb_last_error(), needle) != NULL);
}

static double user_vhat(double k, void *ctx) { return *(double *)ctx / (1 + k * k); }

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

int main(void)
{
    qlb_potential *p;
    check_ok("algebraic", qlb_potential_parse("algebraic:A=2,p=3", &p));
    check_close("algebraic value", qlb_potential_eval(p, 0.5), 2 * pow(1.25, -3), 1e-15, 0);
    check_true("canonical spec", !strcmp(qlb_potential_spec(p), "algebraic:A=2,p=3"));
    qlb_potential_free(p);
    check_ok("gaussian, keys in any order", qlb_potential_parse("gaussian:s=0.5,A=1.5", &p));
    check_close("gaussian value", qlb_potential_eval(p, 1.0), 1.5 * exp(-2.0), 1e-15, 0);
    qlb_potential_free(p);
    check_ok("power", qlb_potential_parse("power:A=3,a=1.5", &p));
    check_close("power value", qlb_potential_eval(p, 4.0), 3.0 / 8.0, 1e-15, 0);
    qlb_potential_free(p);

    rejects("algebraic:A=2,p=3,q=1", "unknown key 'q'");
    rejects("algebraic:A=2", "needs key 'p'");
    rejects("algebraic:A=,p=3", "missing value for 'A'");
    rejects("algebraic:A=2,p=3x", "bad value '3x'");
    rejects("algebraic:A=2,p=nan", "bad value 'nan'");
    rejects("algebraic:A=2,A=3,p=1", "given twice");
    rejects("algebraic:A=-1,p=3", "A must be >= 0");
    rejects("algebraic:A=1,p=0", "p must be > 0");
    rejects("yukawa:A=1", "unknown family 'yukawa'");
    rejects("algebraic", "is not FAMILY:ARGS");
    rejects("algebraic:A=1;p=2", "bad value");
    rejects("", "empty");
    rejects("table:/nonexistent/file", "potential table: cannot read /nonexistent/file");

    const char *good = "/tmp/qlb_test_table.txt", *bad = "/tmp/qlb_test_table_bad.txt";
    write_file(good, "# k Vhat\n0 1\n0.5 0.8\n1.0, 0.5\n2.0 0.2\n4.0 0.0\n");
    char spec[128];
    snprintf(spec, sizeof spec, "table:%s", good);
    check_ok("table", qlb_potential_parse(spec, &p));
    check_close("table interpolates its nodes", qlb_potential_eval(p, 1.0), 0.5, 1e-15, 0);
    check_true("table vanishes beyond the last k", qlb_potential_eval(p, 4.5) == 0.0);
    check_close("table support", qlb_potential_support(p), 4.0, 0, 1);
    qlb_potential_free(p);
    write_file(bad, "0 1\n0.5 0.8\n0.4 0.5\n");
    snprintf(spec, sizeof spec, "table:%s", bad);
    rejects(spec, "not strictly increasing");
    write_file(bad, "0 1\n0.5 zero\n1 0.5\n");
    rejects(spec, "_bad.txt:2: not two finite numbers");
    write_file(bad, "0.1 1\n0.5 0.8\n1 0.5\n");
    rejects(spec, "first k must be 0");

    double A = 2.0;
    check_ok("callback", qlb_potential_from_callback(user_vhat, &A, "mine", &p));
    check_close("callback value", qlb_potential_eval(p, 1.0), 1.0, 1e-15, 0);
    qlb_potential_free(p);
    qlb_potential_free(NULL);
    return test_summary();
}
