"""Reads the quadratic-term tensor the way users do (h5py, numpy.loadtxt)
and checks it: h5 and tns hold the same entries, b <= c, labels (n,l,m)
for every index, and T(c,c) has no component on the collision invariants
(n,l) = (0,0), (1,0), (0,1) for random c (1e-13 of |T(c,c)|: rounding).
Usage: check_tensor.py Q.h5 Q.tns"""
import sys

import h5py
import numpy as np

h5_path, tns_path = sys.argv[1], sys.argv[2]
f = h5py.File(h5_path, "r")
idx, val = f["Q/index"][:], f["Q/value"][:, 0]
size, labels = int(f["Q"].attrs["size"]), f["basis"][:]
tns = np.loadtxt(tns_path, comments="#", ndmin=2)
failures = 0


def check(name, ok):
    global failures
    print(("ok   " if ok else "FAIL ") + name)
    failures += 0 if ok else 1


check("h5 and tns: same entries", tns.shape[0] == len(val) and (tns[:, :3] - 1 == idx).all()
      and np.abs(tns[:, 3] - val).max() <= 1e-15 * np.abs(val).max())
check("only b <= c stored", (idx[:, 1] <= idx[:, 2]).all())
check(f"labels: {size} rows of n,l,m", labels.shape == (size, 3)
      and f["basis"].attrs["columns"] == "n,l,m")
rng = np.random.default_rng(1)
c = rng.standard_normal(size)
a, b, e = idx[:, 0], idx[:, 1], idx[:, 2]
weight = np.where(b == e, 1.0, 2.0)
y = np.bincount(a, weights=weight * val * c[b] * c[e], minlength=size)
n, l = labels[:, 0], labels[:, 1]
invariant = ((l == 0) & (n <= 1)) | ((l == 1) & (n == 0))
ratio = np.abs(y[invariant]).max() / np.linalg.norm(y)
check(f"conservation from Python: {ratio:.1e} <= 1e-13", ratio <= 1e-13)
sys.exit(1 if failures else 0)
