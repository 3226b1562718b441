/* limits.h — the largest problems the library accepts. */
#ifndef QLB_CORE_LIMITS_H
#define QLB_CORE_LIMITS_H

/* Largest supported Hermite degree (quadrature rules stay well inside the
 * range of double precision up to here). */
#define QLB_MAX_DEGREE 160

/* Largest supported dimension. */
#define QLB_MAX_DIM 64

#endif
