/* qlb/plasma.h — electrons and ions in physical (Gaussian cgs) units
 * (docs/DESIGN.md §9): named particles and elements, the checks of a
 * plasma, the map to qlb's dimensionless operator, and the electron–ion
 * temperature relaxation of the quantum Lenard–Balescu equation with
 * dynamic screening by every species. */
#ifndef QLB_PLASMA_H
#define QLB_PLASMA_H

#include "qlb/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* CODATA 2018, Gaussian units. */
#define QLB_CGS_CHARGE 4.803204712570263e-10   /* e, statC */
#define QLB_CGS_HBAR 1.054571817e-27           /* erg s */
#define QLB_CGS_ELECTRON_MASS 9.1093837015e-28 /* g */
#define QLB_CGS_ATOMIC_MASS 1.66053906660e-24  /* u, g */
#define QLB_CGS_EV 1.602176634e-12             /* erg */
#define QLB_ELECTRON_MASS_U 5.48579909065e-4   /* m_e in u */

#define QLB_PLASMA_NAME 32

typedef struct {
    char name[QLB_PLASMA_NAME]; /* non-empty, unique */
    double charge;              /* Z (the electron's is -1), nonzero */
    double mass_u;              /* mass in u, > 0 */
    double density_cc;          /* n in cm^-3, > 0 */
    double temperature_ev;      /* T in eV, > 0 */
} qlb_plasma_species;

/* Charge and mass (u) of a named particle: "e" (electron), "p", "d", "t"
 * (proton, deuteron, triton), "alpha", or an element symbol ("H", "He",
 * "C", ..., "Au"), fully ionized unless *charge is given (> 0 on entry:
 * the ion's charge state; its mass is the standard atomic weight less
 * Z m_e). QLB_EINVAL for an unknown name or a charge state above the atomic
 * number. */
qlb_status qlb_plasma_lookup(const char *name, double *charge, double *mass_u);

/* QLB_EINVAL with a message naming the species for: count outside 1..16,
 * an empty or repeated name, a zero or non-finite charge, a non-positive or
 * non-finite mass, density or temperature; and for a plasma that is not
 * neutral (|sum n Z| > 1e-6 sum n |Z|). */
qlb_status qlb_plasma_check(const qlb_plasma_species *species, int count);

/* qlb's dimensionless units for a plasma at one temperature T (all species
 * at it): velocities in sqrt(T/m_1), lengths in 1/k_0 with
 * k_0^2 = 4 pi e^2 n_tot / T (n_tot = sum n), masses in m_1 (species 1),
 * densities in n_tot. The Coulomb potential is then `power:A=1,a=2` (d = 3)
 * and hbar' = hbar k_0 / sqrt(m_1 T); one unit of time is
 * t_0 = m_1^2 v_0^3 / (16 pi^3 n_tot e^4). */
typedef struct {
    double hbar;         /* hbar' */
    double time_s;       /* t_0, seconds */
    double length_cm;    /* 1/k_0 */
    double velocity_cms; /* v_0 = sqrt(T/m_1) */
} qlb_plasma_units;

/* QLB_EINVAL if the species do not share one temperature (to 1e-12). */
qlb_status qlb_plasma_units_of(const qlb_plasma_species *species, int count, qlb_plasma_units *out);

typedef struct {
    double hbar_factor;  /* multiplies hbar: 1 is physical, 0 classical (needs cutoff_cm) */
    double cutoff_cm;    /* > 0: only momentum transfers k <= 1/cutoff_cm (a short-range
                            cutoff; required when hbar_factor = 0) */
    double tol;          /* relative accuracy of the integrals (default 1e-9) */
} qlb_relax_options;

qlb_relax_options qlb_relax_default(void);

/* The energy exchange coefficients of every pair: the power density
 * (erg cm^-3 s^-1) that species a receives from b is K[a S + b] (T_b - T_a)
 * (T in erg), from the quantum Lenard–Balescu collision term between the
 * Maxwellians at their own temperatures, screened by the eps(k, omega) of
 * all species at their own temperatures (coupled modes included). K is
 * symmetric, >= 0, and finite at T_a = T_b. QLB_EDIVERGE for hbar_factor = 0
 * without a cutoff (the classical rate diverges at large k). */
qlb_status qlb_relax_coefficients(const qlb_plasma_species *species, int count,
                                  const qlb_relax_options *options, double *K);

/* The Coulomb logarithm of electrons e with ions b from their coefficient
 * K_eb, by dT_e/dt = -(T_e - T_b)/tau with
 * 1/tau = 8 sqrt(2 pi) n_b Z_b^2 e^4 sqrt(m_e) lnL / (3 m_b T_e^(3/2)),
 * and the rate 1/tau in s^-1 (= 2 K_eb / (3 n_e)). */
double qlb_relax_coulomb_log(const qlb_plasma_species *e, const qlb_plasma_species *b, double K);
double qlb_relax_rate(const qlb_plasma_species *e, double K);

/* The temperatures over [0, t_final] (seconds): the species' own at t = 0,
 * then dT_a/dt = (2 / (3 n_a)) sum_b K_ab(T) (T_b - T_a) in `steps` equal
 * steps by the exponential midpoint rule (K at the temperatures of a half
 * step, the linear system then solved exactly: second order, and
 * sum_a n_a T_a conserved to rounding). temperatures[i S + a] (eV) at
 * t_i = i t_final / steps, i = 0..steps; progress(ctx, i) after step i (may
 * be NULL). */
qlb_status qlb_relax_history(const qlb_plasma_species *species, int count,
                             const qlb_relax_options *options, double t_final, int steps,
                             double *temperatures, void (*progress)(void *ctx, int step), void *ctx);

/* The Born (quantum) limit of Brown, Preston and Singleton (Phys. Rep. 410,
 * 237 (2005)) for comparison: (1/2)[ln(8 T_e^2/(hbar^2 w_pe^2)) - gamma_E - 1]. */
double qlb_relax_bps_born(const qlb_plasma_species *e);

#ifdef __cplusplus
}
#endif

#endif
