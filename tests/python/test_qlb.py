"""Tests of the Python package qlb (run by ctest with the build's libqlb and
CLI: QLB_LIBRARY, QLB_CLI). The Python results against the CLI's and against
mathematics: the gap equals `qlb gap` (1e-14 relative: the same library and
arithmetic; observed 0), the collision invariants are the exact kernel,
Maxwell-molecule eigenvalues do not depend on N, the quadratic term
conserves the invariants; bad input raises ValueError, a size that would not
fit MemoryError, each with the library's message."""
import os
import subprocess

import numpy as np
import pytest

import qlb

POT = "algebraic:A=1,p=2"
CLI = os.environ.get("QLB_CLI", "qlb")


def cli_csv(*args):
    out = subprocess.run([CLI, *args, "--format", "csv"], check=True, capture_output=True,
                         text=True).stdout.strip().splitlines()
    return dict(zip(out[0].split(","), out[-1].split(",")))


@pytest.fixture(scope="module")
def L():
    return qlb.Operator(dim=3, degree=8, hbar=1, potential=POT)


def test_gap_equals_cli(L):
    gap, l = L.gap()
    row = cli_csv("gap", "--dim", "3", "--degree", "8", "--hbar", "1", "--potential", POT)
    assert abs(gap - float(row["gap"])) <= 1e-14 * gap
    assert l == int(row["l"])


def test_spectrum_kernel_is_the_invariants(L):
    """d + 2 = 5 eigenvalues |lambda| < 1e-12 lambda_max (counted with
    multiplicity), all others positive, and the smallest positive is the gap."""
    s = L.spectrum()
    top = s["eigenvalue"].max()
    zero = np.abs(s["eigenvalue"]) < 1e-12 * top
    assert s["multiplicity"][zero].sum() == 5
    assert (s["eigenvalue"][~zero] > 0).all()
    assert abs(s["eigenvalue"][~zero].min() - L.gap()[0]) <= 1e-14 * L.gap()[0]


def test_apply_and_matrix(L):
    """apply = spherical matrix x vector (1e-14: dgemv sums in another order);
    the Cartesian matrix
    is the spherical one in another orthonormal basis (same eigenvalues to
    1e-13 of the largest) and symmetric."""
    x = np.random.default_rng(1).standard_normal(L.size)
    S = L.matrix("spherical")
    assert np.abs(L.apply(x) - S @ x).max() <= 1e-14 * np.abs(S @ x).max()
    C = L.matrix("cartesian")
    assert np.abs(C - C.T).max() <= 1e-14 * np.abs(C).max()
    ec, es = np.linalg.eigvalsh(C), np.linalg.eigvalsh(S)
    assert np.abs(ec - es).max() <= 1e-13 * es.max()
    labels = L.basis("spherical")
    assert labels.shape == (L.size, 3) and L.basis("cartesian").shape == (L.size, 3)


def test_maxwell_molecules_exact():
    """Maxwell molecules in d = 2 (power potential a = (d-2)/2 = 0, unscreened):
    the spectrum does not depend on N for the eigenvalues present at the lower
    degree (the operator maps degree-n polynomials to themselves), checked
    between N = 6 and N = 10 to 1e-12 relative."""
    a = qlb.Operator(dim=2, degree=6, hbar=0.5, potential="power:A=1,a=0", screening=False)
    b = qlb.Operator(dim=2, degree=10, hbar=0.5, potential="power:A=1,a=0", screening=False)
    sa, sb = a.spectrum(), b.spectrum()
    top = sb["eigenvalue"].max()
    for value, l in zip(sa["eigenvalue"], sa["l"]):
        same_l = sb["eigenvalue"][sb["l"] == l]
        assert np.abs(same_l - value).min() <= 1e-12 * top


def test_quadratic_conservation_and_jacobian():
    """T(c,c) has no component on the collision invariants (1e-14 of |T(c,c)|),
    J c = 2 T(c,c) and T(c,z) = T(z,c) (1e-14)."""
    T = qlb.Quadratic(dim=3, degree=6, hbar=1, potential=POT)
    rng = np.random.default_rng(2)
    c, z = rng.standard_normal(T.size), rng.standard_normal(T.size)
    y = T.apply(c)
    n, l = T.basis()[:, 0], T.basis()[:, 1]
    invariant = ((l == 0) & (n <= 1)) | ((l == 1) & (n == 0))
    assert np.abs(y[invariant]).max() <= 1e-14 * np.linalg.norm(y)
    assert np.abs(T.jacobian(c) @ c - 2 * y).max() <= 1e-14 * np.abs(y).max()
    assert np.abs(T.apply(c, z) - T.apply(z, c)).max() <= 1e-14 * np.abs(T.apply(c, z)).max()


@pytest.mark.parametrize("kwargs, error", [
    (dict(dim=1, degree=4, hbar=1, potential=POT), ValueError),
    (dict(dim=3, degree=-1, hbar=1, potential=POT), ValueError),
    (dict(dim=3, degree=4, hbar=-1, potential=POT), ValueError),
    (dict(dim=3, degree=4, hbar=float("nan"), potential=POT), ValueError),
    (dict(dim=3, degree=4, hbar=1, potential="yukawa:A=1"), ValueError),
    (dict(dim=3, degree=2.5, hbar=1, potential=POT), ValueError),
])
def test_bad_input_raises(kwargs, error):
    with pytest.raises(error) as info:
        qlb.Operator(**kwargs)
    assert str(info.value)  # the library's message


def test_refusal_is_memory_error():
    with pytest.raises(MemoryError, match="GB"):
        qlb.Quadratic(dim=5, degree=40, hbar=1, potential=POT)


def test_apply_shape_checked(L):
    with pytest.raises(ValueError):
        L.apply(np.zeros(L.size + 1))


def test_save_and_load(L, tmp_path):
    """A saved and reloaded operator has a bit-identical spectrum and L x;
    saving over an existing file needs force; garbage raises."""
    path = tmp_path / "L.h5"
    L.save(path)
    with pytest.raises(FileExistsError):
        L.save(path)
    R = qlb.load(path)
    assert (R.spectrum() == L.spectrum()).all()
    x = np.random.default_rng(4).standard_normal(L.size)
    assert np.array_equal(R.apply(x), L.apply(x))
    assert (R.dim, R.degree, R.hbar, R.potential) == (L.dim, L.degree, L.hbar, L.potential)
    junk = tmp_path / "junk.h5"
    junk.write_text("not HDF5")
    with pytest.raises(OSError):
        qlb.load(junk)


def test_quadratic_save_and_load(tmp_path):
    """A saved factored T loads back as a Quadratic with bit-identical T(c,c)
    and Jacobian; the expanded layout is written but is not a handle."""
    T = qlb.Quadratic(dim=2, degree=8, hbar=0.5, potential=POT)
    T.save(tmp_path / "Q.h5")
    T.save(tmp_path / "Qe.h5", layout="expanded")
    R = qlb.load(tmp_path / "Q.h5")
    assert isinstance(R, qlb.Quadratic) and R.variation
    c = np.random.default_rng(5).standard_normal(T.size)
    assert np.array_equal(R.apply(c), T.apply(c))
    assert np.array_equal(R.jacobian(c), T.jacobian(c))
    with pytest.raises(ValueError):
        qlb.load(tmp_path / "Qe.h5")


def test_transport_and_coercivity_equal_cli():
    """qlb.transport and qlb.coercivity give the CLI's numbers (1e-14), and
    Maxwell molecules in d = 3 (power a = 1/2, unscreened) have Prandtl 2/3
    (1e-10: the truncated operator is exact on these polynomials)."""
    args = ["--dim", "3", "--degree", "8", "--hbar", "1", "--potential", POT]
    t = qlb.transport(3, 8, 1, POT)
    row = cli_csv("transport", *args)
    assert abs(t["viscosity"]["value"] - float(row["viscosity"])) <= 1e-14 * float(row["viscosity"])
    assert abs(t["prandtl"] - float(row["prandtl"])) <= 1e-14
    c = qlb.coercivity(3, 8, 1, POT)
    row = cli_csv("coercivity", *args)
    assert abs(c["value"] - float(row["constant"])) <= 1e-14 * c["value"] and c["l"] == int(row["l"])
    m = qlb.transport(3, 6, 0.5, "power:A=1,a=0.5", screening=False)
    assert abs(m["prandtl"] - 2 / 3) <= 1e-10
    with pytest.raises(ValueError):
        qlb.coercivity(3, 8, 1, POT, norm="sobolev")


def test_evolve_equals_cli(tmp_path):
    """qlb.evolve gives the CLI's diagnostics at the output times (1e-12
    relative: the same library, the same steps), conserves mass and energy
    (1e-13) and relaxes (norm_perp decreases)."""
    times = [0.5, 2.0, 10.0]
    args = dict(dim=2, degree=8, hbar=1, potential="gaussian:A=2,s=1")
    r = qlb.evolve(initial="bump:eps=0.05,u1=1.5,T=0.5", times=times, **args)
    csv_path = tmp_path / "run.csv"
    subprocess.run([CLI, "evolve", "--dim", "2", "--degree", "8", "--hbar", "1", "--potential",
                    "gaussian:A=2,s=1", "--initial", "bump:eps=0.05,u1=1.5,T=0.5", "--times",
                    ",".join(map(str, times)), "-o", str(tmp_path / "run.h5"), "--csv", str(csv_path)],
                   check=True, capture_output=True)
    rows = np.genfromtxt(csv_path, delimiter=",", names=True)
    assert np.allclose(rows["t"], r["t"], rtol=0, atol=1e-15)
    for name in ("norm", "energy", "entropy", "norm_perp"):
        assert np.abs(rows[name] - r[name]).max() <= 1e-12 * np.abs(rows[name]).max(), name
    assert np.abs(r["mass"] - r["mass"][0]).max() <= 1e-13
    assert np.abs(r["energy"] - r["energy"][0]).max() <= 1e-13
    assert (np.diff(r["norm_perp"]) < 0).all()
    with pytest.raises(ValueError):
        qlb.evolve(initial="bump:eps=0.05", times=[1.0, 0.5], **args)


def test_readme_example_runs(tmp_path, monkeypatch):
    """The README's Python section runs as printed."""
    import re
    readme = open(os.path.join(os.path.dirname(__file__), "..", "..", "README.md")).read()
    section = readme[readme.index("## Python"):readme.index("## Library")]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    assert (tmp_path / "L.h5").exists()


def test_threads_do_not_change_results():
    """The operator on 1 and 2 threads: every block bit-identical."""
    try:
        qlb.set_threads(1)
        one = qlb.Operator(dim=3, degree=10, hbar=0.5, potential=POT).matrix("spherical")
        qlb.set_threads(2)
        two = qlb.Operator(dim=3, degree=10, hbar=0.5, potential=POT).matrix("spherical")
    finally:
        qlb.set_threads(0)
    assert np.array_equal(one, two)
    with pytest.raises(ValueError):
        qlb.set_threads(-1)
