#!/bin/bash
# test_install.sh — installs the build into a fresh prefix and builds the
# examples the way users do: C with `pkg-config --cflags --libs qlb` (shared)
# and with the static library, C++ including <qlb/qlb.h>, and a CMake project
# using find_package(qlb), and the Python package qlb from the prefix (it
# finds the prefix's libqlb by itself). Each must build, run, and print the
# same gap as `qlb gap` (to the printed 15 digits).
# Usage: test_install.sh BUILD_DIR SOURCE_DIR/tests
set -u
BUILD=$1
SRC=$2
. "$SRC/cli_helpers.sh"
P="$T/prefix"
cmake --install "$BUILD" --prefix "$P" >/dev/null && ok "cmake --install into a prefix" || bad "install"
export PKG_CONFIG_PATH="$P/lib/pkgconfig:$P/lib/x86_64-linux-gnu/pkgconfig"
LIBDIR=$(pkg-config --variable=libdir qlb)
WANT=$("$P/bin/qlb" gap --dim 3 --degree 8 --hbar 1 --potential algebraic:A=1,p=2 --format csv | tail -1 | cut -d, -f1)
same_gap() { # name output
    local got
    got=$(echo "$2" | sed -n 's/.*gap \([^ ]*\) .*/\1/p')
    /usr/bin/python3 -c "import sys; g, w = float(sys.argv[1]), float(sys.argv[2]); sys.exit(abs(g - w) > 1e-14 * abs(w))" "$got" "$WANT" \
        && ok "$1: gap $got = qlb gap $WANT" || bad "$1: gap '$got' against qlb gap $WANT"
}
cd "$T"
if cc "$SRC/install/example.c" $(pkg-config --cflags --libs qlb) -Wl,-rpath,"$LIBDIR" -o ex_shared; then
    ldd ex_shared | grep -q "libqlb.so.0 => $LIBDIR" && ok "pkg-config links the shared libqlb.so.0" || bad "not the shared library"
    same_gap "C, shared" "$(./ex_shared)"
else
    bad "C with pkg-config (shared)"
fi
if cc "$SRC/install/example.c" $(pkg-config --cflags qlb) -Wl,-Bstatic -lqlb -Wl,-Bdynamic \
      $(pkg-config --libs --static qlb | sed 's/-lqlb //') -o ex_static; then
    ldd ex_static | grep -q libqlb && bad "static example needs libqlb.so" || ok "static link: no libqlb.so needed"
    same_gap "C, static" "$(./ex_static)"
else
    bad "C with pkg-config --static"
fi
if c++ "$SRC/install/example.cpp" $(pkg-config --cflags --libs qlb) -Wl,-rpath,"$LIBDIR" -o ex_cpp; then
    ./ex_cpp | grep -q "^C++: gap" && ok "C++ includes <qlb/qlb.h> and runs" || bad "C++ run"
else
    bad "C++ compile of <qlb/qlb.h>"
fi
if cmake -S "$SRC/install" -B cm -DCMAKE_PREFIX_PATH="$P" >/dev/null && cmake --build cm >/dev/null; then
    same_gap "CMake find_package(qlb)" "$(LD_LIBRARY_PATH=$LIBDIR ./cm/example_c)"
else
    bad "CMake project with find_package(qlb)"
fi
PYDIR=$(ls -d "$P"/lib/python3*/dist-packages 2>/dev/null | head -1)
if [ -n "$PYDIR" ]; then
    same_gap "Python from the prefix" "$(cd "$T" && env -u QLB_LIBRARY PYTHONPATH="$PYDIR" /usr/bin/python3 -c \
        "import qlb; print('gap %.15g (l = %d)' % qlb.Operator(dim=3, degree=8, hbar=1, potential='algebraic:A=1,p=2').gap())")"
else
    bad "no Python package installed under $P/lib/python3*/dist-packages"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
