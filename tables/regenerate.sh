#!/bin/bash
# Regenerates every table in this directory: the scans from their manifests,
# relaxation.csv from relaxation.states (relaxation.sh), electron_transport.csv
# (electron_transport.sh):
#   tables/regenerate.sh [path/to/qlb]     (default: build/qlb)
set -euo pipefail
cd "$(dirname "$0")"
QLB=${1:-../build/qlb}
for m in *.manifest; do
    "$QLB" scan --manifest "$m" -o "${m%.manifest}.csv" --force
done
./relaxation.sh "$QLB" relaxation.csv
./electron_transport.sh "$QLB" electron_transport.csv
