// example.cpp — the whole public API included from C++ (extern "C",
// no C99 complex types visible), and one call through it.
#include <qlb/qlb.h>

#include <iostream>

int main()
{
    qlb_potential *pot = nullptr;
    if (qlb_potential_parse("gaussian:A=2,s=1", &pot) != QLB_OK) return 2;
    qlb_params p = qlb_params_default();
    p.potential = pot;
    p.degree = 4;
    qlb_linop *L = nullptr;
    if (qlb_linop_create(&p, &L) != QLB_OK) return 1;
    double gap = 0;
    int l = 0;
    qlb_status st = qlb_spectrum_gap(L, &gap, &l);
    std::cout << "C++: gap " << gap << " (l = " << l << ")\n";
    qlb_linop_free(L);
    qlb_potential_free(pot);
    return st == QLB_OK ? 0 : 1;
}
