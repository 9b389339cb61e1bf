//===- XAttention.h - SPEC §5.3 antidiagonal block selection ----*- C++ -*-===//

#ifndef ATTNC_LIB_REFERENCE_XATTENTION_H
#define ATTNC_LIB_REFERENCE_XATTENTION_H

#include "Views.h"

namespace attnc::ref::detail {

/// The kept (q-block, k-block) pairs of every (sequence, query head).
struct XSelection {
  int64_t Hq = 0;
  std::vector<int64_t> nQB, nKB;          // per sequence
  std::vector<std::vector<uint8_t>> keep; // [b * Hq + h]: nQB[b] x nKB[b]
  bool kept(int64_t b, int64_t h, int64_t qBlock, int64_t kBlock) const {
    if (qBlock >= nQB[b] || kBlock >= nKB[b])
      return false;
    return keep[b * Hq + h][qBlock * nKB[b] + kBlock] != 0;
  }
};

/// Runs the selection of SPEC §5.3 in float64 for every sequence and head.
XSelection selectXAttention(const Geometry &g, const Operands &ops,
                            const XAttentionSparsity &xa);

/// Writes the selection into result.selectedNumBlocks / selectedIndices in
/// the block-mask form of SPEC §5.1 (indices ascending, unused -1).
void exportSelection(const XSelection &sel, const Geometry &g, int64_t block,
                     Result &result);

} // namespace attnc::ref::detail

#endif // ATTNC_LIB_REFERENCE_XATTENTION_H
