#!/bin/bash
# CLI regression tests for `qlb`: --help everywhere, bad input gives exit 2
# and exactly one line on stderr, output contracts (CSV columns, counts,
# gap = smallest non-invariant eigenvalue), exports readable from Python
# and equal in spectrum to `qlb spectrum`, no partial or overwritten files;
# scan rows equal single `qlb gap` / `qlb coercivity` / `qlb transport` runs,
# resume adds exactly the missing rows, bad manifests leave tables alone.
# Usage: test_cli.sh QLB_BINARY SOURCE_DIR
set -u
QLB=$1
SRC=$2
. "$SRC/cli_helpers.sh"

POT="--potential algebraic:A=1,p=2"
for cmd in "" spectrum gap export coercivity transport scan evolve relax; do
    if "$QLB" $cmd --help >"$T/help" && grep -q "usage: qlb" "$T/help"; then
        ok "qlb $cmd --help"
    else
        bad "qlb $cmd --help"
    fi
done

expect_error "dim 1" gap --dim 1 $POT
expect_error "negative hbar" gap --hbar -0.5 $POT
expect_error "NaN hbar" gap --hbar nan $POT
expect_error "negative degree" gap --degree -2 $POT
expect_error "malformed degree" gap --degree 4x $POT
expect_error "unknown potential" gap --potential yukawa:A=1
expect_error "unknown potential key" gap --potential algebraic:A=1,p=2,z=3
expect_error "trailing garbage" gap --potential "algebraic:A=1,p=2 junk"
expect_error "missing potential" gap --dim 3
expect_error "unknown option" spectrum --colour red $POT
expect_error "missing option value" spectrum $POT --dim
expect_error "bad count" spectrum --count 0 $POT
expect_error "bad format" spectrum --format xml $POT
expect_error "gap needs degree 2" gap --degree 1 $POT
expect_error "classical power law diverges" gap --hbar 0 --potential power:A=1,a=1
expect_error "export without -o" export --format h5 $POT
expect_error "export bad basis" export --format h5 --basis polar -o "$T/x.h5" $POT
expect_error "export missing directory" export --format h5 -o "$T/missing/L.h5" $POT
expect_error "export too large" export --dim 5 --degree 60 --format npy -o "$T/big.npy" $POT
[ ! -e "$T/big.npy" ] && ok "no file after refused export" || bad "file left after refused export"
expect_error "gap beyond double precision (d = 64 printed a negative gap)" gap --dim 64 --degree 40 $POT
expect_error "gap beyond double precision (d = 64, N = 20 printed noise as a gap)" gap --dim 64 --degree 20 $POT
"$QLB" spectrum --dim 40 --degree 30 $POT --format csv 2>/dev/null | awk -F, '$2 == 26 {print $3; exit}' | grep -qx 845940730960123155 \
    && ok "spectrum d = 40: dim H_26 exact (845940730960123155, wrapped before)" || bad "multiplicity at d = 40"
E1="evolve --dim 2 --degree 4 --initial maxwellian --t-final 1"
expect_error "evolve --checkpoint = -o (the output was lost)" $E1 --checkpoint "$T/same.h5" -o "$T/same.h5" --force $POT
expect_error "evolve --csv = -o" $E1 --csv "$T/same.h5" -o "$T/same.h5" $POT
expect_error "evolve --csv = -o through another spelling" $E1 --csv "$T/./same.h5" -o "$T/same.h5" $POT
expect_error "evolve --format" evolve --dim 2 --degree 4 --initial maxwellian --t-final 1 --format xyz -o "$T/z.h5" $POT
expect_error "eigenvector l beyond int" evolve --dim 2 --degree 4 --initial eigenvector:l=7.8e51 --t-final 1 -o "$T/z.h5" $POT
# JSON records escape paths with quotes and backslashes (a table potential's name)
mkdir -p "$T/we\"ird\\dir"
printf '0 1\n1 0.5\n2 0.1\n' >"$T/we\"ird\\dir/t.txt"
W="table:$T/we\"ird\\dir/t.txt"
"$QLB" spectrum --dim 2 --degree 2 --potential "$W" --format json >"$T/w.json" 2>/dev/null
$PY -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['potential'] == sys.argv[2], d['potential']" \
    "$T/w.json" "$W" && ok "spectrum --format json: valid JSON, the path with \" and \\ intact" \
    || bad "spectrum json: $(head -c 300 "$T/w.json")"
M="export --what moments --max-p 3 --max-j 1"
expect_error "moments need --max-j" export --what moments --max-p 3 --format npz -o "$T/m.npz" $POT
expect_error "moments in d = 2" $M --dim 2 --format npz -o "$T/m.npz" $POT
expect_error "moments: unknown format" $M --format h5 -o "$T/m.h5" $POT
expect_error "moments: bad units" $M --units si --format npz -o "$T/m.npz" $POT
expect_error "moments: P + 2J beyond int" export --what moments --max-p 1000000000 --max-j 1000000000 --format npz -o "$T/m.npz" $POT
expect_error "moments: P + 2J above 160" export --what moments --max-p 150 --max-j 10 --format npz -o "$T/m.npz" $POT
expect_error "moments: Landau units of a power law" $M --units landau --format npz -o "$T/m.npz" --potential power:A=1,a=2
expect_error "--max-p without --what moments" export --max-p 3 --format h5 -o "$T/m.h5" $POT
[ ! -e "$T/m.npz" ] && [ ! -e "$T/m.json" ] && ok "no moment files after refusals" || bad "moment files left after refusals"
"$QLB" $M --format npz -o "$T/m.npz" $POT 2>/dev/null && [ -s "$T/m.npz" ] && [ -s "$T/m.json" ] \
    && ok "moments: npz and its JSON sidecar" || bad "moments npz"
rm "$T/m.npz"
expect_error "moments: existing JSON sidecar refused" $M --format npz -o "$T/m.npz" $POT
grep -q "m.json exists" "$T/err" && [ ! -e "$T/m.npz" ] && ok "  the message names the sidecar, nothing written" \
    || bad "sidecar refusal: $(cat "$T/err")"

# spectrum contract: header, row count, d+2 zero eigenvalues, --count
D=3
N=6
"$QLB" spectrum --dim $D --degree $N --hbar 0.5 $POT --format csv >"$T/spec.csv" || bad "spectrum"
head -1 "$T/spec.csv" | grep -qx "eigenvalue,l,multiplicity" && ok "spectrum CSV header" || bad "spectrum CSV header"
rows=$(($(wc -l <"$T/spec.csv") - 1))
[ "$rows" -eq 16 ] && ok "spectrum: 16 rows (sum over l of (N-l)/2+1)" || bad "spectrum rows: $rows"
"$QLB" spectrum --dim $D --degree $N --hbar 0.5 $POT --format csv --count 4 >"$T/spec4.csv"
[ "$(wc -l <"$T/spec4.csv")" -eq 5 ] && ok "--count 4 keeps 4 rows" || bad "--count"
"$QLB" gap --dim $D --degree $N --hbar 0.5 $POT --format csv >"$T/gap.csv" || bad "gap"
"$QLB" spectrum --dim $D --degree $N --hbar 0.5 $POT --format json >"$T/spec.json" || bad "json"
$PY - "$T/spec.csv" "$T/gap.csv" "$T/spec.json" $D <<'PYEOF' && ok "zeros = d+2, gap = smallest other eigenvalue, json = csv" || bad "spectrum/gap consistency"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
gap = list(csv.DictReader(open(sys.argv[2])))[0]
d = int(sys.argv[4])
vals = [float(r["eigenvalue"]) for r in rows]
top = max(vals)
zeros = sum(int(r["multiplicity"]) for r in rows if abs(float(r["eigenvalue"])) < 1e-12 * top)
others = [r for r in rows if abs(float(r["eigenvalue"])) >= 1e-12 * top]
best = min(others, key=lambda r: float(r["eigenvalue"]))
js = json.load(open(sys.argv[3]))["eigenvalues"]
assert zeros == d + 2, zeros
assert abs(float(best["eigenvalue"]) - float(gap["gap"])) <= 1e-12 * top, (best, gap)
assert best["l"] == gap["l"]
assert [e["eigenvalue"] for e in js] == vals
PYEOF

# exports, read back from Python
E="--dim $D --degree $N --hbar 0.5 $POT"
"$QLB" export $E --format h5 -o "$T/L.h5" && ok "export h5" || bad "export h5"
"$QLB" export $E --basis spherical --format h5 -o "$T/Ls.h5" && ok "export spherical h5" || bad "export spherical"
"$QLB" export $E --format mtx -o "$T/L.mtx" && ok "export mtx" || bad "export mtx"
"$QLB" export $E --format npy -o "$T/L.npy" && ok "export npy" || bad "export npy"
cp "$T/L.npy" "$T/L.npy.orig"
expect_error "export refuses existing output" export $E --format npy -o "$T/L.npy"
cmp -s "$T/L.npy" "$T/L.npy.orig" && ok "existing output untouched" || bad "existing output modified"
"$QLB" export $E --format npy -o "$T/L.npy" --force && ok "--force overwrites" || bad "--force"
ls "$T" | grep -q "tmp-" && bad "temporary files left" || ok "no temporary files left"
if $PY "$SRC/check_exports.py" "$T" "$T/spec.csv" $D $N; then ok "python readers"; else bad "python readers"; fi

# High degree: the change of basis failed at shell 55 ("harmonic basis degenerate").
# The Cartesian export at d = 2, N = 60 has the eigenvalues of `qlb spectrum`
# (achieved 4e-15 of the largest; bound 1e-12).
HI="--dim 2 --degree 60 --hbar 0.5 $POT"
if "$QLB" export $HI --format h5 -o "$T/hi.h5" && "$QLB" spectrum $HI --format csv >"$T/hi.csv"; then
    if $PY - "$T/hi.h5" "$T/hi.csv" <<'PYEOF'
import csv, sys
import h5py, numpy as np
L = h5py.File(sys.argv[1], "r")["L"][...]
rows = list(csv.DictReader(open(sys.argv[2])))
ref = np.sort(np.concatenate([np.full(int(r["multiplicity"]), float(r["eigenvalue"])) for r in rows]))
err = np.abs(np.linalg.eigvalsh(L) - ref).max() / np.abs(ref).max()
print(f"  degree 60 export: eigenvalue error {err:.1e} of the largest")
sys.exit(0 if L.shape == (1891, 1891) and err <= 1e-12 else 1)
PYEOF
    then ok "export at degree 60 (past shell 55) = qlb spectrum"; else bad "export at degree 60"; fi
else
    bad "export at degree 60 failed"
fi

# the quadratic-term tensor
"$QLB" export $E --what Q --format h5 -o "$T/Q.h5" 2>"$T/qerr" && ok "export Q h5" || bad "export Q h5"
grep -q "Q factored: .* Gaunt entries" "$T/qerr" && ok "export Q reports its size on stderr" || bad "Q size report"
"$QLB" export $E --what Q --layout expanded --format h5 -o "$T/Qe.h5" 2>/dev/null && ok "export Q expanded h5" || bad "export Q expanded h5"
expect_error "export Q tns factored" export $E --what Q --layout factored --format tns -o "$T/Qf.tns"
expect_error "export Q bad layout" export $E --what Q --layout dense --format h5 -o "$T/Qd.h5"
expect_error "export L with a layout" export $E --layout expanded --format h5 -o "$T/Ll.h5"
expect_error "export Q expanded too large" export --dim 3 --degree 40 $POT --what Q --layout expanded --format h5 -o "$T/bige.h5"
"$QLB" export $E --what Q --format tns -o "$T/Q.tns" 2>/dev/null && ok "export Q tns" || bad "export Q tns"
expect_error "export Q in mtx" export $E --what Q --format mtx -o "$T/Q.mtx"
expect_error "export Q cartesian" export $E --what Q --basis cartesian --format h5 -o "$T/Qc.h5"
expect_error "export L as tns" export $E --format tns -o "$T/L.tns"
expect_error "export Q bad --what" export $E --what R --format h5 -o "$T/R.h5"
expect_error "export Q too large" export --dim 5 --degree 40 $POT --what Q --format h5 -o "$T/big.h5"
[ ! -e "$T/big.h5" ] && ok "no file after refused Q export" || bad "file left after refused Q"
if $PY "$SRC/check_tensor.py" "$T/Q.h5" "$T/Qe.h5" "$T/Q.tns" "$SRC/../README.md"; then ok "python reads Q"; else bad "python reads Q"; fi

# a saved operator reused: the same gap, bit for bit; mismatches and garbage refused
"$QLB" export $E --what operator --format h5 -o "$T/op.h5" && ok "export --what operator" || bad "export --what operator"
G1=$("$QLB" gap $E --format csv | tail -1)
G2=$("$QLB" gap $E --operator "$T/op.h5" --format csv | tail -1)
[ -n "$G1" ] && [ "$G1" = "$G2" ] && ok "gap with --operator = assembled gap ($G2)" || bad "gap with --operator: '$G2' against '$G1'"
expect_error "--operator with another degree" gap --dim $D --degree $((N + 1)) --hbar 0.5 $POT --operator "$T/op.h5"
echo "not HDF5" >"$T/junk.h5"
expect_error "--operator garbage file" spectrum $E --operator "$T/junk.h5"
expect_error "--operator L export (not a handle)" gap $E --operator "$T/L.h5"
expect_error "--what operator as mtx" export $E --what operator --format mtx -o "$T/op.mtx"
# ... and a saved quadratic term: evolve from both handles = evolve from scratch, bit for bit
RUN=(evolve $E --initial bump:eps=0.05,u1=1.5,T=0.5 --times 1,10)
"$QLB" "${RUN[@]}" -o "$T/e1.h5" --csv "$T/e1.csv" 2>/dev/null
"$QLB" "${RUN[@]}" --operator "$T/op.h5" --quadratic "$T/Q.h5" -o "$T/e2.h5" --csv "$T/e2.csv" 2>/dev/null
[ -s "$T/e1.csv" ] && cmp -s "$T/e1.csv" "$T/e2.csv" && ok "evolve --operator --quadratic = evolve (identical CSV)" \
    || bad "evolve with saved handles differs"
expect_error "--quadratic without the variation it holds" "${RUN[@]}" --no-variation --quadratic "$T/Q.h5" -o "$T/e3.h5"
expect_error "--quadratic expanded file" "${RUN[@]}" --quadratic "$T/Qe.h5" -o "$T/e4.h5"

# coercivity and transport contracts
"$QLB" coercivity $E --norm classical --format csv >"$T/coer.csv" || bad "coercivity"
head -1 "$T/coer.csv" | grep -q "^degree,constant,l," && ok "coercivity CSV header" || bad "coercivity header"
"$QLB" transport $E --format csv >"$T/tr.csv" || bad "transport"
head -1 "$T/tr.csv" | grep -q "^degree,viscosity,heat_conductivity,prandtl," && ok "transport CSV header" || bad "transport header"
"$QLB" transport --dim 3 --degree 6 --hbar 1 --potential power:A=1,a=0.5 --no-screening --format csv >"$T/mm.csv"
$PY -c "import csv,sys; r=list(csv.DictReader(open('$T/mm.csv')))[0]; sys.exit(abs(float(r['prandtl'])-2/3)>1e-12)" \
    && ok "transport: Maxwell molecules Pr = 2/3" || bad "Maxwell Pr"
expect_error "coercivity bad norm" coercivity $E --norm sobolev
expect_error "transport needs degree 3" transport --degree 2 $POT
expect_error "coercivity of an infinite norm" coercivity --potential power:A=1,a=0.5 --no-screening

# scan: rows equal single runs; resume; refusals
cat >"$T/m.txt" <<'MEOF'
potential = algebraic:A=1,p=2   # the tables' potential
screening = both
dim = 2:3
hbar = 0, log:0.1:1:2
degree = 4, 6
quantities = gap, coercivity_classical, transport
MEOF
"$QLB" scan --manifest "$T/m.txt" -o "$T/s.csv" --jobs 2 2>"$T/progress" && ok "scan runs" || bad "scan"
grep -q "\[12/12\]" "$T/progress" && ok "scan progress on stderr" || bad "scan progress"
"$QLB" gap --dim 3 --hbar 0.1 --degree 6 $POT --no-screening --format csv >"$T/g1.csv"
"$QLB" coercivity --dim 2 --hbar 1 --degree 4 $POT --norm classical --format csv >"$T/c1.csv"
"$QLB" transport --dim 2 --hbar 0 --degree 6 $POT --format csv >"$T/t1.csv"
$PY - "$T" <<'PYEOF' && ok "scan rows = single gap/coercivity/transport runs (1e-9)" || bad "scan vs single runs"
import csv, sys
T = sys.argv[1]
rows = list(csv.DictReader(open(T + "/s.csv")))
assert len(rows) == 24, len(rows)
def row(scr, d, h, N):
    [r] = [r for r in rows if r["screening"] == scr and r["dim"] == d and float(r["hbar"]) == h and r["degree"] == N]
    return r
def close(a, b): return abs(float(a) - float(b)) <= 1e-9 * abs(float(b))
g = list(csv.DictReader(open(T + "/g1.csv")))[0]
r = row("off", "3", 0.1, "6")
assert close(r["gap"], g["gap"]) and r["gap_l"] == g["l"], (r, g)
c = list(csv.DictReader(open(T + "/c1.csv")))[0]
r = row("on", "2", 1.0, "4")
assert close(r["coercivity_classical"], c["constant"]) and r["coercivity_classical_l"] == c["l"]
t = list(csv.DictReader(open(T + "/t1.csv")))[0]
r = row("on", "2", 0.0, "6")
assert close(r["viscosity"], t["viscosity"]) and close(r["prandtl"], t["prandtl"])
PYEOF
cp "$T/s.csv" "$T/s.orig"
expect_error "scan refuses existing table" scan --manifest "$T/m.txt" -o "$T/s.csv"
cmp -s "$T/s.csv" "$T/s.orig" && ok "existing table untouched" || bad "table modified"
head -9 "$T/s.orig" >"$T/s.csv.partial"
printf '"algebraic:A=1,p=2",off,3,1,6,0.1' >>"$T/s.csv.partial"   # a torn last row
rm "$T/s.csv"
"$QLB" scan --manifest "$T/m.txt" -o "$T/s.csv" --resume --quiet 2>"$T/err" && ok "scan --resume" || bad "resume: $(cat "$T/err")"
[ ! -s "$T/err" ] && ok "--quiet: nothing on stderr" || bad "--quiet"
cmp -s <(cut -d, -f1-6 "$T/s.csv") <(cut -d, -f1-6 "$T/s.orig") \
    && ok "resume: same rows in the same order, none duplicated" || bad "resume rows differ"
[ ! -e "$T/s.csv.partial" ] && ok "no partial table left" || bad "partial table left"
# --operators DIR: the first scan saves each case's forms, a re-run loads them
# (same rows bit for bit), a corrupt saved file fails its case by name.
mkdir "$T/ops"
"$QLB" scan --manifest "$T/m.txt" -o "$T/s1.csv" --operators "$T/ops" --quiet && ok "scan --operators saves" || bad "scan --operators"
[ "$(ls "$T/ops" | wc -l)" -eq 24 ] && ok "24 saved forms (12 cases x L, classical norm)" || bad "saved forms: $(ls "$T/ops")"
touch -d '2000-01-01' "$T"/ops/*
"$QLB" scan --manifest "$T/m.txt" -o "$T/s2.csv" --operators "$T/ops" --quiet && ok "scan re-run with --operators" || bad "re-run"
[ -z "$(find "$T/ops" -type f -newer "$T/m.txt")" ] && ok "re-run loaded the saved forms (none rewritten)" || bad "forms rewritten"
cmp -s <(cut -d, -f1-$(($(head -1 "$T/s1.csv" | tr , '\n' | wc -l) - 1)) "$T/s1.csv") \
       <(cut -d, -f1-$(($(head -1 "$T/s2.csv" | tr , '\n' | wc -l) - 1)) "$T/s2.csv") \
    && ok "loaded forms: every value bit-identical" || bad "loaded forms give other values"
cmp -s <(cut -d, -f1-6 "$T/s1.csv") <(cut -d, -f1-6 "$T/s.orig") && ok "--operators: same rows as without" || bad "--operators rows differ"
victim=$(ls "$T"/ops/L-d3-N6-* | head -1)
echo garbage >"$victim"
if "$QLB" scan --manifest "$T/m.txt" -o "$T/s3.csv" --operators "$T/ops" --quiet 2>"$T/err"; then rc=0; else rc=$?; fi
[ "$rc" -eq 2 ] && grep -q "$victim" "$T/err" && [ "$(wc -l <"$T/err")" -eq 2 ] \
    && ok "corrupt saved form: its case fails by name, the others go on" || bad "corrupt form: exit $rc $(cat "$T/err")"
expect_error "scan --operators not a directory" scan --manifest "$T/m.txt" -o "$T/s4.csv" --operators "$T/m.txt"
echo "bogus = 1" >>"$T/m.txt"
expect_error "manifest unknown key" scan --manifest "$T/m.txt" -o "$T/s.csv" --force
cmp -s "$T/s.csv" "$T/s.orig" || cmp -s <(cut -d, -f1-6 "$T/s.csv") <(cut -d, -f1-6 "$T/s.orig") \
    && ok "table untouched by a bad manifest" || bad "table touched by a bad manifest"
# manifest_error NAME CONTENT: a scan of this manifest is refused
manifest_error() {
    printf "$2" >"$T/bad_manifest.txt"
    expect_error "$1" scan --manifest "$T/bad_manifest.txt" -o "$T/e.csv"
}
manifest_error "manifest empty range" 'potential = algebraic:A=1,p=2\ndim = 2\nhbar =\ndegree = 4\n'
manifest_error "manifest d < 2" 'potential = algebraic:A=1,p=2\ndim = 1\nhbar = 1\ndegree = 4\n'
printf 'potential = algebraic:A=1,p=2\ndim = 2\nhbar = 1\ndegree = 4\n' >"$T/ok.txt"
expect_error "scan unwritable table" scan --manifest "$T/ok.txt" -o "$T/missing/e.csv"
manifest_error "manifest whose header would pass 8191 characters" 'potential = algebraic:A=1,p=2\ndim = 2\nhbar = 1\ndegree = 60\neigenvalues = 64\neigen_lmax = 60\n'
manifest_error "manifest whose rows would pass 16383 characters" 'potential = algebraic:A=1,p=2\ndim = 2\nhbar = 1\ndegree = 60\neigenvalues = 35\neigen_lmax = 19\n'
[ ! -e "$T/e.csv" ] && ok "no table after refused scans" || bad "table after refused scan"
# a table line longer than the read buffer is refused, not split into two rows
printf 'potential = algebraic:A=1,p=2\ndim = 2\nhbar = 1, 2\ndegree = 4\n' >"$T/lm.txt"
"$QLB" scan --manifest "$T/lm.txt" -o "$T/long.csv" --quiet --no-seconds
head -2 "$T/long.csv" >"$T/long.csv.partial" && rm "$T/long.csv"
$PY -c "import sys; open(sys.argv[1],'a').write('x'*20000 + '\\n')" "$T/long.csv.partial"
expect_error "resume of a table with an overlong line" scan --manifest "$T/lm.txt" -o "$T/long.csv" --resume --quiet --no-seconds

# Grids with a repeated value would run the same case twice: refused.
manifest_error "manifest repeated dimension" 'potential = algebraic:A=1,p=2\ndim = 3,3,3\nhbar = 1\ndegree = 4\n'
manifest_error "manifest repeated hbar (list and range)" 'potential = algebraic:A=1,p=2\ndim = 2\nhbar = 1, log:0.5:1:2\ndegree = 4\n'
manifest_error "manifest repeated potential" 'potential = algebraic:A=1,p=2\npotential = algebraic:A=1,p=2\ndim = 2\nhbar = 1\ndegree = 4\n'
# Binary junk is named with its bytes escaped, never echoed raw to the terminal.
manifest_error "manifest with control bytes" 'pot\033[31mential\001\377 = 1\n'
LC_ALL=C grep -q "$(printf '[\001\033\377]')" "$T/err" && bad "raw control bytes echoed" \
    || { grep -qF '\x1b[31m' "$T/err" && ok "control bytes escaped as \\xNN"; } || bad "escaping: $(cat "$T/err")"
# Endless or huge input: every reader is bounded (before: table:/dev/zero never returned).
expect_error "manifest /dev/zero" scan --manifest /dev/zero -o "$T/e.csv"
if timeout 20 "$QLB" gap --potential table:/dev/zero >/dev/null 2>"$T/err"; then rc=0; else rc=$?; fi
[ "$rc" -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && ok "table:/dev/zero: exit 2, '$(cat "$T/err")'" \
    || bad "table:/dev/zero: exit $rc"
head -c 5000 /dev/zero | tr '\0' '1' >"$T/long.txt"
expect_error "table with a 5000-byte line" gap --potential "table:$T/long.txt"
expect_error "manifest with a 5000-byte line" scan --manifest "$T/long.txt" -o "$T/e.csv"

# Several species (issue 24): refusals, the kernel, two copies, gap = first nonzero eigenvalue.
EP="--species e:Z=-1,n=0.5 --species p:Z=1,A=1836.15,n=0.5"
expect_error "species: unknown field" gap $POT --species e:Z=-1,n=1,T=3 --species i:Z=1,A=2,n=1
expect_error "species: zero charge" gap $POT --species e:Z=0,n=1 --species i:Z=1,A=2,n=1
expect_error "species: zero mass" gap $POT --species e:Z=-1,n=1 --species i:Z=1,A=0,n=1
expect_error "species: negative density" gap $POT --species e:Z=-1,n=-1 --species i:Z=1,A=2,n=1
expect_error "species: NaN density" spectrum $POT --species e:Z=-1,n=nan --species i:Z=1,A=2,n=1
expect_error "species: repeated name" gap $POT --species e:Z=-1,n=1 --species e:Z=1,A=2,n=1
expect_error "species: missing A after the first" gap $POT --species e:Z=-1,n=1 --species i:Z=1,n=1
expect_error "species: first A not 1" gap $POT --species e:Z=-1,A=3,n=1 --species i:Z=1,A=2,n=1
expect_error "species: field twice" gap $POT --species e:Z=-1,Z=1,n=1
expect_error "species: no name" gap $POT --species :Z=1,n=1
expect_error "species with --operator" gap $POT --species e:Z=-1,n=1 --operator "$T/none.h5"
expect_error "species on a command without them" coercivity $POT --species e:Z=-1,n=1
"$QLB" spectrum --degree 6 $POT $EP --format csv >"$T/ep.csv" 2>"$T/err"
ZEROS=$(awk -F, 'NR > 1 && ($1 < 1e-14 && $1 > -1e-14) {z += $3} END {print z}' "$T/ep.csv")
[ "$ZEROS" = 6 ] && ok "e-p spectrum: S + d + 1 = 6 zero eigenvalues" || bad "e-p zeros: $ZEROS"
GAP=$("$QLB" gap --degree 6 $POT $EP --format csv | tail -1 | cut -d, -f1)
FIRST=$(awk -F, 'NR > 1 && $1 > 1e-14 {print $1; exit}' "$T/ep.csv")
$PY -c "import sys; g, f = map(float, sys.argv[1:]); assert abs(g - f) <= 1e-12 * f, (g, f)" "$GAP" "$FIRST" \
    && ok "e-p gap = first eigenvalue above the zeros ($GAP)" || bad "e-p gap $GAP vs $FIRST"
"$QLB" spectrum --degree 6 $POT --format csv >"$T/one.csv"
"$QLB" spectrum --degree 6 $POT --species a:Z=1,n=0.3 --species b:Z=1,A=1,n=0.7 --format json >"$T/two.json"
$PY - "$T/one.csv" "$T/two.json" <<'PYEOF' && ok "two copies: every one-species eigenvalue in the spectrum (1e-12), species in the JSON" || bad "two copies"
import csv, json, sys
one = [(float(r["eigenvalue"]), int(r["l"])) for r in csv.DictReader(open(sys.argv[1]))]
two = json.load(open(sys.argv[2]))
assert [s["name"] for s in two["species"]] == ["a", "b"] and abs(two["species"][0]["n"] - 0.3) < 1e-15
big = max(v for v, _ in one)
rows = [(e["eigenvalue"], e["l"]) for e in two["eigenvalues"]]
for v, l in one:
    assert min(abs(v - w) for w, m in rows if m == l) <= 1e-12 * max(abs(v), 1e-3 * big), (v, l)
PYEOF

# export --species: the mixture's L and every pair's parts, h5.
expect_error "export --species as npy" export $POT --species e:Z=-1,n=0.5 --species p:Z=1,A=1836.15,n=0.5 --format npy -o "$T/ep.npy"
"$QLB" export $POT --degree 4 $EP --format h5 -o "$T/ep.h5" 2>"$T/err"
expect_error "export --species over an existing file" export $POT --degree 4 $EP --format h5 -o "$T/ep.h5"
"$QLB" spectrum $POT --degree 4 $EP --format csv >"$T/ep4.csv"
$PY - "$T/ep.h5" "$T/ep4.csv" <<'PYEOF' && ok "export --species: symmetric L whose spectrum is qlb spectrum's, pair parts add up to L" || bad "export --species: $(cat "$T/err")"
import csv, sys
import h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
L = f["L"][()]
assert f.attrs["species"] == "e,p" and L.shape == (70, 70) and np.array_equal(L, L.T)
assert f["basis"].shape == (70, 4) and list(f["species/A"][()]) == [1, 1836.15]
want = sorted(float(r["eigenvalue"]) for r in csv.DictReader(open(sys.argv[2])) for _ in range(int(r["multiplicity"])))
assert np.allclose(np.linalg.eigvalsh(L), want, rtol=0, atol=1e-13 * max(want))
nb = 35
for a, A in enumerate("ep"):
    for b, B in enumerate("ep"):
        part = f[f"pairs/{A}_{B}/field"][()] + (sum(f[f"pairs/{A}_{C}/test"][()] for C in "ep") if a == b else 0)
        assert np.abs(part - L[a * nb:(a + 1) * nb, b * nb:(b + 1) * nb]).max() <= 1e-13 * np.abs(L).max()
PYEOF

# evolve --species --linear: exact in time, totals conserved, drifts and temperatures relax together.
EV="evolve $POT --degree 6 $EP --linear --t-final 1e8 --n-times 8"
expect_error "evolve --species --linear --no-variation" $EV --no-variation --initial e=maxwellian:T=1.02 -o "$T/s.h5"
expect_error "evolve --species --method msbdf" evolve $POT --degree 4 $EP --method msbdf --initial e=maxwellian:T=1.02 --t-final 1 -o "$T/s.h5"
expect_error "evolve --species: unknown species in --initial" $EV --initial x=maxwellian:T=1.02 -o "$T/s.h5"
expect_error "evolve --species: species given twice" $EV --initial e=maxwellian:T=1.02 --initial e=maxwellian:T=1.01 -o "$T/s.h5"
expect_error "evolve --species with --resume" $EV --initial e=maxwellian:T=1.02 --resume -o "$T/s.h5"
expect_error "evolve --species: eigenvector data" $EV --initial e=eigenvector:l=2 -o "$T/s.h5"
expect_error "evolve: two --initial for one species" evolve $POT --degree 4 --initial maxwellian:T=1.1 --initial maxwellian:T=1.2 --t-final 1 -o "$T/s.h5"
"$QLB" $EV --initial e=maxwellian:T=1.02,u1=0.01 --initial p=maxwellian:T=0.98,rho=1.01 -o "$T/sp.h5" --csv "$T/sp.csv" 2>"$T/err"
$PY - "$T/sp.h5" "$T/sp.csv" <<'PYEOF' && ok "evolve --species: densities, momentum, energy constant (1e-17), common drift = P / sum n m, dT shrinks; h5 = csv" || bad "evolve --species: $(cat "$T/err")"
import csv, sys
import h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
rows = list(csv.DictReader(open(sys.argv[2])))
c = {k: np.array([float(r[k]) for r in rows]) for k in rows[0]}
for k in ("density_e", "density_p", "momentum", "energy"):
    assert np.abs(c[k] - c[k][0]).max() <= 1e-17, (k, c[k])
assert abs(c["density_p"][0] - 0.01) < 1e-15 and abs(c["temperature_e"][0] - 0.02) < 1e-15
u = 0.5 * 0.01 / (0.5 + 0.5 * 1836.15)
# the linear run's common drift is momentum / (m_a n_a) at the equilibrium densities: the exact moment
# divides by the protons' 1.01
assert abs(c["velocity_e"][-1] - u) < 1e-10 * u and abs(c["velocity_p"][-1] * 1.01 - u) < 1e-10 * u
# dT falls to 2e-5 of its start, the second-order (exact moments of a linear run) floor
dT = np.abs(c["temperature_e"] - c["temperature_p"])
big = dT > 1e-3 * dT[0]
assert np.all(np.diff(dT)[big[1:]] < 0) and dT[-1] < 1e-4 * dT[0]
assert np.array_equal(f["species/e/temperature"][()], c["temperature_e"]) and f["c"].shape == (9, 2 * 84)
PYEOF

# evolve --species, nonlinear: the totals stay, the temperatures and drifts relax together.
"$QLB" evolve $POT --degree 4 $EP --t-final 1e7 --n-times 6 --initial e=maxwellian:T=1.05,u1=0.02 \
    --initial p=maxwellian:T=0.95,rho=1.01 -o "$T/spn.h5" --csv "$T/spn.csv" 2>"$T/err"
$PY - "$T/spn.h5" "$T/spn.csv" <<'PYEOF' && ok "evolve --species nonlinear: densities, momentum, energy constant (1e-13), dT and du shrink 20x; h5 = csv" || bad "evolve --species nonlinear: $(cat "$T/err")"
import csv, sys
import h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
rows = list(csv.DictReader(open(sys.argv[2])))
c = {k: np.array([float(r[k]) for r in rows]) for k in rows[0]}
for k in ("density_e", "density_p", "momentum", "energy"):
    assert np.abs(c[k] - c[k][0]).max() <= 1e-13 * np.abs(c[k]).max(), (k, c[k])
assert abs(c["temperature_e"][0] - 0.05) < 1e-15 and abs(c["velocity_e"][0] - 0.02) < 1e-15
for a, b in (("temperature_e", "temperature_p"), ("velocity_e", "velocity_p")):
    d = np.abs(c[a] - c[b])
    assert d[-1] < d[0] / 20, (a, d)
assert f.attrs["linear"] == 0 and f.attrs["method"] == "etdrk4" and f.attrs["screening_variation"] == 1
assert np.array_equal(f["species/p/temperature"][()], c["temperature_p"])
PYEOF

# transport --species: two copies give one species' coefficients.
"$QLB" transport $POT --degree 8 --format csv >"$T/tr1.csv"
"$QLB" transport $POT --degree 8 --species a:Z=1,n=0.3 --species b:Z=1,A=1,n=0.7 --format csv >"$T/tr2.csv"
$PY - "$T/tr1.csv" "$T/tr2.csv" <<'PYEOF' && ok "transport --species: two copies = one species (1e-13)" || bad "transport --species: $(cat "$T/tr2.csv")"
import csv, sys
a, b = (list(csv.DictReader(open(p)))[-1] for p in sys.argv[1:])
for k in ("viscosity", "heat_conductivity", "prandtl"):
    assert abs(float(a[k]) - float(b[k])) <= 1e-13 * abs(float(a[k])), k
PYEOF

# transport --electrons (issue 25): the Lorentz gas and Braginskii's Z = 1 approximation; bad input.
EL="transport --electrons --potential algebraic:A=1,p=2 --hbar 0 --no-screening"
expect_error "transport --electrons: Z = 0" $EL --ion-charge 0
expect_error "transport --electrons: Z = nan" $EL --ion-charge nan
expect_error "transport --electrons without --ion-charge" $EL
expect_error "transport --electrons without a potential" transport --electrons --ion-charge 1
expect_error "transport --ion-charge without --electrons" transport --potential algebraic:A=1,p=2 --ion-charge 1
expect_error "transport --electrons, Lorentz gas screened" transport --electrons --ion-charge inf --potential algebraic:A=1,p=2
expect_error "transport --electrons in d = 2" $EL --ion-charge 1 --dim 2
expect_error "transport --electrons with --species" $EL --ion-charge 1 --species a:Z=1,n=1
"$QLB" $EL --ion-charge inf --degree 101 --format json >"$T/lor.json" 2>"$T/err"
"$QLB" $EL --ion-charge 1 --degree 5 --format csv >"$T/br.csv" 2>>"$T/err"
$PY - "$T/lor.json" "$T/br.csv" <<'PYEOF' && ok "transport --electrons: Lorentz gas 3pi/32, 3/2, 128/(3pi) (1e-8); N = 5 is Braginskii's 0.5129, 0.7110, 3.1616" || bad "transport --electrons: $(cat "$T/err")"
import csv, json, math, sys
d = json.load(open(sys.argv[1]))
for k, want in (("alpha0", 3 * math.pi / 32), ("beta0", 1.5), ("gamma0", 128 / (3 * math.pi))):
    assert abs(d[k] / want - 1) < 1e-8 and k + "_error" in d, (k, d[k])
r = list(csv.DictReader(open(sys.argv[2])))[-1]
assert (round(float(r["alpha0"]), 4), round(float(r["beta0"]), 4), round(float(r["gamma0"]), 4)) == (0.5129, 0.7110, 3.1616), r
PYEOF

# transport --electrons --units plasma: tau_e in s is Braginskii's formula with the printed lnLambda; SI conductivities.
"$QLB" transport --electrons --units plasma --species e:T=100 --species p:n=1e20,T=100 --degree 9 --format json >"$T/elp.json" 2>"$T/err"
$PY - "$T/elp.json" <<'PYEOF' && ok "transport --electrons --units plasma: tau_e_s = 3 sqrt(m) T^1.5/(4 sqrt(2 pi) n Z^2 e^4 lnL) (1e-9), sigma, kappa in SI" || bad "transport --electrons --units plasma: $(cat "$T/err")"
import json, math, sys
d = json.load(open(sys.argv[1]))
me, e, T, n = 9.1093837015e-28, 4.803204712570263e-10, 100 * 1.602176634e-12, 1e20   # CGS
tau = 3 * math.sqrt(me) * T ** 1.5 / (4 * math.sqrt(2 * math.pi) * n * e ** 4 * d["coulomb_logarithm"])
assert abs(d["tau_e_s"] / tau - 1) < 1e-9, (d["tau_e_s"], tau)
q, m, nsi = 1.602176634e-19, 9.1093837015e-31, 1e26
assert abs(d["conductivity_S_per_m"] / (nsi * q * q * d["tau_e_s"] / (m * d["alpha0"])) - 1) < 1e-12
assert abs(d["heat_conductivity_W_per_m_K"] / (d["gamma0"] * nsi * 1.380649e-23 * 100 * q * d["tau_e_s"] / m) - 1) < 1e-12
assert 5 < d["coulomb_logarithm"] < 6.5
PYEOF
expect_error "transport --electrons --units plasma with --ion-charge" transport --electrons --units plasma --species e:T=100 --species p:n=1e20,T=100 --ion-charge 2
expect_error "transport --electrons --units plasma, three species" transport --electrons --units plasma --species e:T=100 --species p:n=1e20,T=100 --species alpha:n=1e19,T=100

# Electron-ion relaxation in physical units (issue 24).
RX="relax --species e:T=100 --species p:n=1e20,T=100"
expect_error "relax: not neutral" relax --species e:n=2e20,T=100 --species p:n=1e20,T=100
expect_error "relax: repeated name" relax --species e:T=100 --species e:n=1e20,T=100,Z=1,A=1
expect_error "relax: unknown particle" relax --species e:T=100 --species Qq:n=1e20,T=100
expect_error "relax: missing T" relax --species e:T=100 --species p:n=1e20
expect_error "relax: negative T" relax --species e:T=100 --species p:n=1e20,T=-5
expect_error "relax: unknown field" relax --species e:T=100 --species p:n=1e20,T=100,x=1
expect_error "relax: zero charge" relax --species e:T=100 --species x:n=1e20,T=100,Z=0,A=1
expect_error "relax: one species" relax --species p:n=1e20,T=100
expect_error "relax: classical Coulomb without a cutoff" $RX --hbar-factor 0
expect_error "relax: bad --until" $RX --until -1
expect_error "relax: bad format" $RX --format xml
expect_error "plasma units: two temperatures" gap --units plasma --species e:T=100 --species p:n=1e20,T=10
expect_error "plasma units with --potential" gap --units plasma --species e:T=100 --species p:n=1e20,T=100 $POT
expect_error "plasma units: not neutral" gap --units plasma --species e:n=1e20,T=100 --species p:n=2e20,T=100
expect_error "plasma units without species" gap --units plasma
"$QLB" $RX --format json >"$T/rx.json" 2>"$T/err"
"$QLB" spectrum --units plasma --species e:T=100 --species p:n=1e20,T=100 --degree 2 --format csv >"$T/rxs.csv" 2>>"$T/err"
$PY - "$T/rx.json" "$T/rxs.csv" <<'PYEOF' && ok "relax JSON pairs; the operator's temperature mode at N = 2 = 2 x the relax rate (1e-9)" || bad "relax json: $(cat "$T/rx.json" "$T/err")"
import csv, json, sys
d = json.load(open(sys.argv[1]))
(p,) = d["pairs"]
assert p["a"] == "e" and p["b"] == "p" and abs(p["coulomb_logarithm"] - p["bps_born"]) < 0.01, p
rows = [(float(r["eigenvalue"]), int(r["l"])) for r in csv.DictReader(open(sys.argv[2]))]
mode = max(v for v, l in rows if l == 0)
assert abs(mode - 2 * p["rate_per_s"]) <= 1e-9 * mode, (mode, p["rate_per_s"])
PYEOF
"$QLB" relax --species e:T=100 --species p:n=1e20,T=10 --until 2e-9 --steps 4 --format csv >"$T/hist.csv" 2>"$T/err"
$PY - "$T/hist.csv" <<'PYEOF' && ok "relax --until: n T conserved to 1e-12, T_e falls to the common T" || bad "relax --until: $(cat "$T/hist.csv")"
import csv, sys
rows = [(float(r["T_e_eV"]), float(r["T_p_eV"])) for r in csv.DictReader(open(sys.argv[1]))]
assert len(rows) == 5 and rows[0] == (100.0, 10.0)
for te, tp in rows:
    assert abs(te + tp - 110) <= 1e-12 * 110, (te, tp)
assert all(a[0] > b[0] for a, b in zip(rows, rows[1:])) and abs(rows[-1][0] - 55) < 1e-3
PYEOF
[ "$(grep -c "step" "$T/err")" = 4 ] && ok "relax --until reports its steps on stderr" || bad "relax progress: $(cat "$T/err")"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
