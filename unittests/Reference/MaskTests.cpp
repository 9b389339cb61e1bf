//===- MaskTests.cpp - Attribute forms equal explicit masks (SPEC §2) -----===//

#include "TestUtil.h"

using namespace reftest;

namespace {

TEST(ReferenceMask, WindowAndSinkEqualExplicitMask) {
  struct Case {
    bool causal;
    int64_t left, right, sink;
  };
  const Case cases[] = {{true, 3, -1, 0}, {true, 2, 0, 2}, {false, 1, 2, 1},
                        {false, -1, 0, 0}, {false, 0, 0, 3}, {true, -1, -1, 4}};
  for (uint32_t seed : {1u, 2u})
    for (const Case &c : cases) {
      Logical L = randomLogical(seed, 2, 1, 4, 4, {5, 8, 3}, {9, 8, 1});
      Problem attr = toVarlen(L);
      attr.causal = c.causal;
      attr.windowLeft = c.left;
      attr.windowRight = c.right;
      attr.numSink = c.sink;
      auto keep = [&](int64_t, int64_t, int64_t, int64_t pos, int64_t j) {
        if (c.causal && j > pos)
          return false;
        if (j < c.sink)
          return true;
        return (c.left < 0 || j >= pos - c.left) &&
               (c.right < 0 || j <= pos + c.right);
      };
      Problem keepIfTrue = toVarlen(L);
      keepIfTrue.mask = buildMask(L, keep);
      Problem dropIfNonzero = toVarlen(L);
      dropIfNonzero.maskPolarity = MaskPolarity::DropIfNonzero;
      Array drop = buildMask(L, keep);
      for (double &x : drop.data)
        x = x != 0 ? 0.0 : -2.5; // any non-zero value drops
      dropIfNonzero.mask = drop;
      Problem maskMod = toVarlen(L);
      maskMod.maskMod = [&](int64_t b, int64_t h, int64_t pos, int64_t j) {
        return keep(b, h, 0, pos, j);
      };
      expectSameResult(attr, L, keepIfTrue, L, 1e-14);
      expectSameResult(attr, L, dropIfNonzero, L, 1e-14);
      expectSameResult(attr, L, maskMod, L, 1e-14);
    }
}

TEST(ReferenceMask, MaskModCausalEqualsCausal) {
  for (uint32_t seed : {3u, 4u, 5u}) {
    // Lq > Lk in one sequence: positions go negative.
    Logical L = randomLogical(seed, 4, 2, 8, 8, {4, 6, 5}, {9, 6, 3});
    Problem causal = toVarlen(L);
    causal.causal = true;
    Problem mod = toVarlen(L);
    mod.maskMod = [](int64_t, int64_t, int64_t qPos, int64_t kvPos) {
      return qPos >= kvPos;
    };
    expectSameResult(causal, L, mod, L, 0);
    Problem paged = toPaged(L, CacheLayout::NHD, 4, seed);
    paged.maskMod = mod.maskMod;
    expectSameResult(causal, L, paged, L, 1e-13);
  }
}

TEST(ReferenceMask, ScoreModAlibiEqualsAlibi) {
  for (uint32_t seed : {6u, 7u}) {
    Logical L = randomLogical(seed, 3, 3, 4, 4, {3, 7}, {8, 7});
    const std::vector<double> slopes = {0.5, 0.25, 0.125};
    Problem alibi = toVarlen(L);
    alibi.alibiSlopes = arr({3}, slopes);
    alibi.causal = true;
    Problem mod = toVarlen(L);
    mod.causal = true;
    mod.scoreMod = [&](double s, int64_t, int64_t h, int64_t qPos,
                       int64_t kvPos) {
      return s - slopes[h] * std::abs(double(qPos - kvPos));
    };
    expectSameResult(alibi, L, mod, L, 1e-13);
    // The dense family passes positions counted from the first valid key.
    Logical D = randomLogical(seed, 3, 3, 4, 4, {3, 3}, {5, 7});
    Problem dAlibi = toDense(D, DenseLayout::BSND, 9, 1);
    dAlibi.alibiSlopes = alibi.alibiSlopes;
    Problem dMod = toDense(D, DenseLayout::BNSD, 9, 1);
    dMod.scoreMod = mod.scoreMod;
    expectSameResult(dAlibi, D, dMod, D, 1e-13);
  }
}

TEST(ReferenceMask, ModifiersSeeSequenceHeadAndPositions) {
  Logical L = randomLogical(8, 2, 1, 2, 2, {2, 1}, {3, 4});
  Problem p = toVarlen(L);
  std::vector<std::array<int64_t, 4>> seen;
  p.maskMod = [&](int64_t b, int64_t h, int64_t qPos, int64_t kvPos) {
    seen.push_back({b, h, qPos, kvPos});
    return true;
  };
  eval(p);
  // Sequence 0: queries at positions 1, 2; sequence 1: query at 3.
  auto has = [&](std::array<int64_t, 4> t) {
    return std::find(seen.begin(), seen.end(), t) != seen.end();
  };
  EXPECT_TRUE(has({0, 1, 1, 2}));
  EXPECT_TRUE(has({0, 0, 2, 0}));
  EXPECT_TRUE(has({1, 1, 3, 3}));
  for (const auto &t : seen) {
    EXPECT_TRUE(t[3] < L.lk[t[0]]);
    EXPECT_TRUE(t[2] >= L.lk[t[0]] - L.lq[t[0]]);
  }
}

TEST(ReferenceMask, BroadcastMaskDims) {
  Logical L = randomLogical(9, 2, 2, 4, 4, {4, 4}, {4, 4});
  // A mask over keys only ([1, 1, 1, Lk]) equals its expansion.
  Problem small = toVarlen(L);
  small.mask = arr({1, 1, 1, 4}, {1, 0, 1, 1});
  Problem full = toVarlen(L);
  full.mask = buildMask(L, [](int64_t, int64_t, int64_t, int64_t, int64_t j) {
    return j != 1;
  });
  expectSameResult(small, L, full, L, 0);
  // Per-head masks differ between heads.
  Problem perHead = toVarlen(L);
  perHead.mask = arr({1, 2, 1, 1}, {1, 0});
  Result r = eval(perHead);
  for (int64_t t = 0; t < 8; ++t)
    EXPECT_EQ(r.lse.data[1 * 8 + t], -kInf);
  EXPECT_TRUE(std::isfinite(r.lse.data[0]));
}

} // namespace
