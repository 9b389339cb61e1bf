//===- SkipSoftmaxTests.cpp - Tile skipping (SPEC §5.4) --------------------===//

#include "TestUtil.h"

using namespace reftest;

namespace {

SkipSoftmax skip(int64_t br, int64_t bc, double prefill, double decode) {
  SkipSoftmax s;
  s.br = br, s.bc = bc;
  s.prefill.value = prefill;
  s.decode.value = decode;
  return s;
}

/// One-head D = 1 sequences with scale 1: score(i, j) = q_i * k_j; v_j = j.
Logical scalarSeqs(const std::vector<std::vector<double>> &qs,
                   const std::vector<std::vector<double>> &ks) {
  Logical L;
  L.Hq = L.Hkv = 1, L.D = 1, L.Dv = 1;
  for (size_t b = 0; b < qs.size(); ++b) {
    L.lq.push_back(qs[b].size());
    L.lk.push_back(ks[b].size());
    L.q.push_back(qs[b]);
    L.k.push_back(ks[b]);
    std::vector<double> v;
    for (size_t j = 0; j < ks[b].size(); ++j)
      v.push_back(double(j));
    L.v.push_back(v);
  }
  return L;
}

TEST(ReferenceSkipSoftmax, VanishingThresholdEqualsDense) {
  for (uint32_t seed : {1u, 2u, 3u})
    for (bool causal : {false, true}) {
      Logical L = randomLogical(seed, 2, 1, 8, 4, {5, 8, 1}, {10, 8, 6});
      Problem dense = toVarlen(L);
      dense.causal = causal;
      Problem sk = dense;
      sk.skipSoftmax = skip(2, 4, 1e-300, 1e-300);
      Result r = eval(sk);
      expectSameResult(sk, L, dense, L, 0);
      EXPECT_EQ(r.skippedTiles, 0);
      // Visited tiles per head, by hand. Non-causal: seq 0: 3 q-tiles x 3
      // k-tiles; seq 1: 4 x 2; seq 2 (decode, br = 1): 1 x 2.
      // Causal: seq 0 (positions 5..9): q-tile {5,6} reaches tiles 0, 1,
      // {7,8} and {9} tiles 0..2; seq 1 (positions 0..7): q-tiles {0,1},
      // {2,3} see tile 0 only, {4,5}, {6,7} tiles 0 and 1; seq 2
      // (position 5): tiles 0, 1.
      int64_t perHead = causal ? 8 + 6 + 2 : 9 + 8 + 2;
      EXPECT_EQ(r.visitedTiles, 2 * perHead);
    }
}

TEST(ReferenceSkipSoftmax, HandMadeSkip) {
  // Two rows, keys 0..3 score 10, keys 4..7 score 0 (for q = 1).
  std::vector<double> k = {10, 10, 10, 10, 0, 0, 0, 0};
  Logical L = scalarSeqs({{1, 1}}, {k});
  Problem p = toVarlen(L);
  p.scale = 1.0;
  p.skipSoftmax = skip(2, 4, 1e-3, 1e-4);
  Result r = eval(p);
  // Tile 1: t = 0 < m + ln(1e-3) = 10 - 6.9 for both rows: skipped.
  EXPECT_EQ(r.visitedTiles, 2);
  EXPECT_EQ(r.skippedTiles, 1);
  for (int i = 0; i < 2; ++i) {
    EXPECT_NEAR(r.out.data[i], (0 + 1 + 2 + 3) / 4.0, 1e-14);
    EXPECT_NEAR(r.lse.data[i], 10 + std::log(4.0), 1e-14);
  }
  // The dense result differs (keys 4..7 carry e^-10 weight).
  Problem dense = toVarlen(L);
  dense.scale = 1.0;
  EXPECT_NE(eval(dense).lse.data[0], r.lse.data[0]);

  // A threshold too small for the gap (e^-10 > 1e-5) skips nothing.
  p.skipSoftmax = skip(2, 4, 1e-5, 1e-4);
  r = eval(p);
  EXPECT_EQ(r.skippedTiles, 0);

  // One row that still needs the tile keeps it for the whole q-tile.
  Logical M = scalarSeqs({{1, -1}}, {k});
  Problem pm = toVarlen(M);
  pm.scale = 1.0;
  pm.skipSoftmax = skip(2, 4, 1e-3, 1e-4);
  EXPECT_EQ(eval(pm).skippedTiles, 0);
  // With br = 1 the two rows are separate q-tiles: the first row skips.
  pm.skipSoftmax = skip(1, 4, 1e-3, 1e-4);
  Result rm = eval(pm);
  EXPECT_EQ(rm.visitedTiles, 4);
  EXPECT_EQ(rm.skippedTiles, 1);
  EXPECT_NEAR(rm.out.data[0], 1.5, 1e-14);
  // Later tiles are compared with the running max of processed tiles only.
  Logical R = scalarSeqs({{1}, {1, 1}}, {{10, 0, 5}, {10, 0, 5}});
  Problem pr = toVarlen(R);
  pr.scale = 1.0;
  pr.skipSoftmax = skip(4, 1, 1e-3, 1e-3);
  Result rr = eval(pr);
  // Per sequence: tile 1 (score 0) skipped, tile 2 (score 5 > 10 - 6.9) kept.
  EXPECT_EQ(rr.visitedTiles, 6);
  EXPECT_EQ(rr.skippedTiles, 2);
  double e10 = std::exp(10.0), e5 = std::exp(5.0);
  EXPECT_NEAR(rr.out.data[0], (0 * e10 + 2 * e5) / (e10 + e5), 1e-13);
  EXPECT_NEAR(rr.lse.data[0], std::log(e10 + e5), 1e-13);
}

TEST(ReferenceSkipSoftmax, SkipTestIsStrict) {
  // Tile 1 scores exactly m + ln(lambda): not below it, so processed.
  const double lambda = 1e-3;
  std::vector<double> k = {10, 10, 10 + std::log(lambda), 10 + std::log(lambda)};
  Logical L = scalarSeqs({{1, 1}}, {k});
  Problem p = toVarlen(L);
  p.scale = 1.0;
  p.skipSoftmax = skip(2, 2, lambda, 1e-4);
  Result r = eval(p);
  EXPECT_EQ(r.visitedTiles, 2);
  EXPECT_EQ(r.skippedTiles, 0);
  // One ulp lower and the tile is skipped.
  L.k[0][2] = L.k[0][3] = std::nextafter(k[2], -kInf);
  p = toVarlen(L);
  p.scale = 1.0;
  p.skipSoftmax = skip(2, 2, lambda, 1e-4);
  EXPECT_EQ(eval(p).skippedTiles, 1);
}

TEST(ReferenceSkipSoftmax, DecodeUsesItsOwnThreshold) {
  std::vector<double> k = {10, 10, 10, 10, 0, 0, 0, 0};
  // Sequence 0 is prefill (2 queries), sequence 1 decode (1 query).
  Logical L = scalarSeqs({{1, 1}, {1}}, {k, k});
  Problem p = toVarlen(L);
  p.scale = 1.0;
  p.skipSoftmax = skip(128, 4, 1e-300, 1e-3);
  Result r = eval(p);
  EXPECT_EQ(r.visitedTiles, 4);
  EXPECT_EQ(r.skippedTiles, 1); // the decode sequence's second tile
  EXPECT_NEAR(r.out.data[2], 1.5, 1e-14);
  p.skipSoftmax = skip(128, 4, 1e-3, 1e-300);
  r = eval(p);
  EXPECT_EQ(r.skippedTiles, 1); // now the prefill one
  EXPECT_NEAR(r.out.data[0], 1.5, 1e-14);
  EXPECT_NE(r.out.data[2], 1.5);
}

TEST(ReferenceSkipSoftmax, CalibratedThresholdMatchesFixed) {
  std::vector<double> k = {10, 10, 10, 10, 0, 0, 0, 0};
  Logical L = scalarSeqs({{1, 1}}, {k});
  Problem fixed = toVarlen(L);
  fixed.scale = 1.0;
  fixed.skipSoftmax = skip(2, 4, 1e-3, 1e-4);
  Problem cal = fixed;
  // lambda(8) = a * exp(b * S*) / 8 = 0.004 * e^(2 * 0.5) / 8 = 5e-4 * e.
  cal.skipSoftmax->prefill.calibrated = true;
  cal.skipSoftmax->prefill.a = 0.004;
  cal.skipSoftmax->prefill.b = 2.0;
  cal.skipSoftmax->prefill.target = 0.5;
  EXPECT_NEAR(cal.skipSoftmax->prefill.at(8), 5e-4 * std::exp(1.0), 1e-18);
  Result rf = eval(fixed), rc = eval(cal);
  EXPECT_EQ(rf.out.data, rc.out.data);
  EXPECT_EQ(rc.skippedTiles, 1);
  // A calibrated threshold too small for the gap skips nothing.
  cal.skipSoftmax->prefill.a = 1e-6;
  EXPECT_EQ(eval(cal).skippedTiles, 0);
}

TEST(ReferenceSkipSoftmax, NonVisitedTilesAreNotCounted) {
  // Positions 8..11 of 12 keys, causal, window left 1: keys 7..11 only, so
  // k-tile 0 (keys 0..3) is never visited.
  Logical L = randomLogical(4, 1, 1, 4, 4, {4}, {12});
  Problem p = toVarlen(L);
  p.causal = true;
  p.windowLeft = 1;
  p.skipSoftmax = skip(4, 4, 0.5, 0.5);
  Result r = eval(p);
  EXPECT_EQ(r.visitedTiles, 2);
  // Every row still sees a processed key (the first visited tile).
  for (double x : r.lse.data)
    EXPECT_TRUE(std::isfinite(x));
}

TEST(ReferenceSkipSoftmax, LargeThresholdSkipsAndOnlyRemovesKeys) {
  for (uint32_t seed : {5u, 6u, 7u}) {
    Logical L = randomLogical(seed, 2, 2, 16, 4, {64, 1}, {64, 40}, 2.5);
    Problem dense = toVarlen(L);
    dense.causal = true;
    Problem sk = dense;
    sk.skipSoftmax = skip(8, 8, 0.3, 0.3);
    Result rs = eval(sk), rd = eval(dense);
    EXPECT_GT(rs.skippedTiles, 0);
    EXPECT_LT(rs.skippedTiles, rs.visitedTiles);
    // Skipping only removes keys: LSE can only drop.
    for (size_t n = 0; n < rs.lse.data.size(); ++n)
      EXPECT_LE(rs.lse.data[n], rd.lse.data[n] + 1e-12);
    EXPECT_NE(rs.out.data, rd.out.data);
  }
}

TEST(ReferenceSkipSoftmax, TileTallerThanTheSequence) {
  Logical L = randomLogical(9, 2, 1, 8, 4, {6, 3}, {20, 9}, 2.5);
  Problem a = toVarlen(L);
  a.skipSoftmax = skip(6, 4, 0.2, 0.2);
  Problem b = a;
  b.skipSoftmax->br = int64_t(1) << 40;
  Result ra = eval(a), rb = eval(b);
  EXPECT_EQ(ra.out.data, rb.out.data);
  EXPECT_EQ(ra.visitedTiles, rb.visitedTiles);
  EXPECT_EQ(ra.skippedTiles, rb.skippedTiles);
}

TEST(ReferenceSkipSoftmax, CombinesWithBlockMask) {
  // A block mask listing only k-block 1 of each q-block: tile 0 is never
  // visited, so the only visited tile is processed: equal to no skipping.
  Logical L = randomLogical(8, 1, 1, 4, 4, {4}, {8});
  Problem p = toVarlen(L);
  p.sparsity = BlockMaskSparsity{4, 4};
  p.kvNumBlocks = ints({1, 1, 1}, {1});
  p.kvIndices = ints({1, 1, 1, 1}, {1});
  Problem sk = p;
  sk.skipSoftmax = skip(4, 4, 0.9, 0.9);
  Result r = eval(sk);
  EXPECT_EQ(r.visitedTiles, 1);
  EXPECT_EQ(r.skippedTiles, 0);
  expectSameResult(sk, L, p, L, 0);
}

TEST(ReferenceSkipSoftmax, NaNTileIsNeverSkipped) {
  std::vector<double> k = {10, 10, 10, 10, 0, kNaN, 0, 0};
  Logical L = scalarSeqs({{1, 1}}, {k});
  Problem p = toVarlen(L);
  p.scale = 1.0;
  p.skipSoftmax = skip(2, 4, 1e-3, 1e-4);
  Result r = eval(p);
  EXPECT_EQ(r.skippedTiles, 0);
  EXPECT_TRUE(std::isnan(r.out.data[0]));
}

} // namespace
