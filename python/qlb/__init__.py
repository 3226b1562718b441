"""qlb — the quantum Lenard–Balescu operator near equilibrium, from Python.

A thin layer over the shared C library libqlb (cffi, ABI mode) that returns
numpy arrays. Library errors become Python exceptions carrying the
library's message: ValueError for bad input, MemoryError for a size that
would not fit, OSError for files, RuntimeError for numerical failures.

Examples
--------
>>> import qlb
>>> L = qlb.Operator(dim=3, degree=8, hbar=1, potential="algebraic:A=1,p=2")
>>> gap, l = L.gap()
>>> T = qlb.Quadratic(dim=3, degree=8, hbar=1, potential="algebraic:A=1,p=2")
>>> y = T.apply(c)          # T(c, c) in the spherical basis of L.basis("spherical")
>>> L.save("L.h5"); L2 = qlb.load("L.h5")   # the same operator, not rebuilt
>>> ep = qlb.Operator(dim=3, degree=6, hbar=1, potential="power:A=1,a=2",
...                   species=[dict(name="e", Z=-1, n=0.5), dict(name="p", Z=1, A=1836.15, n=0.5)])
>>> qlb.relax([dict(name="e", T=100), dict(name="p", n=1e20, T=100)])["pairs"][0]["coulomb_logarithm"]
"""
import math
import os

import numpy as np

from ._lib import ffi, lib, libc

__all__ = ["Operator", "Quadratic", "load", "transport", "electron_transport", "coercivity", "evolve", "relax", "set_threads",
           "version"]

_DIAGNOSTICS = ["mass", "energy", "norm", "norm_r1", "norm_r2", "norm_perp", "dissipation",
                "entropy", "negative_mass", "min_f", "m4", "pxx_minus_pyy"]

_ERRORS = {
    lib.QLB_EINVAL: ValueError, lib.QLB_EDIVERGE: ValueError, lib.QLB_ENOMEM: MemoryError,
    lib.QLB_EIO: OSError, lib.QLB_EEXIST: FileExistsError, lib.QLB_ENOCONV: RuntimeError,
    lib.QLB_ELAPACK: RuntimeError,
}


def _check(status):
    if status != lib.QLB_OK:
        raise _ERRORS.get(status, RuntimeError)(ffi.string(lib.qlb_last_error()).decode())


def _doubles(x, n, name):
    if np.iscomplexobj(x):
        raise ValueError(f"{name} must be real, got a complex array")
    try:
        a = np.ascontiguousarray(x, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{name} must be an array of real numbers: {e}") from None
    if a.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), got {a.shape}")
    return a


_INT = (-2 ** 31, 2 ** 31 - 1)  # a C int: the library checks the range it accepts


def _finite(name, value, what):
    """value if it is a finite real number (not a bool); ValueError naming
    `what` was wanted otherwise (None, a string, inf, nan, a complex)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value):
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return value


def _integer(name, value, lo=_INT[0], hi=_INT[1]):
    """value as an int in [lo, hi]; ValueError for anything else (None,
    inf, bool, 2.5, 2**40)."""
    what = "an integer" + ("" if (lo, hi) == _INT else f" in [{lo}, {hi}]")
    if int(_finite(name, value, what)) != value or not lo <= int(value) <= hi:
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return int(value)


def _real(name, value):
    """value as a finite float; ValueError for anything else."""
    return float(_finite(name, value, "a finite real number"))


def _text(name, value):
    """A spec or a path as bytes for the library; ValueError for a NUL byte
    (C would cut the string there) or a value that is neither str nor
    path-like."""
    try:
        text = os.fsencode(value) if not isinstance(value, str) else value.encode()
    except TypeError:
        raise ValueError(f"{name} must be a string or a path, got {value!r}") from None
    if b"\0" in text:
        raise ValueError(f"{name} contains a NUL byte")
    return text


def _ptr(a):
    return ffi.cast("double *", a.ctypes.data)


class _Setup:
    """The potential and parameters shared by Operator and Quadratic."""

    def __init__(self, dim, degree, hbar, potential, screening, tol):
        pot = ffi.new("qlb_potential **")
        _check(lib.qlb_potential_parse(_text("potential", potential), pot))
        self._potential = ffi.gc(pot[0], lib.qlb_potential_free)
        self._params = ffi.new("qlb_params *", lib.qlb_params_default())
        self._params.dim, self._params.degree = _integer("dim", dim), _integer("degree", degree)
        self._params.hbar = _real("hbar", hbar)
        self._params.screening = 1 if screening else 0
        self._params.tol = _real("tol", tol)
        self._params.potential = self._potential
        basis = ffi.new("qlb_basis **")
        _check(lib.qlb_basis_create(self._params.dim, self._params.degree, basis))
        self._basis = ffi.gc(basis[0], lib.qlb_basis_free)
        self.size = int(lib.qlb_basis_size(self._basis))

    @property
    def dim(self):
        return self._params.dim

    @property
    def degree(self):
        return self._params.degree

    @property
    def hbar(self):
        return self._params.hbar

    @property
    def potential(self):
        return ffi.string(lib.qlb_potential_spec(self._potential)).decode()

    def basis(self, kind="spherical"):
        """Labels of the basis functions.

        Parameters
        ----------
        kind : {"spherical", "cartesian"}
            Spherical: rows (n, l, m) in the order of the spherical
            coefficients. Cartesian: multi-indices (i_1, ..., i_d).

        Returns
        -------
        numpy.ndarray of int, shape (size, 3) or (size, dim)
        """
        if kind == "spherical":
            n, l, m = ffi.new("int *"), ffi.new("int *"), ffi.new("int *")
            out = np.empty((self.size, 3), dtype=int)
            for i in range(self.size):
                lib.qlb_basis_spherical_label(self._basis, i, n, l, m)
                out[i] = n[0], l[0], m[0]
            return out
        if kind == "cartesian":
            return np.array([[lib.qlb_basis_multi_index(self._basis, i)[k] for k in range(self.dim)]
                             for i in range(self.size)], dtype=int)
        raise ValueError(f"basis must be 'spherical' or 'cartesian', got {kind!r}")


class Operator(_Setup):
    """The linearized QLB operator L_hbar on Hermite functions of degree <= N.

    Parameters
    ----------
    dim : int
        Velocity dimension d >= 2.
    degree : int
        Hermite total degree N >= 0.
    hbar : float
        hbar >= 0; 0 is the classical Lenard–Balescu operator.
    potential : str
        Potential spec, e.g. ``"algebraic:A=1,p=2"`` or ``"gaussian:A=2,s=1"``.
    screening : bool, optional
        Dynamical screening |eps|^-2 (default True).
    tol : float, optional
        Relative accuracy of the kernel integrals (default 1e-12).
    species : list of dict, optional
        Several species (docs/DESIGN.md §9), each ``dict(name=, Z=, A=, n=)``:
        charge, mass relative to the first species (whose ``A`` is 1 and may
        be omitted) and density relative to the total. L is then the
        mixture's, symmetric in sum_a n_a <g_a, h_a>, with S + d + 1 zero
        eigenvalues; :meth:`spectrum`, :meth:`gap`, :meth:`block` and
        :meth:`invariants` serve it.
    """

    def __init__(self, dim, degree, hbar, potential, screening=True, tol=1e-12, _file=None, species=None):
        super().__init__(dim, degree, hbar, potential, screening, tol)
        self._L = self._M = None
        self.species = None
        if species is not None:
            table = _species_table(species)
            M = ffi.new("qlb_mixop **")
            _check(lib.qlb_mixop_create(self._params, table, len(species), M))
            self._M = ffi.gc(M[0], lib.qlb_mixop_free)
            self.species = [dict(name=ffi.string(t.name).decode(), Z=t.charge, A=t.mass, n=t.density)
                            for t in table]
            total = sum(s["n"] for s in self.species)
            for s in self.species:
                s["n"] /= total
            return
        L = ffi.new("qlb_linop **")
        if _file is None:
            _check(lib.qlb_linop_create(self._params, L))
        else:
            _check(lib.qlb_io_load_form(_text("path", _file), self._params, lib.QLB_FORM_COLLISION, L))
        self._L = ffi.gc(L[0], lib.qlb_linop_free)

    def save(self, path, force=False):
        """Saves the assembled operator to HDF5 (written atomically) for
        :func:`load` and the CLI's ``--operator FILE``.

        Parameters
        ----------
        path : str or path-like
        force : bool, optional
            Overwrite an existing file (otherwise FileExistsError).
        """
        self._one_species("save")
        _check(lib.qlb_io_save_operator(_text("path", path), self._L, 1 if force else 0))

    def spectrum(self):
        """All eigenvalues, block by block.

        Returns
        -------
        numpy structured array with fields ``eigenvalue`` (float), ``l`` (int),
        ``index`` (rank in block l) and ``multiplicity`` (dim H_l), sorted by
        eigenvalue.
        """
        ev, count = ffi.new("qlb_eigenvalue **"), ffi.new("size_t *")
        _check(lib.qlb_mixop_spectrum(self._M, ev, count) if self._M is not None
               else lib.qlb_spectrum_blocks(self._L, ev, count))
        try:
            out = np.array([(ev[0][i].value, ev[0][i].l, ev[0][i].index, ev[0][i].multiplicity)
                            for i in range(count[0])],
                           dtype=[("eigenvalue", float), ("l", int), ("index", int),
                                  ("multiplicity", int)])
        finally:
            libc.free(ev[0])
        return np.sort(out, order="eigenvalue")

    def gap(self):
        """The spectral gap: smallest eigenvalue off the collision invariants.

        Returns
        -------
        (float, int)
            The gap and the angular momentum l of its block.
        """
        gap, l = ffi.new("double *"), ffi.new("int *")
        _check(lib.qlb_mixop_gap(self._M, gap, l) if self._M is not None else lib.qlb_spectrum_gap(self._L, gap, l))
        return gap[0], l[0]

    def block(self, l):
        """Block l of L (a copy): (N-l)/2 + 1 square for one species; for
        several, S ((N-l)/2 + 1) square, species-major, in the orthonormal
        basis f_{n,l,m}(sqrt(m_a) v) m_a^(d/4) / sqrt(n_a) of species a."""
        l = _integer("l", l, 0, self.degree)
        size = ffi.new("int *")
        B = lib.qlb_mixop_block(self._M, l, size) if self._M is not None else lib.qlb_linop_block(self._L, l, size)
        return np.frombuffer(ffi.buffer(B, size[0] * size[0] * 8), dtype=np.float64).reshape(size[0], size[0]).copy()

    def invariants(self, l):
        """Several species: an orthonormal basis (rows) of the invariants in
        block l — the S densities and the energy at l = 0, the momentum at
        l = 1, none above."""
        self._need_species("invariants")
        l = _integer("l", l, 0, self.degree)
        size = len(self.species) * ((self.degree - l) // 2 + 1)
        out = np.zeros(((len(self.species) + 1), size))
        count = lib.qlb_mixop_invariants(self._M, l, _ptr(out))
        return out[:count].copy()

    def _need_species(self, what):
        if self._M is None:
            raise ValueError(f"{what} is for an operator of several species (species=[...])")

    def _one_species(self, what):
        if self._M is not None:
            raise NotImplementedError(f"{what} is not available for several species yet")

    def matrix(self, basis="cartesian"):
        """The dense matrix of L (size x size) in the Cartesian export order or
        the spherical order (see :meth:`basis`)."""
        self._one_species("matrix")
        out = np.empty((self.size, self.size))
        if basis == "spherical":
            lib.qlb_linop_spherical(self._L, self._basis, _ptr(out))
        elif basis == "cartesian":
            bu = ffi.new("qlb_burnett **")
            _check(lib.qlb_burnett_create(self._basis, bu))
            try:
                lib.qlb_linop_cartesian(self._L, self._basis, bu[0], _ptr(out))
            finally:
                lib.qlb_burnett_free(bu[0])
        else:
            raise ValueError(f"basis must be 'spherical' or 'cartesian', got {basis!r}")
        return out

    def moments(self, max_p, max_j, units="qlb"):
        """The collision matrix C on the Hermite–Laguerre moments of moment
        codes (d = 3, field along the first axis; needs P + 2J <= degree).

        N^pj = Int h_p(v_par) L_j(v_perp^2/2) F dv / n with h_p = He_p/sqrt(p!),
        L_j the standard Laguerre polynomial; moment (p, j) at index
        (J+1) p + j, and dN^a/dt = ... + nu sum_b C[a, b] N^b. Symmetric and
        negative semidefinite.

        Parameters
        ----------
        max_p, max_j : int
            Largest Hermite (v_par) and Laguerre (v_perp^2) index.
        units : str, optional
            "qlb" (qlb's time unit, nu = 1) or "landau" (per Braginskii's
            nu = 4 sqrt(pi) n e^4 lnL / (3 m^1/2 T^3/2) = Lambda / (12 pi^5/2),
            Lambda = Int k^3 Vhat^2 dk; ValueError where it diverges).

        Returns
        -------
        numpy array of shape ((P+1)(J+1), (P+1)(J+1))
        """
        kinds = {"qlb": lib.QLB_MOMENT_UNITS_QLB, "landau": lib.QLB_MOMENT_UNITS_LANDAU}
        if units not in kinds:
            raise ValueError(f"units must be 'qlb' or 'landau', got {units!r}")
        max_p, max_j = _integer("max_p", max_p), _integer("max_j", max_j)
        n = lib.qlb_moment_count(max_p, max_j) if 0 <= max_p and 0 <= max_j and max_p + 2 * max_j <= self.degree else 0
        out = np.empty((n, n))
        self._one_species("moments")
        _check(lib.qlb_moment_matrix(self._L, max_p, max_j, kinds[units], _ptr(out)))
        return out

    def apply(self, x):
        """y = L x for spherical coefficients x (shape (size,)), block by block."""
        x = _doubles(x, self.size, "x")
        y = np.empty(self.size)
        self._one_species("apply")
        _check(lib.qlb_linop_apply(self._L, self._basis, _ptr(x), _ptr(y)))
        return y


class Quadratic(_Setup):
    """The quadratic collision term T[a][b][c] = <f_a, Q(f_b, f_c)> in the
    spherical basis (factored storage; never expanded).

    Parameters are those of :class:`Operator`, and

    variation : bool, optional
        Include the first variation of the screening |eps(F)|^-2 (default True).
    """

    def __init__(self, dim, degree, hbar, potential, screening=True, variation=True, tol=1e-12,
                 _file=None):
        super().__init__(dim, degree, hbar, potential, screening, tol)
        T = ffi.new("qlb_quadratic **")
        if _file is None:
            _check(lib.qlb_quadratic_create(self._params, 1 if variation else 0, T))
        else:
            _check(lib.qlb_io_load_quadratic(_text("path", _file), self._params, T))
        self._T = ffi.gc(T[0], lib.qlb_quadratic_free)
        self.variation = bool(lib.qlb_quadratic_variation(self._T))

    def save(self, path, force=False, layout="factored"):
        """Writes T to HDF5 as ``qlb export --what Q`` does (``layout``:
        "factored", loadable by :func:`load`, or "expanded"). Refuses an
        existing path unless ``force``."""
        layouts = {"factored": lib.QLB_TENSOR_FACTORED, "expanded": lib.QLB_TENSOR_EXPANDED}
        if layout not in layouts:
            raise ValueError(f"layout must be 'factored' or 'expanded', got {layout!r}")
        values = np.ascontiguousarray(self.basis("spherical"), dtype=np.intc)
        spec = ffi.new("char[]", self.potential.encode())
        labels = ffi.new("qlb_io_labels *", {"rows": self.size, "cols": 3,
                                             "values": ffi.cast("int *", values.ctypes.data),
                                             "header": ffi.new("char[]", b"n,l,m")})
        basis = ffi.new("char[]", b"spherical")
        meta = ffi.new("qlb_io_meta *", {"dim": self.dim, "hbar": self.hbar, "degree": self.degree,
                                         "potential": spec, "screening": self._params.screening,
                                         "basis": basis, "variation": int(self.variation)})
        _check(lib.qlb_io_write_tensor(_text("path", path), lib.QLB_FORMAT_H5, layouts[layout], self._T,
                                       labels, meta, 1 if force else 0))

    def apply(self, c, z=None):
        """T(c, c), or the symmetric bilinear T(c, z) when z is given."""
        c = _doubles(c, self.size, "c")
        y = np.empty(self.size)
        if z is None:
            lib.qlb_quadratic_apply(self._T, _ptr(c), _ptr(y))
        else:
            z = _doubles(z, self.size, "z")
            lib.qlb_quadratic_apply_pair(self._T, _ptr(c), _ptr(z), _ptr(y))
        return y

    def jacobian(self, c):
        """J = 2 T(c, .), the Jacobian of c -> T(c, c) (size x size)."""
        c = _doubles(c, self.size, "c")
        J = np.empty((self.size, self.size))
        lib.qlb_quadratic_jacobian(self._T, _ptr(c), _ptr(J))
        return J


def _convergence(c):
    return {"value": c.value, "previous": c.previous, "change": c.change,
            "exponent": c.exponent, "error": c.error, "converged": bool(c.converged)}


def transport(dim, degree, hbar, potential, screening=True, tol=1e-12, conv_tol=1e-3, species=None):
    """Viscosity, heat conductivity and Prandtl number of L at degree N,
    with their convergence over N, N-2, ... (as ``qlb transport``).

    Parameters
    ----------
    dim, degree, hbar, potential, screening, tol
        As for :class:`Operator` (degree >= 3).
    conv_tol : float, optional
        Tolerance of the convergence study in N (default 1e-3).
    species : list of dict, optional
        A mixture (as :class:`Operator`): its viscosity and heat conductivity
        at zero diffusion forces (docs/DESIGN.md §9).

    Returns
    -------
    dict with ``viscosity`` and ``heat_conductivity`` (each a dict: value,
    previous, change, exponent, error, converged) and ``prandtl``.
    """
    L = Operator(dim, degree, hbar, potential, screening, tol, species=species)
    conv_tol = _real("conv_tol", conv_tol)
    if species is None:
        r = ffi.new("qlb_study_result *")
        _check(lib.qlb_study_run(L._L, ffi.NULL, lib.QLB_STUDY_TRANSPORT, L.degree, conv_tol, r))
        return {"viscosity": _convergence(r.conv[0]), "heat_conductivity": _convergence(r.conv[1]),
                "prandtl": r.prandtl}
    if L.degree < 3:
        raise ValueError(f"transport needs degree >= 3 (got {L.degree})")
    degrees = list(range(3 + (L.degree + 1) % 2, L.degree + 1, 2))
    values = np.empty((2, len(degrees)))
    t = ffi.new("qlb_transport *")
    for k, n in enumerate(degrees):
        _check(lib.qlb_mixop_transport(L._M, n, t))
        values[:, k] = t.viscosity, t.heat_conductivity
    conv = [ffi.new("qlb_convergence *") for _ in range(2)]
    for q in range(2):
        _check(lib.qlb_convergence_assess(ffi.new("int[]", degrees), _ptr(np.ascontiguousarray(values[q])),
                                          len(degrees), conv_tol, 1e4 * L._params.tol, conv[q]))
    return {"viscosity": _convergence(conv[0][0]), "heat_conductivity": _convergence(conv[1][0]),
            "prandtl": (L.dim + 2) / 2 * values[0, -1] / values[1, -1]}


def coercivity(dim, degree, hbar, potential, norm="hbar", screening=True, tol=1e-12, conv_tol=1e-3):
    """The best constant c in <g, L g> >= c ||g - Pg||^2 for the dissipation
    norm (3.5) at hbar (``norm="hbar"``) or (3.6) (``"classical"``), with its
    convergence over N (as ``qlb coercivity``).

    Parameters
    ----------
    dim, degree, hbar, potential, screening, tol
        As for :class:`Operator`.
    norm : {"hbar", "classical"}
        The dissipation norm.
    conv_tol : float, optional
        Tolerance of the convergence study in N (default 1e-3).

    Returns
    -------
    dict: value, previous, change, exponent, error, converged, and l (the
    minimizing block).
    """
    forms = {"hbar": lib.QLB_FORM_NORM_HBAR, "classical": lib.QLB_FORM_NORM_CLASSICAL}
    if norm not in forms:
        raise ValueError(f"norm must be 'hbar' or 'classical', got {norm!r}")
    L = Operator(dim, degree, hbar, potential, screening, tol)
    G = ffi.new("qlb_linop **")
    _check(lib.qlb_linop_create_form(L._params, forms[norm], G))
    G = ffi.gc(G[0], lib.qlb_linop_free)
    r = ffi.new("qlb_study_result *")
    _check(lib.qlb_study_run(L._L, G, lib.QLB_STUDY_COERCIVITY, L.degree, _real("conv_tol", conv_tol), r))
    return dict(_convergence(r.conv[0]), l=r.l)


def evolve(dim, degree, hbar, potential, initial, times, screening=True, linear=False,
           variation=True, method="etdrk4", rtol=1e-10, atol=1e-14, tol=1e-12, max_steps=1000000,
           species=None):
    """Integrates d_t c = -L c + T(c, c) (``linear``: -L c) like ``qlb evolve``.

    Parameters
    ----------
    dim, degree, hbar, potential, screening, tol
        As for :class:`Operator`.
    initial : str
        Initial data: a family (``"bump:eps=0.05,u1=1.5,T=0.5"``,
        ``"maxwellian:T1=1.2,T2=0.8"``, ...) or a file, as ``qlb evolve --initial``.
    times : sequence of float
        Increasing output times > 0 (t = 0 is added).
    linear : bool, optional
        Drop the quadratic term (default False).
    variation : bool, optional
        Include the variation of the screening in T (default True).
    method : {"etdrk4", "rk8pd", "rkf45", "msbdf"}
    rtol, atol : float, optional
        Error control per step (default 1e-10, 1e-14).
    max_steps : int, optional
        Steps allowed in all, as ``qlb evolve --max-steps`` (default 1e6);
        RuntimeError when they do not reach the last time.

    species : list of dict, optional
        Several species, as for :class:`Operator` (``qlb evolve --species``):
        ``initial`` is then a dict ``{name: spec}`` (species left out start at
        equilibrium), the quadratic term is every pair's (methods etdrk4,
        rk8pd, rkf45) and ``linear`` is exact in time.

    Returns
    -------
    dict with ``t`` (shape (K+1,)), ``c`` (spherical coefficients, (K+1, size)),
    ``momentum`` ((K+1, dim)) and one array per diagnostic: mass, energy, norm,
    norm_r1, norm_r2, norm_perp, dissipation, entropy, negative_mass, min_f,
    m4, pxx_minus_pyy. With ``species``: ``t``, ``c`` ((K+1, S size),
    species-major, orthonormal in sum_a n_a <g_a, h_a>), ``species`` (per name a
    dict of arrays density, velocity, speed, temperature: exact moments of F_a,
    dn/n, u along axis 1, |u|, dT/T) and the conserved totals ``momentum`` and
    ``energy`` (as ``qlb evolve --species``).
    """
    max_steps = _integer("max_steps", max_steps, 1, 2 ** 62)
    try:
        times = np.asarray(times, dtype=float)
    except (TypeError, ValueError) as e:
        raise ValueError(f"times must be real numbers: {e}") from None
    if times.ndim != 1 or len(times) == 0 or not np.all(np.isfinite(times)) or times[0] <= 0 \
            or np.any(np.diff(times) <= 0):
        raise ValueError("times must be increasing, finite and > 0")
    o = ffi.new("qlb_evolve_options *", lib.qlb_evolve_options_default())
    m = ffi.new("qlb_evolve_method *")
    _check(lib.qlb_evolve_parse_method(_text("method", method), m))
    o.method, o.rtol, o.atol = m[0], _real("rtol", rtol), _real("atol", atol)
    if species is not None:
        L = Operator(dim, degree, hbar, potential, screening, tol, species=species)
        return _evolve_species(L, initial, times, linear, variation, o, max_steps)
    L = Operator(dim, degree, hbar, potential, screening, tol)
    T = None if linear else Quadratic(dim, degree, hbar, potential, screening, variation, tol)
    ev, obs = ffi.new("qlb_evolver **"), ffi.new("qlb_observer **")
    _check(lib.qlb_evolver_create(L._L, T._T if T else ffi.NULL, o, ev))
    ev = ffi.gc(ev[0], lib.qlb_evolver_free)
    _check(lib.qlb_observer_create(L._L, obs))
    obs = ffi.gc(obs[0], lib.qlb_observer_free)
    c = np.empty(L.size)
    info = ffi.new("qlb_initial_info *")
    _check(lib.qlb_initial_load(_text("initial", initial), L._L, _ptr(c), info))
    _check(lib.qlb_evolver_set_state(ev, 0.0, _ptr(c), 0.0))
    out = {"t": np.concatenate([[0.0], times]), "c": np.empty((len(times) + 1, L.size)),
           "momentum": np.empty((len(times) + 1, L.dim))}
    out.update({k: np.empty(len(times) + 1) for k in _DIAGNOSTICS})
    t, h, o_ = ffi.new("double *"), ffi.new("double *"), ffi.new("qlb_observables *")
    for k in range(len(times) + 1):
        if k:
            left = max_steps - lib.qlb_evolver_stats(ev).steps
            _check(lib.qlb_evolver_advance(ev, times[k - 1], left))
            lib.qlb_evolver_get_state(ev, t, _ptr(c), h)
            if t[0] < times[k - 1]:
                raise RuntimeError(f"max_steps={max_steps} reached at t = {t[0]:.6g} of {times[-1]:.6g}")
        lib.qlb_observe(obs, _ptr(c), o_)
        out["c"][k] = c
        out["momentum"][k] = [o_.momentum[i] for i in range(L.dim)]
        for name in _DIAGNOSTICS:
            out[name][k] = getattr(o_, name)
    return out


def _initial_species(L, initial):
    """c0 (S size) from {name: spec}: each spec in that species' own Hermite
    functions, scaled by sqrt(n_a) into the orthonormal basis."""
    names = [sp["name"] for sp in L.species]
    if not isinstance(initial, dict) or not initial:
        raise ValueError("with species, initial is a dict {name: spec} of at least one species")
    unknown = [k for k in initial if k not in names]
    if unknown:
        raise ValueError(f"initial: {unknown[0]!r} is not a species ({', '.join(names)})")
    c0 = np.zeros(len(names) * L.size)
    info = ffi.new("qlb_initial_info *")
    for a, name in enumerate(names):
        if name in initial:
            part = np.empty(L.size)
            _check(lib.qlb_initial_load_basis(_text("initial", initial[name]), L.dim, L.degree, _ptr(part), info))
            c0[a * L.size:(a + 1) * L.size] = np.sqrt(L.species[a]["n"]) * part
    return c0


def _evolve_species(L, initial, times, linear, variation, o, max_steps):
    """evolve(..., species=...): the mixture from {name: spec}."""
    S, n = len(L.species), len(L.species) * L.size
    c0 = _initial_species(L, initial)
    E = ffi.new("qlb_mixture_evolver **")
    _check(lib.qlb_mixture_evolver_create(L._M, E))
    E = ffi.gc(E[0], lib.qlb_mixture_evolver_free)
    out = {"t": np.concatenate([[0.0], times]), "c": np.empty((len(times) + 1, n))}
    out["c"][0] = c0
    if linear:
        for k, t in enumerate(times):
            _check(lib.qlb_mixture_evolve(E, _ptr(c0), float(t), _ptr(out["c"][k + 1])))
    else:
        table = _species_table([dict(name=sp["name"], Z=sp["Z"], A=sp["A"], n=sp["n"]) for sp in L.species])
        Q, ev = ffi.new("qlb_mixquad **"), ffi.new("qlb_evolver **")
        _check(lib.qlb_mixquad_create(L._params, table, S, 1 if variation else 0, Q))
        Q = ffi.gc(Q[0], lib.qlb_mixquad_free)
        _check(lib.qlb_evolver_create_mixture(L._M, Q, o, ev))
        ev = ffi.gc(ev[0], lib.qlb_evolver_free)
        _check(lib.qlb_evolver_set_state(ev, 0.0, _ptr(c0), 0.0))
        c, t_now = np.empty(n), ffi.new("double *")
        for k, t in enumerate(times):
            left = max_steps - lib.qlb_evolver_stats(ev).steps
            _check(lib.qlb_evolver_advance(ev, float(t), left))
            lib.qlb_evolver_get_state(ev, t_now, _ptr(c), ffi.NULL)
            if t_now[0] < t:
                raise RuntimeError(f"max_steps={max_steps} reached at t = {t_now[0]:.6g} of {times[-1]:.6g}")
            out["c"][k + 1] = c
    moments = ffi.new("qlb_species_moments *")
    fields = ("density", "velocity", "speed", "temperature")
    out["species"] = {sp["name"]: {f: np.empty(len(times) + 1) for f in fields} for sp in L.species}
    out["momentum"], out["energy"] = np.zeros(len(times) + 1), np.zeros(len(times) + 1)
    for k in range(len(times) + 1):
        row = np.ascontiguousarray(out["c"][k])
        for a, sp in enumerate(L.species):
            lib.qlb_mixture_moments(E, _ptr(row), a, moments)
            for f in fields:
                out["species"][sp["name"]][f][k] = getattr(moments, f)
            out["momentum"][k] += sp["n"] * moments.momentum
            out["energy"][k] += sp["n"] * moments.energy
    return out


def electron_transport(Z, degree, hbar, potential, screening=True, ion_mass=None, tol=1e-12, conv_tol=1e-3):
    """Braginskii's electron coefficients from the Spitzer problem, as
    ``qlb transport --electrons`` (d = 3, docs/DESIGN.md §10): electrons
    colliding with electrons and with ions of charge ``Z`` held at rest.

    Parameters
    ----------
    Z : float
        Ion charge > 0, or ``math.inf`` for the Lorentz gas (electron-electron
        collisions dropped; unscreened only).
    degree, hbar, potential, screening, tol
        As for :class:`Operator` (degree >= 3).
    ion_mass : float, optional
        Ion mass in electron masses (default: the limit m_e/m_i -> 0).
    conv_tol : float, optional
        Tolerance of the convergence study over the degrees (default 1e-3).

    Returns
    -------
    dict with ``alpha0``, ``beta0``, ``gamma0`` (each a dict: value, previous,
    change, exponent, error, converged), ``tau_e`` (qlb's time unit) and
    ``coulomb_logarithm`` (the lnLambda tau_e defines).
    """
    lorentz = isinstance(Z, (int, float)) and not isinstance(Z, bool) and Z == math.inf
    Z = math.inf if lorentz else _real("Z", Z)
    if lorentz and screening:
        raise ValueError("Z = inf (the Lorentz gas) needs screening=False: the ions' screening grows with Z")
    sp = ffi.new("qlb_species[2]")
    _check(lib.qlb_electron_species(1.0 if lorentz else Z, 0.0 if ion_mass is None else _real("ion_mass", ion_mass), sp))
    L = Operator(3, degree, hbar, potential, screening, tol,
                 species=[dict(name="e", Z=sp[0].charge, n=sp[0].density),
                          dict(name="i", Z=sp[1].charge, A=sp[1].mass, n=sp[1].density)])
    if L.degree < 3:
        raise ValueError(f"electron transport needs degree >= 3 (got {L.degree})")
    degrees = list(range(3 + (L.degree + 1) % 2, L.degree + 1, 2))
    out = ffi.new("qlb_electron_transport[]", len(degrees))
    _check(lib.qlb_electron_coefficients(L._M, 1 if lorentz else 0, len(degrees), ffi.new("int[]", degrees), out))
    result = {"tau_e": out[len(degrees) - 1].tau_e, "coulomb_logarithm": out[len(degrees) - 1].coulomb_log}
    for name in ("alpha0", "beta0", "gamma0"):
        values = np.array([getattr(out[k], name) for k in range(len(degrees))])
        conv = ffi.new("qlb_convergence *")
        _check(lib.qlb_convergence_assess(ffi.new("int[]", degrees), _ptr(values), len(degrees),
                                          _real("conv_tol", conv_tol), 1e4 * L._params.tol, conv))
        result[name] = _convergence(conv[0])
    return result


def load(path):
    """Loads an operator saved by :meth:`Operator.save` (or ``qlb export --what
    operator``) as an :class:`Operator`, or a factored quadratic term saved
    by :meth:`Quadratic.save` (or ``qlb export --what Q``) as a
    :class:`Quadratic`. Results are bit-identical to the saved object's:
    every array's sha256, type and shape is checked (see docs/DESIGN.md).

    Raises OSError for a file that cannot be read or is not HDF5, ValueError
    for one that is not a regular file or not a saved qlb object, or that
    was changed after qlb wrote it, and MemoryError for one that declares
    more than fits."""
    import h5py  # the parameters, to set up the basis; the library checks them again
    name = _text("path", path)
    _check(lib.qlb_check_input_file(name))  # a FIFO would block h5py's open
    try:
        with h5py.File(name, "r") as f:
            a = dict(f.attrs)
            tensor = "Q" in f and f["Q"].attrs.get("layout") == "factored"
            tol = f["Q"].attrs.get("tol", 1e-12) if tensor else a.get("tol", 1e-12)
    except OSError as e:
        raise OSError(f"cannot open {os.fsdecode(name)} as HDF5") from e
    except (TypeError, ValueError, KeyError, RuntimeError) as e:  # attributes h5py cannot read
        raise ValueError(f"{os.fsdecode(name)}: unreadable attributes ({e})") from None
    if not tensor and a.get("content") != "qlb operator handle":
        raise ValueError(f"{os.fsdecode(name)} is neither a saved qlb operator nor a factored qlb tensor")
    try:
        header = [_integer("dim", _scalar(a["dim"])), _integer("degree", _scalar(a["degree"])),
                  _real("hbar", _scalar(a["hbar"])), _potential_spec(a["potential"])]
        screening, tol = bool(_integer("screening", _scalar(a["screening"]), 0, 1)), _real("tol", _scalar(tol))
    except KeyError as e:
        raise ValueError(f"{os.fsdecode(name)}: the attribute {e} is missing") from None
    except ValueError as e:
        raise ValueError(f"{os.fsdecode(name)}: {e}") from None
    kind = Quadratic if tensor else Operator
    return kind(*header, screening=screening, tol=tol, _file=name)


def _species_table(species):
    """qlb_species[] from dicts name, Z, A (the first's defaults to 1), n."""
    if not isinstance(species, (list, tuple)) or not 1 <= len(species) <= 16:
        raise ValueError("species must be a list of 1 to 16 dicts")
    table = ffi.new("qlb_species[]", len(species))
    for a, sp in enumerate(species):
        if not isinstance(sp, dict) or set(sp) - {"name", "Z", "A", "n"}:
            raise ValueError(f"species {a + 1}: a dict with keys name, Z, A, n, got {sp!r}")
        if "A" not in sp and a > 0:
            raise ValueError(f"species {a + 1}: A (mass relative to the first species) is required")
        name = _text("name", sp.get("name", ""))
        if len(name) > 31:
            raise ValueError(f"species {a + 1}: the name has more than 31 bytes")
        ffi.memmove(table[a].name, name, len(name))
        table[a].charge = _real("Z", sp.get("Z"))
        table[a].mass = _real("A", sp.get("A", 1.0))
        table[a].density = _real("n", sp.get("n"))
    if table[0].mass != 1:
        raise ValueError("the first species' A is the unit of mass: 1 (or omit it)")
    _check(lib.qlb_species_check(table, len(species)))
    return table


def _plasma_table(species):
    """qlb_plasma_species[] from dicts name, n (cm^-3; the electrons' may be
    omitted: neutrality), T (eV), Z and A (u) (named particles set them)."""
    if not isinstance(species, (list, tuple)) or not 2 <= len(species) <= 16:
        raise ValueError("species must be a list of 2 to 16 dicts (electrons and ions)")
    table = ffi.new("qlb_plasma_species[]", len(species))
    missing = None
    for a, sp in enumerate(species):
        if not isinstance(sp, dict) or set(sp) - {"name", "Z", "A", "n", "T"}:
            raise ValueError(f"species {a + 1}: a dict with keys name, n, T, Z, A, got {sp!r}")
        name = _text("name", sp.get("name", ""))
        if not 1 <= len(name) <= 31:
            raise ValueError(f"species {a + 1}: the name must have 1 to 31 bytes")
        ffi.memmove(table[a].name, name, len(name))
        t = table[a]
        t.temperature_ev = _real("T", sp.get("T"))
        if "Z" not in sp or "A" not in sp:
            Z, A = ffi.new("double *", _real("Z", sp["Z"]) if "Z" in sp else 0), ffi.new("double *")
            _check(lib.qlb_plasma_lookup(name, Z, A))
            t.charge, t.mass_u = Z[0], _real("A", sp["A"]) if "A" in sp else A[0]
        else:
            t.charge, t.mass_u = _real("Z", sp["Z"]), _real("A", sp["A"])
        if "n" in sp:
            t.density_cc = _real("n", sp["n"])
        elif missing is None and t.charge < 0:
            missing = a
        else:
            raise ValueError(f"species {a + 1}: n is required (only the electrons' may be omitted)")
    if missing is not None:
        table[missing].density_cc = sum(table[b].density_cc * table[b].charge
                                        for b in range(len(species)) if b != missing) / -table[missing].charge
    _check(lib.qlb_plasma_check(table, len(species)))
    return table


def relax(species, until=None, steps=20, hbar_factor=1.0, cutoff=0.0, tol=1e-9):
    """Electron–ion temperature relaxation of a plasma in physical units
    (as ``qlb relax``; docs/DESIGN.md §9).

    Parameters
    ----------
    species : list of dict
        ``dict(name=, n=, T=, Z=, A=)``: density in cm^-3, temperature in eV,
        charge, mass in u; ``e``, ``p``, ``d``, ``t``, ``alpha`` and element
        symbols set Z and A (fully ionized unless Z is given); the electrons'
        n may be omitted (then the plasma is neutral).
    until : float, optional
        Integrate the temperatures up to this time (s) in `steps` steps.
    hbar_factor, cutoff, tol : float, optional
        hbar multiplied by hbar_factor (0: classical, needs cutoff, a
        distance in cm); the integrals' relative accuracy.

    Returns
    -------
    dict
        Without `until`: ``{"pairs": [dict(a, b, coulomb_logarithm,
        rate_per_s, bps_born), ...]}`` per electron–ion pair. With it:
        ``{"times_s": array, "temperatures_eV": {name: array}}``.
    """
    table = _plasma_table(species)
    S = len(species)
    o = ffi.new("qlb_relax_options *", lib.qlb_relax_default())
    o.hbar_factor, o.cutoff_cm, o.tol = _real("hbar_factor", hbar_factor), _real("cutoff", cutoff), _real("tol", tol)
    names = [ffi.string(t.name).decode() for t in table]
    if until is not None:
        steps = _integer("steps", steps, 1, 100000)
        T = np.empty((steps + 1) * S)
        _check(lib.qlb_relax_history(table, S, o, _real("until", until), steps, _ptr(T), ffi.NULL, ffi.NULL))
        T = T.reshape(steps + 1, S)
        return {"times_s": np.linspace(0, until, steps + 1), "temperatures_eV": {n: T[:, a].copy() for a, n in enumerate(names)}}
    K = np.empty(S * S)
    _check(lib.qlb_relax_coefficients(table, S, o, _ptr(K)))
    pairs = []
    for a in range(S):
        for b in range(S):
            if table[a].charge < 0 < table[b].charge:
                k = K[a * S + b]
                pairs.append(dict(a=names[a], b=names[b], coulomb_logarithm=lib.qlb_relax_coulomb_log(table + a, table + b, k),
                                  rate_per_s=lib.qlb_relax_rate(table + a, k), bps_born=lib.qlb_relax_bps_born(table + a)))
    return {"pairs": pairs}


def _scalar(value):
    """A one-element attribute as a Python number (ValueError otherwise)."""
    a = np.asarray(value)
    if a.size != 1 or a.dtype.kind not in "iuf":
        raise ValueError(f"expected one number, got {value!r}")
    return a.reshape(()).item()


def _potential_spec(value):
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        raise ValueError(f"potential must be one string, got {value!r}")
    return value


def set_threads(threads=0):
    """Sets the number of threads of the library's later calls from this
    thread (assembly, the quadratic term); 0: one per core. Results do not
    depend on it (every parallel sum has a fixed order).

    Parameters
    ----------
    threads : int
        Threads, 0 to 1024 (ValueError otherwise).
    """
    threads = _integer("threads", threads, 0, lib.QLB_MAX_THREADS)
    lib.qlb_set_threads(int(threads))


def version():
    """The version of the loaded libqlb's package."""
    from . import _config
    return getattr(_config, "VERSION", "unknown")
