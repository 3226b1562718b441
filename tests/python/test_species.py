"""Several species and temperature relaxation from Python (issue 24): the
package gives the CLI's numbers, the mixture's structure holds (S + d + 1
zeros, invariants in the kernel, two copies contain one species), and bad
species raise ValueError (run with QLB_LIBRARY, QLB_CLI)."""
import json
import os
import subprocess

import numpy as np
import pytest

import qlb

CLI = os.environ.get("QLB_CLI", "qlb")
EP = [dict(name="e", Z=-1, n=0.5), dict(name="p", Z=1, A=1836.15, n=0.5)]
POT = "power:A=1,a=2"


def test_gap_equals_cli():
    ep = qlb.Operator(dim=3, degree=6, hbar=1, potential=POT, species=EP)
    out = subprocess.run([CLI, "gap", "--degree", "6", "--potential", POT, "--species", "e:Z=-1,n=0.5",
                          "--species", "p:Z=1,A=1836.15,n=0.5", "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    assert ep.gap() == (json.loads(out)["gap"], json.loads(out)["l"])


def test_kernel_and_invariants():
    ep = qlb.Operator(dim=3, degree=6, hbar=1, potential=POT, species=EP)
    ev = ep.spectrum()
    big = ev["eigenvalue"].max()
    assert ev["multiplicity"][np.abs(ev["eigenvalue"]) < 1e-12 * big].sum() == 2 + 3 + 1
    for l in (0, 1):
        B, V = ep.block(l), ep.invariants(l)
        assert V.shape[0] == (3 if l == 0 else 1)
        assert np.abs(B @ V.T).max() < 1e-13 * big
        assert np.allclose(V @ V.T, np.eye(V.shape[0]), atol=1e-15)
    assert ep.invariants(2).shape[0] == 0


def test_two_copies_contain_one_species():
    one = qlb.Operator(dim=2, degree=6, hbar=1, potential="algebraic:A=1,p=2")
    two = qlb.Operator(dim=2, degree=6, hbar=1, potential="algebraic:A=1,p=2",
                       species=[dict(name="a", Z=1, n=0.3), dict(name="b", Z=1, A=1, n=0.7)])
    big = one.spectrum()["eigenvalue"].max()
    for l in range(7):
        w1, w2 = np.linalg.eigvalsh(one.block(l)), np.linalg.eigvalsh(two.block(l))
        for v in w1:
            assert np.abs(w2 - v).min() <= 1e-12 * max(abs(v), 1e-3 * big)


def test_relax_equals_cli():
    got = qlb.relax([dict(name="e", T=100), dict(name="p", n=1e20, T=30)])["pairs"][0]
    out = subprocess.run([CLI, "relax", "--species", "e:T=100", "--species", "p:n=1e20,T=30", "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    want = json.loads(out)["pairs"][0]
    for k in ("a", "b", "coulomb_logarithm", "rate_per_s", "bps_born"):
        assert got[k] == want[k], k


def test_relax_history_conserves():
    h = qlb.relax([dict(name="e", T=100), dict(name="p", n=1e20, T=10)], until=2e-9, steps=4)
    total = h["temperatures_eV"]["e"] + h["temperatures_eV"]["p"]
    assert np.allclose(total, 110, rtol=1e-12, atol=0) and h["times_s"][-1] == 2e-9


@pytest.mark.parametrize("species, match", [
    ([dict(name="e", Z=-1, n=1), dict(name="i", Z=1, n=1)], "A .* is required"),
    ([dict(name="e", Z=-1, A=2, n=1), dict(name="i", Z=1, A=2, n=1)], "unit of mass"),
    ([dict(name="e", Z=0, n=1)], "charge"),
    ([dict(name="e", Z=-1, n=1), dict(name="e", Z=1, A=2, n=1)], "twice"),
    ([dict(name="e", Z=-1, n=float("nan"))], "finite"),
    ([dict(name="e", Z=-1, n=1, q=2)], "keys"),
    ("e", "list"),
])
def test_bad_species(species, match):
    with pytest.raises(ValueError, match=match):
        qlb.Operator(dim=3, degree=2, hbar=1, potential=POT, species=species)


@pytest.mark.parametrize("species, match", [
    ([dict(name="e", n=2e20, T=100), dict(name="p", n=1e20, T=100)], "not neutral"),
    ([dict(name="e", T=100), dict(name="Qq", n=1e20, T=100)], "unknown particle"),
    ([dict(name="e", T=100), dict(name="p", n=1e20, T=-1)], "temperature"),
    ([dict(name="e", T=100), dict(name="p", T=100)], "n is required"),
])
def test_bad_plasma(species, match):
    with pytest.raises(ValueError, match=match):
        qlb.relax(species)


def test_classical_needs_cutoff():
    with pytest.raises(ValueError, match="cutoff"):
        qlb.relax([dict(name="e", T=100), dict(name="p", n=1e20, T=100)], hbar_factor=0)


def test_one_species_methods_refused():
    ep = qlb.Operator(dim=3, degree=2, hbar=1, potential=POT, species=EP)
    with pytest.raises(NotImplementedError):
        ep.matrix()
    with pytest.raises(ValueError):
        qlb.Operator(dim=3, degree=2, hbar=1, potential=POT).invariants(0)


def test_transport_two_copies_equal_one_species():
    one = qlb.transport(3, 8, 1, "algebraic:A=1,p=2")
    two = qlb.transport(3, 8, 1, "algebraic:A=1,p=2", species=[dict(name="a", Z=1, n=0.3), dict(name="b", Z=1, A=1, n=0.7)])
    for k in ("viscosity", "heat_conductivity"):
        assert two[k]["value"] == pytest.approx(one[k]["value"], rel=1e-13)
        assert two[k]["previous"] == pytest.approx(one[k]["previous"], rel=1e-13)
    out = subprocess.run([CLI, "transport", "--degree", "8", "--potential", "algebraic:A=1,p=2", "--species", "e:Z=-1,n=0.5",
                          "--species", "p:Z=1,A=1836.15,n=0.5", "--format", "json"], check=True, capture_output=True, text=True).stdout
    ep = qlb.transport(3, 8, 1, "algebraic:A=1,p=2", species=EP[:1] + [dict(name="p", Z=1, A=1836.15, n=0.5)])
    assert ep["viscosity"]["value"] == json.loads(out)["viscosity"]


def test_evolve_two_copies_is_one_species():
    """Nonlinear: two copies started at sqrt(n_a) g evolve as sqrt(n_a) g(t) (adaptive ETDRK4 each;
    seen 1.1e-15 of max |c|, the same steps)."""
    common = dict(dim=3, degree=4, hbar=1.0, potential="algebraic:A=1,p=2", times=[0.5, 2.0])
    one = qlb.evolve(initial="maxwellian:T=1.3,u1=0.2", **common)
    two = qlb.evolve(initial={"x": "maxwellian:T=1.3,u1=0.2", "y": "maxwellian:T=1.3,u1=0.2"},
                     species=[dict(name="x", Z=1, n=0.3), dict(name="y", Z=1, A=1, n=0.7)], **common)
    nb = one["c"].shape[1]
    for a, n in enumerate((0.3, 0.7)):
        assert np.abs(two["c"][:, a * nb:(a + 1) * nb] - np.sqrt(n) * one["c"]).max() < 1e-13 * np.abs(one["c"]).max()
    assert np.abs(two["species"]["x"]["temperature"] - two["species"]["y"]["temperature"]).max() < 1e-13


def test_evolve_species_conserves_and_relaxes():
    out = qlb.evolve(dim=3, degree=4, hbar=1.0, potential="algebraic:A=1,p=2", times=[1e3, 1e5, 1e7],
                     initial={"e": "maxwellian:T=1.05,u1=0.02", "p": "maxwellian:T=0.95"}, species=EP)
    for k in ("momentum", "energy"):
        assert np.abs(out[k] - out[k][0]).max() <= 1e-13 * np.abs(out[k]).max()
    e, p = out["species"]["e"], out["species"]["p"]
    assert abs(e["temperature"][0] - 0.05) < 1e-15 and abs(p["temperature"][0] + 0.05) < 1e-15
    assert abs(e["temperature"][-1] - p["temperature"][-1]) < 0.05 * abs(e["temperature"][0] - p["temperature"][0])
    lin = qlb.evolve(dim=3, degree=4, hbar=1.0, potential="algebraic:A=1,p=2", times=[1e3],
                     initial={"e": "maxwellian:T=1.05"}, species=EP, linear=True)
    assert lin["c"].shape == (2, 2 * 35)
    with pytest.raises(ValueError):
        qlb.evolve(dim=3, degree=4, hbar=1.0, potential="algebraic:A=1,p=2", times=[1.0],
                   initial={"x": "maxwellian:T=1.05"}, species=EP)
    with pytest.raises(ValueError):
        qlb.evolve(dim=3, degree=4, hbar=1.0, potential="algebraic:A=1,p=2", times=[1.0],
                   initial="maxwellian:T=1.05", species=EP)


def test_electron_transport_equals_cli():
    """qlb.electron_transport is qlb transport --electrons; the Lorentz gas and Braginskii's N = 5."""
    common = dict(degree=41, hbar=0.0, potential="algebraic:A=1,p=2", screening=False)
    py = qlb.electron_transport(1, **common)
    out = subprocess.run([CLI, "transport", "--electrons", "--ion-charge", "1", "--potential", "algebraic:A=1,p=2",
                          "--hbar", "0", "--no-screening", "--degree", "41", "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    cli = json.loads(out)
    for k in ("alpha0", "beta0", "gamma0"):
        assert py[k]["value"] == cli[k] and py[k]["error"] == pytest.approx(cli[k + "_error"], rel=1e-5)
    assert abs(py["coulomb_logarithm"] - 1 / 12) < 5e-10   # the 1e10 m_e static ions: 4e-12 seen
    lorentz = qlb.electron_transport(float("inf"), **common)
    assert abs(lorentz["alpha0"]["value"] / (3 * np.pi / 32) - 1) < 1e-6
    b = qlb.electron_transport(1, degree=5, hbar=0.0, potential="algebraic:A=1,p=2", screening=False)
    assert round(b["gamma0"]["value"], 4) == 3.1616
    with pytest.raises(ValueError):
        qlb.electron_transport(0, **common)
    with pytest.raises(ValueError):
        qlb.electron_transport(float("inf"), degree=5, hbar=0.0, potential="algebraic:A=1,p=2")
