"""Regenerates every table of tables/ (`qlb scan` of each manifest,
tables/relaxation.sh and electron_transport.sh for their tables) into a scratch directory and compares it with the checked-in one: same rows and columns,
numbers equal to 1e-12 relative, the seconds column excepted. (Measured:
the assembly of issue 14 (recurrences, parity folding, threads) moved no
value by more than 3.2e-14 relative; 1e-12 leaves ~30x for rounding that
depends on BLAS kernels and threads.) The derived columns (*_change,
*_exponent, *_error: differences of values over N) carry the values'
rounding divided by their small differences, so they are compared to 1e-6
relative or absolute. The largest relative difference of a value is printed.
Usage: check_tables.py QLB TABLES_DIR SCRATCH_DIR"""
import csv, glob, math, os, subprocess, sys

qlb, tables, scratch = sys.argv[1:4]
os.makedirs(scratch, exist_ok=True)
bad = 0
worst = 0.0
def compare(name, out):
    """Compares the regenerated table `out` with tables/NAME.csv; returns the failures."""
    global worst
    failures = 0
    new = list(csv.DictReader(open(out)))
    old = list(csv.DictReader(open(os.path.join(tables, name + ".csv"))))
    assert len(new) == len(old) and new[0].keys() == old[0].keys(), name
    for a, b in zip(new, old):
        for k in a:
            if k == "seconds" or a[k] == b[k]:
                continue
            try:
                x, y = float(a[k]), float(b[k])
            except ValueError:
                x = y = None
            derived = k.endswith(("_error", "_change", "_exponent"))
            if x is not None and not derived and y != 0:
                worst = max(worst, abs(x - y) / abs(y))
            same = x is not None and (math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-6) if derived
                                      else math.isclose(x, y, rel_tol=1e-12))
            if not same:
                print("FAIL %s: %s differs: %s vs %s" % (name, k, a[k], b[k]))
                failures += 1
    if not failures:
        print("ok   %s: %d rows reproduced" % (name, len(new)))
    return failures


for manifest in sorted(glob.glob(os.path.join(tables, "*.manifest"))):
    name = os.path.basename(manifest)[:-len(".manifest")]
    out = os.path.join(scratch, name + ".csv")
    subprocess.run([qlb, "scan", "--manifest", manifest, "-o", out, "--force", "--quiet"], check=True)
    bad += compare(name, out)
for name in ("relaxation", "electron_transport"):
    out = os.path.join(scratch, name + ".csv")
    subprocess.run([os.path.join(tables, name + ".sh"), qlb, out], check=True)
    bad += compare(name, out)
print("largest relative difference of a value: %.2e" % worst)
sys.exit(1 if bad else 0)
