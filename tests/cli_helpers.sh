# cli_helpers.sh — shared by the CLI test scripts (sourced after QLB and SRC
# are set): Python, a scratch directory T removed on exit, pass/fail counts.
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0

ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }

# expect_error NAME ARGS...: exit status 2, one line on stderr, nothing on stdout
expect_error() {
    local name=$1
    shift
    "$QLB" "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    local lines
    lines=$(wc -l <"$T/err")
    if [ "$rc" -eq 2 ] && [ "$lines" -eq 1 ] && [ ! -s "$T/out" ]; then
        ok "$name: exit 2, '$(cat "$T/err")'"
    else
        bad "$name: exit $rc, $lines stderr lines: $(cat "$T/err")"
    fi
}
