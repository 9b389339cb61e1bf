//===- Visibility.h - Which keys a query sees (SPEC §2 step 6) --*- C++ -*-===//

#ifndef ATTNC_LIB_REFERENCE_VISIBILITY_H
#define ATTNC_LIB_REFERENCE_VISIBILITY_H

#include "Views.h"
#include "XAttention.h"

namespace attnc::ref::detail {

/// Causal, window, sink, element mask, mask_mod and the sparsity pattern
/// (block mask, tri-shape, XAttention selection), all in logical coordinates.
class Visibility {
public:
  Visibility(const Problem &p, const Geometry &g, const Operands &ops,
             const XSelection *xsel)
      : p_(p), g_(g), ops_(ops), xsel_(xsel) {}

  /// vis[j] = 1 iff key j (< Lk_b) is visible to query i of sequence b,
  /// query head h.
  void row(int64_t b, int64_t h, int64_t i, std::vector<uint8_t> &vis) const;

private:
  enum : uint8_t { kHidden = 0, kPartial = 1, kFull = 2 };
  /// Classifies the key blocks of the sparsity pattern for this row; returns
  /// the block size, or 0 when there is no pattern (every key partial).
  int64_t blockClasses(int64_t b, int64_t h, int64_t i,
                       std::vector<uint8_t> &cls) const;
  void markBlockList(const IntArray &num, const IntArray &idx, int64_t b,
                     int64_t h, int64_t qBlock, uint8_t value,
                     std::vector<uint8_t> &cls) const;

  const Problem &p_;
  const Geometry &g_;
  const Operands &ops_;
  const XSelection *xsel_;
};

} // namespace attnc::ref::detail

#endif // ATTNC_LIB_REFERENCE_VISIBILITY_H
