/* transport.c — viscosity, heat conductivity and Prandtl number from the
 * rotation blocks of L (see qlb/transport.h): mu = [L_2^-1]_00 and
 * kappa = (d+2)/2 [L_1'^-1]_00, L_1' the block l = 1 without its invariant
 * row n = 0, each by a Cholesky solve (LAPACK dposv). */
#include "qlb/transport.h"
#include "core/error.h"
#include "operator/linear_operator.h"

#include <lapacke.h>
#include <stdlib.h>

/* x_0 of the solution of B x = e_0, B the block l on the complement. */
static qlb_status inverse_corner(const qlb_linop *L, int l, double *value)
{
    double *A = NULL;
    int m = 0;
    qlb_status st = qlb_linop_block_complement(L, l, &A, &m);
    if (st) return st;
    double *e = calloc((size_t)m, sizeof(double));
    if (!e) st = qlb_fail(QLB_ENOMEM, "transport: out of memory");
    if (!st) {
        e[0] = 1;
        int info = LAPACKE_dposv(LAPACK_ROW_MAJOR, 'U', m, 1, A, m, e, 1);
        if (info)
            st = qlb_fail(QLB_ELAPACK, "transport: block l = %d is not positive definite on the "
                                       "complement of the invariants (dposv info %d)", l, info);
        else *value = e[0];
    }
    free(A);
    free(e);
    return st;
}

qlb_status qlb_transport_coefficients(const qlb_linop *L, qlb_transport *out)
{
    const qlb_params *p = qlb_linop_params(L);
    if (qlb_linop_form(L) != QLB_FORM_COLLISION)
        return qlb_fail(QLB_EINVAL, "transport: needs the collision operator, not a norm");
    if (p->degree < 3)
        return qlb_fail(QLB_EINVAL, "transport coefficients need degree >= 3 (got %d): the "
                                    "heat-flux source has degree 3", p->degree);
    double mu, heat;
    qlb_status st = inverse_corner(L, 2, &mu);
    if (!st) st = inverse_corner(L, 1, &heat);
    if (st) return st;
    double cp = (p->dim + 2) / 2.0;
    out->viscosity = mu;
    out->heat_conductivity = cp * heat;
    out->prandtl = cp * mu / out->heat_conductivity;
    return QLB_OK;
}
