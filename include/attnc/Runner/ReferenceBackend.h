//===- ReferenceBackend.h - run attention ops on the reference --*- C++ -*-===//
//
// Translates an attention op and its operand values into a float64
// reference problem (lib/Reference), evaluates it and returns the op's
// results rounded to their element types.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNNER_REFERENCEBACKEND_H
#define ATTNC_RUNNER_REFERENCEBACKEND_H

#include "attnc/Dialect/Attn/IR/Attn.h"
#include "attnc/Runner/HostBuffer.h"

namespace attnc::runner {

/// Statistics the reference reports next to the results.
struct ReferenceStats {
  int64_t skippedTiles = 0, visitedTiles = 0;
};

/// Evaluates `op` on `operands` (one per op operand, in order). `results`
/// gets one buffer per op result. On a bad runtime argument (SPEC §6) or an
/// unsupported modifier, fails with `error` naming the operand.
mlir::LogicalResult
runOnReference(attn::AttentionOpInterface op,
               llvm::ArrayRef<const HostBuffer *> operands,
               llvm::SmallVectorImpl<HostBuffer> &results, ReferenceStats &stats,
               std::string &error, bool checkArguments = true);

} // namespace attnc::runner

#endif // ATTNC_RUNNER_REFERENCEBACKEND_H
