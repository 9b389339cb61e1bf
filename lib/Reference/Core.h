//===- Core.h - Scores, softmax, output, LSE (SPEC §2, §4 out) --*- C++ -*-===//

#ifndef ATTNC_LIB_REFERENCE_CORE_H
#define ATTNC_LIB_REFERENCE_CORE_H

#include "Views.h"
#include "Visibility.h"

namespace attnc::ref::detail {

/// Evaluates query head h of sequence b (SPEC §2, with §5.4 when the op has
/// skip-softmax): writes its out rows (unquantised) and LSE into `result`,
/// whose out is pre-set to 0 and LSE to -inf. `keys` holds the dequantised
/// keys of kv head h / G, Lk_b rows of D.
void evaluateHead(const Problem &p, const Geometry &g, const Operands &ops,
                  const Visibility &vis, int64_t b, int64_t h,
                  const std::vector<double> &keys, Result &result);

/// SPEC §4 int8 output over every output element.
void quantiseOutput(const Problem &p, const Geometry &g, const Operands &ops,
                    Result &result);

} // namespace attnc::ref::detail

#endif // ATTNC_LIB_REFERENCE_CORE_H
