/* collision_invariants.h — where the collision invariants sit in the
 * spherical basis: sqrt M and |v|^2 sqrt M are n = 0, 1 of block l = 0,
 * v sqrt M is n = 0 of block l = 1. */
#ifndef QLB_BASIS_COLLISION_INVARIANTS_H
#define QLB_BASIS_COLLISION_INVARIANTS_H

/* Number of invariants among the radial functions of block l. */
static inline int qlb_invariants_in_block(int l) { return l == 0 ? 2 : l == 1 ? 1 : 0; }

#endif
