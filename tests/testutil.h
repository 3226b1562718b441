/* testutil.h — tiny assertion helpers for the qlb tests: every check prints
 * what it compared, and a test exits non-zero if any check failed. */
#ifndef QLB_TESTUTIL_H
#define QLB_TESTUTIL_H

#include "qlb/qlb.h"

extern int test_failures;

/* Largest dimension the tests use in fixed-size arrays. */
#define QLB_TEST_MAXDIM 16

/* |got - want| <= tol * max(|want|, scale); prints a line either way. */
void check_close(const char *what, double got, double want, double tol, double scale);
/* |got| <= bound: an upper bound on an error or residual (not a comparison
 * with a value). */
void check_below(const char *what, double got, double bound);
/* condition must hold. */
void check_true(const char *what, int cond);
/* status must be QLB_OK (silent if so; prints qlb_last_error otherwise). */
void check_ok(const char *what, qlb_status st);
/* Ends the test: prints "N passed, M failed" and returns the exit code. */
int test_summary(void);

/* max_i |A[i] - B[i]|. */
double max_abs_diff(const double *A, const double *B, size_t n);

/* Default parameters with these fields set (tol 1e-12). */
qlb_params test_params(int dim, double hbar, int degree, const qlb_potential *pot,
                       int screening);

/* A species with name, charge Z, mass m and density n. */
qlb_species test_species(const char *name, double Z, double m, double n);

/* An operator for the given parameters; aborts the test on failure. */
qlb_linop *make_operator(int dim, double hbar, int degree, const char *potential,
                         int screening, qlb_potential **pot_out);
/* The same for the Gram matrix of another quadratic form. */
qlb_linop *make_form(int dim, double hbar, int degree, const char *potential, int screening,
                     qlb_form form, qlb_potential **pot_out);

/* The quadratic term with L's parameters; aborts the test on failure. */
qlb_quadratic *make_tensor_like(const qlb_linop *L, int variation);

/* n uniform numbers in [-1/2, 1/2] from srand(seed). */
void random_vector(size_t n, unsigned seed, double *c);

/* The dense Cartesian matrix of L in the basis b (malloc'ed size^2). */
double *cartesian_matrix(const qlb_linop *L, const qlb_basis *b);

/* The dense Cartesian tensor T[a][b][c] of the quadratic term
 * (malloc'ed size^3, [(a*size + b)*size + c]). */
double *cartesian_tensor(const qlb_quadratic *T, const qlb_basis *b);

/* The d+2 collision invariants sqrt M, v_i sqrt M, (|v|^2 - d)/sqrt(2d) sqrt M
 * as orthonormal coefficient vectors in the Cartesian basis of b: row k of
 * inv ((d+2) x size). */
void invariant_vectors(const qlb_basis *b, double *inv);

#endif
