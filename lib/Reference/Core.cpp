//===- Core.cpp - Scores, softmax, output, LSE (SPEC §2, §4 out) ----------===//

#include "Core.h"

#include "SkipSoftmax.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace attnc::ref::detail {
namespace {

/// Steps 1-5 of SPEC §2 for every visible key of query i.
void scoreRow(const Problem &p, const Geometry &g, const Operands &ops,
              int64_t b, int64_t h, int64_t i, const std::vector<double> &keys,
              std::vector<double> &qRow, ScoredRow &row) {
  const SeqInfo &s = g.seqs[b];
  const int64_t pos = s.pos(i);
  for (int64_t d = 0; d < g.D; ++d)
    qRow[d] = ops.q(b, i, h, d);
  const double slope = p.alibiSlopes ? ops.alibiSlope(b, h) : 0.0;
  row.s.assign(s.lk, 0.0);
  for (int64_t j = 0; j < s.lk; ++j) {
    if (!row.vis[j])
      continue;
    const double *kRow = keys.data() + j * g.D;
    double dot = 0;
    for (int64_t d = 0; d < g.D; ++d)
      dot += qRow[d] * kRow[d];
    double x = g.scale * dot;
    if (p.softcap > 0)
      x = p.softcap * std::tanh(x / p.softcap);
    if (p.alibiSlopes)
      x += -slope * static_cast<double>(std::llabs(pos - j));
    if (p.bias)
      x += ops.bias(b, h, i, j);
    if (p.scoreMod)
      x = p.scoreMod(x, b, h, pos, j);
    row.s[j] = x;
  }
}

/// Step 7-8: softmax over the used keys, output and LSE. A row with no used
/// key, or only -inf scores, keeps out 0 / lse -inf and reads no V.
void finishRow(const Geometry &g, const Operands &ops, int64_t b, int64_t h,
               int64_t i, const ScoredRow &row, Result &result) {
  const double ninf = -std::numeric_limits<double>::infinity();
  const int64_t lk = static_cast<int64_t>(row.use.size());
  double m = ninf;
  bool live = false; // some used score other than -inf (NaN counts)
  for (int64_t j = 0; j < lk; ++j) {
    if (!row.use[j] || row.s[j] == ninf)
      continue;
    live = true;
    if (row.s[j] > m)
      m = row.s[j];
  }
  if (!live)
    return;
  const int64_t hk = h / g.G;
  std::vector<double> acc(g.Dv, 0.0);
  double l = 0;
  for (int64_t j = 0; j < lk; ++j) {
    if (!row.use[j])
      continue;
    // NaN scores or V propagate to this row only, as IEEE arithmetic has it.
    const double w = std::exp(row.s[j] - m);
    l += w;
    for (int64_t d = 0; d < g.Dv; ++d)
      acc[d] += w * ops.v(b, j, hk, d);
  }
  for (int64_t d = 0; d < g.Dv; ++d)
    result.out.data[ops.outIndex(b, i, h, d)] = acc[d] / l;
  result.lse.data[ops.lseIndex(b, i, h)] = m + std::log(l);
}

} // namespace

void evaluateHead(const Problem &p, const Geometry &g, const Operands &ops,
                  const Visibility &vis, int64_t b, int64_t h,
                  const std::vector<double> &keys, Result &result) {
  const SeqInfo &s = g.seqs[b];
  if (s.zeroed || s.lq == 0)
    return;
  const bool skip = p.skipSoftmax.has_value();
  const bool decode = s.lq == 1;
  // Without skip-softmax every row stands alone; with it, rows go by q-tile.
  // (A tile taller than the sequence is one tile: clamp, never allocate br.)
  const int64_t br =
      !skip ? 1 : decode ? 1 : std::min(p.skipSoftmax->br, s.lq);
  const double lambda =
      !skip ? 0.0
            : (decode ? p.skipSoftmax->decode : p.skipSoftmax->prefill)
                  .at(s.lk);
  std::vector<ScoredRow> rows(br);
  std::vector<double> qRow(g.D);
  for (int64_t i0 = 0; i0 < s.lq; i0 += br) {
    const int64_t n = std::min(br, s.lq - i0);
    for (int64_t r = 0; r < n; ++r) {
      vis.row(b, h, i0 + r, rows[r].vis);
      scoreRow(p, g, ops, b, h, i0 + r, keys, qRow, rows[r]);
      rows[r].use = rows[r].vis;
    }
    if (skip)
      skipSoftmaxTile(rows, n, s.lk, p.skipSoftmax->bc, lambda,
                      result.visitedTiles, result.skippedTiles);
    for (int64_t r = 0; r < n; ++r)
      finishRow(g, ops, b, h, i0 + r, rows[r], result);
  }
}

void quantiseOutput(const Problem &p, const Geometry &g, const Operands &ops,
                    Result &result) {
  const OutQuant &oq = *p.outQuant;
  auto at = [&](const Array &a, int64_t h, int64_t d) {
    return a.data.size() == 1 ? a.data[0] : a.data[h * g.Dv + d];
  };
  for (int64_t b = 0; b < g.B; ++b)
    for (int64_t i = 0; i < g.seqs[b].lq; ++i)
      for (int64_t h = 0; h < g.Hq; ++h)
        for (int64_t d = 0; d < g.Dv; ++d) {
          double &o = result.out.data[ops.outIndex(b, i, h, d)];
          double offset = oq.offset ? at(*oq.offset, h, d) : 0.0;
          // nearbyint under the default mode rounds half to even. NaN stays
          // NaN (there is no int8 NaN; the comparison flags it).
          double x = std::nearbyint(o * at(oq.scale, h, d) + offset);
          o = std::isnan(x) ? x : std::min(127.0, std::max(-128.0, x));
        }
}

} // namespace attnc::ref::detail
