#!/bin/bash
# MPI tests (ctest mpi, when the program was built with MPI): `mpirun -n 2 qlb`.
# scan: the table of 2 and 3 ranks is byte-identical to the serial one
# (--no-seconds), a run killed mid-way (SIGKILL to mpirun) resumes with
# another number of ranks to the same bytes, and a failing case (a corrupt
# cached operator) is reported with its parameters while the other cases
# finish. evolve: each rank builds its part of T (qlb_quadratic_create_part)
# and the contractions are summed (MPI_Allreduce): the run on 2 ranks equals
# the serial one to 1e-13 (and bit for bit with serial OpenBLAS, which the
# ranks use), and a run killed mid-way resumes under MPI to the same bits.
# One rank that fails or is given other inputs: every rank exits 2 within
# seconds, with that rank's message (issue 23); a rank that fails later
# ends the job within seconds instead of hanging it.
# Usage: test_mpi.sh QLB_BINARY SOURCE_DIR MPIEXEC
set -u
QLB=$1
SRC=$2
MPI="$3 --allow-run-as-root --oversubscribe"
# containers often forbid the cross-memory attach of OpenMPI's shared-memory transport
export OMPI_MCA_btl_vader_single_copy_mechanism=none
# Under the sanitizers (run_sanitizers.sh): OpenMPI leaves its own allocations at
# exit (its plugins, unloaded, cannot be named in a suppression), so leak checks
# are off here; memory errors still stop the program. The serial paths keep them.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
. "$SRC/cli_helpers.sh"

# kill_job PID OUTPUT: SIGKILL to mpirun's group and to the ranks writing
# OUTPUT (OpenMPI puts them in sessions of their own), until none is left.
kill_job() {
    kill -9 -- -"$1" 2>/dev/null
    for _ in $(seq 1 100); do
        local found=0 p
        for p in /proc/[0-9]*; do   # no pkill needed: the ranks by their command line
            if tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -qF -- "-o $2 "; then
                kill -9 "${p#/proc/}" 2>/dev/null
                found=1
            fi
        done
        [ "$found" = 0 ] && break
        sleep 0.05
    done
    wait "$1" 2>/dev/null
}

cat >"$T/grid.txt" <<'GRID'
potential = algebraic:A=1,p=2
potential = gaussian:A=1,s=1
screening = both
dim = 2, 3, 4
hbar = 0.25, 0.5, 1, 2
degree = 8, 16:24:8
quantities = gap, coercivity_hbar, transport
eigenvalues = 2
eigen_lmax = 2
GRID
S="scan --manifest $T/grid.txt --no-seconds --quiet"
"$QLB" $S -o "$T/serial.csv" || bad "serial scan"
$MPI -n 2 "$QLB" $S -o "$T/two.csv" && cmp -s "$T/serial.csv" "$T/two.csv" \
    && ok "scan on 2 ranks: the serial table, byte for byte ($(($(wc -l <"$T/serial.csv") - 1)) rows)" \
    || bad "scan on 2 ranks differs from the serial table"
$MPI -n 3 "$QLB" $S -o "$T/three.csv" && cmp -s "$T/serial.csv" "$T/three.csv" \
    && ok "scan on 3 ranks (oversubscribed): the serial table, byte for byte" || bad "scan on 3 ranks"

# killed mid-way, resumed on another number of ranks
setsid $MPI -n 2 "$QLB" $S -o "$T/killed.csv" 2>/dev/null &
pid=$!
for _ in $(seq 1 300); do
    sleep 0.05
    [ "$(wc -l 2>/dev/null <"$T/killed.csv.partial" || echo 0)" -ge 25 ] && break
done
kill_job "$pid" "$T/killed.csv"
rows=$(($(wc -l <"$T/killed.csv.partial") - 1))
[ ! -e "$T/killed.csv" ] && [ "$rows" -ge 24 ] && [ "$rows" -lt 144 ] \
    && ok "killed after $rows of 144 rows: partial table only" || bad "kill: $rows rows, table exists?"
$MPI -n 3 "$QLB" $S -o "$T/killed.csv" --resume && cmp -s "$T/serial.csv" "$T/killed.csv" \
    && ok "resumed on 3 ranks: the serial table, byte for byte" || bad "resume on 3 ranks"

# a failing case: its parameters reported, the others finished, exit 1
mkdir "$T/ops"
"$QLB" $S -o "$T/cached.csv" --operators "$T/ops" || bad "scan with --operators"
victim=$(ls "$T/ops" | sort | sed -n 7p)
echo garbage >"$T/ops/$victim"
$MPI -n 2 "$QLB" $S -o "$T/failing.csv" --operators "$T/ops" 2>"$T/err"
rc=$?
grep -q "qlb scan: d=[0-9] hbar=[0-9.]* .*screened: .*$victim" "$T/err" && [ "$rc" -ne 0 ] \
    && ok "failing case reported with its parameters: $(grep -m1 "$victim" "$T/err" | cut -c1-60)..." \
    || bad "failing case: exit $rc, $(cat "$T/err")"
[ "$(wc -l <"$T/failing.csv.partial")" -ge 130 ] && [ ! -e "$T/failing.csv" ] \
    && ok "the other cases finished ($(($(wc -l <"$T/failing.csv.partial") - 1)) rows kept)" \
    || bad "rows after a failing case: $(wc -l <"$T/failing.csv.partial")"
rm "$T/ops/$victim"
"$QLB" $S -o "$T/failing.csv" --operators "$T/ops" --resume && cmp -s "$T/serial.csv" "$T/failing.csv" \
    && ok "resumed serially after the fix: the serial table" || bad "resume after a failing case"

# evolve
E="evolve --dim 3 --degree 10 --hbar 1 --potential algebraic:A=1,p=2 --initial maxwellian:u1=0.3,T=1.2
   --t-final 20000 --n-times 40 --method rk8pd --step 10 --checkpoint-steps 50"
"$QLB" $E -o "$T/e_serial.h5" 2>/dev/null || bad "serial evolve"
OPENBLAS_NUM_THREADS=1 "$QLB" $E -o "$T/e_blas1.h5" 2>/dev/null || bad "serial evolve, serial BLAS"
$MPI -n 2 "$QLB" $E -o "$T/e_two.h5" 2>"$T/err" || bad "evolve on 2 ranks: $(cat "$T/err")"
grep -q "per rank" "$T/err" && ok "evolve on 2 ranks builds T in parts ($(grep -o 'about .* per rank' "$T/err"))" \
    || bad "no part of T reported"
$PY - "$T/e_serial.h5" "$T/e_two.h5" "$T/e_blas1.h5" <<'PYEOF' && ok "evolve on 2 ranks = serial to 1e-13; = serial with serial OpenBLAS bit for bit" || bad "evolve on 2 ranks differs"
import sys, h5py, numpy as np
a, b, c = (h5py.File(f, "r") for f in sys.argv[1:])
diff = max(np.abs(a[k][()] - b[k][()]).max() / max(np.abs(a[k][()]).max(), 1e-300) for k in ("c", "t"))
print("     max relative difference to the serial run:", diff)
assert diff <= 1e-13
assert all(np.array_equal(b[k][()], c[k][()]) for k in ("c", "t"))
PYEOF
setsid $MPI -n 2 "$QLB" $E -o "$T/e_killed.h5" 2>/dev/null &
pid=$!
for _ in $(seq 1 200); do
    sleep 0.05
    [ -e "$T/e_killed.h5.ckpt" ] && break
done
sleep 0.5
kill_job "$pid" "$T/e_killed.h5"
[ -e "$T/e_killed.h5.ckpt" ] && [ ! -e "$T/e_killed.h5" ] && ok "evolve killed on 2 ranks: checkpoint only" \
    || bad "evolve kill: no checkpoint, or output written"
$MPI -n 2 "$QLB" $E -o "$T/e_killed.h5" --resume 2>"$T/err" && grep -q "resuming from" "$T/err" \
    && $PY -c "import h5py,numpy as np,sys; a,b=(h5py.File(f) for f in sys.argv[1:]); assert np.array_equal(a['c'][()],b['c'][()]) and np.array_equal(a['t'][()],b['t'][()])" \
       "$T/e_killed.h5" "$T/e_two.h5" \
    && ok "resumed on 2 ranks: the uninterrupted run, bit for bit" || bad "resume under MPI: $(cat "$T/err")"

# export --what Q: parts built on the ranks, joined on rank 0
X="export --what Q --dim 3 --degree 8 --hbar 1 --potential algebraic:A=1,p=2 --format h5"
"$QLB" $X -o "$T/q_serial.h5" 2>/dev/null || bad "serial export Q"
$MPI -n 2 "$QLB" $X -o "$T/q_two.h5" 2>/dev/null || bad "export Q on 2 ranks"
$PY - "$T/q_serial.h5" "$T/q_two.h5" <<'PYEOF' && ok "export Q on 2 ranks: every dataset and attribute equal to the serial file" || bad "export Q on 2 ranks differs"
import sys, h5py, numpy as np
a, b = (h5py.File(f, "r") for f in sys.argv[1:])
names = []
a.visit(names.append)
assert names and all(isinstance(a[n], h5py.Group) or np.array_equal(a[n][()], b[n][()]) for n in names)
assert {k: v for k, v in a.attrs.items()} .keys() == b.attrs.keys()
assert all(np.array_equal(a.attrs[k], b.attrs[k]) for k in a.attrs)
print("     datasets compared:", len(names))
PYEOF

# One rank given bad or other inputs (issue 23: rank 0 spun forever): every
# rank exits 2 within seconds, and rank 0 prints the failing rank's message
# once, with its number.
# mpi_refused NAME WORDS -- ARGS...: the job's exit 2 in < 30 s, WORDS in
# one line of qlb (after rank 0's progress lines, if any), given once
mpi_refused() {
    local name=$1 words=$2
    shift 3
    local start=$SECONDS
    timeout 120 $MPI "$@" >"$T/out" 2>"$T/err"
    local rc=$? took=$((SECONDS - start)) line
    line=$(grep -F -- "$words" "$T/err")
    if [ "$rc" -eq 2 ] && [ "$took" -lt 30 ] && [ "$(grep -c . <<<"$line")" -eq 1 ] && [[ "$line" == "qlb "* ]] \
        && [ ! -s "$T/out" ]; then
        ok "$name: exit 2 in ${took} s, '$line'"
    else
        bad "$name: exit $rc in ${took} s: $(head -c 400 "$T/err")"
    fi
}
printf 'potential = gaussian:A=1,s=1\ndim = 2\nhbar = 1\ndegree = 4\nquantities = gap\n' >"$T/m1.txt"
printf 'potential = gaussian:A=2,s=1\ndim = 2\nhbar = 1\ndegree = 4\nquantities = gap\n' >"$T/m2.txt"
M1="scan --manifest $T/m1.txt -o $T/m.csv --force"
mpi_refused "scan, rank 1's manifest missing" "No such file or directory (rank 1)" -- \
    -n 1 "$QLB" $M1 : -n 1 "$QLB" scan --manifest "$T/nowhere.txt" -o "$T/m.csv" --force
mpi_refused "scan, rank 0's manifest missing" "qlb scan: cannot read $T/nowhere.txt" -- \
    -n 1 "$QLB" scan --manifest "$T/nowhere.txt" -o "$T/m.csv" --force : -n 1 "$QLB" $M1
mpi_refused "scan, --jobs 0 on rank 1" "invalid value '0' for --jobs (rank 1)" -- \
    -n 1 "$QLB" $M1 : -n 1 "$QLB" $M1 --jobs 0
mpi_refused "scan, another valid manifest on rank 1" "rank 1 was given other inputs than rank 0" -- \
    -n 1 "$QLB" $M1 : -n 1 "$QLB" scan --manifest "$T/m2.txt" -o "$T/m.csv" --force
[ ! -e "$T/m.csv" ] && ok "no table after a refused scan" || bad "a refused scan left $T/m.csv"
# node-local inputs: the same relative path, present in rank 0's directory only
E2="evolve --dim 2 --degree 4 --potential gaussian:A=2,s=1 --t-final 1 --n-times 2 -o $T/e.h5 --force"
mkdir -p "$T/node0" "$T/node1"
printf 'multi_index,value\n1:0,0.01\n' >"$T/node0/c.csv"
"$QLB" export --what Q --dim 2 --degree 4 --potential gaussian:A=2,s=1 --format h5 -o "$T/node0/q.h5" 2>/dev/null
mpi_refused "evolve, --initial missing on rank 1's node" "No such file or directory (rank 1)" -- \
    -n 1 -wdir "$T/node0" "$QLB" $E2 --initial c.csv : -n 1 -wdir "$T/node1" "$QLB" $E2 --initial c.csv
mpi_refused "evolve, --quadratic missing on rank 1's node" "No such file or directory (rank 1)" -- \
    -n 1 -wdir "$T/node0" "$QLB" $E2 --initial maxwellian:u1=0.3 --quadratic q.h5 : \
    -n 1 -wdir "$T/node1" "$QLB" $E2 --initial maxwellian:u1=0.3 --quadratic q.h5
printf 'multi_index,value\n1:0,0.02\n' >"$T/node1/c.csv"
mpi_refused "evolve, other initial data in the same file name on rank 1" "rank 1 was given other inputs" -- \
    -n 1 -wdir "$T/node0" "$QLB" $E2 --initial c.csv : -n 1 -wdir "$T/node1" "$QLB" $E2 --initial c.csv
mpi_refused "evolve, other initial data on rank 1" "rank 1 was given other inputs than rank 0" -- \
    -n 1 "$QLB" $E2 --initial maxwellian:u1=0.3 : -n 1 "$QLB" $E2 --initial maxwellian:u1=0.2
X2="export --what Q --degree 4 --potential gaussian:A=2,s=1 --format h5 -o $T/q.h5"
mpi_refused "export Q, another --dim on rank 1" "rank 1 was given other inputs than rank 0" -- \
    -n 1 "$QLB" $X2 --dim 2 : -n 1 "$QLB" $X2 --dim 3
mpi_refused "export Q, another potential on rank 1" "rank 1 was given other inputs than rank 0" -- \
    -n 1 "$QLB" $X2 --dim 2 : -n 1 "$QLB" $X2 --dim 2 --potential gaussian:A=3,s=1
touch "$T/q.h5"
mpi_refused "export Q, --force on rank 0 only" "exists (use --force to overwrite) (rank 1)" -- \
    -n 1 "$QLB" $X2 --dim 2 --force : -n 1 "$QLB" $X2 --dim 2
[ ! -s "$T/q.h5" ] && ok "the existing output left alone" || bad "export wrote $T/q.h5"
# a later failure on one rank (out of memory building its part of T, while
# rank 0 waits in the contractions): the job ends within seconds, the
# failing rank's message shown (not under the sanitizers: ulimit -v and
# ASan's shadow memory exclude each other)
if ! ldd "$QLB" | grep -q asan; then
    E4="evolve --dim 4 --degree 16 --hbar 1 --potential algebraic:A=1,p=2 --t-final 1 --n-times 2
        --initial maxwellian:u1=0.3 -o $T/e4.h5"
    start=$SECONDS
    timeout 120 $MPI -n 1 "$QLB" $E4 : -n 1 bash -c "ulimit -v 600000; exec $QLB $(echo $E4)" >/dev/null 2>"$T/err"
    rc=$? took=$((SECONDS - start))
    [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && [ "$took" -lt 60 ] && grep -q "out of memory (rank 1" "$T/err" \
        && [ ! -e "$T/e4.h5" ] && ok "rank 1 out of memory mid-run: job ended (exit $rc) in ${took} s, $(grep -m1 'rank 1' "$T/err")" \
        || bad "later failure on rank 1: exit $rc in ${took} s: $(head -c 400 "$T/err")"
fi

# Several species under MPI: the ranks agree first (one rank's bad species: exit 2 everywhere, nothing
# written); then rank 0 alone evolves, exports and relaxes; the outputs are the serial ones.
SP="--potential power:A=1,a=2 --degree 4 --species e:Z=-1,n=0.5 --species p:Z=1,A=1836.15,n=0.5"
mpi_refused "evolve --species, a zero charge on rank 1" "must be finite and nonzero (rank 1)" -- \
    -n 1 "$QLB" evolve $SP --linear --initial e=maxwellian:T=1.02 --t-final 1 -o "$T/spx.h5" : \
    -n 1 "$QLB" evolve ${SP/p:Z=1/p:Z=0} --linear --initial e=maxwellian:T=1.02 --t-final 1 -o "$T/spx.h5"
mpi_refused "export --species, other species on rank 1" "other inputs than rank 0" -- \
    -n 1 "$QLB" export $SP --format h5 -o "$T/spx.h5" : -n 1 "$QLB" export ${SP/n=0.5 --species p/n=0.4 --species p} --format h5 -o "$T/spx.h5"
[ ! -e "$T/spx.h5" ] && ok "no output after the refused species jobs" || bad "a refused species job wrote $T/spx.h5"
"$QLB" evolve $SP --linear --initial e=maxwellian:T=1.02 --t-final 1e6 --n-times 4 -o "$T/sp1.h5" --csv "$T/sp1.csv" 2>/dev/null
$MPI -n 2 "$QLB" evolve $SP --linear --initial e=maxwellian:T=1.02 --t-final 1e6 --n-times 4 -o "$T/sp2.h5" --csv "$T/sp2.csv" 2>/dev/null \
    && cmp -s "$T/sp1.csv" "$T/sp2.csv" && ok "evolve --species on 2 ranks: the serial CSV byte for byte" || bad "evolve --species under MPI"
SQ="--potential algebraic:A=1,p=2 --degree 4 --species e:Z=-1,n=0.5 --species p:Z=1,A=1836.15,n=0.5"
"$QLB" evolve $SQ --initial e=maxwellian:T=1.05 --t-final 1e4 --n-times 3 -o "$T/sq1.h5" --csv "$T/sq1.csv" 2>/dev/null
$MPI -n 2 "$QLB" evolve $SQ --initial e=maxwellian:T=1.05 --t-final 1e4 --n-times 3 -o "$T/sq2.h5" --csv "$T/sq2.csv" 2>/dev/null \
    && cmp -s "$T/sq1.csv" "$T/sq2.csv" && ok "nonlinear evolve --species on 2 ranks: the serial CSV byte for byte" || bad "nonlinear evolve --species under MPI"
"$QLB" relax --species e:T=100 --species p:n=1e20,T=30 --format csv >"$T/rx1.csv" 2>/dev/null
$MPI -n 2 "$QLB" relax --species e:T=100 --species p:n=1e20,T=30 --format csv >"$T/rx2.csv" 2>/dev/null \
    && cmp -s "$T/rx1.csv" "$T/rx2.csv" && ok "relax on 2 ranks: printed once, the serial values" || bad "relax under MPI: $(cat "$T/rx2.csv")"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
