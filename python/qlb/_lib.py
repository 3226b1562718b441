"""_lib.py — the C declarations qlb's Python package uses (cffi, ABI mode)
and the shared libqlb they are loaded from: $QLB_LIBRARY if set, else the
library installed with this package (_config.LIBRARY), else libqlb.so.0 from
the system's search path.

libqlb is loaded with RTLD_NODELETE: it stays mapped, and so does the
libgomp it links, until the process ends. Otherwise cffi's dlclose at
interpreter exit unmapped libgomp under OpenMP workers that were still
spinning (OMP_WAIT_POLICY=active: SIGSEGV at exit in 10 runs of 10)."""
import os

import cffi

CDEF = """
typedef enum { QLB_OK = 0, QLB_EINVAL, QLB_ENOMEM, QLB_EIO, QLB_EEXIST, QLB_EDIVERGE,
               QLB_ENOCONV, QLB_ELAPACK } qlb_status;
const char *qlb_last_error(void);
typedef struct qlb_potential qlb_potential;
qlb_status qlb_potential_parse(const char *spec, qlb_potential **out);
void qlb_potential_free(qlb_potential *pot);
const char *qlb_potential_spec(const qlb_potential *pot);
typedef struct {
    int dim; double hbar; int degree; const qlb_potential *potential; int screening; double tol;
} qlb_params;
qlb_params qlb_params_default(void);
typedef struct qlb_basis qlb_basis;
qlb_status qlb_basis_create(int dim, int degree, qlb_basis **out);
void qlb_basis_free(qlb_basis *basis);
size_t qlb_basis_size(const qlb_basis *basis);
const int *qlb_basis_multi_index(const qlb_basis *basis, size_t i);
void qlb_basis_spherical_label(const qlb_basis *basis, size_t i, int *n, int *l, int *m);
typedef struct qlb_burnett qlb_burnett;
qlb_status qlb_burnett_create(const qlb_basis *basis, qlb_burnett **out);
void qlb_burnett_free(qlb_burnett *b);
typedef struct qlb_linop qlb_linop;
qlb_status qlb_linop_create(const qlb_params *p, qlb_linop **out);
void qlb_linop_free(qlb_linop *L);
qlb_status qlb_linop_apply(const qlb_linop *L, const qlb_basis *basis, const double *x, double *y);
void qlb_linop_spherical(const qlb_linop *L, const qlb_basis *basis, double *out);
void qlb_linop_cartesian(const qlb_linop *L, const qlb_basis *basis, const qlb_burnett *burnett,
                         double *out);
const qlb_params *qlb_linop_params(const qlb_linop *L);
typedef enum { QLB_FORM_COLLISION, QLB_FORM_NORM_HBAR, QLB_FORM_NORM_CLASSICAL } qlb_form;
typedef enum { QLB_MOMENT_UNITS_QLB, QLB_MOMENT_UNITS_LANDAU } qlb_moment_units;
size_t qlb_moment_count(int max_p, int max_j);
qlb_status qlb_moment_matrix(const qlb_linop *L, int max_p, int max_j, qlb_moment_units units,
                             double *out);
#define QLB_MAX_THREADS 1024
void qlb_set_threads(int threads);
qlb_status qlb_check_input_file(const char *path);
qlb_status qlb_io_save_operator(const char *path, const qlb_linop *L, int force);
qlb_status qlb_io_load_operator(const char *path, const qlb_params *expect, qlb_linop **out);
qlb_status qlb_io_load_form(const char *path, const qlb_params *expect, qlb_form form, qlb_linop **out);
typedef struct { double value; int l; int index; size_t multiplicity; } qlb_eigenvalue;
qlb_status qlb_spectrum_blocks(const qlb_linop *L, qlb_eigenvalue **out, size_t *count);
qlb_status qlb_spectrum_gap(const qlb_linop *L, double *gap, int *l);
typedef struct qlb_quadratic qlb_quadratic;
double qlb_quadratic_estimate_bytes(const qlb_params *p);
qlb_status qlb_quadratic_create(const qlb_params *p, int variation, qlb_quadratic **out);
void qlb_quadratic_free(qlb_quadratic *T);
void qlb_quadratic_apply(const qlb_quadratic *T, const double *c, double *y);
void qlb_quadratic_apply_pair(const qlb_quadratic *T, const double *x, const double *z, double *y);
void qlb_quadratic_jacobian(const qlb_quadratic *T, const double *c, double *J);
qlb_status qlb_linop_create_form(const qlb_params *p, qlb_form form, qlb_linop **out);
typedef struct {
    double value; double previous; double change; double exponent; double error; int converged;
} qlb_convergence;
typedef enum { QLB_STUDY_GAP, QLB_STUDY_COERCIVITY, QLB_STUDY_TRANSPORT } qlb_study_kind;
typedef struct { int l; qlb_convergence conv[2]; double prandtl; } qlb_study_result;
qlb_status qlb_convergence_assess(const int *degrees, const double *values, int count,
                                  double tol, double noise, qlb_convergence *out);
qlb_status qlb_study_run(const qlb_linop *L, const qlb_linop *G, qlb_study_kind kind, int N,
                         double conv_tol, qlb_study_result *out);
typedef enum { QLB_EVOLVE_ETDRK4, QLB_EVOLVE_RK8PD, QLB_EVOLVE_RKF45, QLB_EVOLVE_MSBDF } qlb_evolve_method;
typedef struct { qlb_evolve_method method; double rtol, atol; double h_fixed; double h_max; } qlb_evolve_options;
typedef struct qlb_evolver qlb_evolver;
qlb_evolve_options qlb_evolve_options_default(void);
qlb_status qlb_evolve_parse_method(const char *name, qlb_evolve_method *m);
qlb_status qlb_evolver_create(const qlb_linop *L, const qlb_quadratic *T, const qlb_evolve_options *o,
                              qlb_evolver **out);
void qlb_evolver_free(qlb_evolver *ev);
qlb_status qlb_evolver_set_state(qlb_evolver *ev, double t, const double *c, double h);
void qlb_evolver_get_state(const qlb_evolver *ev, double *t, double *c, double *h);
qlb_status qlb_evolver_advance(qlb_evolver *ev, double t_stop, long max_steps);
typedef struct { long steps; long rejected; long rhs; long contractions; } qlb_evolve_stats;
qlb_evolve_stats qlb_evolver_stats(const qlb_evolver *ev);
typedef struct {
    double mass, momentum[16], energy;
    double norm, norm_r1, norm_r2, norm_perp;
    double dissipation;
    double entropy, negative_mass, min_f;
    double m4, pxx_minus_pyy;
} qlb_observables;
typedef struct qlb_observer qlb_observer;
qlb_status qlb_observer_create(const qlb_linop *L, qlb_observer **out);
void qlb_observer_free(qlb_observer *obs);
void qlb_observe(qlb_observer *obs, const double *c, qlb_observables *out);
typedef struct { char kind[32]; double norm; double projection_error; } qlb_initial_info;
qlb_status qlb_initial_load(const char *spec, const qlb_linop *L, double *c, qlb_initial_info *info);
typedef enum { QLB_FORMAT_H5, QLB_FORMAT_MTX, QLB_FORMAT_NPY, QLB_FORMAT_TNS } qlb_format;
typedef enum { QLB_TENSOR_FACTORED, QLB_TENSOR_EXPANDED } qlb_tensor_layout;
typedef struct {
    int dim; double hbar; int degree; const char *potential; int screening; const char *basis;
    int variation;
} qlb_io_meta;
typedef struct { size_t rows; int cols; const int *values; const char *header; } qlb_io_labels;
qlb_status qlb_io_write_tensor(const char *path, qlb_format fmt, qlb_tensor_layout layout,
                               const qlb_quadratic *T, const qlb_io_labels *labels,
                               const qlb_io_meta *meta, int force);
qlb_status qlb_io_load_quadratic(const char *path, const qlb_params *expect, qlb_quadratic **out);
int qlb_quadratic_variation(const qlb_quadratic *T);
typedef struct { char name[32]; double charge; double mass; double density; } qlb_species;
typedef struct qlb_mixop qlb_mixop;
qlb_status qlb_species_check(const qlb_species *species, int count);
qlb_status qlb_mixop_create(const qlb_params *p, const qlb_species *species, int count, qlb_mixop **out);
void qlb_mixop_free(qlb_mixop *L);
const double *qlb_mixop_block(const qlb_mixop *L, int l, int *size);
int qlb_mixop_invariants(const qlb_mixop *L, int l, double *vectors);
qlb_status qlb_mixop_spectrum(const qlb_mixop *L, qlb_eigenvalue **out, size_t *count);
qlb_status qlb_mixop_gap(const qlb_mixop *L, double *gap, int *l);
typedef struct qlb_mixquad qlb_mixquad;
qlb_status qlb_mixquad_create(const qlb_params *p, const qlb_species *species, int count, int variation,
                              qlb_mixquad **out);
void qlb_mixquad_free(qlb_mixquad *Q);
void qlb_mixquad_apply(const qlb_mixquad *Q, const double *c, double *y);
qlb_status qlb_evolver_create_mixture(const qlb_mixop *L, const qlb_mixquad *Q, const qlb_evolve_options *o,
                                      qlb_evolver **out);
typedef struct qlb_mixture_evolver qlb_mixture_evolver;
qlb_status qlb_mixture_evolver_create(const qlb_mixop *L, qlb_mixture_evolver **out);
void qlb_mixture_evolver_free(qlb_mixture_evolver *E);
qlb_status qlb_mixture_evolve(const qlb_mixture_evolver *E, const double *c0, double t, double *c);
typedef struct { double density, velocity, speed, temperature, momentum, energy; } qlb_species_moments;
void qlb_mixture_moments(const qlb_mixture_evolver *E, const double *c, int a, qlb_species_moments *out);
qlb_status qlb_initial_load_basis(const char *spec, int dim, int degree, double *c, qlb_initial_info *info);
typedef struct { double viscosity; double heat_conductivity; double prandtl; } qlb_transport;
typedef struct { double alpha0, beta0, gamma0; double tau_e; double coulomb_log; } qlb_electron_transport;
qlb_status qlb_electron_species(double Z, double ion_mass, qlb_species out[2]);
qlb_status qlb_electron_coefficients(const qlb_mixop *L, int lorentz, int count, const int *degrees,
                                     qlb_electron_transport *out);
qlb_status qlb_mixop_transport(const qlb_mixop *L, int degree, qlb_transport *out);
const double *qlb_linop_block(const qlb_linop *L, int l, int *size);
typedef struct { char name[32]; double charge; double mass_u; double density_cc; double temperature_ev; }
    qlb_plasma_species;
typedef struct { double hbar_factor; double cutoff_cm; double tol; } qlb_relax_options;
qlb_status qlb_plasma_lookup(const char *name, double *charge, double *mass_u);
qlb_status qlb_plasma_check(const qlb_plasma_species *species, int count);
qlb_relax_options qlb_relax_default(void);
qlb_status qlb_relax_coefficients(const qlb_plasma_species *species, int count,
                                  const qlb_relax_options *options, double *K);
double qlb_relax_coulomb_log(const qlb_plasma_species *e, const qlb_plasma_species *b, double K);
double qlb_relax_rate(const qlb_plasma_species *e, double K);
double qlb_relax_bps_born(const qlb_plasma_species *e);
qlb_status qlb_relax_history(const qlb_plasma_species *species, int count,
                             const qlb_relax_options *options, double t_final, int steps,
                             double *temperatures, void (*progress)(void *, int), void *ctx);
void free(void *p);
"""

ffi = cffi.FFI()
ffi.cdef(CDEF)


def _library_path():
    if os.environ.get("QLB_LIBRARY"):
        return os.environ["QLB_LIBRARY"]
    try:
        from . import _config
        if os.path.exists(_config.LIBRARY):
            return _config.LIBRARY
    except ImportError:
        pass
    return "libqlb.so.0"


lib = ffi.dlopen(_library_path(), ffi.RTLD_NOW | ffi.RTLD_NODELETE)
libc = ffi.dlopen(None)
