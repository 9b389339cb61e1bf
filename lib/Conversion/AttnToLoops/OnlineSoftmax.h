//===- OnlineSoftmax.h - the running-max step, once for all targets -*- C++
//-*-===//
//
// The online-softmax step every target applies per row and KV block: from
// the running max and the block's max, the new max, the reference the
// scores are reduced by before exponentiation, and the rescale factor of the
// running sum and output. Works on f32 scalars (GPU fragments) and f32
// vectors (CPU lanes over rows) alike.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_CONVERSION_ATTNTOLOOPS_ONLINESOFTMAX_H
#define ATTNC_LIB_CONVERSION_ATTNTOLOOPS_ONLINESOFTMAX_H

#include "mlir/IR/ImplicitLocOpBuilder.h"

#include <limits>

namespace attnc::lowering {

/// The running max before any key, and log2(e) for base-2 softmax weights.
constexpr double kNegInf = -std::numeric_limits<double>::infinity();
constexpr double kLog2E = 1.4426950408889634;

struct SoftmaxStep {
  mlir::Value mNew;  // max(mOld, blockMax), NaN-propagating
  mlir::Value ref;   // mNew, or 0 for a row that has seen nothing
  mlir::Value alpha; // base^(mOld - ref): 0 when mOld = -inf
};

/// With `base2`, scores and maxima are in base-2 units (p = 2^(s - ref));
/// otherwise natural (p = e^(s - ref)). A row whose max is still -inf keeps
/// an empty state instead of computing -inf - -inf.
SoftmaxStep onlineSoftmaxStep(mlir::ImplicitLocOpBuilder &b, mlir::Value mOld,
                              mlir::Value blockMax, bool base2);

/// base^(x - ref), the probability of score x.
mlir::Value softmaxWeight(mlir::ImplicitLocOpBuilder &b, mlir::Value x,
                          mlir::Value ref, bool base2);

} // namespace attnc::lowering

#endif // ATTNC_LIB_CONVERSION_ATTNTOLOOPS_ONLINESOFTMAX_H
