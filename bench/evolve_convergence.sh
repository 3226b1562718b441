#!/bin/bash
# evolve_convergence.sh — the convergence study of the README: nonlinear
# evolution (ETDRK4, screened algebraic:A=1,p=2, hbar = 0.2, d = 3) from
# bump:eps=0.05,u1=1.5,T=0.5 to t = 100 at N = 16, 24, 32, 40, and the
# diagnostics at t = 100 with their relative change from the previous N
# (absolute for min_f, the minimum of F/M - 1 on a grid, which tends to 0).
# Usage: bench/evolve_convergence.sh [QLB_BINARY] [WORK_DIR]   (~5 min on 2 cores)
set -eu
QLB=${1:-./build/qlb}
DIR=${2:-$(mktemp -d)}
for N in 16 24 32 40; do
    [ -s "$DIR/conv_$N.csv" ] && continue
    /usr/bin/time -f "N=$N: %e s wall, peak %M KB" "$QLB" evolve --dim 3 --degree $N --hbar 0.2 \
        --potential algebraic:A=1,p=2 --initial bump:eps=0.05,u1=1.5,T=0.5 --t-final 100 \
        -o "$DIR/conv_$N.h5" --csv "$DIR/conv_$N.csv" 2>&1 | grep -v "^qlb evolve: t ="
done
/usr/bin/python3 - "$DIR" <<'PYEOF'
import csv, sys
d = sys.argv[1]
names = ["norm", "norm_r1", "energy", "entropy", "m4", "pxx_minus_pyy", "min_f", "rate"]
prev = None
print("| N | " + " | ".join(names) + " |")
print("|---|" + "---|" * len(names))
for N in (16, 24, 32, 40):
    rows = list(csv.DictReader(open(f"{d}/conv_{N}.csv")))
    last = {k: float(rows[-1][k]) for k in names}
    assert abs(float(rows[-1]["t"]) - 100) < 1e-9
    cells = [f"{last[k]:.6e}" for k in names]
    print(f"| {N} | " + " | ".join(cells) + " |")
    if prev:
        # relative change; absolute for min_f, which tends to 0
        change = [f"{abs(last[k] - prev[k]) / (1 if k == 'min_f' else abs(last[k])):.1e}" for k in names]
        print(f"| change {prevN}->{N} | " + " | ".join(change) + " |")
    prev, prevN = last, N
PYEOF
