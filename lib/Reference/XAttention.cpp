//===- XAttention.cpp - SPEC §5.3 antidiagonal block selection ------------===//

#include "XAttention.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace attnc::ref::detail {
namespace {

/// W[I, J] of SPEC §5.3 steps 1-4 for one (sequence, query head):
/// nqb x nkb block masses of the strided antidiagonal softmax. The zero rows
/// that pad q and k to whole blocks are not materialised: a strided row of
/// padding queries is zero (step 3), a column of padding keys is -inf
/// (step 2), and padding rows add zero terms to the antidiagonal sums.
std::vector<double> blockMasses(const Geometry &g, const Operands &ops,
                                int64_t b, int64_t h,
                                const std::vector<double> &keys,
                                const XAttentionSparsity &xa, int64_t nqb,
                                int64_t nkb) {
  const SeqInfo &s = g.seqs[b];
  const int64_t S = xa.stride, per = xa.block / S, D = g.D;
  const int64_t R = ceilDiv(s.lq, S), C = ceilDiv(s.lk, S);
  const int64_t offS = (s.lk - s.lq) / S;
  const double ninf = -std::numeric_limits<double>::infinity();
  const double norm =
      std::sqrt(static_cast<double>(D)) * static_cast<double>(S);
  std::vector<double> q(s.lq * D);
  for (int64_t i = 0; i < s.lq; ++i)
    for (int64_t d = 0; d < D; ++d)
      q[i * D + d] = ops.q(b, i, h, d);
  std::vector<double> W(nqb * nkb, 0.0), a(C);
  for (int64_t r = 0; r < R; ++r) {
    double m = ninf;
    for (int64_t c = 0; c < C; ++c) {
      if (c > r + offS) {
        a[c] = ninf; // causal in strided coordinates
        continue;
      }
      // Terms t with query r*S + S-1-t < Lq and key c*S + t < Lk.
      const int64_t tLo = std::max<int64_t>(0, r * S + S - s.lq);
      const int64_t tHi = std::min<int64_t>(S, s.lk - c * S);
      double sum = 0;
      for (int64_t t = tLo; t < tHi; ++t) {
        const double *qr = q.data() + (r * S + S - 1 - t) * D;
        const double *kr = keys.data() + (c * S + t) * D;
        for (int64_t d = 0; d < D; ++d)
          sum += qr[d] * kr[d];
      }
      a[c] = sum / norm;
      if (a[c] > m)
        m = a[c];
    }
    double z = 0;
    for (int64_t c = 0; c < C; ++c)
      z += a[c] == ninf ? 0.0 : std::exp(a[c] - m);
    for (int64_t c = 0; c < C; ++c)
      if (a[c] != ninf)
        W[(r / per) * nkb + c / per] += std::exp(a[c] - m) / z;
  }
  return W;
}

/// Steps 5-6 for q-block I: which k-blocks are kept.
void selectRow(const SeqInfo &s, const XAttentionSparsity &xa, int64_t I,
               int64_t nkb, const double *w, uint8_t *keep) {
  const int64_t d = I + (s.lk - s.lq) / xa.block; // the diagonal block
  double total = 0;
  for (int64_t J = 0; J < nkb; ++J)
    total += w[J];
  keep[0] = keep[d] = 1;
  double kept = w[0] + (d != 0 ? w[d] : 0.0);
  // Blocks strictly between 0 and d by descending mass, ties to lower J.
  // NaN masses order last so that the ordering stays a strict weak order.
  std::vector<int64_t> cand;
  for (int64_t J = 1; J < d; ++J)
    cand.push_back(J);
  auto key = [&](int64_t J) {
    return std::isnan(w[J]) ? -std::numeric_limits<double>::infinity() : w[J];
  };
  std::sort(cand.begin(), cand.end(), [&](int64_t x, int64_t y) {
    return key(x) != key(y) ? key(x) > key(y) : x < y;
  });
  const double target = xa.threshold * total;
  for (int64_t J : cand) {
    if (!(kept < target)) // strict; the block that crosses tau is kept
      break;
    keep[J] = 1;
    kept += w[J];
  }
  // A q-block holding a query in the dense tail keeps every block up to d.
  const int64_t lastQuery = std::min((I + 1) * xa.block, s.lq) - 1;
  if (s.pos(lastQuery) >= s.lk - xa.nDenseTail)
    std::fill(keep, keep + d + 1, 1);
}

} // namespace

XSelection selectXAttention(const Geometry &g, const Operands &ops,
                            const XAttentionSparsity &xa) {
  XSelection sel;
  sel.Hq = g.Hq;
  sel.nQB.assign(g.B, 0);
  sel.nKB.assign(g.B, 0);
  sel.keep.assign(g.B * g.Hq, {});
  for (int64_t b = 0; b < g.B; ++b) {
    const SeqInfo &s = g.seqs[b];
    if (s.zeroed || s.lq == 0)
      continue;
    const int64_t nqb = ceilDiv(s.lq, xa.block), nkb = ceilDiv(s.lk, xa.block);
    sel.nQB[b] = nqb;
    sel.nKB[b] = nkb;
    for (int64_t hk = 0; hk < g.Hkv; ++hk) {
      // The dequantised keys (SPEC §4) of this kv head.
      std::vector<double> keys(s.lk * g.D);
      for (int64_t j = 0; j < s.lk; ++j)
        for (int64_t d = 0; d < g.D; ++d)
          keys[j * g.D + d] = ops.k(b, j, hk, d);
      for (int64_t h = hk * g.G; h < (hk + 1) * g.G; ++h) {
        std::vector<double> W = blockMasses(g, ops, b, h, keys, xa, nqb, nkb);
        std::vector<uint8_t> &keep = sel.keep[b * g.Hq + h];
        keep.assign(nqb * nkb, 0);
        for (int64_t I = 0; I < nqb; ++I)
          selectRow(s, xa, I, nkb, W.data() + I * nkb, keep.data() + I * nkb);
      }
    }
  }
  return sel;
}

void exportSelection(const XSelection &sel, const Geometry &g, int64_t block,
                     Result &result) {
  const int64_t nQB = ceilDiv(g.maxLq, block), nKB = ceilDiv(g.maxLk, block);
  result.selectedNumBlocks.shape = {g.B, g.Hq, nQB};
  result.selectedNumBlocks.data.assign(g.B * g.Hq * nQB, 0);
  result.selectedIndices.shape = {g.B, g.Hq, nQB, nKB};
  result.selectedIndices.data.assign(g.B * g.Hq * nQB * nKB, -1);
  for (int64_t b = 0; b < g.B; ++b)
    for (int64_t h = 0; h < g.Hq; ++h)
      for (int64_t I = 0; I < sel.nQB[b]; ++I) {
        int64_t count = 0;
        const int64_t base = ((b * g.Hq + h) * nQB + I) * nKB;
        for (int64_t J = 0; J < sel.nKB[b]; ++J)
          if (sel.kept(b, h, I, J))
            result.selectedIndices.data[base + count++] = J;
        result.selectedNumBlocks.data[(b * g.Hq + h) * nQB + I] = count;
      }
}

} // namespace attnc::ref::detail
