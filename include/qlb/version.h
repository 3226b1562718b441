/* qlb/version.h — library version. */
#ifndef QLB_VERSION_H
#define QLB_VERSION_H

#define QLB_VERSION "0.1.0"

#endif
