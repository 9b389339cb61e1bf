//===- RandomInputs.h - valid random arguments for any function -*- C++ -*-===//
//
// Generates arguments for a function whose arguments feed attention ops:
// per-sequence lengths are drawn first (respecting every static dim of the
// argument types), then each argument is made for its role: random q/k/v,
// consistent cu_seqlens, shuffled block tables with garbage in unused
// entries, context lengths, masks, scales, block lists. Same seed, same
// inputs.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNNER_RANDOMINPUTS_H
#define ATTNC_RUNNER_RANDOMINPUTS_H

#include "attnc/Runner/HostBuffer.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <vector>

namespace attnc::runner {

struct RandomInputOptions {
  uint64_t seed = 1;
  /// Sequences per batch where no static dim fixes it.
  int64_t batch = 3;
  /// Longest query count per sequence (varlen/paged prefill; dense Sq).
  int64_t queryLength = 40;
  /// Longest key count per sequence beyond its queries.
  int64_t extraKeyLength = 80;
  /// Every sequence gets exactly queryLength queries and extraKeyLength more
  /// keys (benchmarks), instead of random lengths up to them.
  bool exactLengths = false;
  /// Make sequence 1 empty of queries and sequence 2 of keys (varlen,
  /// paged prefill) where the static shapes allow.
  bool emptySequences = false;
  /// Query count of each sequence (varlen, paged prefill), overriding
  /// batch and queryLength when given.
  std::vector<int64_t> queryLengths;
  /// NaN at this many random places of V (a float V or V cache; anywhere
  /// in it: in masked keys, past the sequences, in unused pages), to check
  /// that it reaches only the rows that see it (SPEC §2 step 8).
  int64_t nanValues = 0;
  /// Likewise +inf and -inf (in turn) at this many random places of V.
  int64_t infValues = 0;
};

/// One buffer per argument of `func`. Fails with `error` naming an argument
/// that is not an attention operand or whose static shape cannot be met.
mlir::FailureOr<llvm::SmallVector<HostBuffer>>
generateRandomInputs(mlir::func::FuncOp func, const RandomInputOptions &options,
                     std::string &error);

} // namespace attnc::runner

#endif // ATTNC_RUNNER_RANDOMINPUTS_H
