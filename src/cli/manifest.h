/* manifest.h — the scan manifest: `key = value` lines, `#` comments.
 *   potential = SPEC            (repeat the line for several potentials)
 *   screening = on | off | both (default on)
 *   dim       = 2, 3, 4:6        (integers and ranges A:B)
 *   hbar      = 0, 0.1, log:1e-3:1:7   (numbers >= 0 and log ranges LO:HI:COUNT)
 *   degree    = 8, 16:40:8       (integers >= 2 and ranges A:B:STEP; one CSV row each)
 *   quantities = gap, coercivity_hbar, coercivity_classical, transport  (default gap)
 *   eigenvalues = 3   eigen_lmax = 3   (smallest eigenvalues per l, complement)
 *   conv_tol = 1e-3   tol = 1e-12 */
#ifndef QLB_CLI_MANIFEST_H
#define QLB_CLI_MANIFEST_H

enum { Q_GAP = 1, Q_COER_HBAR = 2, Q_COER_CLASSICAL = 4, Q_TRANSPORT = 8 };

#define MANIFEST_MAX 256

typedef struct {
    char *potential[MANIFEST_MAX];
    int npot;
    int screening[2], nscreen;
    int dim[MANIFEST_MAX], ndim;
    double hbar[MANIFEST_MAX];
    int nhbar;
    int degree[MANIFEST_MAX], ndeg;    /* ascending, distinct */
    int quantities;                    /* Q_* bits */
    int eigenvalues, eigen_lmax;
    double conv_tol, tol;
} manifest;

/* Reads and checks `path`; on error prints one line and returns the exit code. */
int manifest_read(const char *path, manifest *m);
void manifest_free(manifest *m);

#endif
