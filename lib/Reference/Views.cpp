//===- Views.cpp - Layout/family mapping and dequantisation ----------------===//

#include "Views.h"

#include <algorithm>

namespace attnc::ref::detail {

void buildSequences(const Problem &p, Geometry &g) {
  g.seqs.assign(g.B, SeqInfo{});
  for (int64_t b = 0; b < g.B; ++b) {
    SeqInfo &s = g.seqs[b];
    switch (g.family) {
    case Family::Varlen: {
      const auto &cq = p.cuSeqlensQ->data, &ck = p.cuSeqlensK->data;
      s.qRow0 = cq[b];
      s.lq = cq[b + 1] - cq[b];
      s.kRow0 = ck[b];
      s.lk = ck[b + 1] - ck[b];
      break;
    }
    case Family::Paged:
      if (p.cuSeqlensQ) {
        s.qRow0 = p.cuSeqlensQ->data[b];
        s.lq = p.cuSeqlensQ->data[b + 1] - s.qRow0;
      } else { // decode: one query per sequence
        s.qRow0 = b;
        s.lq = 1;
      }
      s.lk = p.contextLens->data[b];
      break;
    case Family::Dense: {
      s.lq = g.Sq;
      s.lk = p.actualSeqLengths ? p.actualSeqLengths->data[b] : g.Skv;
      if (p.kvPaddingSize) {
        // Valid keys are the len slots just before the n padding slots; a
        // range starting below slot 0 zeroes the sequence. Compared without
        // forming Skv - n - len, which could overflow for absurd values.
        const int64_t n = *p.kvPaddingSize;
        s.zeroed = s.lk == 0 || n > g.Skv || s.lk > g.Skv - n;
        s.slot0 = s.zeroed ? 0 : g.Skv - n - s.lk;
      } else {
        s.slot0 = 0;
        s.zeroed = s.lk == 0;
      }
      break;
    }
    }
    s.promptLen = p.promptLens ? p.promptLens->data[b] : s.lk;
    g.maxLq = std::max(g.maxLq, s.lq);
    // A zeroed dense sequence has no keys to speak of (its length may even
    // exceed Skv), so it does not size the exported XAttention selection.
    if (!s.zeroed)
      g.maxLk = std::max(g.maxLk, s.lk);
  }
}

double Operands::q(int64_t b, int64_t i, int64_t h, int64_t d) const {
  const SeqInfo &s = g_.seqs[b];
  int64_t idx = 0;
  switch (g_.family) {
  case Family::Varlen:
  case Family::Paged:
    idx = ((s.qRow0 + i) * g_.Hq + h) * g_.D + d;
    break;
  case Family::Dense:
    idx = p_.denseLayout == DenseLayout::BNSD
              ? ((b * g_.Hq + h) * g_.Sq + i) * g_.D + d
              : ((b * g_.Sq + i) * g_.Hq + h) * g_.D + d; // bsnd, bsh
    break;
  }
  return p_.q.data[idx];
}

int64_t Operands::kvIndex(int64_t b, int64_t j, int64_t hk, int64_t d,
                          int64_t dim) const {
  const SeqInfo &s = g_.seqs[b];
  switch (g_.family) {
  case Family::Varlen:
    return ((s.kRow0 + j) * g_.Hkv + hk) * dim + d;
  case Family::Paged: {
    int64_t ps = g_.pageSize;
    int64_t page = p_.blockTable->data[b * g_.maxPages + j / ps];
    int64_t slot = j % ps;
    switch (p_.cacheLayout) {
    case CacheLayout::NHD:
      return ((page * ps + slot) * g_.Hkv + hk) * dim + d;
    case CacheLayout::HND:
      return ((page * g_.Hkv + hk) * ps + slot) * dim + d;
    case CacheLayout::HPND:
      return ((hk * g_.numPages + page) * ps + slot) * dim + d;
    }
    return 0;
  }
  case Family::Dense: {
    int64_t slot = s.slot0 + j;
    return p_.denseLayout == DenseLayout::BNSD
               ? ((b * g_.Hkv + hk) * g_.Skv + slot) * dim + d
               : ((b * g_.Skv + slot) * g_.Hkv + hk) * dim + d;
  }
  }
  return 0;
}

int64_t Operands::tokenIndex(int64_t b, int64_t j) const {
  const SeqInfo &s = g_.seqs[b];
  switch (g_.family) {
  case Family::Varlen:
    return s.kRow0 + j;
  case Family::Paged:
    return p_.blockTable->data[b * g_.maxPages + j / g_.pageSize] *
               g_.pageSize +
           j % g_.pageSize;
  case Family::Dense:
    return b * g_.Skv + s.slot0 + j;
  }
  return 0;
}

int64_t Operands::keyColumn(int64_t b, int64_t j) const {
  return g_.family == Family::Dense ? g_.seqs[b].slot0 + j : j;
}

double Operands::dequant(const std::optional<Dequant> &dq, double x, int64_t b,
                         int64_t j, int64_t hk, int64_t d, int64_t dim) const {
  if (!dq)
    return x;
  int64_t idx = 0;
  switch (dq->granularity) {
  case Granularity::PerTensor:
    idx = 0;
    break;
  case Granularity::PerChannel:
    idx = hk * dim + d;
    break;
  case Granularity::PerToken:
    idx = tokenIndex(b, j);
    break;
  }
  double offset = dq->offset ? dq->offset->data[idx] : 0.0;
  return (x - offset) * dq->scale.data[idx];
}

double Operands::k(int64_t b, int64_t j, int64_t hk, int64_t d) const {
  return dequant(p_.kDequant, p_.k.data[kvIndex(b, j, hk, d, g_.D)], b, j, hk,
                 d, g_.D);
}

double Operands::v(int64_t b, int64_t j, int64_t hk, int64_t d) const {
  return dequant(p_.vDequant, p_.v.data[kvIndex(b, j, hk, d, g_.Dv)], b, j,
                 hk, d, g_.Dv);
}

double Operands::at4(const Array &a, int64_t b, int64_t h, int64_t i,
                     int64_t j) const {
  // Size-1 dims broadcast; validation guarantees the others are large enough.
  const auto &sh = a.shape;
  int64_t c = keyColumn(b, j);
  int64_t idx = (((sh[0] == 1 ? 0 : b) * sh[1] + (sh[1] == 1 ? 0 : h)) * sh[2] +
                 (sh[2] == 1 ? 0 : i)) *
                    sh[3] +
                (sh[3] == 1 ? 0 : c);
  return a.data[idx];
}

double Operands::bias(int64_t b, int64_t h, int64_t i, int64_t j) const {
  return p_.bias ? at4(*p_.bias, b, h, i, j) : 0.0;
}

bool Operands::maskKeeps(int64_t b, int64_t h, int64_t i, int64_t j) const {
  if (!p_.mask)
    return true;
  bool isTrue = at4(*p_.mask, b, h, i, j) != 0.0; // NaN counts as true
  return p_.maskPolarity == MaskPolarity::KeepIfTrue ? isTrue : !isTrue;
}

double Operands::alibiSlope(int64_t b, int64_t h) const {
  const Array &a = *p_.alibiSlopes;
  return a.shape.size() == 1 ? a.data[h] : a.data[b * g_.Hq + h];
}

std::vector<int64_t> Operands::outShape() const {
  if (g_.family != Family::Dense)
    return {g_.Tq, g_.Hq, g_.Dv};
  switch (p_.denseLayout) {
  case DenseLayout::BNSD:
    return {g_.B, g_.Hq, g_.Sq, g_.Dv};
  case DenseLayout::BSND:
    return {g_.B, g_.Sq, g_.Hq, g_.Dv};
  case DenseLayout::BSH:
    return {g_.B, g_.Sq, g_.Hq * g_.Dv};
  }
  return {};
}

std::vector<int64_t> Operands::lseShape() const {
  if (g_.family != Family::Dense)
    return {g_.Hq, g_.Tq};
  return {g_.B, g_.Hq, g_.Sq};
}

int64_t Operands::outIndex(int64_t b, int64_t i, int64_t h, int64_t d) const {
  if (g_.family != Family::Dense)
    return ((g_.seqs[b].qRow0 + i) * g_.Hq + h) * g_.Dv + d;
  return p_.denseLayout == DenseLayout::BNSD
             ? ((b * g_.Hq + h) * g_.Sq + i) * g_.Dv + d
             : ((b * g_.Sq + i) * g_.Hq + h) * g_.Dv + d;
}

int64_t Operands::lseIndex(int64_t b, int64_t i, int64_t h) const {
  if (g_.family != Family::Dense)
    return h * g_.Tq + g_.seqs[b].qRow0 + i;
  return (b * g_.Hq + h) * g_.Sq + i;
}

} // namespace attnc::ref::detail
