/* labels.c — basis labels for exports: Cartesian multi-indices or n,l,m. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Labels: multi-indices (Cartesian) or n,l,m (spherical). */
int *cli_basis_labels(const qlb_basis *b, int cartesian, qlb_io_labels *lab, char *header,
                        size_t hlen)
{
    size_t nb = qlb_basis_size(b);
    int d = qlb_basis_dim(b), cols = cartesian ? d : 3;
    int *v = malloc(nb * (size_t)cols * sizeof(int));
    if (!v) return NULL;
    for (size_t i = 0; i < nb; i++) {
        if (cartesian)
            memcpy(v + i * cols, qlb_basis_multi_index(b, i), (size_t)d * sizeof(int));
        else
            qlb_basis_spherical_label(b, i, v + i * 3, v + i * 3 + 1, v + i * 3 + 2);
    }
    header[0] = '\0';
    if (cartesian)
        for (int k = 0; k < d; k++)
            snprintf(header + strlen(header), hlen - strlen(header), "%si%d", k ? "," : "", k + 1);
    else
        snprintf(header, hlen, "n,l,m");
    *lab = (qlb_io_labels){nb, cols, v, header};
    return v;
}
