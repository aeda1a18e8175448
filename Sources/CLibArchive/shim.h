#ifndef DEPLOYER_CLIBARCHIVE_SHIM_H
#define DEPLOYER_CLIBARCHIVE_SHIM_H

#include <archive.h>
#include <archive_entry.h>

#endif
