/* quadratic_reduction.c — the reduced radial tensor t[(n,l)][(n1,l1)][(n2,l2)]
 * of a quadratic term (qlb/quadratic.h) from its parallel kernels.
 *
 * Fixed direction khat = e1, Cartesian functions (p, b), b the perpendicular
 * multi-index: the perpendicular integrals of the collision part are
 * Kronecker deltas and the screening variation sees only the marginal of
 * sqrt(M) g along khat, so (quadratic_reduction.h)
 *   T_e1[(p,b)][(q,g)][(r,h)] = (c_d/2) { d_bg d_h0 A[p][q][r] + d_bh d_g0 B[p][q][r]
 *        + d_b0 d_g0 d_h0 C[p][q][r] };
 * one species has A = J - K^T, B = -J - K, C = K + K^T:
 *   (c_d/2) { [d_bg d_h0 - d_bh d_g0] J[p][q][r]
 *        - d_g0 (d_bh - d_b0 d_h0) K[p][q][r] - d_h0 (d_bg - d_b0 d_g0) K[p][r][q] }.
 * T = Int_{S^{d-1}} R_khat T_e1 dkhat is |S^{d-1}| times the projection of
 * T_e1 on the O(d)-invariant tensors: per radial triple, t = <G, X> with G
 * the Gaunt tensor of (l, l1, l2) (unit norm) and X the block of T_e1 in
 * the spherical basis. In shells (sa, sb, sc),
 *   X[i][j][k] = MA[i][j] uc[k] + MB[i][k] ub[j] + k0 ua[i] ub[j] uc[k],
 * u_s the row of U_s (qlb_burnett) at (s, 0, .., 0), MA = U_a^T A U_b with
 * A[(p,b)][(q,b)] = A[p][q][sc], MB = U_a^T B U_c with
 * B[(p,b)][(r,b)] = B[p][sb][r], k0 = C[sa][sb][sc].
 *
 * Zonal structure: (s, 0, .., 0) is invariant under O(d-1), the stabilizer of
 * e1, so u_s is non-zero only at m = 0 of each (n, l) (the Gelfand–Tsetlin
 * label with every chain degree 0). By Schur's lemma, coupling with that
 * zonal harmonic is diagonal in the chain labels: G[m][m1][0] = 0 unless
 * m1 = m (the same index in H_l and H_l1), likewise G[m][0][m2]. Hence
 *   t = pref { uc0 sum_m G[m][m][0] MA[a+m][b+m] + ub0 sum_m G[m][0][m] MB[a+m][c+m]
 *             + k0 ua0 ub0 uc0 G[0][0][0] },
 * and only "diagonals" of MA, MB are needed. MA depends on sc only through
 * the weights A[p][q][sc] of the rows with first index p, so
 *   MA[a+m][b+m] = sum_p w_p(sc) Dg_p(sa, sb)[(a,b)][m],
 *   Dg_p(s, s2)[(a,b)][m] = sum_{rows r of shell s with p} U_s[r][a+m] U_s2[r'][b+m],
 * r' the row (s2 - s + p, b(r)) of shell s2, and MB the same with (sa, sc).
 * Dg is computed once per shell pair; nothing of size N_b^2 or more is
 * formed. OpenMP over sa (each owns the t of its labels). */
#include "operator/quadratic_reduction.h"
#include "core/error.h"
#include "core/limits.h"

#include <math.h>
#include <stdlib.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include <string.h>

static double kernel(const double *T, int nk, int p, int q, int r)
{
    return T[((size_t)p * nk + q) * nk + r];
}

/* A, B and C of the header at [p][q][r]. */
static double kernel_a(const qlb_quadratic_assembly *A, int p, int q, int r)
{
    return A->ka ? kernel(A->ka, A->nk, p, q, r) : kernel(A->J, A->nk, p, q, r) - kernel(A->K, A->nk, p, r, q);
}

static double kernel_b(const qlb_quadratic_assembly *A, int p, int q, int r)
{
    return A->kb ? kernel(A->kb, A->nk, p, q, r) : -kernel(A->J, A->nk, p, q, r) - kernel(A->K, A->nk, p, q, r);
}

static double kernel_c(const qlb_quadratic_assembly *A, int p, int q, int r)
{
    return A->kc ? kernel(A->kc, A->nk, p, q, r) : kernel(A->K, A->nk, p, q, r) + kernel(A->K, A->nk, p, r, q);
}

static int harmonic_dim(const qlb_quadratic_assembly *A, int label)
{
    return (int)qlb_basis_dim_harmonic(A->lab_l[label], A->d);
}

/* u_s at m = 0 of each label of shell s (the axis row of U_s). */
static double axis_value(const qlb_quadratic_assembly *A, int s, int label)
{
    int alpha[QLB_MAX_DIM] = {0};
    alpha[0] = s;
    size_t r = qlb_basis_index(A->basis, alpha) - qlb_basis_shell_offset(A->basis, s);
    size_t S = qlb_basis_shell_size(A->basis, s);
    return qlb_burnett_shell(A->bu, s)[r * S + (size_t)A->lab_col[label]];
}

/* G[m][m][0] (zonal[m]) and G[m][0][m] (zonal[D + m]) of every block. */
static double *zonal_diagonals(const qlb_quadratic *T, size_t **start)
{
    size_t n = 0, nb = T->info.blocks;
    *start = malloc((nb + 1) * sizeof(size_t));
    if (!*start) return NULL;
    for (size_t k = 0; k < nb; k++) (*start)[k] = n, n += 2 * (size_t)T->block[k].D;
    (*start)[nb] = n;
    double *z = calloc(n + 1, sizeof(double));
    for (size_t k = 0; z && k < nb; k++) {
        const qlb_quadratic_stored *B = &T->block[k];
        double *zk = z + (*start)[k];
        for (int m = 0; m < B->D; m++)
            for (int e = B->G->start[m]; e < B->G->start[m + 1]; e++) {
                int m1 = B->G->mm[2 * e], m2 = B->G->mm[2 * e + 1];
                if (m1 == m && m2 == 0) zk[m] = B->G->g[e];
                if (m1 == 0 && m2 == m) zk[B->D + m] = B->G->g[e];
            }
    }
    return z;
}

/* The diagonals Dg_p(sa, s2) for every s2 and p: pair (a, b) of labels of
 * shells sa and s2 has min(D_a, D_b) values at pair_at[s2][ia * L2 + ib],
 * and p's copy is shifted by p * pair_len[s2]. */
typedef struct {
    int sa;
    size_t *pair_at;       /* per s2, per (ia, ib) */
    size_t *pair_first;    /* N + 2: first (ia, ib) entry of s2 in pair_at */
    size_t *pair_len;      /* N + 1: values of all pairs of s2 */
    size_t *dg_at;         /* N + 1: Dg of s2 */
    double *dg;
    double *ma, *mb;       /* weighted sums over p (the largest pair_len) */
} diagonals;

static void diagonals_free(diagonals *G)
{
    free(G->pair_at), free(G->pair_first), free(G->pair_len), free(G->dg_at);
    free(G->dg), free(G->ma), free(G->mb);
}

static int labels_of(const qlb_quadratic_assembly *A, int s)
{
    return A->shell_lab[s + 1] - A->shell_lab[s];
}

/* The pair layout of shell sa against every shell. */
static int pair_layout(const qlb_quadratic_assembly *A, diagonals *G)
{
    int N = A->N, La = labels_of(A, G->sa);
    size_t pairs = 0, dg = 0, widest = 1;
    for (int s2 = 0; s2 <= N; s2++) pairs += (size_t)La * labels_of(A, s2);
    G->pair_at = malloc((pairs + 1) * sizeof(size_t));
    G->pair_first = malloc(((size_t)N + 2) * sizeof(size_t));
    G->pair_len = malloc(((size_t)N + 1) * sizeof(size_t));
    G->dg_at = malloc(((size_t)N + 1) * sizeof(size_t));
    if (!G->pair_at || !G->pair_first || !G->pair_len || !G->dg_at) return 0;
    size_t k = 0;
    for (int s2 = 0; s2 <= N; s2++) {
        G->pair_first[s2] = k;
        size_t len = 0;
        for (int a = A->shell_lab[G->sa]; a < A->shell_lab[G->sa + 1]; a++)
            for (int b = A->shell_lab[s2]; b < A->shell_lab[s2 + 1]; b++) {
                int Da = harmonic_dim(A, a), Db = harmonic_dim(A, b);
                G->pair_at[k++] = len;
                len += (size_t)(Da < Db ? Da : Db);
            }
        G->pair_len[s2] = len;
        G->dg_at[s2] = dg;
        dg += ((size_t)G->sa + 1) * len;
        if (len > widest) widest = len;
    }
    G->pair_first[N + 1] = k;
    G->dg = calloc(dg + 1, sizeof(double));
    G->ma = malloc(widest * sizeof(double));
    G->mb = malloc(widest * sizeof(double));
    return G->dg && G->ma && G->mb;
}

/* Dg_p(sa, s2) += U_sa[r][a+m] U_s2[r'][b+m] for the rows r of shell sa. */
static void accumulate_diagonals(const qlb_quadratic_assembly *A, diagonals *G, int s2)
{
    int sa = G->sa, d = A->d, alpha[QLB_MAX_DIM];
    size_t oa = qlb_basis_shell_offset(A->basis, sa), Sa = qlb_basis_shell_size(A->basis, sa);
    size_t o2 = qlb_basis_shell_offset(A->basis, s2), S2 = qlb_basis_shell_size(A->basis, s2);
    const double *Ua = qlb_burnett_shell(A->bu, sa), *U2 = qlb_burnett_shell(A->bu, s2);
    for (size_t r = 0; r < Sa; r++) {
        memcpy(alpha, qlb_basis_multi_index(A->basis, oa + r), (size_t)d * sizeof(int));
        int p = alpha[0], q = s2 - sa + p;
        if (q < 0) continue;
        alpha[0] = q;
        size_t r2 = qlb_basis_index(A->basis, alpha) - o2;
        double *dg = G->dg + G->dg_at[s2] + (size_t)p * G->pair_len[s2];
        size_t k = G->pair_first[s2];
        for (int a = A->shell_lab[sa]; a < A->shell_lab[sa + 1]; a++)
            for (int b = A->shell_lab[s2]; b < A->shell_lab[s2 + 1]; b++, k++) {
                const double *ua = Ua + r * Sa + A->lab_col[a], *ub = U2 + r2 * S2 + A->lab_col[b];
                int Da = harmonic_dim(A, a), Db = harmonic_dim(A, b), len = Da < Db ? Da : Db;
                double *out = dg + G->pair_at[k];
                for (int m = 0; m < len; m++) out[m] += ua[m] * ub[m];
            }
    }
}

/* out = sum_p w_p Dg_p(sa, s2) over the rows that exist: MA's weights
 * A[p][q][other], or (second) MB's B[p][other][q]. */
static void weighted_diagonals(const qlb_quadratic_assembly *A, const diagonals *G, int s2,
                               int second, int other, double *out)
{
    int sa = G->sa;
    size_t len = G->pair_len[s2];
    memset(out, 0, len * sizeof(double));
    for (int p = 0; p <= sa; p++) {
        int q = s2 - sa + p;
        if (q < 0) continue;
        double w = second ? kernel_b(A, p, other, q) : kernel_a(A, p, q, other);
        const double *dg = G->dg + G->dg_at[s2] + (size_t)p * len;
        for (size_t i = 0; i < len; i++) out[i] += w * dg[i];
    }
}

/* t of the labels of shells (sa, sb, sc) with l1 <= l2. */
static void reduce_shells(const qlb_quadratic_assembly *A, qlb_quadratic *T, double *radial,
                          const diagonals *G, int sb, int sc, const double *zonal,
                          const size_t *zonal_at, double pref)
{
    int sa = G->sa, nk = A->nk, Lb = labels_of(A, sb), Lc = labels_of(A, sc);
    double k0 = kernel_c(A, sa, sb, sc);
    for (int a = A->shell_lab[sa], ia = 0; a < A->shell_lab[sa + 1]; a++, ia++) {
        double ua0 = axis_value(A, sa, a);
        for (int b = A->shell_lab[sb], ib = 0; b < A->shell_lab[sb + 1]; b++, ib++)
            for (int c = A->shell_lab[sc], ic = 0; c < A->shell_lab[sc + 1]; c++, ic++) {
                int l = A->lab_l[a], l1 = A->lab_l[b], l2 = A->lab_l[c];
                int k = l1 <= l2 ? A->block_of[((size_t)l * nk + l1) * nk + l2] : -1;
                if (k < 0) continue; /* not coupled, or l1 > l2 (symmetry) */
                qlb_quadratic_stored *B = &T->block[k];
                const double *zA = zonal + zonal_at[k], *zB = zA + B->D;
                const double *ma = G->ma + G->pair_at[G->pair_first[sb] + (size_t)ia * Lb + ib];
                const double *mb = G->mb + G->pair_at[G->pair_first[sc] + (size_t)ia * Lc + ic];
                int Da = B->D, Db = harmonic_dim(A, b), Dc = harmonic_dim(A, c);
                double tA = 0, tB = 0;
                for (int m = 0; m < (Da < Db ? Da : Db); m++) tA += zA[m] * ma[m];
                for (int m = 0; m < (Da < Dc ? Da : Dc); m++) tB += zB[m] * mb[m];
                double ub0 = axis_value(A, sb, b), uc0 = axis_value(A, sc, c);
                double *t = radial + (B->t - T->radial);
                t[((size_t)A->lab_n[a] * B->K1 + A->lab_n[b]) * B->K2 + A->lab_n[c]] =
                    pref * (uc0 * tA + ub0 * tB + k0 * ua0 * ub0 * uc0 * zA[0]);
            }
    }
}

/* All t with first label in shell sa. */
static int reduce_first_shell(const qlb_quadratic_assembly *A, qlb_quadratic *T, double *radial,
                              int sa, const double *zonal, const size_t *zonal_at, double pref)
{
    diagonals G;
    memset(&G, 0, sizeof G);
    G.sa = sa;
    int ok = pair_layout(A, &G);
    for (int s2 = 0; ok && s2 <= A->N; s2++) accumulate_diagonals(A, &G, s2);
    for (int sb = 0; ok && sb <= A->N; sb++)
        for (int sc = 0; sc <= A->N; sc++) {
            if ((sa + sb + sc) & 1) continue;
            weighted_diagonals(A, &G, sb, 0, sc, G.ma);
            weighted_diagonals(A, &G, sc, 1, sb, G.mb);
            reduce_shells(A, T, radial, &G, sb, sc, zonal, zonal_at, pref);
        }
    diagonals_free(&G);
    return ok;
}

qlb_status qlb_quadratic_reduce(const qlb_quadratic_assembly *A, qlb_quadratic *T, double *radial)
{
    size_t *zonal_at = NULL;
    double *zonal = zonal_diagonals(T, &zonal_at);
    int failed = !zonal;
    double pref = 1 / pow(2 * M_PI, A->d) * qlb_sphere_area(A->d); /* (c_d/2) |S^{d-1}| */
#pragma omp parallel for schedule(dynamic, 1) reduction(| : failed)
    for (int sa = A->N; sa >= 0; sa--) /* the largest shells first */
        if (!failed) failed |= !reduce_first_shell(A, T, radial, sa, zonal, zonal_at, pref);
    free(zonal);
    free(zonal_at);
    return failed ? qlb_fail(QLB_ENOMEM, "quadratic term: out of memory") : QLB_OK;
}

double qlb_quadratic_reduce_bytes(int d, int N)
{
    /* per thread: (N + 1) copies of the pairs of the last shell with all
     * shells, each of at most dim H_N values */
    double labels = N / 2 + 1.0, all_labels = (N / 2 + 1.0) * ((N + 1) / 2 + 1.0);
    double per_thread = (N + 3.0) * labels * all_labels * (double)qlb_basis_dim_harmonic(N, d);
#ifdef _OPENMP
    int threads = omp_get_max_threads();
#else
    int threads = 1;
#endif
    return threads * per_thread * sizeof(double);
}
