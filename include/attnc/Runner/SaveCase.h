//===- SaveCase.h - a run's inputs and reference as files -------*- C++ -*-===//
//
// attn-run --save-case=DIR writes everything needed to check a kernel on a
// machine without MLIR (the GPU machine): every input as .npy, the float64
// reference results as .npy, and case.json, which names the function, each
// argument's role, file, element type and shape, each result's file, shape
// and SPEC §7 comparison rule, the attention ops' family and attributes,
// and the attn-run command line that made it.
//
// Types NumPy lacks are stored as their raw bits: bf16 and f16 as uint16,
// fp8 as uint8 (case.json records the real element type); i1 as bool.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNNER_SAVECASE_H
#define ATTNC_RUNNER_SAVECASE_H

#include "attnc/Runner/HostBuffer.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace attnc::runner {

struct SaveCaseInfo {
  /// The attn-run command line, recorded as given.
  std::string commandLine;
  /// Where the inputs came from: "random, seed N" or "files".
  std::string inputSource;
};

/// Writes `inputs` (one per argument of `func`) and `reference` (the float64
/// reference's results, one per result of `func`) into `dir` (created if
/// needed) with case.json. On failure sets `error`.
mlir::LogicalResult saveCase(llvm::StringRef dir, mlir::func::FuncOp func,
                             llvm::ArrayRef<HostBuffer> inputs,
                             llvm::ArrayRef<HostBuffer> reference,
                             const SaveCaseInfo &info, std::string &error);

} // namespace attnc::runner

#endif // ATTNC_RUNNER_SAVECASE_H
