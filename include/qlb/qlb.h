/* qlb/qlb.h — umbrella header of libqlb, the spectral Hermite–Galerkin
 * solver for the quantum Lenard–Balescu equation near equilibrium. */
#ifndef QLB_QLB_H
#define QLB_QLB_H

#include "qlb/basis.h"
#include "qlb/burnett.h"
#include "qlb/convergence.h"
#include "qlb/dielectric.h"
#include "qlb/evolve.h"
#include "qlb/initial.h"
#include "qlb/io.h"
#include "qlb/linop.h"
#include "qlb/moments.h"
#include "qlb/observe.h"
#include "qlb/params.h"
#include "qlb/plasma.h"
#include "qlb/potential.h"
#include "qlb/quadratic.h"
#include "qlb/species.h"
#include "qlb/spectrum.h"
#include "qlb/study.h"
#include "qlb/status.h"
#include "qlb/textfile.h"
#include "qlb/threads.h"
#include "qlb/transport.h"
#include "qlb/version.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif
