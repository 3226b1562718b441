#!/bin/bash
# Regenerates every table in this directory from its manifest:
#   tables/regenerate.sh [path/to/qlb]     (default: build/qlb)
set -euo pipefail
cd "$(dirname "$0")"
QLB=${1:-../build/qlb}
for m in *.manifest; do
    "$QLB" scan --manifest "$m" -o "${m%.manifest}.csv" --force
done
