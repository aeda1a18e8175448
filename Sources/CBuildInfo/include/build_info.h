#ifndef DEPLOYER_BUILD_INFO_H
#define DEPLOYER_BUILD_INFO_H

/// The git commit the binary was built from, as `scripts/install` passes it to the C compiler
/// (`-Xcc -DDEPLOYER_COMMIT="..."`); "unknown" for a plain `swift build`.
const char *deployer_build_commit(void);

#endif
