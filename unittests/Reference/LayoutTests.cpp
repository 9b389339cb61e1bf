//===- LayoutTests.cpp - Families and layouts agree (SPEC §1, §3) ---------===//

#include "TestUtil.h"

using namespace reftest;

namespace {

const CacheLayout kCacheLayouts[] = {CacheLayout::NHD, CacheLayout::HND,
                                     CacheLayout::HPND};
const DenseLayout kDenseLayouts[] = {DenseLayout::BNSD, DenseLayout::BSND,
                                     DenseLayout::BSH};

/// A few options that exercise positions, so that a wrong key order shows.
void addOptions(Problem &p, const Logical &L) {
  p.causal = true;
  p.windowLeft = 5;
  p.numSink = 1;
  p.softcap = 3.0;
  std::vector<double> slopes;
  for (int64_t h = 0; h < L.Hq; ++h)
    slopes.push_back(0.1 * (h + 1));
  p.alibiSlopes = arr({L.Hq}, slopes);
}

TEST(ReferenceLayout, PagedEqualsVarlen) {
  const std::vector<int64_t> lq = {3, 1, 7, 2, 4}, lk = {9, 16, 7, 1, 13};
  for (uint32_t seed : {1u, 2u, 3u}) {
    Logical L = randomLogical(seed, 4, 2, 8, 6, lq, lk);
    Problem ref = toVarlen(L);
    addOptions(ref, L);
    Result rv = eval(ref);
    for (int64_t pageSize : {1, 4, 5, 16})
      for (CacheLayout layout : kCacheLayouts) {
        Problem p = toPaged(L, layout, pageSize, seed * 100 + pageSize, 3);
        addOptions(p, L);
        Result rp = eval(p);
        SCOPED_TRACE(testing::Message() << "seed " << seed << " page "
                                        << pageSize << " layout "
                                        << int(layout));
        expectClose(rp.out.data, rv.out.data, 1e-13, "out");
        expectClose(rp.lse.data, rv.lse.data, 1e-13, "lse");
        EXPECT_TRUE(allFinite(rp.out.data)); // NaN garbage was never read
      }
  }
}

TEST(ReferenceLayout, PagedDecodeWithoutCuSeqlens) {
  Logical L = randomLogical(7, 4, 1, 8, 8, {1, 1, 1}, {10, 3, 17});
  Problem withCu = toPaged(L, CacheLayout::NHD, 4, 9);
  Problem decode = toPaged(L, CacheLayout::NHD, 4, 9, 2, /*decode=*/true);
  EXPECT_FALSE(decode.cuSeqlensQ.has_value());
  expectSameResult(decode, L, withCu, L, 0);
  expectSameResult(decode, L, toVarlen(L), L, 1e-13);
}

TEST(ReferenceLayout, GqaEqualsMhaWithRepeatedKv) {
  for (uint32_t seed : {11u, 12u})
    for (auto [hq, hkv] : {std::pair<int64_t, int64_t>{6, 2}, {4, 1}, {3, 3}}) {
      Logical L = randomLogical(seed, hq, hkv, 5, 7, {4, 6}, {8, 6});
      Logical M = repeatKvHeads(L);
      Problem g = toVarlen(L), m = toVarlen(M);
      addOptions(g, L);
      addOptions(m, M);
      expectSameResult(g, L, m, M, 1e-13);
      Problem gp = toPaged(L, CacheLayout::HPND, 3, seed);
      Problem mp = toPaged(M, CacheLayout::HND, 2, seed + 1);
      expectSameResult(gp, L, mp, M, 1e-13);
    }
}

TEST(ReferenceLayout, DenseLayoutsAgreeAndEqualVarlen) {
  for (uint32_t seed : {21u, 22u, 23u}) {
    Logical L = randomLogical(seed, 4, 2, 6, 5, {5, 5, 5}, {8, 8, 8});
    Problem v = toVarlen(L);
    addOptions(v, L);
    for (DenseLayout layout : kDenseLayouts)
      for (bool actual : {false, true}) {
        Problem d = toDense(L, layout, 8, std::nullopt, actual);
        addOptions(d, L);
        Result rd = eval(d);
        if (layout == DenseLayout::BSH) {
          EXPECT_EQ(rd.out.shape, (std::vector<int64_t>{3, 5, 4 * 5}));
        }
        EXPECT_EQ(rd.lse.shape, (std::vector<int64_t>{3, 4, 5}));
        expectSameResult(d, L, v, L, 1e-13);
      }
    // bsnd and bsh hold the same numbers in the same order.
    Result a = eval(toDense(L, DenseLayout::BSND, 8));
    Result b = eval(toDense(L, DenseLayout::BSH, 8));
    EXPECT_EQ(a.out.data, b.out.data);
  }
}

TEST(ReferenceLayout, ActualSeqLengthsAndPaddingEqualSlicedProblem) {
  for (uint32_t seed : {31u, 32u})
    for (DenseLayout layout : kDenseLayouts)
      for (std::optional<int64_t> pad :
           {std::optional<int64_t>{}, std::optional<int64_t>{0},
            std::optional<int64_t>{2}}) {
        // Skv = 10; lengths fit in Skv - pad.
        Logical L = randomLogical(seed, 2, 1, 4, 3, {3, 3, 3}, {7, 3, 8});
        Problem d = toDense(L, layout, 10, pad);
        addOptions(d, L);
        Problem v = toVarlen(L);
        addOptions(v, L);
        SCOPED_TRACE(testing::Message() << "layout " << int(layout) << " pad "
                                        << (pad ? *pad : -1));
        expectSameResult(d, L, v, L, 1e-13);
        EXPECT_TRUE(allFinite(eval(d).out.data)); // NaN padding never read
      }
}

TEST(ReferenceLayout, DenseBiasIsIndexedByStorageSlot) {
  // With padding, the valid columns of the dense bias shift with the slots.
  Logical L = randomLogical(41, 1, 1, 4, 4, {2, 2}, {4, 2});
  const int64_t skv = 7, pad = 1;
  std::mt19937 rng(41);
  std::vector<double> dense = randVec(rng, 2 * 1 * 2 * skv);
  Problem d = toDense(L, DenseLayout::BNSD, skv, pad);
  d.bias = arr({2, 1, 2, skv}, dense);
  Problem v = toVarlen(L);
  std::vector<double> packed(2 * 1 * 2 * 4, 0.0);
  for (int64_t b = 0; b < 2; ++b)
    for (int64_t i = 0; i < 2; ++i)
      for (int64_t j = 0; j < L.lk[b]; ++j)
        packed[(b * 2 + i) * 4 + j] =
            dense[(b * 2 + i) * skv + denseStart(skv, pad, L.lk[b]) + j];
  v.bias = arr({2, 1, 2, 4}, packed);
  expectSameResult(d, L, v, L, 1e-13);
}

TEST(ReferenceLayout, DenseInvalidRangeGivesZero) {
  // Skv = 6, padding 2: sequence 1 (len 5) would start at slot -1; sequence
  // 2 has no keys. Both give 0 / -inf; sequence 0 is unaffected.
  Logical L = randomLogical(51, 2, 2, 4, 4, {2, 2, 2}, {3, 5, 0});
  Problem d = toDense(L, DenseLayout::BSND, 6, 2);
  Result r = eval(d);
  std::vector<double> out = logicalOut(d, r, L), lse = logicalLse(d, r, L);
  const int64_t rowVals = 2 * 2 * 4; // lq * Hq * Dv
  Logical first = L;
  first.lq = {2}, first.lk = {3};
  first.q.resize(1), first.k.resize(1), first.v.resize(1);
  Result r0 = eval(toVarlen(first));
  for (int64_t n = 0; n < rowVals; ++n)
    EXPECT_NEAR(out[n], r0.out.data[n], 1e-13);
  for (int64_t n = rowVals; n < 3 * rowVals; ++n)
    EXPECT_EQ(out[n], 0.0);
  for (int64_t n = 4; n < 12; ++n)
    EXPECT_EQ(lse[n], -kInf);
}

TEST(ReferenceLayout, PerTokenScalesFollowThePages) {
  // Per-token dequant of a paged cache uses [P, page_size] by physical page.
  Logical L = randomLogical(61, 2, 1, 4, 4, {2, 3}, {5, 7});
  PagedPlacement place;
  Problem p = toPaged(L, CacheLayout::HND, 3, 61, 2, false, &place);
  const int64_t P = p.k.shape[0];
  std::mt19937 rng(61);
  std::vector<double> scale = randVec(rng, P * 3, 0.5, 2.0);
  Dequant dq;
  dq.granularity = Granularity::PerToken;
  dq.scale = arr({P, 3}, scale);
  p.kDequant = dq;
  Logical S = L; // pre-dequantised
  for (int64_t b = 0; b < 2; ++b)
    for (int64_t j = 0; j < L.lk[b]; ++j)
      for (int64_t d = 0; d < 4; ++d)
        S.K(b, j, 0, d) *= scale[place.pages[b][j / 3] * 3 + j % 3];
  expectSameResult(p, L, toVarlen(S), S, 1e-13);
}

} // namespace
