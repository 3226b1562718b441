/* kpar.c — the parallel collision kernel (DESIGN.md §3), divided by hbar^2:
 *
 *   Kt[n,n'] = Int_0^inf kappa^d Vhat(kappa)^2 Int S(kappa,u) E_n E_n' du dkappa,
 *   E_n(u) = [psi_n(u) mu(u+a) - psi_n(u+a) mu(u)] / a,   a = hbar kappa,
 *
 * S = |eps_hbar(M,kappa,u)|^-2 (or 1 unscreened), so that K_par = hbar^2 Kt
 * and the classical limit is the same formula at a = 0. For a sqrt(n) < 1,
 * E_n is the exact finite sum -mu(u+a) sum_k a^{k-1}/k! sqrt(n!/(n-k)!)
 * psi_{n-k}(u) (Taylor expansion of He_n), free of cancellation as a -> 0.
 *
 * u-integral: E_n E_n' is a polynomial times exp(-(u + a/2)^2), so
 * Gauss–Hermite centred at -a/2 is exact without screening (m = N+1 nodes);
 * with screening the rule is doubled until two rules agree to tol/4.
 * kappa-integral: globally adaptive Gauss–Legendre on dyadic panels
 * [2^j, 2^(j+1)] (split at the end of a tabulated potential); the error of
 * an interval is |GL(I) - GL(left) - GL(right)|, and panels are added at
 * both ends until the geometric tail estimate is below tol/8. Every
 * integrand value is a positive semi-definite matrix, so relative errors
 * of the pieces do not amplify in the sum. */
#include "kpar.h"
#include "qlb/basis.h"
#include "qlb/dielectric.h"
#include "internal.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GL_NODES 16
#define TRAP_LEVELS 7       /* trapezoid halvings: h0 / 128 at most */
#define TRAP_CHUNK 256      /* points per dsyrk call */
#define PANEL_MIN (-3)      /* dyadic panels always computed: 2^-3 .. 2^4 */
#define PANEL_MAX 3
#define PANEL_LIMIT 80      /* |j| beyond this: the integral does not converge */
#define MAX_INTERVALS 6000

typedef struct {
    int m;
    double *s, *w;
} urule;

typedef struct {
    const qlb_params *p;
    int nk;                  /* N + 1 */
    urule rule;              /* Gauss–Hermite, N+1 nodes (unscreened) */
    double trap_half_width;  /* screened: trapezoid on [-L, L] ... */
    int trap_points;         /* ... with this many intervals at level 0 */
    double gl_x[GL_NODES], gl_w[GL_NODES];
    /* workspace */
    double *psi_u, *psi_ua, *coef, *Et, *F;
    long evaluations;
} kplan;

typedef struct {
    double lo, hi;
    double *left, *right; /* GL values of the two halves */
    double err;
    int panel;
} interval;

static double sym_norm(const double *A, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        s += A[i * n + i] * A[i * n + i];
        for (int j = i + 1; j < n; j++) s += 2 * A[i * n + j] * A[i * n + j];
    }
    return sqrt(s);
}

/* Upper-triangle norm of A - B - C. */
static double sym_norm_diff(const double *A, const double *B, const double *C, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        for (int j = i; j < n; j++) {
            double v = A[i * n + j] - B[i * n + j] - C[i * n + j];
            s += (i == j ? 1 : 2) * v * v;
        }
    return sqrt(s);
}

/* Series coefficients c[n][k] = a^{k-1}/k! sqrt(n!/(n-k)!) for a sqrt(n) < 1. */
static void series_coefficients(int N, double a, double *coef)
{
    for (int n = 1; n <= N; n++) {
        double *c = coef + (size_t)n * (N + 1);
        c[1] = sqrt((double)n);
        for (int k = 1; k < n; k++) c[k + 1] = c[k] * a * sqrt((double)(n - k)) / (k + 1);
    }
}

/* E_n(u), n = 0..N, into column j of Et (row-major, ld = m), scaled by sc. */
static void fill_E(kplan *P, double a, double u, double sc, double *Et, int m, int j)
{
    int N = P->nk - 1;
    qlb_hermite_functions(N, u, P->psi_u);
    qlb_hermite_functions(N, u + a, P->psi_ua);
    double mu = P->psi_u[0], mua = P->psi_ua[0];
    Et[j] = 0;
    for (int n = 1; n <= N; n++) {
        double e;
        if (a * sqrt((double)n) < 1) {
            const double *c = P->coef + (size_t)n * (N + 1);
            double sum = 0;
            for (int k = 1; k <= n; k++) {
                sum += c[k] * P->psi_u[n - k];
                if (fabs(c[k]) < 1e-18 * c[1]) break;
            }
            e = -mua * sum;
        } else {
            e = (P->psi_u[n] * mua - P->psi_ua[n] * mu) / a;
        }
        Et[(size_t)n * m + j] = sc * e;
    }
}

/* F = Int E E^T du by the Gauss–Hermite rule (exact without screening). */
static void u_gauss_hermite(kplan *P, double kappa, double *F)
{
    const urule *r = &P->rule;
    double a = P->p->hbar * kappa;
    for (int j = 0; j < r->m; j++) fill_E(P, a, r->s[j] - a / 2, sqrt(r->w[j]), P->Et, r->m, j);
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, P->nk, r->m, 1.0, P->Et, r->m, 0.0,
                F, P->nk);
}

/* F += sum over s = first + k * step, k < count, of S E E^T (upper triangle),
 * in chunks that fit the workspace. */
static void u_points(kplan *P, double kappa, double vhat, double first, double step, int count,
                     double *F)
{
    double a = P->p->hbar * kappa;
    for (int k0 = 0; k0 < count; k0 += TRAP_CHUNK) {
        int m = count - k0 < TRAP_CHUNK ? count - k0 : TRAP_CHUNK;
        for (int j = 0; j < m; j++) {
            double u = first + (k0 + j) * step - a / 2;
            fill_E(P, a, u, sqrt(qlb_dielectric_screening(vhat, a, u)), P->Et, m, j);
        }
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, P->nk, m, 1.0, P->Et, m, 1.0, F,
                    P->nk);
    }
}

/* F = Int S E E^T du by nested trapezoid rules on s = u + a/2 in [-L, L],
 * halving h until two levels agree to tol/4 (screened case). */
static qlb_status u_trapezoid(kplan *P, double kappa, double vhat, double *F)
{
    int nk = P->nk, nn = nk * nk, n = P->trap_points;
    double L = P->trap_half_width, h = 2 * L / n;
    double *level = P->F + nn;
    memset(level, 0, (size_t)nn * sizeof(double));
    u_points(P, kappa, vhat, -L, h, n + 1, level);
    for (int i = 0; i < nn; i++) F[i] = h * level[i];
    for (int k = 1; k <= TRAP_LEVELS; k++, n *= 2, h /= 2) {
        memset(level, 0, (size_t)nn * sizeof(double));
        u_points(P, kappa, vhat, -L + h / 2, h, n, level);
        for (int i = 0; i < nn; i++) {
            double next = F[i] / 2 + h / 2 * level[i];
            level[i] = next - F[i];
            F[i] = next;
        }
        if (sym_norm(level, nk) <= P->p->tol / 4 * sym_norm(F, nk)) return QLB_OK;
    }
    return qlb_fail(QLB_ENOCONV,
                    "u-integral of the screened kernel not converged at k = %g with %d points",
                    kappa, n + 1);
}

/* out += weight * kappa^d Vhat^2 Int S E E^T du. */
static qlb_status integrand(kplan *P, double kappa, double weight, double *out)
{
    const qlb_params *p = P->p;
    double vhat = qlb_potential_eval(p->potential, kappa);
    P->evaluations++;
    if (!isfinite(vhat))
        return qlb_fail(QLB_EDIVERGE, "potential is not finite at k = %g", kappa);
    double pref = weight * pow(kappa, p->dim) * vhat * vhat;
    if (pref == 0) return QLB_OK;
    series_coefficients(P->nk - 1, p->hbar * kappa, P->coef);
    if (p->screening) {
        qlb_status st = u_trapezoid(P, kappa, vhat, P->F);
        if (st) return st;
    } else {
        u_gauss_hermite(P, kappa, P->F);
    }
    cblas_daxpy(P->nk * P->nk, pref, P->F, 1, out, 1);
    return QLB_OK;
}

/* out = GL_NODES-point Gauss–Legendre value of the kappa integral on [lo, hi]. */
static qlb_status gauss_legendre(kplan *P, double lo, double hi, double *out)
{
    memset(out, 0, (size_t)P->nk * P->nk * sizeof(double));
    double half = (hi - lo) / 2, mid = (hi + lo) / 2;
    for (int i = 0; i < GL_NODES; i++) {
        qlb_status st = integrand(P, mid + half * P->gl_x[i], half * P->gl_w[i], out);
        if (st) return st;
    }
    return QLB_OK;
}

typedef struct {
    interval *iv;
    int count, cap;
    double *whole;     /* scratch for the GL value of a parent */
    double *running;   /* running sum of all interval values */
    double err;        /* running sum of the error estimates */
} interval_set;

/* running += sign * (left + right) of I, err likewise. */
static void account(const kplan *P, interval_set *S, const interval *it, double sign)
{
    int nn = P->nk * P->nk;
    cblas_daxpy(nn, sign, it->left, 1, S->running, 1);
    cblas_daxpy(nn, sign, it->right, 1, S->running, 1);
    S->err += sign * it->err;
}

/* Adds [lo, hi] to the set: computes the halves and the error estimate. */
static qlb_status activate(kplan *P, interval_set *S, double lo, double hi, int panel,
                           const double *whole)
{
    if (S->count == S->cap)
        return qlb_fail(QLB_ENOCONV, "kappa integral needs more than %d intervals", S->cap);
    size_t nn = (size_t)P->nk * P->nk;
    interval *it = &S->iv[S->count];
    it->lo = lo;
    it->hi = hi;
    it->panel = panel;
    it->left = malloc(2 * nn * sizeof(double));
    if (!it->left) return qlb_fail(QLB_ENOMEM, "kappa integral: out of memory");
    it->right = it->left + nn;
    S->count++;
    double mid = (lo + hi) / 2;
    qlb_status st = gauss_legendre(P, lo, mid, it->left);
    if (!st) st = gauss_legendre(P, mid, hi, it->right);
    if (st) return st;
    if (!whole) {
        st = gauss_legendre(P, lo, hi, S->whole);
        if (st) return st;
        whole = S->whole;
    }
    it->err = sym_norm_diff(whole, it->left, it->right, P->nk);
    account(P, S, it, 1.0);
    return QLB_OK;
}

/* Replaces interval k by its two halves (whose GL values it already holds). */
static qlb_status refine(kplan *P, interval_set *S, int k)
{
    interval it = S->iv[k];
    account(P, S, &it, -1.0);
    S->iv[k] = S->iv[--S->count];
    double mid = (it.lo + it.hi) / 2;
    qlb_status st = activate(P, S, it.lo, mid, it.panel, it.left);
    if (!st) st = activate(P, S, mid, it.hi, it.panel, it.right);
    free(it.left);
    return st;
}

/* Dyadic panel j = [2^j, 2^(j+1)], split where a tabulated potential ends. */
static qlb_status add_panel(kplan *P, interval_set *S, int j)
{
    double lo = ldexp(1.0, j), hi = ldexp(1.0, j + 1);
    double kmax = qlb_potential_support(P->p->potential);
    if (kmax > lo && kmax < hi) {
        qlb_status st = activate(P, S, lo, kmax, j, NULL);
        return st ? st : activate(P, S, kmax, hi, j, NULL);
    }
    return activate(P, S, lo, hi, j, NULL);
}

static double panel_norm(const kplan *P, const interval_set *S, int j, double *scratch)
{
    size_t nn = (size_t)P->nk * P->nk;
    memset(scratch, 0, nn * sizeof(double));
    for (int k = 0; k < S->count; k++)
        if (S->iv[k].panel == j) {
            cblas_daxpy((int)nn, 1.0, S->iv[k].left, 1, scratch, 1);
            cblas_daxpy((int)nn, 1.0, S->iv[k].right, 1, scratch, 1);
        }
    return sym_norm(scratch, P->nk);
}

/* Geometric tail beyond the outermost panel (c_last) given its neighbour. */
static double tail_estimate(double c_prev, double c_last)
{
    if (c_last == 0) return 0;
    double r = c_last / c_prev;
    return r < 1 ? c_last * r / (1 - r) : INFINITY;
}

static void sum_intervals(const kplan *P, const interval_set *S, double *total, double *err)
{
    size_t nn = (size_t)P->nk * P->nk;
    memset(total, 0, nn * sizeof(double));
    *err = 0;
    for (int k = 0; k < S->count; k++) {
        cblas_daxpy((int)nn, 1.0, S->iv[k].left, 1, total, 1);
        cblas_daxpy((int)nn, 1.0, S->iv[k].right, 1, total, 1);
        *err += S->iv[k].err;
    }
}

static qlb_status adapt(kplan *P, interval_set *S, double *K, qlb_kpar_info *info)
{
    double tol = P->p->tol, *scratch = S->whole;
    int jlo = PANEL_MIN, jhi = PANEL_MAX;
    qlb_status st = QLB_OK;
    for (int j = jlo; j <= jhi && !st; j++) st = add_panel(P, S, j);
    while (!st) {
        double err = S->err, total = sym_norm(S->running, P->nk);
        double up = tail_estimate(panel_norm(P, S, jhi - 1, scratch), panel_norm(P, S, jhi, scratch));
        double down = tail_estimate(panel_norm(P, S, jlo + 1, scratch), panel_norm(P, S, jlo, scratch));
        info->error = (err + up + down) / (total > 0 ? total : 1);
        info->kappa_min = ldexp(1.0, jlo);
        info->kappa_max = ldexp(1.0, jhi + 1);
        if (up > tol / 8 * total || down > tol / 8 * total) {
            int grow_up = up >= down;
            int j = grow_up ? ++jhi : --jlo;
            if (j > PANEL_LIMIT || j < -PANEL_LIMIT)
                return qlb_fail(QLB_EDIVERGE,
                                "kappa integral does not converge (%s tail still %.3g of total "
                                "at k = %g)", grow_up ? "large-k" : "small-k",
                                (grow_up ? up : down) / total, ldexp(1.0, j));
            st = add_panel(P, S, j);
            continue;
        }
        if (err <= tol / 2 * total) break;
        int worst = 0;
        for (int k = 1; k < S->count; k++)
            if (S->iv[k].err > S->iv[worst].err) worst = k;
        st = refine(P, S, worst);
    }
    if (st) return st;
    double err_sum;
    sum_intervals(P, S, K, &err_sum);
    for (int i = 0; i < P->nk; i++) /* mirror the upper triangle */
        for (int j = 0; j < i; j++) K[i * P->nk + j] = K[j * P->nk + i];
    info->intervals = S->count;
    info->evaluations = P->evaluations;
    return QLB_OK;
}

static qlb_status plan_rules(kplan *P)
{
    int N = P->nk - 1;
    qlb_status st = qlb_gauss_rule(QLB_GAUSS_LEGENDRE, GL_NODES, 0, P->gl_x, P->gl_w);
    P->rule.m = N + 1;
    P->rule.s = malloc(2 * (size_t)P->rule.m * sizeof(double));
    if (!P->rule.s) return qlb_fail(QLB_ENOMEM, "kappa integral: out of memory");
    P->rule.w = P->rule.s + P->rule.m;
    if (!st) st = qlb_gauss_rule(QLB_GAUSS_HERMITE, P->rule.m, 0, P->rule.s, P->rule.w);
    /* exp(-s^2) s^{2N} is below 1e-31 of its maximum beyond sqrt(N) + 7.5 */
    P->trap_half_width = sqrt((double)N) + 7.5;
    double h0 = fmin(0.25, 1.5 / sqrt(N + 1.0));
    P->trap_points = (int)ceil(2 * P->trap_half_width / h0);
    return st;
}

static qlb_status plan_alloc(kplan *P)
{
    size_t nk = (size_t)P->nk, m = (size_t)(P->rule.m > TRAP_CHUNK ? P->rule.m : TRAP_CHUNK);
    P->psi_u = malloc(nk * sizeof(double));
    P->psi_ua = malloc(nk * sizeof(double));
    P->coef = calloc(nk * nk, sizeof(double));
    P->Et = malloc(nk * m * sizeof(double));
    P->F = malloc(2 * nk * nk * sizeof(double));
    if (!P->psi_u || !P->psi_ua || !P->coef || !P->Et || !P->F)
        return qlb_fail(QLB_ENOMEM, "kappa integral: out of memory");
    return QLB_OK;
}

static void plan_free(kplan *P)
{
    free(P->rule.s);
    free(P->psi_u);
    free(P->psi_ua);
    free(P->coef);
    free(P->Et);
    free(P->F);
}

qlb_status qlb_kpar_compute(const qlb_params *p, double *K, qlb_kpar_info *info)
{
    kplan P;
    memset(&P, 0, sizeof P);
    P.p = p;
    P.nk = p->degree + 1;
    size_t nn = (size_t)P.nk * P.nk;
    interval_set S = {calloc(MAX_INTERVALS, sizeof(interval)), 0, MAX_INTERVALS,
                      malloc(nn * sizeof(double)), calloc(nn, sizeof(double)), 0};
    qlb_status st = S.iv && S.whole && S.running ? QLB_OK : qlb_fail(QLB_ENOMEM, "kappa integral: out of memory");
    if (!st) st = plan_rules(&P);
    if (!st) st = plan_alloc(&P);
    if (!st) st = adapt(&P, &S, K, info);
    for (int k = 0; S.iv && k < S.count; k++) free(S.iv[k].left);
    free(S.iv);
    free(S.whole);
    free(S.running);
    plan_free(&P);
    return st;
}
