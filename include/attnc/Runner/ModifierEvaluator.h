//===- ModifierEvaluator.h - float64 evaluation of mod regions --*- C++ -*-===//
//
// Evaluates a score_mod or mask_mod region of an attention op in float64 for
// the reference: the region is compiled once into a list of steps over value
// slots, then run for every (b, h, q_pos, kv_pos). Scalars of every type
// (f32, index, i1, ...) are held as doubles, which represent them exactly.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNNER_MODIFIEREVALUATOR_H
#define ATTNC_RUNNER_MODIFIEREVALUATOR_H

#include "attnc/Runner/HostBuffer.h"

#include "mlir/IR/Region.h"
#include "mlir/Support/LogicalResult.h"

#include <functional>
#include <memory>

namespace attnc::runner {

class ModifierEvaluator {
public:
  /// Compiles `region`: its first `numLeading` block arguments are scalars
  /// given to evaluate(), the rest are the op's captures, bound to
  /// `captures`. Fails with `error` naming an op the evaluator cannot run.
  static mlir::FailureOr<ModifierEvaluator>
  compile(mlir::Region &region, unsigned numLeading,
          llvm::ArrayRef<const HostBuffer *> captures, std::string &error);

  /// Runs the region on the leading scalar arguments and returns the yielded
  /// value (a score, or 0/1 for a mask decision).
  double evaluate(llvm::ArrayRef<double> leading) const;

private:
  using Step = std::function<void(double *slots)>;
  std::vector<Step> steps;
  unsigned numSlots = 0;
  unsigned numLeading = 0;
  unsigned resultSlot = 0;
};

} // namespace attnc::runner

#endif // ATTNC_RUNNER_MODIFIEREVALUATOR_H
