//===- EntryPoints.h - per-kernel C entry points in LLVM IR -----*- C++ -*-===//

#ifndef ATTNC_LIB_TARGET_CPU_ENTRYPOINTS_H
#define ATTNC_LIB_TARGET_CPU_ENTRYPOINTS_H

#include "attnc/Target/CPU/KernelInfo.h"

#include "llvm/IR/Module.h"

namespace attnc::cpu {

/// Adds, per kernel, `int32_t attnc_<f>_packed(void **args)` (which loads
/// the descriptor pointers and the int32 check flag from `args` and calls
/// `_mlir_ciface_<f>`) and `const char *attnc_<f>_signature(void)`. Fails
/// with `error` if a kernel has no `_mlir_ciface_<f>`.
bool addEntryPoints(llvm::Module &module, llvm::ArrayRef<KernelInfo> kernels,
                    std::string &error);

} // namespace attnc::cpu

#endif // ATTNC_LIB_TARGET_CPU_ENTRYPOINTS_H
