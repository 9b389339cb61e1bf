//===- Header.h - the C header of a compiled kernel library -----*- C++ -*-===//

#ifndef ATTNC_TARGET_CPU_HEADER_H
#define ATTNC_TARGET_CPU_HEADER_H

#include "attnc/Target/CPU/KernelInfo.h"

#include "llvm/Support/raw_ostream.h"

namespace attnc::cpu {

/// Writes a C header for `kernels`: memref descriptor typedefs per rank,
/// then per kernel the `_mlir_ciface_<f>` prototype with a comment per
/// argument (role, type), the packed entry `attnc_<f>_packed`, the
/// `attnc_<f>_signature` JSON accessor and its workspace note, and
/// `attnc_rt_last_error`. `guard` names the include guard.
void emitKernelHeader(llvm::ArrayRef<KernelInfo> kernels,
                      llvm::StringRef guard, llvm::raw_ostream &os);

} // namespace attnc::cpu

#endif // ATTNC_TARGET_CPU_HEADER_H
