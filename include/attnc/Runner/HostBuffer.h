//===- HostBuffer.h - tensors held on the host as exact values --*- C++ -*-===//
//
// attn-run keeps every tensor as float64 values plus its MLIR element type:
// every element type attnc takes (f16, bf16, f32, fp8, i1, i8, i32, i64) is
// exactly representable in float64, so inputs reach the reference at their
// exact values and outputs are rounded once, to the result's element type.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNNER_HOSTBUFFER_H
#define ATTNC_RUNNER_HOSTBUFFER_H

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/SmallVector.h"

#include <string>
#include <vector>

namespace attnc::runner {

struct HostBuffer {
  llvm::SmallVector<int64_t> shape;
  mlir::Type elementType;
  std::vector<double> values;

  int64_t numElements() const;
  /// "4x8x64xf16"
  std::string describe() const;
};

/// Rounds `value` to the nearest value of `elementType` (ties to even for
/// floats; saturating for integers; NaN for floats without it maps as
/// APFloat does).
double roundToElementType(double value, mlir::Type elementType);

/// Whether attn-run can hold elements of this type.
bool isSupportedElementType(mlir::Type elementType);

/// Formats a shape and element type as "4x?x64xf16" for messages.
std::string describeType(llvm::ArrayRef<int64_t> shape, mlir::Type elementType);

/// Formats an op's location for messages as "file.mlir:12:5" (the first
/// file location within `loc`), or as MLIR prints it when it has none.
std::string describeLocation(mlir::Location loc);

} // namespace attnc::runner

#endif // ATTNC_RUNNER_HOSTBUFFER_H
