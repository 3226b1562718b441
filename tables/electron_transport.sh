#!/bin/bash
# tables/electron_transport.csv: Braginskii's electron coefficients alpha0, beta0, gamma0 from
# `qlb transport --electrons` (docs/DESIGN.md §10).
#  - Landau's operator (classical, unscreened; algebraic:A=1,p=2 at hbar = 0, whose lnLambda is
#    1/12) at Z = 1, 2, 4, 16, inf, N = 101, beside Braginskii's Table 2 (1965) and Spitzer and
#    Harm's Table III (1953: alpha0 = (3 pi/32)/gamma_E, beta0 = (5/2)(8 delta_E/(5 gamma_E) - 1),
#    gamma0 = (64/pi) delta_T (5/3 - gamma_T delta_E/(delta_T gamma_E))), both as transcribed in
#    PlasmaPy's plasmapy/formulary/braginskii.py;
#  - the quantum Lenard-Balescu operator with dynamic screening for hydrogen (ions at rest) in
#    plasma units, N = 31, at the state points where hbar' = hbar k_0/sqrt(m T) is 0.000525,
#    0.00525 or 0.0525 (n/T^2 fixes hbar', so the rows repeat along it); at hbar' = 0.525 the
#    kappa integral of the static-ion limit does not converge yet (docs/DESIGN.md §10).
#   tables/electron_transport.sh QLB OUTPUT
set -euo pipefail
QLB=$1
OUT=$2
TMP="$OUT.tmp-$$"
trap 'rm -f "$TMP"' EXIT
echo "operator,Z,n_e_cc,T_eV,degree,alpha0,beta0,gamma0,alpha0_error,beta0_error,gamma0_error,coulomb_logarithm,braginskii_alpha0,braginskii_beta0,braginskii_gamma0,spitzer_harm_alpha0,spitzer_harm_beta0,spitzer_harm_gamma0" >"$TMP"
# Z, Braginskii (alpha0, beta0, gamma0; - where he gives none), Spitzer-Harm (gamma_E, gamma_T, delta_E, delta_T)
while read -r Z ba bb bg gE gT dE dT; do
    sh=$(awk -v gE="$gE" -v gT="$gT" -v dE="$dE" -v dT="$dT" 'BEGIN {pi = atan2(0, -1);
        printf "%.6f,%.6f,%.6f", 3 * pi / 32 / gE, 2.5 * (1.6 * dE / gE - 1), 64 / pi * dT * (5 / 3 - gT * dE / (dT * gE))}')
    "$QLB" transport --electrons --ion-charge "$Z" --potential algebraic:A=1,p=2 --hbar 0 --no-screening \
        --degree 101 --format csv | tail -1 |
        awk -F, -v row="landau,$Z,,," -v tail="$ba,$bb,$bg,$sh" 'BEGIN {OFS=","} {print row $1, $2, $3, $4, $5, $6, $7, $10, tail}' >>"$TMP"
done <<'ROWS'
1 0.5129 0.7110 3.1616 0.5816 0.2727 0.4652 0.2252
2 0.4408 0.9052 4.890 0.6833 0.4137 0.5787 0.3563
4 0.3752 1.090 6.920 0.7849 0.5714 0.7043 0.5133
16 - - - 0.9225 0.8279 0.8870 0.7907
inf 0.2949 1.521 12.471 1.0000 1.0000 1.0000 1.0000
ROWS
for state in "1e20 10" "1e20 100" "1e20 1000" "1e22 100" "1e22 1000" "1e24 1000"; do
    read -r ne te <<<"$state"
    "$QLB" transport --electrons --units plasma --species "e:T=$te" --species "p:n=$ne,T=$te" --degree 31 \
        --format csv | tail -1 |
        awk -F, -v row="qlb_hydrogen,1,$ne,$te," 'BEGIN {OFS=","} {print row $1, $2, $3, $4, $5, $6, $7, $10, "-,-,-,-,-,-"}' >>"$TMP"
done
mv "$TMP" "$OUT"
trap - EXIT
