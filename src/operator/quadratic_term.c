/* quadratic_term.c — the tensor of the quadratic term (qlb/quadratic.h) from the
 * parallel kernels J, K (quadratic_kernels.c) by algebra.
 *
 * Fixed direction khat = e1, Cartesian functions (p, b), b the perpendicular
 * multi-index: the perpendicular integrals of the collision part (g1' h2',
 * g2' h1', g1 h2, g2 h1) are Kronecker deltas, and the screening variation
 * sees only the marginal of sqrt(M) g along khat (d_g0), so
 *   T_e1[(p,b)][(q,g)][(r,h)] = (c_d/2) { [d_bg d_h0 - d_bh d_g0] J[p][q][r]
 *        - d_g0 (d_bh - d_b0 d_h0) K[p][q][r] - d_h0 (d_bg - d_b0 d_g0) K[p][r][q] }.
 * T = Int_{S^{d-1}} R_khat T_e1 dkhat is |S^{d-1}| times the projection of
 * T_e1 on the O(d)-invariant tensors (T_e1 is invariant under the rotations
 * fixing e1). Per triple of radial labels (n,l), (n',l'), (n'',l'') that
 * projection is C <C, X>, C the Gaunt tensor of (l, l', l'') normalized to
 * unit norm (the invariant is unique), X the block of T_e1 in the spherical
 * basis. In shells (sa, sb, sc), T_e1 has three sparse pieces, so
 *   X[i][j][k] = MA[i][j] uc[k] + MB[i][k] ub[j] + k0 ua[i] ub[j] uc[k],
 * u_s the row of U_s (qlb_burnett) at the multi-index (s,0,..,0),
 * MA = U_a^T A U_b with A[(p,b)][(q,b)] = J[p][q][sc] - K[p][sc][q],
 * MB = U_a^T B U_c with B[(p,b)][(r,b)] = -J[p][sb][r] - K[p][sb][r],
 * k0 = K[sa][sb][sc] + K[sa][sc][sb]; nothing of size N_b^3 is formed.
 * The Gaunt tensors come from basis/gaunt_coefficients.c (1-D integrals
 * along the Gelfand–Tsetlin chain; only structurally non-zero entries). */
#include "qlb/quadratic.h"
#include "qlb/basis.h"
#include "qlb/burnett.h"
#include "core/error.h"
#include "core/limits.h"
#include "basis/gaunt_coefficients.h"
#include "operator/quadratic_kernels.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct qlb_quadratic {
    qlb_params params;
    int variation;
    qlb_quadratic_info info;
    size_t *row;     /* size + 1 */
    int32_t *bc;     /* 2 per entry */
    double *value;
};

typedef struct {
    int d, N, nk;
    size_t nb;
    const qlb_basis *basis;
    const qlb_burnett *bu;
    double *J, *K;
    int nrad;                   /* radial labels (n, l) in spherical order */
    int *lab_l;
    size_t *lab_off;            /* global index of its m = 0 */
    int *lab_col;               /* column of its m = 0 in its shell's U */
    int *shell_lab;             /* first label of shell s (N + 2 entries) */
    qlb_gaunt *gaunt;           /* coupling tensors by (l, l', l'') */
    double *tred;               /* nrad^3 */
} assembly;

static const qlb_gaunt_block *gaunt_of(const assembly *A, int l, int l1, int l2)
{
    return qlb_gaunt_get(A->gaunt, l, l1, l2);
}

/* Radial labels (n, l) and their offsets. */
static qlb_status make_labels(assembly *A)
{
    size_t nb = A->nb;
    A->lab_l = malloc(nb * sizeof(int));
    A->lab_off = malloc(nb * sizeof(size_t));
    A->lab_col = malloc(nb * sizeof(int));
    A->shell_lab = malloc(((size_t)A->N + 2) * sizeof(int));
    if (!A->lab_l || !A->lab_off || !A->lab_col || !A->shell_lab)
        return qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    int prev_shell = -1;
    for (size_t i = 0; i < nb; i++) {
        int n, l, m;
        qlb_basis_spherical_label(A->basis, i, &n, &l, &m);
        int s = 2 * n + l;
        size_t off = qlb_basis_shell_offset(A->basis, s);
        while (prev_shell < s) A->shell_lab[++prev_shell] = A->nrad;
        if (m == 0) {
            A->lab_l[A->nrad] = l;
            A->lab_off[A->nrad] = i;
            A->lab_col[A->nrad++] = (int)(i - off);
        }
    }
    A->shell_lab[A->N + 1] = A->nrad;
    return QLB_OK;
}

/* Row of U_s at the multi-index (s, 0, .., 0). */
static const double *axis_row(const assembly *A, int s)
{
    int alpha[QLB_MAX_DIM] = {0};
    alpha[0] = s;
    size_t r = qlb_basis_index(A->basis, alpha) - qlb_basis_shell_offset(A->basis, s);
    return qlb_burnett_shell(A->bu, s) + r * qlb_basis_shell_size(A->basis, s);
}

static double kernel(const double *T, int nk, int p, int q, int r)
{
    return T[((size_t)p * nk + q) * nk + r];
}

/* M = U_a^T X U_b with X[(p,b)][(q,b)] = v(p, q) over the common
 * perpendicular multi-indices b; `second` selects which piece (MA or MB). */
static void piece(const assembly *A, int sa, int sb, int sother, int second, double *M)
{
    int d = A->d, nk = A->nk, alpha[QLB_MAX_DIM];
    size_t oa = qlb_basis_shell_offset(A->basis, sa), Sa = qlb_basis_shell_size(A->basis, sa);
    size_t ob = qlb_basis_shell_offset(A->basis, sb), Sb = qlb_basis_shell_size(A->basis, sb);
    const double *Ua = qlb_burnett_shell(A->bu, sa), *Ub = qlb_burnett_shell(A->bu, sb);
    memset(M, 0, Sa * Sb * sizeof(double));
    for (size_t ra = 0; ra < Sa; ra++) {
        memcpy(alpha, qlb_basis_multi_index(A->basis, oa + ra), (size_t)d * sizeof(int));
        int p = alpha[0], q = sb - (sa - p);
        if (q < 0) continue;
        double v = second ? -kernel(A->J, nk, p, sother, q) - kernel(A->K, nk, p, sother, q)
                          : kernel(A->J, nk, p, q, sother) - kernel(A->K, nk, p, sother, q);
        if (v == 0) continue;
        alpha[0] = q;
        size_t rb = qlb_basis_index(A->basis, alpha) - ob;
        cblas_dger(CblasRowMajor, (int)Sa, (int)Sb, v, Ua + ra * Sa, 1, Ub + rb * Sb, 1, M,
                   (int)Sb);
    }
}

/* t for the labels of shells (sa, sb, sc), given the pieces. */
static void reduce_shells(assembly *A, int sa, int sb, int sc, const double *MA,
                          const double *MB, double k0, double pref)
{
    size_t Sb = qlb_basis_shell_size(A->basis, sb), Sc = qlb_basis_shell_size(A->basis, sc);
    const double *ua = axis_row(A, sa), *ub = axis_row(A, sb), *uc = axis_row(A, sc);
    int nr = A->nrad;
    for (int a = A->shell_lab[sa]; a < A->shell_lab[sa + 1]; a++)
        for (int b = A->shell_lab[sb]; b < A->shell_lab[sb + 1]; b++)
            for (int c = A->shell_lab[sc]; c < A->shell_lab[sc + 1]; c++) {
                const qlb_gaunt_block *G = gaunt_of(A, A->lab_l[a], A->lab_l[b], A->lab_l[c]);
                if (!G) continue; /* (l, l', l'') do not couple */
                int D = (int)qlb_basis_dim_harmonic(A->lab_l[a], A->d);
                double t = 0;
                for (int m = 0; m < D; m++) {
                    size_t i = (size_t)A->lab_col[a] + m;
                    for (int e = G->start[m]; e < G->start[m + 1]; e++) {
                        size_t j = (size_t)A->lab_col[b] + G->mm[2 * e];
                        size_t k = (size_t)A->lab_col[c] + G->mm[2 * e + 1];
                        double x = MA[i * Sb + j] * uc[k] + MB[i * Sc + k] * ub[j] +
                                   k0 * ua[i] * ub[j] * uc[k];
                        t += G->g[e] * x;
                    }
                }
                A->tred[((size_t)a * nr + b) * nr + c] = pref * t;
            }
}

static qlb_status make_reduced(assembly *A)
{
    int N = A->N, nk = A->nk;
    size_t Smax = 0;
    for (int s = 0; s <= N; s++)
        if (qlb_basis_shell_size(A->basis, s) > Smax) Smax = qlb_basis_shell_size(A->basis, s);
    size_t nr = (size_t)A->nrad;
    A->tred = calloc(nr * nr * nr, sizeof(double));
    double *MA = malloc(Smax * Smax * sizeof(double)), *MB = malloc(Smax * Smax * sizeof(double));
    qlb_status st = A->tred && MA && MB ? QLB_OK
                                         : qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    double pref = 1 / pow(2 * M_PI, A->d) * qlb_sphere_area(A->d); /* (c_d/2) |S^{d-1}| */
    for (int sa = 0; sa <= N && !st; sa++)
        for (int sb = 0; sb <= N; sb++)
            for (int sc = 0; sc <= N; sc++) {
                if ((sa + sb + sc) & 1) continue;
                piece(A, sa, sb, sc, 0, MA);
                piece(A, sa, sc, sb, 1, MB);
                double k0 = kernel(A->K, nk, sa, sb, sc) + kernel(A->K, nk, sa, sc, sb);
                reduce_shells(A, sa, sb, sc, MA, MB, k0, pref);
            }
    free(MA);
    free(MB);
    return st;
}

/* Visits the stored entries of row a in order: fills them if T->bc is
 * set, returns their number. */
static size_t emit_row(const assembly *A, size_t a, int lab, qlb_quadratic *T, size_t at)
{
    int nr = A->nrad, m = (int)(a - A->lab_off[lab]);
    size_t count = 0;
    for (int b = 0; b < nr; b++)
        for (int c = b; c < nr; c++) {
            const qlb_gaunt_block *G = gaunt_of(A, A->lab_l[lab], A->lab_l[b], A->lab_l[c]);
            double t = A->tred[((size_t)lab * nr + b) * nr + c];
            if (!G || t == 0) continue; /* not coupled, or structural zeros (the mass row) */
            for (int e = G->start[m]; e < G->start[m + 1]; e++) {
                int m1 = G->mm[2 * e], m2 = G->mm[2 * e + 1];
                if (b == c && m1 > m2) continue;
                if (T->bc) {
                    T->bc[2 * (at + count)] = (int32_t)(A->lab_off[b] + m1);
                    T->bc[2 * (at + count) + 1] = (int32_t)(A->lab_off[c] + m2);
                    T->value[at + count] = t * G->g[e];
                }
                count++;
            }
        }
    return count;
}

static qlb_status make_entries(const assembly *A, qlb_quadratic *T)
{
    size_t nb = A->nb;
    T->row = malloc((nb + 1) * sizeof(size_t));
    if (!T->row) return qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    T->row[0] = 0;
    for (size_t a = 0, lab = 0; a < nb; a++) {
        while (lab + 1 < (size_t)A->nrad && A->lab_off[lab + 1] <= a) lab++;
        T->row[a + 1] = T->row[a] + emit_row(A, a, (int)lab, T, 0);
    }
    size_t nnz = T->row[nb];
    qlb_status st = qlb_check_memory((double)nnz * (sizeof(double) + 2 * sizeof(int32_t)),
                                     "the quadratic-term tensor");
    if (st) return st;
    T->bc = malloc(2 * nnz * sizeof(int32_t) + 1);
    T->value = malloc(nnz * sizeof(double) + 1);
    if (!T->bc || !T->value) return qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    for (size_t a = 0, lab = 0; a < nb; a++) {
        while (lab + 1 < (size_t)A->nrad && A->lab_off[lab + 1] <= a) lab++;
        emit_row(A, a, (int)lab, T, T->row[a]);
    }
    T->info.nnz = nnz;
    T->info.bytes = nnz * (sizeof(double) + 2 * sizeof(int32_t)) + (nb + 1) * sizeof(size_t);
    return QLB_OK;
}

static void assembly_free(assembly *A)
{
    qlb_gaunt_free(A->gaunt);
    free(A->J);
    free(A->K);
    free(A->lab_l);
    free(A->lab_off);
    free(A->lab_col);
    free(A->shell_lab);
    free(A->tred);
    qlb_burnett_free((qlb_burnett *)A->bu);
    qlb_basis_free((qlb_basis *)A->basis);
}

/* Upper bound on the stored entries (b <= c) and the Gaunt entries, from
 * the Gaunt block sizes (qlb_gaunt_count) and the number (N-l)/2 + 1 of
 * radial labels of each l; -1 if the counts cannot be had. */
static double count_entries(int d, int N, double *gaunt_entries)
{
    size_t nk = (size_t)N + 1;
    double *counts = malloc(nk * nk * nk * sizeof(double)), entries = 0;
    if (!counts || qlb_gaunt_count(d, N, counts)) {
        free(counts);
        return -1;
    }
    *gaunt_entries = 0;
    for (int l = 0; l <= N; l++)
        for (int l1 = 0; l1 <= N; l1++)
            for (int l2 = 0; l2 <= N; l2++) {
                double c = counts[((size_t)l * nk + l1) * nk + l2];
                double K = (N - l) / 2 + 1, K1 = (N - l1) / 2 + 1, K2 = (N - l2) / 2 + 1;
                *gaunt_entries += c;
                entries += K * (K1 * K2 * c / 2 + (l1 == l2 ? K1 * c / 2 : 0));
            }
    free(counts);
    return entries;
}

double qlb_quadratic_estimate_bytes(const qlb_params *p)
{
    double nb = (double)qlb_params_basis_size(p);
    if (nb == 0) return INFINITY;
    int d = p->dim, N = p->degree;
    double entry = sizeof(double) + 2 * sizeof(int32_t);
    double kernels = 4.0 * pow(N + 1.0, 3) * sizeof(double);
    /* the parity rule alone keeps about N_b^3 / 2^(d+1) entries (b <= c): beyond
     * 10 TB that is answer enough, and counting would take long */
    double crude = nb * nb * nb / ldexp(1.0, d + 1) * entry + kernels;
    double gaunt_entries = 0, entries = crude > 1e13 ? -1 : count_entries(d, N, &gaunt_entries);
    if (entries < 0) return crude;
    double nrad = (N / 2 + 1.0) * ((N + 1) / 2 + 1.0); /* radial labels (n, l) */
    return entries * entry + (nb + 1) * sizeof(size_t) + gaunt_entries * entry +
           nrad * nrad * nrad * sizeof(double) + kernels;
}

static qlb_status build(assembly *A, qlb_quadratic *T)
{
    const qlb_params *p = &T->params;
    qlb_basis *basis = NULL;
    qlb_burnett *bu = NULL;
    size_t n3 = (size_t)A->nk * A->nk * A->nk;
    qlb_kappa_info kinfo = {0};
    qlb_status st = qlb_basis_create(p->dim, p->degree, &basis);
    A->basis = basis;
    if (!st) st = qlb_context(qlb_burnett_create(basis, &bu), "quadratic term");
    A->bu = bu;
    if (!st) {
        A->nb = qlb_basis_size(basis);
        A->J = malloc(n3 * sizeof(double));
        A->K = malloc(n3 * sizeof(double));
        if (!A->J || !A->K) st = qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    }
    if (!st) st = qlb_quadratic_kernels(p, T->variation, A->J, A->K, &kinfo);
    if (!st) st = make_labels(A);
    if (!st) st = qlb_gaunt_create(A->d, A->N, &A->gaunt);
    if (!st) st = make_reduced(A);
    if (!st) st = make_entries(A, T);
    T->info.size = A->nb;
    T->info.dense = (double)A->nb * A->nb * A->nb;
    T->info.error = kinfo.error;
    T->info.kappa_min = kinfo.kappa_min;
    T->info.kappa_max = kinfo.kappa_max;
    T->info.intervals = kinfo.intervals;
    T->info.evaluations = kinfo.evaluations;
    return st;
}

qlb_status qlb_quadratic_create(const qlb_params *p, int variation, qlb_quadratic **out)
{
    *out = NULL;
    qlb_status st = qlb_params_check(p);
    if (!st) st = qlb_check_memory(qlb_quadratic_estimate_bytes(p), "the quadratic-term tensor");
    if (st) return st;
    qlb_quadratic *T = calloc(1, sizeof *T);
    if (!T) return qlb_fail(QLB_ENOMEM, "quadratic term: out of memory");
    T->params = *p;
    T->variation = variation && p->screening;
    assembly A;
    memset(&A, 0, sizeof A);
    A.d = p->dim;
    A.N = p->degree;
    A.nk = p->degree + 1;
    st = build(&A, T);
    assembly_free(&A);
    if (st) {
        qlb_quadratic_free(T);
        return st;
    }
    *out = T;
    return QLB_OK;
}

void qlb_quadratic_free(qlb_quadratic *T)
{
    if (!T) return;
    free(T->row);
    free(T->bc);
    free(T->value);
    free(T);
}

const qlb_params *qlb_quadratic_params(const qlb_quadratic *T) { return &T->params; }
int qlb_quadratic_variation(const qlb_quadratic *T) { return T->variation; }
qlb_quadratic_info qlb_quadratic_get_info(const qlb_quadratic *T) { return T->info; }

void qlb_quadratic_entries(const qlb_quadratic *T, const size_t **row, const int32_t **bc,
                          const double **value)
{
    *row = T->row;
    *bc = T->bc;
    *value = T->value;
}

void qlb_quadratic_apply_pair(const qlb_quadratic *T, const double *x, const double *z,
                             double *y)
{
    long nb = (long)T->info.size;
#pragma omp parallel for schedule(dynamic, 8)
    for (long a = 0; a < nb; a++) {
        double s = 0;
        for (size_t k = T->row[a]; k < T->row[a + 1]; k++) {
            int32_t b = T->bc[2 * k], c = T->bc[2 * k + 1];
            s += T->value[k] * (b == c ? x[b] * z[b] : x[b] * z[c] + x[c] * z[b]);
        }
        y[a] = s;
    }
}

/* Not apply_pair(c, c): one product per entry instead of two is 30% faster
 * (bench_contraction), and this is the evolution's hot loop. */
void qlb_quadratic_apply(const qlb_quadratic *T, const double *c, double *y)
{
    long nb = (long)T->info.size;
#pragma omp parallel for schedule(dynamic, 8)
    for (long a = 0; a < nb; a++) {
        double s = 0;
        for (size_t k = T->row[a]; k < T->row[a + 1]; k++) {
            int32_t b = T->bc[2 * k], e = T->bc[2 * k + 1];
            double w = T->value[k] * c[b] * c[e];
            s += b == e ? w : 2 * w;
        }
        y[a] = s;
    }
}

void qlb_quadratic_jacobian(const qlb_quadratic *T, const double *c, double *J)
{
    long nb = (long)T->info.size;
#pragma omp parallel for schedule(dynamic, 8)
    for (long a = 0; a < nb; a++) {
        double *row = J + (size_t)a * nb;
        memset(row, 0, (size_t)nb * sizeof(double));
        for (size_t k = T->row[a]; k < T->row[a + 1]; k++) {
            int32_t b = T->bc[2 * k], e = T->bc[2 * k + 1];
            row[b] += 2 * T->value[k] * c[e];
            if (b != e) row[e] += 2 * T->value[k] * c[b];
        }
    }
}
