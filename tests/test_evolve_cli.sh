#!/bin/bash
# CLI tests of `qlb evolve`: outputs people open (h5py, CSV with the
# required columns), bad input (exit 2, one stderr line, no output files),
# positivity refusal, initial data round trip (an evolve output as initial
# data continues it), and interruption: a run killed with SIGKILL leaves a
# readable checkpoint and no output, and --resume then produces the same
# file, bit for bit, as an uninterrupted run; the same after SIGINT.
# Usage: test_evolve_cli.sh QLB_BINARY SOURCE_DIR
set -u
QLB=$1
SRC=$2
. "$SRC/cli_helpers.sh"

OP="--dim 2 --degree 8 --potential gaussian:A=2,s=1"
if "$QLB" evolve $OP --initial maxwellian:u1=0.3,T=1.2 --t-final 500 --n-times 12 \
    -o "$T/a.h5" --csv "$T/a.csv" 2>"$T/err"; then ok "evolve runs"; else bad "evolve: $(cat "$T/err")"; fi
head -1 "$T/a.csv" | grep -q '^t,mass,momentum_1,momentum_2,energy,norm,.*entropy.*,m4,pxx_minus_pyy' \
    && ok "CSV header has t,mass,energy,norm,entropy,m4,pxx_minus_pyy" || bad "CSV header: $(head -1 "$T/a.csv")"
[ "$(wc -l <"$T/a.csv")" -eq 14 ] && ok "CSV: header + 13 rows (t = 0 and 12 times)" || bad "CSV rows"
grep -q "projection error" "$T/err" && ok "projection error reported on stderr" || bad "no projection error"
$PY - "$T/a.h5" "$T/a.csv" <<'PYEOF' && ok "h5py reads the series; CSV = HDF5; conserved to 1e-12" || bad "series check"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
t, c = f["t"][:], f["c"][:]
assert c.shape == (len(t), f["basis"].shape[0]) and f["c"].attrs["basis"] == "cartesian"
csv = np.genfromtxt(sys.argv[2], delimiter=",", names=True)
for name in ["mass", "energy", "norm", "entropy", "m4", "pxx_minus_pyy"]:
    assert np.array_equal(csv[name], f["diagnostics/" + name][:]), name
for name in ["mass", "momentum_1", "momentum_2", "energy"]:
    v = f["diagnostics/" + name][:]
    assert np.max(np.abs(v - v[0])) < 1e-12, (name, np.max(np.abs(v - v[0])))
assert abs(f["diagnostics/momentum_1"][0] - 0.3) < 1e-14
PYEOF
# linear regime: ||g|| and the relative entropy never increase. The data has
# no invariant part (T1 + T2 = 2): g -> 0 and d/dt H = -<g,Lg> + O(|g|^3).
# (With an invariant part, g -> Pg, which is not the minimizer of H at its
# invariants, so H is monotone only up to O(|g|^3): 4e-5 relative was seen
# for u1 = 0.02, T = 1.03.)
"$QLB" evolve $OP --linear --initial maxwellian:T1=1.03,T2=0.97 --t-final 5000 --n-times 40 \
    -o "$T/lin.h5" 2>"$T/err" && ok "linear run" || bad "linear run: $(cat "$T/err")"
$PY - "$T/lin.h5" <<'PYEOF' && ok "linear regime: ||g||, entropy non-increasing (1e-15 relative)" || bad "H-theorem"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
for name in ["norm", "entropy"]:
    v = f["diagnostics/" + name][:]
    rise = np.max(np.diff(v) / v[:-1])
    print("  largest relative rise of", name, rise)
    assert rise <= 1e-15, (name, rise)
PYEOF

# the last row of an output is valid initial data: continuing gives the same state
"$QLB" evolve $OP --initial "$T/a.h5" --t-final 1e-12 --times 1e-12 -o "$T/b.h5" 2>"$T/err" \
    && ok "an evolve output as initial data" || bad "h5 initial: $(cat "$T/err")"
$PY -c "
import h5py, numpy as np, sys
a = h5py.File('$T/a.h5')['c'][-1]; b = h5py.File('$T/b.h5')['c'][0]
sys.exit(0 if np.max(np.abs(a - b)) < 1e-15 else 1)" && ok "  its first row is the last row of the source" || bad "h5 round trip"
printf 'multi_index,value\n0:2,0.01\n1:1,-0.02\n' >"$T/init.csv"
"$QLB" evolve $OP --initial "$T/init.csv" --t-final 10 --n-times 3 -o "$T/c.h5" 2>"$T/err" \
    && ok "CSV initial data" || bad "CSV initial: $(cat "$T/err")"

expect_error "evolve without --initial" evolve $OP --t-final 1 -o "$T/x.h5"
expect_error "evolve without -o" evolve $OP --initial maxwellian:T=1.1 --t-final 1
expect_error "evolve without --t-final" evolve $OP --initial maxwellian:T=1.1 -o "$T/x.h5"
expect_error "negative t-final" evolve $OP --initial maxwellian:T=1.1 --t-final -1 -o "$T/x.h5"
expect_error "NaN rtol" evolve $OP --initial maxwellian:T=1.1 --t-final 1 --rtol nan -o "$T/x.h5"
expect_error "times not increasing" evolve $OP --initial maxwellian:T=1.1 --times 1,0.5 -o "$T/x.h5"
expect_error "unknown method" evolve $OP --initial maxwellian:T=1.1 --t-final 1 --method euler -o "$T/x.h5"
expect_error "fixed step with msbdf" evolve $OP --initial maxwellian:T=1.1 --t-final 1 --method msbdf --step 0.1 -o "$T/x.h5"
expect_error "temperature >= 2" evolve $OP --initial maxwellian:T=2.5 --t-final 1 -o "$T/x.h5"
expect_error "unknown initial family" evolve $OP --initial gaussian:s=1 --t-final 1 -o "$T/x.h5"
printf 'multi_index,value\n1:2:3,0.1\n' >"$T/bad.csv"
expect_error "CSV multi-index of the wrong length" evolve $OP --initial "$T/bad.csv" --t-final 1 -o "$T/x.h5"
{ printf 'multi_index,value\n1:0,'; head -c 5000 /dev/zero | tr '\0' '1'; printf '\n'; } >"$T/long.csv"
expect_error "CSV line longer than 4096 bytes" evolve $OP --initial "$T/long.csv" --t-final 1 -o "$T/x.h5"
expect_error "CSV initial data /dev/zero" evolve $OP --initial /dev/zero --t-final 1 -o "$T/x.h5"
expect_error "--times ','" evolve $OP --initial maxwellian:T=1.1 --times , -o "$T/x.h5"
expect_error "--times 1,,2" evolve $OP --initial maxwellian:T=1.1 --times 1,,2 -o "$T/x.h5"
expect_error "--step that cannot finish" evolve $OP --initial maxwellian:T=1.1 --t-final 1 --step 1e-300 -o "$T/x.h5"
expect_error "overflowing initial data" evolve $OP --initial maxwellian:rho=1e308 --t-final 1 -o "$T/x.h5"
expect_error "nonlinear degree 160 (refused up front)" evolve --dim 3 --degree 160 --potential gaussian:A=2,s=1 --initial maxwellian:T=1.1 --t-final 1 -o "$T/x.h5"
expect_error "d = 6, N = 30 (refused up front)" evolve --dim 6 --degree 30 --linear --potential gaussian:A=2,s=1 --initial maxwellian:T=1.1 --t-final 1 -o "$T/x.h5"
expect_error "far from positive" evolve $OP --initial bump:eps=0.5,u1=3,T=0.1 --t-final 1 -o "$T/x.h5"
expect_error "compare-classical at hbar 0" evolve $OP --hbar 0 --compare-classical --initial maxwellian:T=1.1 --t-final 1 -o "$T/x.h5"
expect_error "existing output" evolve $OP --initial maxwellian:T=1.1 --t-final 1 -o "$T/a.h5"
expect_error "unwritable output" evolve $OP --initial maxwellian:T=1.1 --t-final 1 -o "$T/no/x.h5"
expect_error "resume without checkpoint" evolve $OP --initial maxwellian:T=1.1 --t-final 1 --resume -o "$T/x.h5"
[ ! -e "$T/x.h5" ] && ! ls "$T" | grep -q tmp- && ok "no output or temporary file after refusals" || bad "files left"

# interruption: SIGKILL after the first checkpoint, then --resume
RUN=(evolve --dim 2 --degree 10 --potential gaussian:A=2,s=1 --initial bump:eps=0.05,u1=1.5,T=0.5
     --method rk8pd --step 0.1 --t-final 2000 --n-times 10 --checkpoint-steps 2000 --csv)
"$QLB" "${RUN[@]}" "$T/full.csv" -o "$T/full.h5" 2>/dev/null && ok "uninterrupted run" || bad "uninterrupted run"
"$QLB" "${RUN[@]}" "$T/k.csv" -o "$T/k.h5" 2>/dev/null &
pid=$!
for _ in $(seq 1 6000); do [ -e "$T/k.h5.ckpt" ] && break; sleep 0.01; done
kill -9 $pid 2>/dev/null && ok "killed a running evolve (SIGKILL)" || bad "run ended before the kill"
wait $pid 2>/dev/null
[ ! -e "$T/k.h5" ] && [ ! -e "$T/k.csv" ] && ok "no output after the kill" || bad "output after kill"
$PY -c "
import h5py, sys
f = h5py.File('$T/k.h5.ckpt', 'r'); n = int(f.attrs['rows_done'])
sys.exit(0 if n >= 1 and f['c'].shape[0] == n and f['checkpoint/state'].shape[0] == 1 else 1)" \
    && ok "the checkpoint is a readable HDF5 file" || bad "checkpoint unreadable"
"$QLB" "${RUN[@]}" "$T/k.csv" -o "$T/k.h5" --resume 2>"$T/err" && grep -q "resuming" "$T/err" \
    && ok "--resume finishes the run" || bad "resume: $(cat "$T/err")"
compare_runs() {
    $PY - "$1" "$2" <<'PYEOF'
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
names = ["t", "c"] + ["diagnostics/" + k for k in a["diagnostics"]]
for n in names:
    assert np.array_equal(a[n][:], b[n][:], equal_nan=True), n
for k in ["steps", "rejected", "rhs_evaluations"]:
    assert a.attrs[k] == b.attrs[k], k
PYEOF
}
compare_runs "$T/full.h5" "$T/k.h5" && cmp -s "$T/full.csv" "$T/k.csv" \
    && ok "resumed output equals the uninterrupted one bit for bit (HDF5 and CSV)" || bad "resumed run differs"
[ ! -e "$T/k.h5.ckpt" ] && ok "checkpoint removed after success" || bad "checkpoint left"

"$QLB" "${RUN[@]}" "$T/i.csv" -o "$T/i.h5" 2>"$T/err" &
pid=$!
for _ in $(seq 1 6000); do [ -e "$T/i.h5.ckpt" ] && break; sleep 0.01; done
kill -INT $pid
wait $pid
rc=$?
[ "$rc" -eq 130 ] && grep -q "interrupted" "$T/err" && ok "SIGINT: checkpoint saved, exit $rc, '$(tail -1 "$T/err")'" || bad "SIGINT: exit $rc"
cp "$T/i.h5.ckpt" "$T/i.keep"
"$QLB" "${RUN[@]}" "$T/i.csv" -o "$T/i.h5" --resume 2>/dev/null && compare_runs "$T/full.h5" "$T/i.h5" \
    && ok "resume after SIGINT equals the uninterrupted run" || bad "resume after SIGINT"
# the saved checkpoint, resumed with another step (same times): the fingerprint refuses it
expect_error "resume with other settings" evolve --dim 2 --degree 10 --potential gaussian:A=2,s=1 \
    --initial bump:eps=0.05,u1=1.5,T=0.5 --method rk8pd --step 0.2 --t-final 2000 --n-times 10 \
    --checkpoint-steps 2000 -o "$T/i2.h5" --checkpoint "$T/i.keep" --resume
grep -q "written for other settings" "$T/err" && ok "  refused by the settings fingerprint" \
    || bad "  refused for another reason: $(cat "$T/err")"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
