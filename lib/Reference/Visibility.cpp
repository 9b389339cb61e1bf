//===- Visibility.cpp - Which keys a query sees (SPEC §2 step 6, §5) ------===//

#include "Visibility.h"

#include <algorithm>

namespace attnc::ref::detail {

void Visibility::markBlockList(const IntArray &num, const IntArray &idx,
                               int64_t b, int64_t h, int64_t qBlock,
                               uint8_t value,
                               std::vector<uint8_t> &cls) const {
  // Size-1 batch/head dims broadcast (SPEC §5.1).
  const auto &ns = num.shape, &is = idx.shape;
  if (qBlock >= ns[2])
    return;
  int64_t count = num.data[((ns[0] == 1 ? 0 : b) * ns[1] +
                            (ns[1] == 1 ? 0 : h)) *
                               ns[2] +
                           qBlock];
  int64_t row = (((is[0] == 1 ? 0 : b) * is[1] + (is[1] == 1 ? 0 : h)) *
                     is[2] +
                 qBlock) *
                is[3];
  count = std::min(count, is[3]);
  for (int64_t t = 0; t < count; ++t) {
    int64_t kb = idx.data[row + t];
    // An index past this (shorter) sequence selects nothing.
    if (kb >= 0 && kb < static_cast<int64_t>(cls.size()))
      cls[kb] = std::max(cls[kb], value); // full wins over partial
  }
}

int64_t Visibility::blockClasses(int64_t b, int64_t h, int64_t i,
                                 std::vector<uint8_t> &cls) const {
  const SeqInfo &s = g_.seqs[b];
  if (const auto *bm = std::get_if<BlockMaskSparsity>(&p_.sparsity)) {
    cls.assign(ceilDiv(s.lk, bm->bk), kHidden);
    int64_t qBlock = i / bm->bq; // query index, not position
    markBlockList(*p_.kvNumBlocks, *p_.kvIndices, b, h, qBlock, kPartial, cls);
    if (p_.fullKvNumBlocks)
      markBlockList(*p_.fullKvNumBlocks, *p_.fullKvIndices, b, h, qBlock, kFull,
                    cls);
    return bm->bk;
  }
  if (const auto *ts = std::get_if<TriShapeSparsity>(&p_.sparsity)) {
    int64_t bk = g_.triShapeBk, pos = s.pos(i);
    if (pos >= s.promptLen - ts->nDenseTail)
      return 0; // dense tail: every causal key
    cls.assign(ceilDiv(s.lk, bk), kHidden);
    int64_t f = floorDiv(pos, bk);
    for (int64_t kb = 0; kb < static_cast<int64_t>(cls.size()); ++kb)
      if (kb < ts->nRetainedStart / bk ||
          (f - ts->nRetainedRecent / bk <= kb && kb <= f))
        cls[kb] = kPartial;
    return bk;
  }
  if (const auto *xa = std::get_if<XAttentionSparsity>(&p_.sparsity)) {
    cls.assign(ceilDiv(s.lk, xa->block), kHidden);
    int64_t qBlock = i / xa->block;
    for (int64_t kb = 0; kb < static_cast<int64_t>(cls.size()); ++kb)
      if (xsel_ && xsel_->kept(b, h, qBlock, kb))
        cls[kb] = kPartial;
    return xa->block;
  }
  return 0;
}

void Visibility::row(int64_t b, int64_t h, int64_t i,
                     std::vector<uint8_t> &vis) const {
  const SeqInfo &s = g_.seqs[b];
  vis.assign(s.lk, 0);
  if (s.zeroed)
    return;
  const int64_t pos = s.pos(i);
  // Tri-shape is causal by itself (SPEC §5.2); XAttention requires causal.
  const bool causal =
      p_.causal || std::holds_alternative<TriShapeSparsity>(p_.sparsity);
  std::vector<uint8_t> cls;
  const int64_t bk = blockClasses(b, h, i, cls);
  for (int64_t j = 0; j < s.lk; ++j) {
    if (causal && j > pos)
      continue;
    // Sink keys are exempt from the window only.
    if (j >= p_.numSink) {
      if (p_.windowLeft >= 0 && j < pos - p_.windowLeft)
        continue;
      if (p_.windowRight >= 0 && j > pos + p_.windowRight)
        continue;
    }
    uint8_t c = bk ? cls[j / bk] : static_cast<uint8_t>(kPartial);
    if (c == kHidden)
      continue;
    if (c != kFull) { // full blocks skip the element mask and mask_mod only
      if (!ops_.maskKeeps(b, h, i, j))
        continue;
      if (p_.maskMod && !p_.maskMod(b, h, pos, j))
        continue;
    }
    vis[j] = 1;
  }
}

} // namespace attnc::ref::detail
