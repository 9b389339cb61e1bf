//===- QuantTests.cpp - KV dequantisation and int8 output (SPEC §4) -------===//

#include "TestUtil.h"

using namespace reftest;

namespace {

/// Replaces k and v of L by random int8 values.
Logical int8Logical(uint32_t seed, std::vector<int64_t> lq,
                    std::vector<int64_t> lk) {
  Logical L = randomLogical(seed, 4, 2, 4, 3, std::move(lq), std::move(lk));
  std::mt19937 rng(seed + 1000);
  std::uniform_int_distribution<int> u(-128, 127);
  for (auto *t : {&L.k, &L.v})
    for (auto &seq : *t)
      for (double &x : seq)
        x = u(rng);
  return L;
}

struct QuantCase {
  Granularity gran;
  bool offset;
};

/// Scale/offset values per (b, logical key j, kv head, channel d).
struct Params {
  std::vector<double> tensorScale, tensorOffset; // 1 each, for K and V
  std::vector<double> chanScale[2], chanOffset[2]; // [Hkv * dim]
  std::vector<std::vector<double>> tokScale[2], tokOffset[2]; // [b][j]
};

Params randomParams(uint32_t seed, const Logical &L) {
  std::mt19937 rng(seed);
  Params P;
  P.tensorScale = randVec(rng, 2, 0.01, 0.1);
  P.tensorOffset = randVec(rng, 2, -3, 3);
  for (int t = 0; t < 2; ++t) {
    int64_t dim = t == 0 ? L.D : L.Dv;
    P.chanScale[t] = randVec(rng, L.Hkv * dim, 0.01, 0.1);
    P.chanOffset[t] = randVec(rng, L.Hkv * dim, -3, 3);
    for (int64_t b = 0; b < L.B(); ++b) {
      P.tokScale[t].push_back(randVec(rng, L.lk[b], 0.01, 0.1));
      P.tokOffset[t].push_back(randVec(rng, L.lk[b], -3, 3));
    }
  }
  return P;
}

/// The logical problem dequantised by hand: x = (x_q - offset) * scale.
Logical dequantised(const Logical &L, const Params &P, QuantCase c) {
  Logical S = L;
  for (int t = 0; t < 2; ++t) {
    int64_t dim = t == 0 ? L.D : L.Dv;
    for (int64_t b = 0; b < L.B(); ++b)
      for (int64_t j = 0; j < L.lk[b]; ++j)
        for (int64_t h = 0; h < L.Hkv; ++h)
          for (int64_t d = 0; d < dim; ++d) {
            double sc = 0, off = 0;
            switch (c.gran) {
            case Granularity::PerTensor:
              sc = P.tensorScale[t], off = P.tensorOffset[t];
              break;
            case Granularity::PerChannel:
              sc = P.chanScale[t][h * dim + d], off = P.chanOffset[t][h * dim + d];
              break;
            case Granularity::PerToken:
              sc = P.tokScale[t][b][j], off = P.tokOffset[t][b][j];
              break;
            }
            double &x = t == 0 ? S.K(b, j, h, d) : S.V(b, j, h, d);
            x = (x - (c.offset ? off : 0.0)) * sc;
          }
  }
  return S;
}

/// Dequant operands for `p` (built from L): per-token arrays follow the
/// family's token indexing; positions holding no valid token are NaN.
void attachDequant(Problem &p, const Logical &L, const Params &P, QuantCase c,
                   const PagedPlacement *place) {
  for (int t = 0; t < 2; ++t) {
    int64_t dim = t == 0 ? L.D : L.Dv;
    Dequant dq;
    dq.granularity = c.gran;
    Array offset;
    switch (c.gran) {
    case Granularity::PerTensor:
      dq.scale = t == 0 ? scalar(P.tensorScale[t]) : arr({1}, {P.tensorScale[t]});
      offset = scalar(P.tensorOffset[t]);
      break;
    case Granularity::PerChannel:
      dq.scale = arr({L.Hkv, dim}, P.chanScale[t]);
      offset = arr({L.Hkv, dim}, P.chanOffset[t]);
      break;
    case Granularity::PerToken: {
      std::vector<int64_t> shape;
      auto slot = [&](int64_t b, int64_t j) -> int64_t {
        switch (p.family) {
        case Family::Varlen: {
          int64_t base = 0;
          for (int64_t x = 0; x < b; ++x)
            base += L.lk[x];
          return base + j;
        }
        case Family::Paged:
          return place->pages[b][j / place->pageSize] * place->pageSize +
                 j % place->pageSize;
        case Family::Dense: {
          int64_t skv = p.k.shape[p.denseLayout == DenseLayout::BNSD ? 2 : 1];
          return b * skv + denseStart(skv, p.kvPaddingSize, L.lk[b]) + j;
        }
        }
        return 0;
      };
      if (p.family == Family::Varlen)
        shape = {p.k.shape[0]};
      else if (p.family == Family::Paged)
        shape = {p.cacheLayout == CacheLayout::HPND ? p.k.shape[1]
                                                    : p.k.shape[0],
                 place->pageSize};
      else
        shape = {L.B(), p.k.shape[p.denseLayout == DenseLayout::BNSD ? 2 : 1]};
      int64_t n = 1;
      for (int64_t x : shape)
        n *= x;
      dq.scale = Array{shape, std::vector<double>(n, kNaN)};
      offset = Array{shape, std::vector<double>(n, kNaN)};
      for (int64_t b = 0; b < L.B(); ++b)
        for (int64_t j = 0; j < L.lk[b]; ++j) {
          dq.scale.data[slot(b, j)] = P.tokScale[t][b][j];
          offset.data[slot(b, j)] = P.tokOffset[t][b][j];
        }
      break;
    }
    }
    if (c.offset)
      dq.offset = offset;
    (t == 0 ? p.kDequant : p.vDequant) = dq;
  }
}

TEST(ReferenceQuant, DequantEveryGranularityAndFamily) {
  const QuantCase cases[] = {
      {Granularity::PerTensor, false}, {Granularity::PerTensor, true},
      {Granularity::PerChannel, false}, {Granularity::PerChannel, true},
      {Granularity::PerToken, false},   {Granularity::PerToken, true}};
  for (uint32_t seed : {1u, 2u})
    for (const QuantCase &c : cases) {
      SCOPED_TRACE(testing::Message() << "seed " << seed << " granularity "
                                      << int(c.gran) << " offset " << c.offset);
      Logical L = int8Logical(seed, {3, 3}, {7, 4});
      Params P = randomParams(seed, L);
      Logical S = dequantised(L, P, c);
      Problem expected = toVarlen(S);
      expected.causal = true;

      Problem varlen = toVarlen(L);
      varlen.causal = true;
      attachDequant(varlen, L, P, c, nullptr);
      expectSameResult(varlen, L, expected, S, 1e-13);

      for (CacheLayout layout : {CacheLayout::NHD, CacheLayout::HPND}) {
        PagedPlacement place;
        Problem paged = toPaged(L, layout, 3, seed, 2, false, &place);
        paged.causal = true;
        attachDequant(paged, L, P, c, &place);
        expectSameResult(paged, L, expected, S, 1e-13);
      }

      Problem dense = toDense(L, DenseLayout::BNSD, 9, 1);
      dense.causal = true;
      attachDequant(dense, L, P, c, nullptr);
      expectSameResult(dense, L, expected, S, 1e-13);
    }
}

TEST(ReferenceQuant, Fp8LikePerTensor) {
  // e4m3fn / e5m2 values given at their exact values, one f32 scale each.
  const double fp8[] = {0.875, -448, 1.5, 0.0625, -0.001953125, 240, -3.25, 57344};
  Logical L = randomLogical(3, 2, 1, 4, 4, {2}, {5});
  for (size_t n = 0; n < L.k[0].size(); ++n)
    L.k[0][n] = fp8[n % 7] / 64;
  for (size_t n = 0; n < L.v[0].size(); ++n)
    L.v[0][n] = fp8[(n + 3) % 8];
  Problem p = toVarlen(L);
  Dequant dk, dv;
  dk.scale = scalar(0.37);
  dv.scale = scalar(1.0 / 4096);
  p.kDequant = dk, p.vDequant = dv;
  Logical S = L;
  for (double &x : S.k[0])
    x *= 0.37;
  for (double &x : S.v[0])
    x *= 1.0 / 4096;
  expectSameResult(p, L, toVarlen(S), S, 1e-13);
}

TEST(ReferenceQuant, Int8OutputRoundsHalfToEvenAndClamps) {
  // One key: out = v exactly.
  const std::vector<double> v = {0.5, 1.5, 2.5, -0.5, -2.5, 200, -300, 3.49};
  Logical L;
  L.Hq = L.Hkv = 1, L.D = 1, L.Dv = 8;
  L.lq = {2}, L.lk = {1};
  L.q = {{1.0, 1.0}}, L.k = {{0.3}}, L.v = {v};
  Problem p = toVarlen(L);
  p.causal = true; // query 0 (position -1) sees nothing: a zero row
  p.outQuant = OutQuant{scalar(1.0), std::nullopt};
  Result r = eval(p);
  const std::vector<double> expected = {0, 2, 2, -0.0, -2, 127, -128, 3};
  for (int d = 0; d < 8; ++d) {
    EXPECT_EQ(r.out.data[d], 0.0);             // zero row
    EXPECT_EQ(r.out.data[8 + d], expected[d]) << d;
  }
  // Scale and offset: o * 2 + 0.5.
  p.outQuant = OutQuant{arr({1}, {2.0}), scalar(0.5)};
  r = eval(p);
  const std::vector<double> expected2 = {2, 4, 6, 0, -4, 127, -128, 7};
  for (int d = 0; d < 8; ++d) {
    EXPECT_EQ(r.out.data[d], 0.0) << d; // round(0.5) = 0
    EXPECT_EQ(r.out.data[8 + d], expected2[d]) << d;
  }
}

TEST(ReferenceQuant, Int8OutputPerChannel) {
  Logical L = randomLogical(9, 2, 1, 4, 3, {3}, {4});
  std::mt19937 rng(9);
  std::vector<double> scale = randVec(rng, 2 * 3, 10, 100);
  std::vector<double> offset = randVec(rng, 2 * 3, -5, 5);
  Problem plain = toVarlen(L);
  Problem q = toVarlen(L);
  q.outQuant = OutQuant{arr({2, 3}, scale), arr({2, 3}, offset)};
  Result rp = eval(plain), rq = eval(q);
  for (int64_t t = 0; t < 3; ++t)
    for (int64_t h = 0; h < 2; ++h)
      for (int64_t d = 0; d < 3; ++d) {
        int64_t n = (t * 2 + h) * 3 + d;
        double x = std::nearbyint(rp.out.data[n] * scale[h * 3 + d] +
                                  offset[h * 3 + d]);
        EXPECT_EQ(rq.out.data[n], std::min(127.0, std::max(-128.0, x)));
      }
  EXPECT_EQ(rq.lse.data, rp.lse.data);
}

} // namespace
