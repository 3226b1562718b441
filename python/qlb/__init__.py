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
"""
import numpy as np

from ._lib import ffi, lib, libc

__all__ = ["Operator", "Quadratic", "version"]

_ERRORS = {
    lib.QLB_EINVAL: ValueError, lib.QLB_EDIVERGE: ValueError, lib.QLB_ENOMEM: MemoryError,
    lib.QLB_EIO: OSError, lib.QLB_EEXIST: FileExistsError, lib.QLB_ENOCONV: RuntimeError,
    lib.QLB_ELAPACK: RuntimeError,
}


def _check(status):
    if status != lib.QLB_OK:
        raise _ERRORS.get(status, RuntimeError)(ffi.string(lib.qlb_last_error()).decode())


def _doubles(x, n, name):
    a = np.ascontiguousarray(x, dtype=np.float64)
    if a.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), got {a.shape}")
    return a


def _ptr(a):
    return ffi.cast("double *", a.ctypes.data)


class _Setup:
    """The potential and parameters shared by Operator and Quadratic."""

    def __init__(self, dim, degree, hbar, potential, screening, tol):
        pot = ffi.new("qlb_potential **")
        _check(lib.qlb_potential_parse(str(potential).encode(), pot))
        self._potential = ffi.gc(pot[0], lib.qlb_potential_free)
        self._params = ffi.new("qlb_params *", lib.qlb_params_default())
        for name, value in (("dim", dim), ("degree", degree)):
            if isinstance(value, bool) or int(value) != value:
                raise ValueError(f"{name} must be an integer, got {value!r}")
        self._params.dim, self._params.degree = int(dim), int(degree)
        self._params.hbar = float(hbar)
        self._params.screening = 1 if screening else 0
        self._params.tol = float(tol)
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
    """

    def __init__(self, dim, degree, hbar, potential, screening=True, tol=1e-12):
        super().__init__(dim, degree, hbar, potential, screening, tol)
        L = ffi.new("qlb_linop **")
        _check(lib.qlb_linop_create(self._params, L))
        self._L = ffi.gc(L[0], lib.qlb_linop_free)

    def spectrum(self):
        """All eigenvalues, block by block.

        Returns
        -------
        numpy structured array with fields ``eigenvalue`` (float), ``l`` (int),
        ``index`` (rank in block l) and ``multiplicity`` (dim H_l), sorted by
        eigenvalue.
        """
        ev, count = ffi.new("qlb_eigenvalue **"), ffi.new("size_t *")
        _check(lib.qlb_spectrum_blocks(self._L, ev, count))
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
        _check(lib.qlb_spectrum_gap(self._L, gap, l))
        return gap[0], l[0]

    def matrix(self, basis="cartesian"):
        """The dense matrix of L (size x size) in the Cartesian export order or
        the spherical order (see :meth:`basis`)."""
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

    def apply(self, x):
        """y = L x for spherical coefficients x (shape (size,)), block by block."""
        x = _doubles(x, self.size, "x")
        y = np.empty(self.size)
        _check(lib.qlb_linop_apply(self._L, self._basis, _ptr(x), _ptr(y)))
        return y


class Quadratic(_Setup):
    """The quadratic collision term T[a][b][c] = <f_a, Q(f_b, f_c)> in the
    spherical basis (factored storage; never expanded).

    Parameters are those of :class:`Operator`, and

    variation : bool, optional
        Include the first variation of the screening |eps(F)|^-2 (default True).
    """

    def __init__(self, dim, degree, hbar, potential, screening=True, variation=True, tol=1e-12):
        super().__init__(dim, degree, hbar, potential, screening, tol)
        T = ffi.new("qlb_quadratic **")
        _check(lib.qlb_quadratic_create(self._params, 1 if variation else 0, T))
        self._T = ffi.gc(T[0], lib.qlb_quadratic_free)

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


def version():
    """The version of the loaded libqlb's package."""
    from . import _config
    return getattr(_config, "VERSION", "unknown")
