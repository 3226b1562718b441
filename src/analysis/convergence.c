/* convergence.c — the convergence assessment of qlb/convergence.h: last
 * change, local exponent, and the power-law tail of the last three
 * differences (least squares in log-log), never below the noise level of
 * the values themselves. */
#include "qlb/convergence.h"
#include "core/error.h"

#include <math.h>

/* Differences below NOISE_BAND x noise that do not decay are the noise band
 * of the values (kernel accuracy), not a trend: the error is their sum. */
#define NOISE_BAND 1e3

/* Exponent s of |delta| ~ N^-s fitted on the last three differences, each
 * raised to the noise level `floor` first. */
static double difference_decay(const int *N, const double *v, int k, double floor)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int j = k - 3; j < k; j++) {
        double x = log(N[j + 1]), y = log(fmax(fabs(v[j + 1] - v[j]), floor));
        sx += x, sy += y, sxx += x * x, sxy += x * y;
    }
    return -(3 * sxy - sx * sy) / (3 * sxx - sx * sx);
}

qlb_status qlb_convergence_assess(const int *degrees, const double *values, int count,
                                  double tol, double noise, qlb_convergence *out)
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
        double delta = fabs(v - values[k - 1]), floor = noise * scale, band = 0;
        double s = difference_decay(degrees, values, k, floor);
        int h = degrees[k] - degrees[k - 1], small = 1;
        for (int j = k - 3; j < k; j++) {
            double dj = fabs(values[j + 1] - values[j]);
            band += dj;
            small &= dj <= NOISE_BAND * floor;
        }
        if (delta <= floor) out->error = noise;
        else if (s > 1) out->error = fmax(delta * degrees[k] / (h * (s - 1)) / scale, noise);
        else out->error = small ? band / scale : INFINITY;
    }
    out->converged = out->error <= tol;
    return QLB_OK;
}
