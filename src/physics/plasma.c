/* plasma.c — named particles and elements, the checks of a plasma, its map
 * to qlb's dimensionless units, and the Coulomb logarithms that relaxation
 * rates are reported in (docs/DESIGN.md §9). Masses: CODATA 2018 for the
 * particles, IUPAC standard atomic weights for the elements (an ion's mass
 * is its atom's less Z electron masses). */
#include "qlb/plasma.h"
#include "core/error.h"

#include <math.h>
#include <string.h>

typedef struct {
    const char *name;
    int atomic_number;   /* 0: a particle (its charge below is exact) */
    double charge, mass_u;
} particle;

static const particle particles[] = {
    {"e", 0, -1, QLB_ELECTRON_MASS_U}, {"p", 0, 1, 1.007276466621},
    {"d", 0, 1, 2.013553212745},       {"t", 0, 1, 3.01550071621},
    {"alpha", 0, 2, 4.001506179127},
    {"H", 1, 0, 1.008},   {"He", 2, 0, 4.002602}, {"Li", 3, 0, 6.94},    {"Be", 4, 0, 9.0121831},
    {"B", 5, 0, 10.81},   {"C", 6, 0, 12.011},    {"N", 7, 0, 14.007},   {"O", 8, 0, 15.999},
    {"F", 9, 0, 18.998403163}, {"Ne", 10, 0, 20.1797}, {"Na", 11, 0, 22.98976928},
    {"Mg", 12, 0, 24.305}, {"Al", 13, 0, 26.9815385}, {"Si", 14, 0, 28.085},
    {"P", 15, 0, 30.973761998}, {"S", 16, 0, 32.06}, {"Cl", 17, 0, 35.45}, {"Ar", 18, 0, 39.948},
    {"K", 19, 0, 39.0983}, {"Ca", 20, 0, 40.078}, {"Ti", 22, 0, 47.867}, {"Fe", 26, 0, 55.845},
    {"Ni", 28, 0, 58.6934}, {"Cu", 29, 0, 63.546}, {"Zn", 30, 0, 65.38}, {"Ag", 47, 0, 107.8682},
    {"Xe", 54, 0, 131.293}, {"W", 74, 0, 183.84}, {"Au", 79, 0, 196.966569}, {"Pb", 82, 0, 207.2},
};

qlb_status qlb_plasma_lookup(const char *name, double *charge, double *mass_u)
{
    for (size_t i = 0; i < sizeof particles / sizeof *particles; i++) {
        const particle *q = &particles[i];
        if (strcmp(q->name, name)) continue;
        if (!q->atomic_number) {
            *charge = q->charge;
            *mass_u = q->mass_u;
            return QLB_OK;
        }
        double Z = *charge > 0 ? *charge : q->atomic_number;
        if (Z > q->atomic_number)
            return qlb_fail(QLB_EINVAL, "%s has atomic number %d: charge state %g is impossible", name,
                            q->atomic_number, Z);
        *charge = Z;
        *mass_u = q->mass_u - Z * QLB_ELECTRON_MASS_U;
        return QLB_OK;
    }
    return qlb_fail(QLB_EINVAL, "unknown particle or element '%.40s' (e, p, d, t, alpha, H, He, ..., "
                    "Pb; or give Z and A)", name);
}

/* Everything of species a but its density. */
static qlb_status check_one(const qlb_plasma_species *s, const qlb_plasma_species *all, int a)
{
    size_t len = strnlen(s->name, QLB_PLASMA_NAME);
    if (len == 0 || len == QLB_PLASMA_NAME)
        return qlb_fail(QLB_EINVAL, "species %d: the name must have 1 to %d characters", a + 1,
                        QLB_PLASMA_NAME - 1);
    for (int b = 0; b < a; b++)
        if (!strcmp(all[b].name, s->name)) return qlb_fail(QLB_EINVAL, "species '%s' is given twice", s->name);
    if (!isfinite(s->charge) || s->charge == 0)
        return qlb_fail(QLB_EINVAL, "species '%s': the charge Z must be finite and nonzero", s->name);
    if (!isfinite(s->mass_u) || s->mass_u <= 0)
        return qlb_fail(QLB_EINVAL, "species '%s': the mass must be finite and > 0", s->name);
    if (!isfinite(s->temperature_ev) || s->temperature_ev <= 0)
        return qlb_fail(QLB_EINVAL, "species '%s': the temperature must be finite and > 0", s->name);
    return QLB_OK;
}

/* Species first, then densities (a density derived from the others' charges
 * is wrong only because of them), then neutrality. */
qlb_status qlb_plasma_check(const qlb_plasma_species *species, int count)
{
    if (count < 1 || count > 16) return qlb_fail(QLB_EINVAL, "plasma: %d species given, 1 to 16 allowed", count);
    double net = 0, total = 0;
    for (int a = 0; a < count; a++) {
        qlb_status st = check_one(&species[a], species, a);
        if (st) return st;
    }
    for (int a = 0; a < count; a++) {
        const qlb_plasma_species *s = &species[a];
        if (!isfinite(s->density_cc) || s->density_cc <= 0)
            return qlb_fail(QLB_EINVAL, "species '%s': the density must be finite and > 0", s->name);
        net += s->density_cc * s->charge;
        total += s->density_cc * fabs(s->charge);
    }
    if (fabs(net) > 1e-6 * total)
        return qlb_fail(QLB_EINVAL, "plasma: not neutral (sum n Z = %.6g cm^-3 against sum n |Z| = %.6g); "
                        "a Coulomb plasma must be", net, total);
    return QLB_OK;
}

qlb_status qlb_plasma_units_of(const qlb_plasma_species *species, int count, qlb_plasma_units *out)
{
    double T = species[0].temperature_ev, n = 0;
    for (int a = 0; a < count; a++) {
        if (fabs(species[a].temperature_ev - T) > 1e-12 * T)
            return qlb_fail(QLB_EINVAL, "the operator is linearized about one temperature: species '%s' "
                            "has T = %g eV, species '%s' %g eV", species[a].name,
                            species[a].temperature_ev, species[0].name, T);
        n += species[a].density_cc;
    }
    double e2 = QLB_CGS_CHARGE * QLB_CGS_CHARGE, Terg = T * QLB_CGS_EV;
    double m1 = species[0].mass_u * QLB_CGS_ATOMIC_MASS, k0 = sqrt(4 * M_PI * e2 * n / Terg);
    out->velocity_cms = sqrt(Terg / m1);
    out->length_cm = 1 / k0;
    out->hbar = QLB_CGS_HBAR * k0 / sqrt(m1 * Terg);
    out->time_s = m1 * m1 * pow(out->velocity_cms, 3) / (16 * pow(M_PI, 3) * n * e2 * e2);
    return QLB_OK;
}

static double grams(const qlb_plasma_species *s) { return s->mass_u * QLB_CGS_ATOMIC_MASS; }

double qlb_relax_coulomb_log(const qlb_plasma_species *e, const qlb_plasma_species *b, double K)
{
    double e4 = pow(QLB_CGS_CHARGE, 4), Te = e->temperature_ev * QLB_CGS_EV;
    return K * grams(b) * pow(Te, 1.5) /
           (4 * sqrt(2 * M_PI) * e->density_cc * b->density_cc * e->charge * e->charge * b->charge * b->charge *
            e4 * sqrt(grams(e)));
}

double qlb_relax_rate(const qlb_plasma_species *e, double K) { return 2 * K / (3 * e->density_cc); }

double qlb_relax_bps_born(const qlb_plasma_species *e)
{
    double Te = e->temperature_ev * QLB_CGS_EV, e2 = QLB_CGS_CHARGE * QLB_CGS_CHARGE;
    double wpe2 = 4 * M_PI * e->density_cc * e2 / grams(e);
    return 0.5 * (log(8 * Te * Te / (QLB_CGS_HBAR * QLB_CGS_HBAR * wpe2)) - 0.57721566490153286 - 1);
}
