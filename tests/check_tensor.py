"""Reads the quadratic-term tensor the way users do (h5py, numpy.loadtxt)
and checks the three exports of one tensor against each other:
  - expanded h5 and tns hold the same entries, b <= c, labels (n,l,m);
  - the factored h5, rebuilt entry by entry with the formula of its
    attribute (and of the README), gives exactly the expanded entries
    (bit for bit: the same products of the same two stored doubles);
  - apply_q, the function printed in the README (executed from there),
    equals T(c,c) summed from the expanded entries (1e-13 of |T(c,c)|: the
    sums run in another order), and T(c,c) has no component on the
    collision invariants (n,l) = (0,0), (1,0), (0,1) (1e-13: rounding).
Usage: check_tensor.py Q.h5 Qexpanded.h5 Q.tns README.md"""
import re
import sys

import h5py
import numpy as np

factored_path, expanded_path, tns_path, readme_path = sys.argv[1:5]
failures = 0


def check(name, ok):
    global failures
    print(("ok   " if ok else "FAIL ") + name)
    failures += 0 if ok else 1


def readme_function():
    """The README's Python block that defines apply_q, executed."""
    text = open(readme_path).read()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    code = [b for b in blocks if "def apply_q(" in b]
    namespace = {}
    exec("\n".join(line[2:] if line.startswith("  ") else line
                   for line in code[0].splitlines()), namespace)
    return namespace["apply_q"]


def rebuild(path):
    """The expanded entries (a, b <= c) -> value from the factored file."""
    with h5py.File(path, "r") as f:
        Q = f["Q"]
        blocks, first = Q["blocks"][:], Q["first_index"][:]
        radial, ro = Q["radial"][:], Q["radial_offset"][:]
        gi, gv, go = Q["gaunt_index"][:], Q["gaunt_value"][:], Q["gaunt_offset"][:]
        layout = Q.attrs["layout"]
    parts = []
    for k, (l, l1, l2, K, K1, K2) in enumerate(blocks):
        t = radial[ro[k]:ro[k + 1]].reshape(K, K1, K2)
        m, m1, m2 = gi[go[k]:go[k + 1]].T
        n, n1, n2 = np.meshgrid(np.arange(K), np.arange(K1), np.arange(K2), indexing="ij")
        n, n1, n2 = n.ravel()[:, None], n1.ravel()[:, None], n2.ravel()[:, None]
        a = first[l, n] + m
        b = first[l1, n1] + m1
        c = first[l2, n2] + m2
        v = t.ravel()[:, None] * gv[go[k]:go[k + 1]]
        a, b, c, v = (np.broadcast_to(x, v.shape).ravel() for x in (a, b, c, v))
        keep = (v != 0) & ((l1 < l2) | (b <= c))
        parts.append(np.stack([a[keep], np.minimum(b, c)[keep], np.maximum(b, c)[keep], v[keep]]))
    return layout, np.concatenate(parts, axis=1)


def sorted_entries(index, value):
    order = np.lexsort((index[:, 2], index[:, 1], index[:, 0]))
    return index[order], value[order]


e = h5py.File(expanded_path, "r")
idx, val = e["Q/index"][:], e["Q/value"][:, 0]
size, labels = int(e["Q"].attrs["size"]), e["basis"][:]
tns = np.loadtxt(tns_path, comments="#", ndmin=2)
check("expanded h5 and tns: same entries", tns.shape[0] == len(val) and (tns[:, :3] - 1 == idx).all()
      and np.abs(tns[:, 3] - val).max() <= 1e-15 * np.abs(val).max())
check("only b <= c stored", (idx[:, 1] <= idx[:, 2]).all())
check(f"labels: {size} rows of n,l,m", labels.shape == (size, 3)
      and e["basis"].attrs["columns"] == "n,l,m")

layout, rebuilt = rebuild(factored_path)
ridx, rval = sorted_entries(rebuilt[:3].T.astype(np.int64), rebuilt[3])
sidx, sval = sorted_entries(idx.astype(np.int64), val)
same = ridx.shape == sidx.shape and (ridx == sidx).all()
err = np.abs(rval - sval).max() / np.abs(sval).max() if same else np.inf
check(f"factored ({layout}) rebuilt by the formula = the expanded entries, bit for bit "
      f"({len(sval)} entries, difference {err:.1e})", same and err == 0)

apply_q = readme_function()
rng = np.random.default_rng(1)
c = rng.standard_normal(size)
a, b, cc = idx[:, 0], idx[:, 1], idx[:, 2]
weight = np.where(b == cc, 1.0, 2.0)
y_expanded = np.bincount(a, weights=weight * val * c[b] * c[cc], minlength=size)
y = apply_q(factored_path, c)
err = np.linalg.norm(y - y_expanded) / np.linalg.norm(y_expanded)
check(f"README apply_q = T(c,c) from the expanded entries: {err:.1e} <= 1e-13", err <= 1e-13)
n, l = labels[:, 0], labels[:, 1]
invariant = ((l == 0) & (n <= 1)) | ((l == 1) & (n == 0))
ratio = np.abs(y[invariant]).max() / np.linalg.norm(y)
check(f"conservation from Python: {ratio:.1e} <= 1e-13", ratio <= 1e-13)
sys.exit(1 if failures else 0)
