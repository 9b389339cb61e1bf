//===- Comparison.h - a compiled result against the reference ---*- C++ -*-===//
//
// SPEC §7: relative Frobenius error ||out - ref|| / ||ref|| per result
// (f32 1e-5, f16 2e-3, bf16 1e-2), NaN positions must coincide and are then
// left out, and when ref is all zero out must be too; LSE by absolute error
// (1e-3, equal infinities equal); int8 output within 1 elementwise. Other
// integer results (XAttention selections, skip-softmax counts) may differ at
// near-threshold decisions, which only the reference can see: they are
// reported, not judged.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNNER_COMPARISON_H
#define ATTNC_RUNNER_COMPARISON_H

#include "attnc/Runner/HostBuffer.h"

#include "llvm/Support/raw_ostream.h"

namespace attnc::runner {

struct Comparison {
  /// "relative error", "absolute error", "max difference", "mismatches".
  std::string metric;
  double error = 0;
  /// Negative when the result is reported but not judged.
  double tolerance = 0;
  bool pass = true;
  /// Why it failed beyond the number (NaN positions, infinities), or "".
  std::string note;
};

/// Compares result `name` ("out", "lse", ...) of a compiled backend with
/// the reference's. Shapes and element types must match (else a failure
/// saying so).
Comparison compareWithReference(const HostBuffer &out, const HostBuffer &ref,
                                llvm::StringRef name);

/// Compares every result with the reference's and prints one line each
/// ("check #0 out relative error 3e-07 <= 1e-05: ok"), only the failures if
/// `onlyFailures`. Returns whether all passed.
bool reportComparisons(llvm::ArrayRef<HostBuffer> outputs,
                       llvm::ArrayRef<HostBuffer> reference,
                       llvm::ArrayRef<std::string> names,
                       llvm::raw_ostream &os, bool onlyFailures = false);

} // namespace attnc::runner

#endif // ATTNC_RUNNER_COMPARISON_H
