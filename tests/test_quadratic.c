/* test_quadratic.c — the tensor of the quadratic term against mathematics
 * that cannot be fudged:
 *  - conservation: <psi, T(c,c)> = 0 for the d+2 collision invariants and
 *    random c, screened (with the variation of eps), unscreened, hbar = 0,
 *    d = 2..4; required below 1e-14 |T(c,c)| (rounding of the sums; the
 *    entries themselves carry the kernel tolerance 1e-12, so this also shows
 *    that conservation is built into the algebra, not left to quadrature);
 *  - Maxwell molecules (unscreened, Vhat = A k^{-(d-2)/2}, hbar > 0): the
 *    moment equations close. rho P^TL_ij relaxes at lambda_{0,2} exactly, so
 *    <phi_{e1+e2}, Q(g,g)> = -lambda_{0,2} (c_0 c_{e1+e2} - c_{e1} c_{e2})
 *    (c_0 the mass, c_{e_i} the momentum coefficients) and every other entry
 *    of that row vanishes; checked on the whole row in d = 2, 3 against
 *    lambda_{0,2} from its 1-D integral, to 1e-12 lambda (kernel tolerance);
 *  - the contractions: T(c,c) = T_pair(c,c), J x = 2 T(c,x), to rounding;
 *  - factored = expanded: T(c,c), T(x,z) and J = 2 T(c,.) from the stored
 *    blocks (radial x Gaunt, the coupling never expanded) against plain
 *    sums over the expanded entries (qlb_quadratic_expand), d = 2..5;
 *    achieved <= 1.4e-15 relative, required 1e-13 (the bound, ~70x);
 *  - hbar -> 0: T_hbar -> T_0 (the separately coded classical formula) at
 *    an observed order in [1.8, 2.2] (the kernels are even in hbar at
 *    leading order, like those of L);
 *  - storage: fewer than N_b^3/2 entries, bounded by the estimate (from
 *    the Gaunt block sizes, within 10x), and the memory refusal happens
 *    before allocation with the estimate in the message; screened potentials
 *    in the resonance regime are refused with a message. */
#include "maxwell.h"
#include "testutil.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static qlb_quadratic *make_tensor(int d, double hbar, int N, const char *spec, int screening,
                                 int variation, qlb_potential **pot)
{
    check_ok("potential", qlb_potential_parse(spec, pot));
    qlb_params p = test_params(d, hbar, N, *pot, screening);
    qlb_quadratic *T = NULL;
    qlb_status st = qlb_quadratic_create(&p, variation, &T);
    check_ok("quadratic term", st);
    if (st) exit(1);
    return T;
}

static void conservation(int d, double hbar, const char *spec, int screening)
{
    qlb_potential *pot;
    qlb_quadratic *T = make_tensor(d, hbar, 6, spec, screening, 1, &pot);
    qlb_basis *b;
    check_ok("basis", qlb_basis_create(d, 6, &b));
    size_t nb = qlb_basis_size(b);
    double *c = malloc(nb * sizeof(double)), *y = malloc(nb * sizeof(double)), worst = 0;
    for (unsigned seed = 1; seed <= 3; seed++) {
        random_vector(nb, seed, c);
        qlb_quadratic_apply(T, c, y);
        double ny = 0, inv = 0;
        for (size_t i = 0; i < nb; i++) {
            int n, l, m;
            qlb_basis_spherical_label(b, i, &n, &l, &m);
            ny += y[i] * y[i];
            if ((l == 0 && n <= 1) || (l == 1 && n == 0)) inv = fmax(inv, fabs(y[i]));
        }
        worst = fmax(worst, inv / sqrt(ny));
    }
    char what[200];
    snprintf(what, sizeof what, "conservation d=%d hbar=%g %s %s: max |<psi, T(c,c)>| / |T(c,c)|",
             d, hbar, spec, screening ? "screened" : "unscreened");
    check_below(what, worst, 1e-14);
    free(c);
    free(y);
    qlb_basis_free(b);
    qlb_quadratic_free(T);
    qlb_potential_free(pot);
}

/* Entry of the Maxwell row for (b, c): -lambda/2 for (0, h), +lambda/2 for (e1, e2). */
static double maxwell_entry(const int *x, const int *y, int d, double lambda)
{
    int sx = 0, sy = 0;
    for (int i = 0; i < d; i++) sx += x[i], sy += y[i];
    if (sx > sy) return maxwell_entry(y, x, d, lambda);
    if (sx == 0 && sy == 2 && y[0] == 1 && y[1] == 1) return -lambda / 2;
    if (sx == 1 && sy == 1 && ((x[0] == 1 && y[1] == 1) || (x[1] == 1 && y[0] == 1)))
        return lambda / 2;
    return 0;
}

static void maxwell_closure(int d, double hbar)
{
    char spec[64], what[200];
    snprintf(spec, sizeof spec, "power:A=1,a=%g", (d - 2) / 2.0);
    qlb_potential *pot;
    qlb_quadratic *T = make_tensor(d, hbar, 4, spec, 0, 1, &pot);
    qlb_basis *b;
    check_ok("basis", qlb_basis_create(d, 4, &b));
    size_t nb = qlb_basis_size(b);
    double *Tc = cartesian_tensor(T, b), lambda = maxwell_lambda(d, 0, 2, hbar, 1.0), worst = 0;
    int alpha[8] = {1, 1}; /* d <= 8 here */
    size_t h = qlb_basis_index(b, alpha);
    for (size_t i = 0; i < nb; i++)
        for (size_t j = 0; j < nb; j++) {
            double want = maxwell_entry(qlb_basis_multi_index(b, i), qlb_basis_multi_index(b, j),
                                        d, lambda);
            worst = fmax(worst, fabs(Tc[(h * nb + i) * nb + j] - want));
        }
    snprintf(what, sizeof what, "Maxwell molecules d=%d hbar=%g: row phi_{e1+e2} of T = "
             "lambda_02 (c_e1 c_e2 - c_0 c_h), lambda_02 = %.12f; max error / lambda",
             d, hbar, lambda);
    check_below(what, worst / lambda, 1e-12);
    free(Tc);
    qlb_basis_free(b);
    qlb_quadratic_free(T);
    qlb_potential_free(pot);
}

static void contractions(void)
{
    qlb_potential *pot;
    qlb_quadratic *T = make_tensor(3, 0.8, 5, "algebraic:A=1,p=2", 1, 1, &pot);
    size_t nb = qlb_quadratic_get_info(T).size;
    double *c = malloc(nb * sizeof(double)), *x = malloc(nb * sizeof(double));
    double *y1 = malloc(nb * sizeof(double)), *y2 = malloc(nb * sizeof(double));
    double *J = malloc(nb * nb * sizeof(double)), e1 = 0, e2 = 0, big = 0;
    random_vector(nb, 7, c);
    random_vector(nb, 8, x);
    qlb_quadratic_apply(T, c, y1);
    qlb_quadratic_apply_pair(T, c, c, y2);
    for (size_t i = 0; i < nb; i++) e1 = fmax(e1, fabs(y1[i] - y2[i])), big = fmax(big, fabs(y1[i]));
    check_below("T(c,c) = T_pair(c,c)", e1 / big, 1e-15);
    qlb_quadratic_jacobian(T, c, J);
    qlb_quadratic_apply_pair(T, c, x, y2);
    big = 0;
    for (size_t i = 0; i < nb; i++) {
        double jx = 0;
        for (size_t k = 0; k < nb; k++) jx += J[i * nb + k] * x[k];
        e2 = fmax(e2, fabs(jx - 2 * y2[i]));
        big = fmax(big, fabs(y2[i]));
    }
    check_below("Jacobian: J x = 2 T(c, x)", e2 / big, 1e-14);
    qlb_quadratic_info in = qlb_quadratic_get_info(T);
    char what[200];
    snprintf(what, sizeof what, "d=3 N=5: %.0f expanded entries < N_b^3/2 = %.0f", in.expanded,
             in.dense / 2);
    check_true(what, in.expanded > 0 && in.expanded < in.dense / 2);
    /* the refusal's estimate bounds what is stored, and not by much */
    double estimate = qlb_quadratic_estimate_bytes(qlb_quadratic_params(T));
    snprintf(what, sizeof what, "d=3 N=5: %zu bytes stored <= estimate %.0f <= 10x", in.bytes,
             estimate);
    check_true(what, in.bytes <= estimate && estimate <= 10 * in.bytes);
    free(c);
    free(x);
    free(y1);
    free(y2);
    free(J);
    qlb_quadratic_free(T);
    qlb_potential_free(pot);
}

/* y = T(x, z) and J = 2 T(c, .) by plain sums over the expanded entries. */
static void expanded_pair(const qlb_quadratic_expanded *E, const double *x, const double *z, double *y)
{
    for (size_t a = 0; a < E->size; a++) {
        y[a] = 0;
        for (size_t k = E->row[a]; k < E->row[a + 1]; k++) {
            int32_t b = E->bc[2 * k], c = E->bc[2 * k + 1];
            y[a] += E->value[k] * (b == c ? x[b] * z[b] : x[b] * z[c] + x[c] * z[b]);
        }
    }
}

static void expanded_jacobian(const qlb_quadratic_expanded *E, const double *c, double *J)
{
    size_t nb = E->size;
    memset(J, 0, nb * nb * sizeof(double));
    for (size_t a = 0; a < nb; a++)
        for (size_t k = E->row[a]; k < E->row[a + 1]; k++) {
            int32_t b = E->bc[2 * k], e = E->bc[2 * k + 1];
            J[a * nb + b] += 2 * E->value[k] * c[e];
            if (b != e) J[a * nb + e] += 2 * E->value[k] * c[b];
        }
}

static double relative_max(const double *got, const double *want, size_t n)
{
    double err = 0, big = 0;
    for (size_t i = 0; i < n; i++) err = fmax(err, fabs(got[i] - want[i])), big = fmax(big, fabs(want[i]));
    return err / big;
}

static void factored_vs_expanded(int d, int N)
{
    qlb_potential *pot;
    qlb_quadratic *T = make_tensor(d, 0.6, N, "algebraic:A=1,p=2", 1, 1, &pot);
    qlb_quadratic_expanded E;
    check_ok("expand", qlb_quadratic_expand(T, &E));
    size_t nb = E.size;
    double *c = malloc(nb * sizeof(double)), *x = malloc(nb * sizeof(double));
    double *y = malloc(nb * sizeof(double)), *ye = malloc(nb * sizeof(double));
    double *J = malloc(nb * nb * sizeof(double)), *Je = malloc(nb * nb * sizeof(double));
    random_vector(nb, 11, c);
    random_vector(nb, 12, x);
    char what[200];
    qlb_quadratic_apply(T, c, y);
    expanded_pair(&E, c, c, ye);
    snprintf(what, sizeof what, "d=%d N=%d: factored T(c,c) = expanded (%zu entries)", d, N, E.count);
    check_below(what, relative_max(y, ye, nb), 1e-13);
    qlb_quadratic_apply_pair(T, c, x, y);
    expanded_pair(&E, c, x, ye);
    snprintf(what, sizeof what, "d=%d N=%d: factored T(c,x) = expanded", d, N);
    check_below(what, relative_max(y, ye, nb), 1e-13);
    qlb_quadratic_jacobian(T, c, J);
    expanded_jacobian(&E, c, Je);
    snprintf(what, sizeof what, "d=%d N=%d: factored 2 T(c,.) = expanded", d, N);
    check_below(what, relative_max(J, Je, nb * nb), 1e-13);
    free(c), free(x), free(y), free(ye), free(J), free(Je);
    qlb_quadratic_expanded_free(&E);
    qlb_quadratic_free(T);
    qlb_potential_free(pot);
}

/* max over random c of |T_hbar(c,c) - T_0(c,c)| / |T_0(c,c)|. */
static double distance(const qlb_quadratic *A, const qlb_quadratic *B)
{
    size_t nb = qlb_quadratic_get_info(A).size;
    double *c = malloc(nb * sizeof(double)), *ya = malloc(nb * sizeof(double)),
           *yb = malloc(nb * sizeof(double)), worst = 0;
    for (unsigned seed = 1; seed <= 3; seed++) {
        random_vector(nb, seed, c);
        qlb_quadratic_apply(A, c, ya);
        qlb_quadratic_apply(B, c, yb);
        double num = 0, den = 0;
        for (size_t i = 0; i < nb; i++) num += (ya[i] - yb[i]) * (ya[i] - yb[i]), den += yb[i] * yb[i];
        worst = fmax(worst, sqrt(num / den));
    }
    free(c);
    free(ya);
    free(yb);
    return worst;
}

static void classical_limit(int d)
{
    qlb_potential *pot;
    qlb_quadratic *T0 = make_tensor(d, 0, 4, "algebraic:A=1,p=2", 1, 1, &pot);
    qlb_potential_free(pot);
    qlb_quadratic *T1 = make_tensor(d, 0.02, 4, "algebraic:A=1,p=2", 1, 1, &pot);
    qlb_potential_free(pot);
    qlb_quadratic *T2 = make_tensor(d, 0.01, 4, "algebraic:A=1,p=2", 1, 1, &pot);
    double e1 = distance(T1, T0), e2 = distance(T2, T0), order = log2(e1 / e2);
    char what[200];
    snprintf(what, sizeof what, "hbar -> 0, d=%d: |T_hbar - T_0| = %.3e, %.3e at hbar = 0.02, "
             "0.01: observed order %.3f in [1.8, 2.2]", d, e1, e2, order);
    check_true(what, order > 1.8 && order < 2.2);
    qlb_quadratic_free(T0);
    qlb_quadratic_free(T1);
    qlb_quadratic_free(T2);
    qlb_potential_free(pot);
}

static void refusals(void)
{
    qlb_potential *pot;
    check_ok("potential", qlb_potential_parse("algebraic:A=1,p=2", &pot));
    qlb_params p = test_params(5, 1, 40, pot, 1);
    qlb_quadratic *T = (qlb_quadratic *)&p;
    qlb_status st = qlb_quadratic_create(&p, 1, &T);
    char what[300];
    snprintf(what, sizeof what, "d=5 N=40 refused before allocation: \"%s\"", qlb_last_error());
    check_true(what, st == QLB_ENOMEM && T == NULL && strstr(qlb_last_error(), "GB"));
    qlb_potential_free(pot);
    check_ok("potential", qlb_potential_parse("algebraic:A=10,p=2", &pot));
    p = test_params(2, 1, 3, pot, 1);
    st = qlb_quadratic_create(&p, 1, &T);
    snprintf(what, sizeof what, "screened Vhat >= 3.5 refused: \"%s\"", qlb_last_error());
    check_true(what, st == QLB_EINVAL && T == NULL);
    qlb_potential_free(pot);
}

/* Parts of T (qlb_quadratic_create_part): each fills only its rows, and the
 * parts' T(c,c), T(x,z) and Jacobians add up to the whole T's bit for bit;
 * each stores about 1/parts of the bytes (rows are weighted by their
 * degree's average, so within 25%; observed 6% and 1%). */
static void parts_sum_to_whole(int d, int N, int parts)
{
    qlb_potential *pot;
    check_ok("potential", qlb_potential_parse("algebraic:A=1,p=2", &pot));
    qlb_params p = test_params(d, 0.7, N, pot, 1);
    qlb_quadratic *W;
    check_ok("whole T", qlb_quadratic_create(&p, 1, &W));
    size_t n = qlb_quadratic_get_info(W).size;
    double *c = malloc(n * sizeof(double)), *z = malloc(n * sizeof(double));
    double *y[3], *s[3], *J = malloc(n * n * sizeof(double)), *Js = calloc(n * n, sizeof(double));
    for (int k = 0; k < 3; k++) y[k] = malloc(n * sizeof(double)), s[k] = calloc(n, sizeof(double));
    random_vector(n, 5, c);
    random_vector(n, 6, z);
    qlb_quadratic_apply(W, c, y[0]);
    qlb_quadratic_apply_pair(W, c, z, y[1]);
    qlb_quadratic_jacobian(W, c, J);
    double bytes = 0, largest = 0;
    int32_t *ints[8];
    double *dbls[8];
    size_t nints[8], ndbls[8];
    qlb_quadratic *first = NULL;
    for (int q = 0; q < parts; q++) {
        qlb_quadratic *T;
        check_ok("part", qlb_quadratic_create_part(&p, 1, q, parts, &T));
        check_ok("pack", qlb_quadratic_part_pack(T, &ints[q], &nints[q], &dbls[q], &ndbls[q]));
        double *part = malloc(n * sizeof(double)), *Jp = malloc(n * n * sizeof(double));
        qlb_quadratic_apply(T, c, part);
        for (size_t i = 0; i < n; i++) s[0][i] += part[i];
        qlb_quadratic_apply_pair(T, c, z, part);
        for (size_t i = 0; i < n; i++) s[1][i] += part[i];
        qlb_quadratic_jacobian(T, c, Jp);
        for (size_t i = 0; i < n * n; i++) Js[i] += Jp[i];
        bytes += qlb_quadratic_get_info(T).bytes;
        largest = fmax(largest, (double)qlb_quadratic_get_info(T).bytes);
        free(part), free(Jp);
        if (q) qlb_quadratic_free(T);
        else first = T;
    }
    qlb_quadratic *joined;
    check_ok("join", qlb_quadratic_join(first, parts, ints, nints, dbls, &joined));
    qlb_quadratic_apply(joined, c, s[2]);
    check_true("  the parts joined: T(c,c) = whole, bit for bit", !memcmp(s[2], y[0], n * sizeof(double)));
    qlb_quadratic_info ji = qlb_quadratic_get_info(joined), wi = qlb_quadratic_get_info(W);
    check_true("  the parts joined: the same blocks, radial values and Gaunt entries",
               ji.blocks == wi.blocks && ji.radial_values == wi.radial_values &&
               ji.gaunt_entries == wi.gaunt_entries);
    qlb_quadratic_free(joined);
    qlb_quadratic_free(first);
    for (int q = 0; q < parts; q++) free(ints[q]), free(dbls[q]);
    char what[160];
    snprintf(what, sizeof what, "d=%d N=%d, %d parts: sum of T(c,c) = whole, bit for bit", d, N, parts);
    check_true(what, !memcmp(s[0], y[0], n * sizeof(double)));
    check_true("  sum of T(x,z) = whole, bit for bit", !memcmp(s[1], y[1], n * sizeof(double)));
    check_true("  sum of Jacobians = whole, bit for bit", !memcmp(Js, J, n * n * sizeof(double)));
    double whole = (double)qlb_quadratic_get_info(W).bytes;
    printf("     bytes: whole %.4g, largest part %.4g (%.2f of whole / %d)\n", whole, largest,
           largest * parts / whole, parts);
    check_below("  largest part's bytes / (whole / parts) - 1", largest * parts / whole - 1, 0.25);
    free(c), free(z), free(J), free(Js);
    for (int k = 0; k < 3; k++) free(y[k]), free(s[k]);
    qlb_quadratic_free(W);
    qlb_potential_free(pot);
}

int main(void)
{
    gsl_set_error_handler_off();
    conservation(2, 0.7, "algebraic:A=1,p=2", 1);
    conservation(3, 1.0, "gaussian:A=1.5,s=1", 1);
    conservation(3, 0.0, "algebraic:A=1,p=2", 1);
    conservation(4, 0.5, "algebraic:A=1,p=2", 0);
    maxwell_closure(2, 1.0);
    maxwell_closure(2, 0.4);
    maxwell_closure(3, 1.0);
    maxwell_closure(3, 0.4);
    contractions();
    factored_vs_expanded(2, 9);
    factored_vs_expanded(3, 7);
    factored_vs_expanded(4, 5);
    factored_vs_expanded(5, 4);
    classical_limit(2);
    classical_limit(3);
    refusals();
    parts_sum_to_whole(3, 10, 3);
    parts_sum_to_whole(4, 8, 2);
    return test_summary();
}
