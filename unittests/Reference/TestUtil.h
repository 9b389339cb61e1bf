//===- TestUtil.h - Builders and comparisons for the reference tests -----===//
//
// Test data lives in a family-neutral "logical" form (per sequence: q rows,
// k/v of logical keys); builders lay it out as varlen, paged (any layout,
// shuffled pages, NaN garbage where nothing may be read) or dense (any
// layout, actual_seq_lengths, kv_padding_size), and the results are read back
// in logical order so that any two families can be compared.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_UNITTESTS_REFERENCE_TESTUTIL_H
#define ATTNC_UNITTESTS_REFERENCE_TESTUTIL_H

#include "attnc/Reference/Reference.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <random>

namespace reftest {
using namespace attnc::ref;

inline const double kInf = std::numeric_limits<double>::infinity();
inline const double kNaN = std::numeric_limits<double>::quiet_NaN();

inline Array arr(std::vector<int64_t> shape, std::vector<double> data) {
  return Array{std::move(shape), std::move(data)};
}
inline IntArray ints(std::vector<int64_t> shape, std::vector<int64_t> data) {
  return IntArray{std::move(shape), std::move(data)};
}
inline Array scalar(double x) { return Array{{}, {x}}; }

inline std::vector<double> randVec(std::mt19937 &rng, size_t n,
                                   double lo = -1.0, double hi = 1.0) {
  std::uniform_real_distribution<double> u(lo, hi);
  std::vector<double> v(n);
  for (double &x : v)
    x = u(rng);
  return v;
}

/// Per-sequence logical tensors: q [lq][Hq][D], k [lk][Hkv][D], v [lk][Hkv][Dv].
struct Logical {
  int64_t Hq = 1, Hkv = 1, D = 4, Dv = 4;
  std::vector<int64_t> lq, lk;
  std::vector<std::vector<double>> q, k, v;

  int64_t B() const { return static_cast<int64_t>(lq.size()); }
  double &Q(int64_t b, int64_t i, int64_t h, int64_t d) {
    return q[b][(i * Hq + h) * D + d];
  }
  double &K(int64_t b, int64_t j, int64_t h, int64_t d) {
    return k[b][(j * Hkv + h) * D + d];
  }
  double &V(int64_t b, int64_t j, int64_t h, int64_t d) {
    return v[b][(j * Hkv + h) * Dv + d];
  }
  double Qc(int64_t b, int64_t i, int64_t h, int64_t d) const {
    return q[b][(i * Hq + h) * D + d];
  }
  double Kc(int64_t b, int64_t j, int64_t h, int64_t d) const {
    return k[b][(j * Hkv + h) * D + d];
  }
  double Vc(int64_t b, int64_t j, int64_t h, int64_t d) const {
    return v[b][(j * Hkv + h) * Dv + d];
  }
};

inline Logical randomLogical(uint32_t seed, int64_t Hq, int64_t Hkv, int64_t D,
                             int64_t Dv, std::vector<int64_t> lq,
                             std::vector<int64_t> lk, double range = 1.0) {
  std::mt19937 rng(seed);
  Logical L;
  L.Hq = Hq, L.Hkv = Hkv, L.D = D, L.Dv = Dv;
  L.lq = std::move(lq), L.lk = std::move(lk);
  for (int64_t b = 0; b < L.B(); ++b) {
    L.q.push_back(randVec(rng, L.lq[b] * Hq * D, -range, range));
    L.k.push_back(randVec(rng, L.lk[b] * Hkv * D, -range, range));
    L.v.push_back(randVec(rng, L.lk[b] * Hkv * Dv, -range, range));
  }
  return L;
}

/// The same problem with every kv head repeated for its G query heads (MHA).
inline Logical repeatKvHeads(const Logical &L) {
  Logical M = L;
  const int64_t G = L.Hq / L.Hkv;
  M.Hkv = L.Hq;
  for (int64_t b = 0; b < L.B(); ++b) {
    M.k[b].assign(L.lk[b] * M.Hkv * L.D, 0);
    M.v[b].assign(L.lk[b] * M.Hkv * L.Dv, 0);
    for (int64_t j = 0; j < L.lk[b]; ++j)
      for (int64_t h = 0; h < L.Hq; ++h) {
        for (int64_t d = 0; d < L.D; ++d)
          M.K(b, j, h, d) = L.Kc(b, j, h / G, d);
        for (int64_t d = 0; d < L.Dv; ++d)
          M.V(b, j, h, d) = L.Vc(b, j, h / G, d);
      }
  }
  return M;
}

inline Problem baseProblem(const Logical &L) {
  Problem p;
  p.numQHeads = L.Hq, p.numKvHeads = L.Hkv, p.headDim = L.D,
  p.headDimV = L.Dv;
  return p;
}

inline std::vector<int64_t> cumulative(const std::vector<int64_t> &lens) {
  std::vector<int64_t> cu(1, 0);
  for (int64_t l : lens)
    cu.push_back(cu.back() + l);
  return cu;
}

inline Array packedQ(const Logical &L) {
  Array q;
  int64_t tq = 0;
  for (int64_t b = 0; b < L.B(); ++b) {
    q.data.insert(q.data.end(), L.q[b].begin(), L.q[b].end());
    tq += L.lq[b];
  }
  q.shape = {tq, L.Hq, L.D};
  return q;
}

inline Problem toVarlen(const Logical &L) {
  Problem p = baseProblem(L);
  p.family = Family::Varlen;
  p.q = packedQ(L);
  int64_t tk = 0;
  for (int64_t b = 0; b < L.B(); ++b) {
    p.k.data.insert(p.k.data.end(), L.k[b].begin(), L.k[b].end());
    p.v.data.insert(p.v.data.end(), L.v[b].begin(), L.v[b].end());
    tk += L.lk[b];
  }
  p.k.shape = {tk, L.Hkv, L.D};
  p.v.shape = {tk, L.Hkv, L.Dv};
  p.cuSeqlensQ = ints({L.B() + 1}, cumulative(L.lq));
  p.cuSeqlensK = ints({L.B() + 1}, cumulative(L.lk));
  return p;
}

/// Where logical key j of sequence b lives in a paged cache.
struct PagedPlacement {
  std::vector<std::vector<int64_t>> pages; // [b][logical page] -> page id
  int64_t pageSize = 0;
};

/// Paged cache in `layout` with shuffled page ids, `extraPages` unused pages
/// and one unused block_table column; unused table entries hold garbage and
/// unused cache slots NaN (neither may be read). Decode (no cu_seqlens_q)
/// needs every lq == 1.
inline Problem toPaged(const Logical &L, CacheLayout layout, int64_t pageSize,
                       uint32_t seed, int64_t extraPages = 2,
                       bool decode = false,
                       PagedPlacement *placement = nullptr) {
  std::mt19937 rng(seed);
  Problem p = baseProblem(L);
  p.family = Family::Paged;
  p.cacheLayout = layout;
  p.q = packedQ(L);
  if (!decode)
    p.cuSeqlensQ = ints({L.B() + 1}, cumulative(L.lq));
  std::vector<int64_t> need(L.B());
  int64_t total = 0, maxPages = 1;
  for (int64_t b = 0; b < L.B(); ++b) {
    need[b] = (L.lk[b] + pageSize - 1) / pageSize;
    total += need[b];
    maxPages = std::max(maxPages, need[b] + 1);
  }
  const int64_t P = total + extraPages;
  std::vector<int64_t> ids(P);
  std::iota(ids.begin(), ids.end(), 0);
  std::shuffle(ids.begin(), ids.end(), rng);
  const int64_t garbage[] = {-7, P, P + 100, 2147483647, -2147483647};
  std::vector<int64_t> table(L.B() * maxPages);
  PagedPlacement place;
  place.pageSize = pageSize;
  place.pages.resize(L.B());
  int64_t next = 0;
  for (int64_t b = 0; b < L.B(); ++b)
    for (int64_t t = 0; t < maxPages; ++t) {
      if (t < need[b]) {
        table[b * maxPages + t] = ids[next++];
        place.pages[b].push_back(table[b * maxPages + t]);
      } else {
        table[b * maxPages + t] = garbage[(b + t) % 5];
      }
    }
  p.blockTable = ints({L.B(), maxPages}, table);
  p.contextLens = ints({L.B()}, L.lk);
  const int64_t H = L.Hkv;
  auto shapeFor = [&](int64_t dim) -> std::vector<int64_t> {
    switch (layout) {
    case CacheLayout::NHD:
      return {P, pageSize, H, dim};
    case CacheLayout::HND:
      return {P, H, pageSize, dim};
    case CacheLayout::HPND:
      return {H, P, pageSize, dim};
    }
    return {};
  };
  auto index = [&](int64_t page, int64_t slot, int64_t h, int64_t d,
                   int64_t dim) {
    switch (layout) {
    case CacheLayout::NHD:
      return ((page * pageSize + slot) * H + h) * dim + d;
    case CacheLayout::HND:
      return ((page * H + h) * pageSize + slot) * dim + d;
    case CacheLayout::HPND:
      return ((h * P + page) * pageSize + slot) * dim + d;
    }
    return int64_t(0);
  };
  p.k = Array{shapeFor(L.D), std::vector<double>(P * pageSize * H * L.D, kNaN)};
  p.v = Array{shapeFor(L.Dv),
              std::vector<double>(P * pageSize * H * L.Dv, kNaN)};
  for (int64_t b = 0; b < L.B(); ++b)
    for (int64_t j = 0; j < L.lk[b]; ++j) {
      int64_t page = place.pages[b][j / pageSize], slot = j % pageSize;
      for (int64_t h = 0; h < H; ++h) {
        for (int64_t d = 0; d < L.D; ++d)
          p.k.data[index(page, slot, h, d, L.D)] = L.Kc(b, j, h, d);
        for (int64_t d = 0; d < L.Dv; ++d)
          p.v.data[index(page, slot, h, d, L.Dv)] = L.Vc(b, j, h, d);
      }
    }
  if (placement)
    *placement = place;
  return p;
}

/// First storage slot of the valid keys of a dense sequence.
inline int64_t denseStart(int64_t skv, std::optional<int64_t> padding,
                          int64_t len) {
  return padding ? skv - *padding - len : 0;
}

/// Dense problem in `layout`; every sequence needs the same lq. Keys go to
/// slots [start, start + lk) (see denseStart); other slots hold NaN. With
/// actualLens false, every lk must equal skv.
inline Problem toDense(const Logical &L, DenseLayout layout, int64_t skv,
                       std::optional<int64_t> padding = std::nullopt,
                       bool actualLens = true) {
  Problem p = baseProblem(L);
  p.family = Family::Dense;
  p.denseLayout = layout;
  const int64_t B = L.B(), sq = B ? L.lq[0] : 0;
  auto shapeFor = [&](int64_t s, int64_t H, int64_t dim) -> std::vector<int64_t> {
    switch (layout) {
    case DenseLayout::BNSD:
      return {B, H, s, dim};
    case DenseLayout::BSND:
      return {B, s, H, dim};
    case DenseLayout::BSH:
      return {B, s, H * dim};
    }
    return {};
  };
  auto index = [&](int64_t b, int64_t s, int64_t S, int64_t h, int64_t H,
                   int64_t d, int64_t dim) {
    return layout == DenseLayout::BNSD ? ((b * H + h) * S + s) * dim + d
                                       : ((b * S + s) * H + h) * dim + d;
  };
  p.q = Array{shapeFor(sq, L.Hq, L.D),
              std::vector<double>(B * sq * L.Hq * L.D, 0)};
  p.k = Array{shapeFor(skv, L.Hkv, L.D),
              std::vector<double>(B * skv * L.Hkv * L.D, kNaN)};
  p.v = Array{shapeFor(skv, L.Hkv, L.Dv),
              std::vector<double>(B * skv * L.Hkv * L.Dv, kNaN)};
  for (int64_t b = 0; b < B; ++b) {
    for (int64_t i = 0; i < sq; ++i)
      for (int64_t h = 0; h < L.Hq; ++h)
        for (int64_t d = 0; d < L.D; ++d)
          p.q.data[index(b, i, sq, h, L.Hq, d, L.D)] = L.Qc(b, i, h, d);
    int64_t start = denseStart(skv, padding, L.lk[b]);
    for (int64_t j = 0; j < L.lk[b]; ++j) {
      int64_t slot = start + j;
      if (slot < 0 || slot >= skv)
        continue;
      for (int64_t h = 0; h < L.Hkv; ++h) {
        for (int64_t d = 0; d < L.D; ++d)
          p.k.data[index(b, slot, skv, h, L.Hkv, d, L.D)] = L.Kc(b, j, h, d);
        for (int64_t d = 0; d < L.Dv; ++d)
          p.v.data[index(b, slot, skv, h, L.Hkv, d, L.Dv)] = L.Vc(b, j, h, d);
      }
    }
  }
  if (actualLens)
    p.actualSeqLengths = ints({B}, L.lk);
  if (padding)
    p.kvPaddingSize = *padding;
  return p;
}

/// Output of a result in logical order [b][i][h][d].
inline std::vector<double> logicalOut(const Problem &p, const Result &r,
                                      const Logical &L) {
  if (p.family != Family::Dense)
    return r.out.data;
  std::vector<double> out;
  const int64_t sq = L.B() ? L.lq[0] : 0;
  for (int64_t b = 0; b < L.B(); ++b)
    for (int64_t i = 0; i < sq; ++i)
      for (int64_t h = 0; h < L.Hq; ++h)
        for (int64_t d = 0; d < L.Dv; ++d)
          out.push_back(r.out.data[p.denseLayout == DenseLayout::BNSD
                                       ? ((b * L.Hq + h) * sq + i) * L.Dv + d
                                       : ((b * sq + i) * L.Hq + h) * L.Dv + d]);
  return out;
}

/// LSE of a result in logical order [b][h][i].
inline std::vector<double> logicalLse(const Problem &p, const Result &r,
                                      const Logical &L) {
  if (p.family == Family::Dense)
    return r.lse.data;
  std::vector<double> lse;
  const std::vector<int64_t> cu = cumulative(L.lq);
  const int64_t tq = cu.back();
  for (int64_t b = 0; b < L.B(); ++b)
    for (int64_t h = 0; h < L.Hq; ++h)
      for (int64_t i = 0; i < L.lq[b]; ++i)
        lse.push_back(r.lse.data[h * tq + cu[b] + i]);
  return lse;
}

/// Elementwise |a - b| <= tol * (1 + |b|); NaN and infinities must coincide.
inline void expectClose(const std::vector<double> &a,
                        const std::vector<double> &b, double tol = 1e-12,
                        const char *what = "") {
  ASSERT_EQ(a.size(), b.size()) << what;
  int failures = 0;
  for (size_t n = 0; n < a.size() && failures < 5; ++n) {
    bool ok;
    if (std::isnan(b[n]) || std::isnan(a[n]))
      ok = std::isnan(a[n]) && std::isnan(b[n]);
    else if (std::isinf(b[n]) || std::isinf(a[n]))
      ok = a[n] == b[n];
    else
      ok = std::fabs(a[n] - b[n]) <= tol * (1 + std::fabs(b[n]));
    if (!ok) {
      ++failures;
      ADD_FAILURE() << what << " element " << n << ": " << a[n] << " vs "
                    << b[n];
    }
  }
}

inline Result eval(const Problem &p) {
  Result r;
  Status st = evaluate(p, r);
  EXPECT_TRUE(st.ok) << st.message;
  return r;
}

inline Status evalStatus(const Problem &p) {
  Result r;
  return evaluate(p, r);
}

/// Runs both problems and compares their outputs and LSEs in logical order.
inline void expectSameResult(const Problem &a, const Logical &La,
                             const Problem &b, const Logical &Lb,
                             double tol = 1e-12) {
  Result ra = eval(a), rb = eval(b);
  expectClose(logicalOut(a, ra, La), logicalOut(b, rb, Lb), tol, "out");
  expectClose(logicalLse(a, ra, La), logicalLse(b, rb, Lb), tol, "lse");
}

/// True when no element is NaN.
inline bool allFinite(const std::vector<double> &v) {
  return std::none_of(v.begin(), v.end(),
                      [](double x) { return std::isnan(x); });
}

/// An element mask [B, Hq, maxLq, maxLk] (keep-if-true, 1/0) built from a
/// predicate over (b, h, i, pos, j) of a varlen problem.
template <typename F>
Array buildMask(const Logical &L, F keep) {
  int64_t mq = 1, mk = 1;
  for (int64_t b = 0; b < L.B(); ++b)
    mq = std::max(mq, L.lq[b]), mk = std::max(mk, L.lk[b]);
  Array m{{L.B(), L.Hq, mq, mk},
          std::vector<double>(L.B() * L.Hq * mq * mk, 0.0)};
  for (int64_t b = 0; b < L.B(); ++b)
    for (int64_t h = 0; h < L.Hq; ++h)
      for (int64_t i = 0; i < L.lq[b]; ++i)
        for (int64_t j = 0; j < L.lk[b]; ++j) {
          int64_t pos = i + L.lk[b] - L.lq[b];
          m.data[((b * L.Hq + h) * mq + i) * mk + j] =
              keep(b, h, i, pos, j) ? 1.0 : 0.0;
        }
  return m;
}

} // namespace reftest

#endif // ATTNC_UNITTESTS_REFERENCE_TESTUTIL_H
