#!/bin/bash
# ctest fuzz (labels fuzz, long): builds libqlb and tests/fuzz_hdf5.c with
# clang's libFuzzer and AddressSanitizer + UndefinedBehaviorSanitizer in a
# tree of its own, and runs the harness for RUNS inputs (default 10000, about 2 minutes)
# from a fixed seed. Any crash or sanitizer report fails; the inputs that
# found one are left in BUILD/fuzz-artifacts.
# Usage: run_fuzz.sh SOURCE_DIR BUILD_DIR [RUNS]
set -eu -o pipefail
SRC=$1
BUILD=$2
RUNS=${3:-10000}
CC=clang cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQLB_FUZZ=ON -DQLB_MPI=OFF >/dev/null
cmake --build "$BUILD" -j2 --target fuzz_hdf5 >/dev/null
mkdir -p "$BUILD/fuzz-artifacts"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$BUILD/tests/fuzz_hdf5" -seed=1 -runs="$RUNS" -max_len=256 \
    -artifact_prefix="$BUILD/fuzz-artifacts/" 2>&1 | tail -n 4
