/* convergence.c — the convergence assessment of qlb/convergence.h: last
 * change, local exponent, and the power-law tail of the last three
 * differences (least squares in log-log). */
#include "qlb/convergence.h"
#include "internal.h"

#include <math.h>

/* Exponent s of |delta| ~ N^-s fitted on the last three differences; the
 * differences are treated as 0 below 1e-13 |v| (rounding). */
static double difference_decay(const int *N, const double *v, int k, double scale)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int j = k - 3; j < k; j++) {
        double x = log(N[j + 1]), y = log(fmax(fabs(v[j + 1] - v[j]), 1e-13 * scale));
        sx += x, sy += y, sxx += x * x, sxy += x * y;
    }
    return -(3 * sxy - sx * sy) / (3 * sxx - sx * sx);
}

qlb_status qlb_convergence_assess(const int *degrees, const double *values, int count,
                                  double tol, qlb_convergence *out)
{
    if (count < 1) return qlb_fail(QLB_EINVAL, "convergence: no values");
    for (int j = 0; j < count; j++)
        if (!isfinite(values[j])) return qlb_fail(QLB_EINVAL, "convergence: value not finite");
    int k = count - 1;
    double v = values[k], scale = fabs(v);
    out->value = v;
    out->previous = k ? values[k - 1] : NAN;
    out->change = k ? fabs(v - values[k - 1]) / scale : NAN;
    out->exponent = k ? log(fabs(v / values[k - 1])) / log((double)degrees[k] / degrees[k - 1])
                      : NAN;
    out->error = NAN;
    if (k >= 3) {
        double delta = fabs(v - values[k - 1]), s = difference_decay(degrees, values, k, scale);
        int h = degrees[k] - degrees[k - 1];
        if (delta <= 1e-13 * scale) out->error = delta / scale;
        else out->error = s > 1 ? delta * degrees[k] / (h * (s - 1)) / scale : INFINITY;
    }
    out->converged = out->error <= tol;
    return QLB_OK;
}
