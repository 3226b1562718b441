/* example.c — the README's C example: the spectral gap of L_hbar. */
#include <qlb/qlb.h>
#include <stdio.h>

int main(void)
{
    qlb_potential *pot;
    qlb_linop *L;
    qlb_params p = qlb_params_default(); /* d = 3, N = 8, hbar = 1, screened */
    if (qlb_potential_parse("algebraic:A=1,p=2", &pot)) return 2;
    p.potential = pot;
    if (qlb_linop_create(&p, &L)) { fprintf(stderr, "%s\n", qlb_last_error()); return 1; }
    double gap;
    int l;
    if (qlb_spectrum_gap(L, &gap, &l)) { fprintf(stderr, "%s\n", qlb_last_error()); return 1; }
    printf("qlb %s: gap %.15g (l = %d)\n", QLB_VERSION, gap, l);
    qlb_linop_free(L);
    qlb_potential_free(pot);
    return 0;
}
