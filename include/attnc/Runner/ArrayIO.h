//===- ArrayIO.h - reading and writing attn-run arguments -------*- C++ -*-===//
//
// The `iree-run-module` conventions: `@file.npy` (NumPy .npy, version 1-3),
// `SHAPExTYPE=@file.bin` (raw little-endian elements, for types NumPy lacks:
// bf16, f8E4M3FN, f8E5M2) and `SHAPExTYPE=v0,v1,...` (inline values, one
// value splats).
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNNER_ARRAYIO_H
#define ATTNC_RUNNER_ARRAYIO_H

#include "attnc/Runner/HostBuffer.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LogicalResult.h"

namespace attnc::runner {

/// Parses one `--input` value. On failure sets `error`.
mlir::FailureOr<HostBuffer> parseInputSpec(llvm::StringRef spec,
                                           mlir::MLIRContext *context,
                                           std::string &error);

/// Whether a result of `elementType` can be written to `path`: it must end
/// in `.bin`, or in `.npy` for a type NumPy has (not bf16/fp8). On failure
/// sets `error`.
mlir::LogicalResult checkOutputPath(llvm::StringRef path,
                                    mlir::Type elementType,
                                    std::string &error);

/// Writes `buffer` to `path`: `.npy` for types NumPy has, raw bytes for
/// `.bin`; checks checkOutputPath first and leaves the file untouched if it
/// fails. On failure sets `error`.
mlir::LogicalResult writeBuffer(const HostBuffer &buffer, llvm::StringRef path,
                                std::string &error);

/// Writes a version-1 .npy file of NumPy dtype `descr` ("<f8", "<u2", ...)
/// holding `payload` (the elements' little-endian bytes, row-major). On
/// failure sets `error`.
mlir::LogicalResult writeNpy(llvm::StringRef path, llvm::StringRef descr,
                             llvm::ArrayRef<int64_t> shape,
                             llvm::StringRef payload, std::string &error);

} // namespace attnc::runner

#endif // ATTNC_RUNNER_ARRAYIO_H
