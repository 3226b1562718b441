#!/bin/bash
# The default test suite built with AddressSanitizer + UndefinedBehaviorSanitizer
# (-DQLB_SANITIZE=ON: any report stops the program, so a report fails its test;
# leaks are reported at exit). Left out: the tests that load the sanitized
# libqlb.so into a program built without the sanitizers (the Python package,
# the notebooks, the install test's examples), which ASan cannot run, and the
# fuzzing smoke test (its harnesses are built with the sanitizers already).
# Usage: run_sanitizers.sh SOURCE_DIR BUILD_DIR
set -eu
SRC=$1
BUILD=$2
cmake -S "$SRC" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQLB_SANITIZE=ON >/dev/null
cmake --build "$BUILD" -j2 >/dev/null
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$BUILD" -LE long -E '^(python|notebook|notebook_relaxation|notebook_electron_ion|install|fuzz_smoke)$' --output-on-failure
