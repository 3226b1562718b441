#!/bin/bash
# ctest fuzz_smoke (20 s each) and fuzz (labels fuzz, long): builds libqlb and
# the libFuzzer harnesses (tests/fuzz_*.c) with clang and AddressSanitizer +
# UndefinedBehaviorSanitizer in a tree of its own, and runs each harness from
# a fixed seed and a few valid inputs, bounded by a libFuzzer option
# (-runs=N or -max_total_time=S): TEXT_LIMIT for the six text parsers,
# HDF5_LIMIT for the HDF5 readers (about 25 inputs a second: each one is a
# file written and read by every reader). Any crash, leak or sanitizer
# report fails; the input that found it is left in BUILD/artifacts-HARNESS/.
# Prints the inputs run by each harness and in all.
# Usage: run_fuzz.sh SOURCE_DIR BUILD_DIR TEXT_LIMIT HDF5_LIMIT
set -eu -o pipefail
SRC=$1
BUILD=$2
TEXT_LIMIT=$3
HDF5_LIMIT=$4
CC=clang cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQLB_FUZZ=ON -DQLB_MPI=OFF >/dev/null
cmake --build "$BUILD" -j2 --target fuzz_hdf5 fuzz_potential fuzz_table fuzz_manifest fuzz_coefficients \
    fuzz_initial fuzz_species >/dev/null

# seeds: valid inputs of each parser, so that the fuzzing starts inside them
seed() { mkdir -p "$BUILD/corpus-$1"; printf "$3" >"$BUILD/corpus-$1/$2"; }
seed potential a 'algebraic:A=1,p=2'
seed potential g 'gaussian:A=2.5,s=0.5'
seed potential p 'power:A=1,a=0.5'
seed table t '# k Vhat\n0 1\n0.5 0.8\n1 0.5\n2 0.1\n4 0\n'
seed manifest m 'potential = algebraic:A=1,p=2\nscreening = both\ndim = 2, 3\nhbar = 0, log:0.1:1:3\ndegree = 4, 8:16:4\nquantities = gap, transport\neigenvalues = 2\neigen_lmax = 1\nconv_tol = 1e-3\n'
seed coefficients c 'multi_index,value\n0:0:0,0.1\n1:0:0,-0.02\n0:2:1,1e-3\n'
seed initial m 'maxwellian:u1=0.3,T=1.2'
seed initial b 'bump:eps=0.05,u1=1.5,T=0.5'
seed initial t 'two-temperature:T1=1.2,T2=0.8'
seed initial e 'eigenvector:l=1,n=0'
seed species q 'qe:Z=-1,n=0.5\np:Z=1,A=1836.15,n=0.5'
seed species p 'pe:T=100\np:n=1e20,T=100'
seed species c 'pe:n=6e22,T=10\nC:n=1e22,T=10,Z=6'
seed hdf5 o '\001\002\001\000\000\000'
seed hdf5 q '\002\003\014\000\000\000'
seed hdf5 s '\003\002\002\000\000\000'

total=0
for h in hdf5 potential table manifest coefficients initial species; do
    mkdir -p "$BUILD/artifacts-$h"
    len=$([ "$h" = hdf5 ] && echo 256 || echo 2048)
    limit=$([ "$h" = hdf5 ] && echo "$HDF5_LIMIT" || echo "$TEXT_LIMIT")
    quiet=$([ "$h" = manifest ] || [ "$h" = species ] && echo 2 || echo 0) # these readers print their refusals
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        "$BUILD/tests/fuzz_$h" -seed=1 "$limit" -max_len="$len" -print_final_stats=1 -close_fd_mask="$quiet" \
        -artifact_prefix="$BUILD/artifacts-$h/" "$BUILD/corpus-$h" >"$BUILD/fuzz-$h.log" 2>&1 \
        || { tail -n 40 "$BUILD/fuzz-$h.log"; echo "FAIL fuzz_$h: see $BUILD/artifacts-$h"; exit 1; }
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$BUILD/fuzz-$h.log")
    total=$((total + runs))
    echo "ok   fuzz_$h: $runs inputs, no report"
done
echo "fuzzing: $total inputs in all, no report"
