#!/bin/bash
# tables/relaxation.csv from tables/relaxation.states: `qlb relax` at each state
# point, electrons with one fully ionized ion species (the ions' density n_e/Z).
#   tables/relaxation.sh QLB OUTPUT
set -euo pipefail
QLB=$1
OUT=$2
TMP="$OUT.tmp-$$"
trap 'rm -f "$TMP"' EXIT
echo "ion,n_e_cc,T_e_eV,T_i_eV,coulomb_logarithm,rate_per_s,bps_born,nrl" >"$TMP"
grep -v '^#' "$(dirname "$0")/relaxation.states" | while read -r ion Z ne te ti; do
    ni=$(awk -v n="$ne" -v z="$Z" 'BEGIN {printf "%.17g", n / z}')
    "$QLB" relax --species "e:n=$ne,T=$te" --species "$ion:n=$ni,T=$ti" --format csv | tail -1 |
        awk -F, -v row="$ion,$ne,$te,$ti" 'BEGIN {OFS=","} {print row, $3, $4, $5, $6}' >>"$TMP"
done
mv "$TMP" "$OUT"
trap - EXIT
