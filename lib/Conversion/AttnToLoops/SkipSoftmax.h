//===- SkipSoftmax.h - skip-softmax thresholds, once for all targets -*- C++ -*-===//
//
// SPEC §5.4's threshold of a sequence, which every target compares a KV
// block's row maxima against: the decode threshold for a sequence of one
// query, else the prefill one; a calibrated threshold is a exp(b S*) / Lk.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_CONVERSION_ATTNTOLOOPS_SKIPSOFTMAX_H
#define ATTNC_LIB_CONVERSION_ATTNTOLOOPS_SKIPSOFTMAX_H

#include "FamilyAccess.h"

#include "attnc/Dialect/Attn/IR/Attn.h"

namespace attnc::lowering {

/// lambda (f32) of sequence `seq`.
Value skipThreshold(ImplicitLocOpBuilder &b, attn::SkipSoftmaxAttr skip,
                    const Sequence &seq);

} // namespace attnc::lowering

#endif // ATTNC_LIB_CONVERSION_ATTNTOLOOPS_SKIPSOFTMAX_H
