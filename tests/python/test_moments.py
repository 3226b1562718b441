"""Moment-code exports (qlb export --what moments), read the way their
consumers read them and checked against mathematics written here, apart
from the writer's code path:

* gyacomo (cosolver_interface_mod.F90, load_COSOlver_mat): /dims_i, the
  matrix at 00000/Caapj/Ciipj read in Fortran's column-major order
  (Caa_full(irow, icol) is the transpose of h5py's array), a sub-matrix
  extracted with gyacomo's irow = (jdim+1)*p + j.
* npz + JSON (GKX style): np.load, the sha256 of the array's bytes, the
  moment order, and the GKX packing of a (Laguerre, Hermite) state
  (swapaxes, reshape: index (J+1)*p + j).
* The moment definition, by quadrature with numpy's physicists' Hermite
  H_p(s)/sqrt(2^p p!) (s = v_par/sqrt 2) and standard Laguerre L_j(x)
  (x = v_perp^2/2): density, parallel momentum and energy are annihilated
  (1e-13 of the largest entry; observed ~1e-15), and a bi-Maxwellian
  perturbation isotropizes at the NRL formulary's linearized rate
  d(T_par - T_perp)/dt = -(6/5) nu (T_par - T_perp) (1e-10).
* The classical unscreened d = 3 matrix at P = 3, J = 1 in Landau units
  against an independent quadrature of the linearized Landau form
  (Gauss rules exact for its polynomial-times-|z|^-1 integrand) and the
  closed forms it gives, to 1e-10 (observed ~2e-14).
* A screened hbar = 1 matrix at P = 16, J = 8: symmetric, negative
  semidefinite, invariants annihilated.
"""
import hashlib
import json
import math
import os
import subprocess

import h5py
import numpy as np
import pytest
from numpy.polynomial import hermite as H
from numpy.polynomial import hermite_e as He
from numpy.polynomial import laguerre as La
from numpy.polynomial import legendre as Le
from numpy.polynomial import polynomial as Po

CLI = os.environ.get("QLB_CLI", "qlb")
COULOMB = ["--potential", "algebraic:A=1,p=2", "--hbar", "0", "--no-screening"]


def export(tmp_path, fmt, P, J, *args):
    out = tmp_path / ("C.h5" if fmt == "gyacomo" else "C.npz")
    subprocess.run([CLI, "export", "--what", "moments", "--max-p", str(P), "--max-j", str(J),
                    "--format", fmt, "-o", str(out), *args], check=True, capture_output=True)
    return out


def read_gyacomo(path, pmax, jmax):
    """Caa(irow, icol) for p <= pmax, j <= jmax, 0-based, as gyacomo fills it."""
    with h5py.File(path, "r") as f:
        pdim, jdim = (int(x) for x in f["/dims_i"][()])
        assert f["/coordkperp"].shape[0] >= 1
        full = f["00000/Caapj/Ciipj"][()].T  # Fortran column-major read
        assert np.array_equal(full, f["00000/Caapj/Ceepj"][()].T)
        attrs = dict(f.attrs)
    assert pdim >= pmax and jdim >= jmax
    sub = np.empty(((pmax + 1) * (jmax + 1),) * 2)
    for ip in range(pmax + 1):
        for ij in range(jmax + 1):
            for il in range(pmax + 1):
                for ik in range(jmax + 1):
                    sub[(jmax + 1) * ip + ij, (jmax + 1) * il + ik] = \
                        full[(jdim + 1) * ip + ij, (jdim + 1) * il + ik]
    return sub, attrs


def read_npz(path):
    meta = json.loads(path.with_suffix(".json").read_text())
    C = np.load(path)["matrix"]
    assert meta["sha256"] == hashlib.sha256(np.ascontiguousarray(C, "<f8").tobytes()).hexdigest()
    assert tuple(meta["shape"]) == C.shape
    P, J = meta["max_p"], meta["max_j"]
    assert meta["moment_list"] == [[p, j] for p in range(P + 1) for j in range(J + 1)]
    return C, meta


def moments_of(f, P, J, n=40):
    """N^pj = Int H_p(s) L_j(x) f dv / sqrt(2^p p!) for f = F_M times a function
    of (v_par, x = v_perp^2/2) given as f(v_par, x), by Gauss rules in v_par
    (weight exp(-v^2/2)) and x (weight exp(-x))."""
    v, wv = He.hermegauss(n)
    x, wx = La.laggauss(n)
    wv = wv / math.sqrt(2 * math.pi)  # F_M = exp(-v^2/2)/sqrt(2 pi) exp(-x) (d^2v_perp = 2 pi dx)
    N = np.empty((P + 1) * (J + 1))
    for p in range(P + 1):
        hp = H.hermval(v / math.sqrt(2), np.eye(P + 1)[p]) / math.sqrt(2 ** p * math.factorial(p))
        for j in range(J + 1):
            lj = La.lagval(x, np.eye(J + 1)[j])
            N[(J + 1) * p + j] = np.einsum("i,k,i,k,ik->", wv, wx, hp, lj, f(v[:, None], x[None, :]))
    return N


def check_conventions(C, P, J):
    top = abs(C).max()
    for name, f in [("density", lambda v, x: 1 + 0 * v * x), ("momentum", lambda v, x: v + 0 * x),
                    ("energy", lambda v, x: v ** 2 / 2 + x - 1.5)]:
        assert abs(C @ moments_of(f, P, J)).max() < 1e-13 * top, name
    # bi-Maxwellian perturbation: T_par = 1 + a, T_perp = 1 + b (first order)
    for a, b in [(1.0, 0.0), (0.0, 1.0)]:
        f = lambda v, x: a * (v ** 2 - 1) / 2 + b * (x - 1)
        dN = C @ moments_of(f, P, J)
        # T_par - 1 = Int (v^2 - 1) f, T_perp - 1 = Int (x - 1) f in the same moments
        d_par = moments_of(lambda v, x: (v ** 2 - 1) + 0 * x, P, J) @ dN
        d_perp = moments_of(lambda v, x: (x - 1) + 0 * v, P, J) @ dN
        assert (d_par - d_perp) / (a - b) == pytest.approx(-1.2, rel=1e-10)


def test_gyacomo_layout_and_conventions(tmp_path):
    path = export(tmp_path, "gyacomo", 4, 2, *COULOMB, "--units", "landau")
    C, attrs = read_gyacomo(path, 3, 1)  # gyacomo runs with fewer moments than the file
    check_conventions(C, 3, 1)
    assert "(J+1)*p + j" in attrs["moment_order"] and attrs["units"].startswith("landau")
    assert attrs["hbar"] == 0 and attrs["screening"] == 0 and attrs["potential"] == "algebraic:A=1,p=2"


def test_npz_sidecar_and_gkx_packing(tmp_path):
    path = export(tmp_path, "npz", 4, 2, *COULOMB, "--units", "landau")
    C, meta = read_npz(path)
    check_conventions(C, 4, 2)
    assert meta["units"].startswith("landau") and meta["dim"] == 3 and meta["screening"] is False
    assert meta["nu"] == pytest.approx(1 / 12 / (12 * math.pi ** 2.5), rel=1e-12)
    G = np.random.default_rng(1).standard_normal((3, 5))  # GKX state (Nl = J+1, Nm = P+1)
    packed = np.swapaxes(G[None], 1, 2).reshape(1, 15)[0]
    assert np.allclose(packed[(2 + 1) * 4 + 1], G[1, 4])
    gy, _ = read_gyacomo(export(tmp_path, "gyacomo", 4, 2, *COULOMB, "--units", "landau"), 4, 2)
    assert np.array_equal(gy, C)


def landau_exact(P, J):
    """-(3 sqrt(pi)/4) Int Int M M* (grad phi_a - grad* phi_a*) . A(v - v*) .
    (grad phi_b - grad* phi_b*), A(z) = (|z|^2 I - z z)/|z|^3: the linearized
    like-species Landau operator in units of Braginskii's nu, on the
    polynomials phi = h_p(v_1) L_j(rho^2/2). With V = (v+v*)/sqrt2,
    z = (v-v*)/sqrt2 (A(sqrt2 z) = A(z)/sqrt2) the V integral is Gauss-Hermite
    and z = r w is Gauss-Legendre x trapezoid on the sphere, Gauss-Laguerre
    in t = r^2/2: all exact for these integrands."""
    n = P + 2 * J + 3
    xv, wv = He.hermegauss(n)
    wv = wv / math.sqrt(2 * math.pi)
    V = np.stack(np.meshgrid(xv, xv, xv, indexing="ij"), -1).reshape(-1, 3)
    WV = np.einsum("i,j,k->ijk", wv, wv, wv).reshape(-1)
    c, wc = Le.leggauss(n)
    phi = 2 * math.pi * np.arange(2 * n) / (2 * n)
    s = np.sqrt(1 - c ** 2)
    w = np.stack([np.outer(s, np.cos(phi)), np.outer(s, np.sin(phi)),
                  np.outer(c, np.ones(2 * n))], -1).reshape(-1, 3)
    ww = np.outer(wc, np.full(2 * n, math.pi / n)).reshape(-1)
    t, wt = La.laggauss(n)
    r = np.sqrt(2 * t)
    Z = (r[:, None, None] * w[None]).reshape(-1, 3)
    WZ = (np.outer(wt * r, ww) * (2 * math.pi) ** -1.5).reshape(-1)
    Wd, R = np.tile(w, (len(r), 1)), np.repeat(r, len(w))

    def grad(p, j, u):
        hp = He.hermeval(u[..., 0], np.eye(p + 1)[p]) / math.sqrt(math.factorial(p))
        dhp = He.hermeval(u[..., 0], He.hermeder(np.eye(p + 1)[p])) / math.sqrt(math.factorial(p))
        lj = Po.polyval((u[..., 1] ** 2 + u[..., 2] ** 2) / 2, La.lag2poly(np.eye(j + 1)[j]))
        dlj = Po.polyval((u[..., 1] ** 2 + u[..., 2] ** 2) / 2, Po.polyder(La.lag2poly(np.eye(j + 1)[j])))
        return np.stack([dhp * lj, hp * dlj * u[..., 1], hp * dlj * u[..., 2]], -1)

    up, dn = (V[:, None] + Z[None]) / math.sqrt(2), (V[:, None] - Z[None]) / math.sqrt(2)
    idx = [(p, j) for p in range(P + 1) for j in range(J + 1)]
    D = [grad(p, j, up) - grad(p, j, dn) for p, j in idx]
    C = np.zeros((len(idx),) * 2)
    for a in range(len(idx)):
        Pa = D[a] - np.einsum("zk,vzk->vz", Wd, D[a])[..., None] * Wd[None]
        for b in range(a, len(idx)):
            C[a, b] = C[b, a] = -(3 * math.sqrt(math.pi) / 4) * np.einsum(
                "v,z,vz->", WV, WZ, np.einsum("vzk,vzk->vz", Pa, D[b]) / R[None]) / math.sqrt(2)
    return C


def test_landau_coulomb_elements(tmp_path):
    C, meta = read_npz(export(tmp_path, "npz", 3, 1, *COULOMB, "--units", "landau"))
    exact = landau_exact(3, 1)
    r2, r6 = math.sqrt(2), math.sqrt(6)
    closed = {(1, 1): -2 / 5, (1, 4): -2 * r2 / 5, (1, 5): -3 * r2 / 70, (3, 3): -7 / 5,
              (3, 6): -r6 / 5, (3, 7): 3 * r6 / 28, (4, 4): -4 / 5, (4, 5): -3 / 35,
              (5, 5): -249 / 140, (6, 6): -6 / 5, (6, 7): -9 / 70, (7, 7): -49 / 24}
    ref = np.zeros((8, 8))
    for (a, b), v in closed.items():
        ref[a, b] = ref[b, a] = v
    assert abs(exact - ref).max() < 1e-13      # the quadrature gives the closed forms
    assert abs(C - exact).max() < 1e-10        # qlb's matrix equals Landau's
    print("max |qlb - Landau| =", abs(C - exact).max())


def test_screened_quantum_p16_j8(tmp_path):
    C, meta = read_npz(export(tmp_path, "npz", 16, 8, "--potential", "algebraic:A=1,p=2",
                              "--hbar", "1"))
    top = abs(C).max()
    assert meta["hbar"] == 1 and meta["screening"] is True and meta["units"].startswith("qlb")
    assert abs(C - C.T).max() < 1e-14 * top
    assert np.linalg.eigvalsh(C).max() < 1e-13 * top
    energy = np.zeros(C.shape[0])
    energy[9 * 2], energy[1] = math.sqrt(2), -2
    assert abs(C[:, 0]).max() < 1e-13 * top and abs(C[:, 9]).max() < 1e-13 * top
    assert abs(C @ energy).max() < 1e-13 * top


def test_python_api_equals_export(tmp_path):
    import qlb
    C, _ = read_npz(export(tmp_path, "npz", 3, 1, "--potential", "gaussian:A=1,s=1", "--hbar", "0.5"))
    L = qlb.Operator(3, 5, 0.5, "gaussian:A=1,s=1")
    assert np.array_equal(L.moments(3, 1), C)
    with pytest.raises(ValueError):
        L.moments(3, 2)  # P + 2J above the degree
    with pytest.raises(ValueError):
        qlb.Operator(3, 4, 0.5, "power:A=1,a=2").moments(2, 1, units="landau")


def test_readme_worked_example(tmp_path, monkeypatch):
    """The README's moment-code commands and Python block run as printed."""
    import re
    readme = open(os.path.join(os.path.dirname(__file__), "..", "..", "README.md")).read()
    section = readme[readme.index("### Collision matrices for moment codes"):readme.index("## Conventions")]
    shell = re.search(r"```sh\n(.*?)```", section, re.S).group(1).replace("\\\n", " ")
    monkeypatch.chdir(tmp_path)
    for line in shell.splitlines():
        words = line.split("#")[0].split()
        if words:
            assert words[0] == "qlb"
            subprocess.run([CLI, *words[1:]], check=True, capture_output=True)
    exec(compile(re.search(r"```python\n(.*?)```", section, re.S).group(1), "README.md", "exec"), {})
    assert (tmp_path / "qlb_hbar1.h5").exists()
