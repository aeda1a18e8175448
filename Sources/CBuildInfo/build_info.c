#include "build_info.h"

// A C macro is the one compile-time value SwiftPM can pass in from its command line without
// generating a file in the source tree; Swift's -D flags carry no value.
#ifndef DEPLOYER_COMMIT
#define DEPLOYER_COMMIT "unknown"
#endif

const char *deployer_build_commit(void) { return DEPLOYER_COMMIT; }
