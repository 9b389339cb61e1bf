//===- Link.h - linking kernel libraries with the C++ driver ----*- C++ -*-===//

#ifndef ATTNC_LIB_TARGET_CPU_LINK_H
#define ATTNC_LIB_TARGET_CPU_LINK_H

#include "attnc/Target/CPU/Compile.h"

namespace attnc::cpu {

/// Links `objectPath` into the shared library `outputPath` with the kernel
/// runtime archives, libstdc++ and libm (and libomp if `openmp`). On failure
/// sets `error` (with the driver's own messages).
bool linkSharedLibrary(llvm::StringRef objectPath, llvm::StringRef outputPath,
                       bool openmp, const CpuCompileOptions &options,
                       std::string &error);

} // namespace attnc::cpu

#endif // ATTNC_LIB_TARGET_CPU_LINK_H
