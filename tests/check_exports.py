"""Reads qlb exports the way users do (h5py, scipy.io.mmread, numpy.load)
and checks them against `qlb spectrum`: same eigenvalues with
multiplicities (to 1e-10 of the largest), symmetric, labelled rows.
Usage: check_exports.py DIR SPECTRUM_CSV DIM DEGREE"""
import csv
import sys

import h5py
import numpy as np
import scipy.io

out, spectrum_csv, dim, degree = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rows = list(csv.DictReader(open(spectrum_csv)))
expected = np.sort(np.concatenate(
    [np.full(int(r["multiplicity"]), float(r["eigenvalue"])) for r in rows]))
nb = len(expected)
failures = 0


def check(name, ok):
    global failures
    print(("ok   " if ok else "FAIL ") + name)
    failures += 0 if ok else 1


def same_spectrum(name, L):
    L = np.asarray(L, dtype=float)
    check(f"{name}: shape {L.shape} = ({nb}, {nb})", L.shape == (nb, nb))
    check(f"{name}: symmetric", np.abs(L - L.T).max() <= 1e-14 * np.abs(L).max())
    err = np.abs(np.linalg.eigvalsh(L) - expected).max() / expected.max()
    check(f"{name}: eigenvalues = qlb spectrum (rel err {err:.1e} <= 1e-10)", err <= 1e-10)


with h5py.File(f"{out}/L.h5", "r") as f:
    same_spectrum("h5 cartesian", f["L"][...])
    basis = f["basis"][...]
    check("h5: basis is (nb, dim) multi-indices of degree <= N",
          basis.shape == (nb, dim) and basis.sum(axis=1).max() == degree)
    check("h5: columns attribute", f["basis"].attrs["columns"].startswith("i1,i2"))
    check("h5: metadata attributes", all(k in f.attrs for k in
          ("dim", "hbar", "degree", "potential", "screening", "basis", "qlb_version")))
    check("h5: dim attribute", int(f.attrs["dim"]) == dim)

with h5py.File(f"{out}/Ls.h5", "r") as f:
    L = f["L"][...]
    same_spectrum("h5 spherical", L)
    nlm = f["basis"][...]
    offdiag = [abs(L[i, j]) for i in range(nb) for j in range(nb)
               if (nlm[i, 1], nlm[i, 2]) != (nlm[j, 1], nlm[j, 2])]
    check("spherical: block diagonal in (l, m)", max(offdiag) == 0.0)

same_spectrum("mtx", scipy.io.mmread(f"{out}/L.mtx").toarray())
same_spectrum("npy", np.load(f"{out}/L.npy"))
side = list(csv.DictReader(open(f"{out}/L.npy.basis.csv")))
check("npy sidecar: one row per basis function", len(side) == nb and "i1" in side[0])
sys.exit(1 if failures else 0)
