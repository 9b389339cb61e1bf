//===- BlockSparsityTests.cpp - Block mask and tri-shape (SPEC §5.1, §5.2) ===//

#include "TestUtil.h"

#include <functional>
#include <set>

using namespace reftest;

namespace {

using BlockFn = std::function<std::vector<int64_t>(int64_t b, int64_t h,
                                                   int64_t qBlock)>;

/// kv_num_blocks [nb, nh, nQB] and kv_indices [nb, nh, nQB, maxKVB] from a
/// list per (b, h, q-block); unused index slots hold garbage.
void blockLists(int64_t nb, int64_t nh, int64_t nQB, int64_t maxKVB,
                const BlockFn &fn, IntArray &num, IntArray &idx) {
  num = ints({nb, nh, nQB}, std::vector<int64_t>(nb * nh * nQB, 0));
  idx = ints({nb, nh, nQB, maxKVB},
             std::vector<int64_t>(nb * nh * nQB * maxKVB, -99));
  for (int64_t b = 0; b < nb; ++b)
    for (int64_t h = 0; h < nh; ++h)
      for (int64_t I = 0; I < nQB; ++I) {
        std::vector<int64_t> list = fn(b, h, I);
        num.data[(b * nh + h) * nQB + I] = list.size();
        for (size_t t = 0; t < list.size(); ++t)
          idx.data[((b * nh + h) * nQB + I) * maxKVB + t] = list[t];
      }
}

int64_t cdiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

TEST(ReferenceBlockMask, AllBlocksEqualDense) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    Logical L = randomLogical(seed, 2, 1, 4, 4, {9, 5}, {13, 7});
    const int64_t bq = 4, bk = 3, nQB = 3, nKB = cdiv(13, bk);
    Array mask = buildMask(L, [&](int64_t, int64_t h, int64_t i, int64_t,
                                  int64_t j) { return (i * 7 + j * 3 + h) % 5 != 0; });
    Problem dense = toVarlen(L);
    dense.causal = true;
    dense.mask = mask;
    dense.maskMod = [](int64_t, int64_t, int64_t qPos, int64_t kvPos) {
      return (qPos + kvPos) % 4 != 1;
    };
    Problem sparse = dense;
    sparse.sparsity = BlockMaskSparsity{bq, bk};
    // Every block, shuffled, with duplicates.
    IntArray num, idx;
    blockLists(2, 2, nQB, nKB + 2,
               [&](int64_t b, int64_t h, int64_t I) {
                 std::vector<int64_t> l = {4, 0, 3, 3, 1, 2, 0};
                 std::rotate(l.begin(), l.begin() + (b + h + I) % 7, l.end());
                 return l;
               },
               num, idx);
    sparse.kvNumBlocks = num;
    sparse.kvIndices = idx;
    expectSameResult(sparse, L, dense, L, 0);
  }
}

TEST(ReferenceBlockMask, FullAndPartialListsEqualExplicitMask) {
  for (uint32_t seed : {4u, 5u, 6u, 7u}) {
    std::mt19937 rng(seed);
    Logical L = randomLogical(seed, 2, 2, 4, 3, {10, 6, 3}, {11, 15, 4});
    const int64_t bq = 3, bk = 4, nQB = 4, nKB = cdiv(15, bk);
    // Random partial and full sets per (b, h, q-block), over the longest
    // sequence's blocks: indices past a shorter sequence select nothing.
    std::vector<std::set<int64_t>> part(3 * 2 * nQB), full(3 * 2 * nQB);
    for (size_t n = 0; n < part.size(); ++n)
      for (int64_t J = 0; J < nKB; ++J) {
        int r = rng() % 4;
        if (r == 1 || r == 3)
          part[n].insert(J);
        if (r >= 2)
          full[n].insert(J); // r == 3: in both lists, so full
      }
    auto setFn = [&](std::vector<std::set<int64_t>> &sets) {
      return [&sets](int64_t b, int64_t h, int64_t I) {
        const auto &s = sets[(b * 2 + h) * nQB + I];
        std::vector<int64_t> l(s.rbegin(), s.rend()); // any order
        return l;
      };
    };
    auto elem = [](int64_t b, int64_t h, int64_t i, int64_t, int64_t j) {
      return (b + 2 * h + 3 * i + 5 * j) % 3 != 0;
    };
    auto modKeep = [](int64_t, int64_t h, int64_t qPos, int64_t kvPos) {
      return (qPos * 3 + kvPos + h) % 7 != 2;
    };
    Problem sparse = toVarlen(L);
    sparse.causal = seed % 2 == 0;
    sparse.mask = buildMask(L, elem);
    sparse.maskMod = modKeep;
    sparse.sparsity = BlockMaskSparsity{bq, bk};
    IntArray num, idx, fnum, fidx;
    blockLists(3, 2, nQB, nKB, setFn(part), num, idx);
    blockLists(3, 2, nQB, nKB, setFn(full), fnum, fidx);
    sparse.kvNumBlocks = num, sparse.kvIndices = idx;
    sparse.fullKvNumBlocks = fnum, sparse.fullKvIndices = fidx;

    Problem explicitMask = toVarlen(L);
    explicitMask.causal = sparse.causal;
    explicitMask.mask = buildMask(L, [&](int64_t b, int64_t h, int64_t i,
                                         int64_t pos, int64_t j) {
      int64_t n = (b * 2 + h) * nQB + i / bq;
      if (full[n].count(j / bk))
        return true; // full: element mask and mask_mod not evaluated
      return part[n].count(j / bk) && elem(b, h, i, pos, j) &&
             modKeep(b, h, pos, j);
    });
    expectSameResult(sparse, L, explicitMask, L, 0);
  }
}

TEST(ReferenceBlockMask, FullListsEqualPartialListsWithoutMask) {
  Logical L = randomLogical(8, 2, 1, 4, 4, {8, 8}, {8, 8});
  IntArray num, idx, none, noneIdx;
  auto all = [](int64_t, int64_t, int64_t) {
    return std::vector<int64_t>{0, 1, 2, 3};
  };
  auto empty = [](int64_t, int64_t, int64_t) { return std::vector<int64_t>{}; };
  blockLists(1, 1, 4, 4, all, num, idx);
  blockLists(1, 1, 4, 4, empty, none, noneIdx);
  Problem partial = toVarlen(L);
  partial.causal = true;
  partial.sparsity = BlockMaskSparsity{2, 2};
  partial.kvNumBlocks = num, partial.kvIndices = idx;
  Problem full = partial;
  full.kvNumBlocks = none, full.kvIndices = noneIdx;
  full.fullKvNumBlocks = num, full.fullKvIndices = idx;
  full.mask = arr({1, 1, 1, 1}, {0.0}); // would hide everything
  full.maskMod = [](int64_t, int64_t, int64_t, int64_t) { return false; };
  expectSameResult(full, L, partial, L, 0);
  // The same lists as partial with that mask hide everything.
  Problem masked = partial;
  masked.mask = full.mask;
  Result r = eval(masked);
  for (double x : r.lse.data)
    EXPECT_EQ(x, -kInf);
}

TEST(ReferenceBlockMask, BroadcastDimsEqualExpanded) {
  Logical L = randomLogical(9, 3, 1, 4, 4, {6, 4}, {9, 12});
  auto fn = [](int64_t, int64_t, int64_t I) {
    return I == 0 ? std::vector<int64_t>{0} : std::vector<int64_t>{I, 0, 3};
  };
  IntArray n1, i1, nB, iB, nMixed, iMixed;
  blockLists(1, 1, 2, 3, fn, n1, i1);
  blockLists(2, 3, 2, 3, fn, nB, iB);
  Problem a = toVarlen(L), b = toVarlen(L);
  a.sparsity = b.sparsity = BlockMaskSparsity{4, 3};
  a.kvNumBlocks = n1, a.kvIndices = i1;
  b.kvNumBlocks = nB, b.kvIndices = iB;
  expectSameResult(a, L, b, L, 0);
  // Broadcast counts with full indices.
  Problem c = b;
  c.kvNumBlocks = n1;
  expectSameResult(a, L, c, L, 0);
}

TEST(ReferenceBlockMask, DenseFamilyUsesLogicalKeys) {
  Logical L = randomLogical(10, 2, 2, 4, 4, {4, 4}, {6, 3});
  auto fn = [](int64_t b, int64_t, int64_t I) {
    return b == 0 ? std::vector<int64_t>{I + 1} : std::vector<int64_t>{0, 2};
  };
  IntArray num, idx;
  blockLists(2, 1, 2, 2, fn, num, idx);
  Problem d = toDense(L, DenseLayout::BSND, 9, 2);
  Problem v = toVarlen(L);
  d.sparsity = v.sparsity = BlockMaskSparsity{2, 2};
  d.kvNumBlocks = v.kvNumBlocks = num;
  d.kvIndices = v.kvIndices = idx;
  expectSameResult(d, L, v, L, 1e-13);
}

/// The tri-shape rule of SPEC §5.2 written out for one query.
bool triKeeps(int64_t pos, int64_t j, int64_t prompt, int64_t bk, int64_t nrs,
              int64_t nrr, int64_t ndt) {
  if (j > pos)
    return false;
  if (pos >= prompt - ndt)
    return true;
  int64_t F = pos >= 0 ? pos / bk : -((-pos + bk - 1) / bk);
  int64_t J = j / bk;
  return J < nrs / bk || (F - nrr / bk <= J && J <= F);
}

TEST(ReferenceTriShape, EqualsExplicitMask) {
  for (uint32_t seed : {11u, 12u})
    for (bool prompts : {false, true}) {
      Logical L = randomLogical(seed, 2, 1, 4, 4, {12, 5, 3}, {20, 17, 2});
      const std::vector<int64_t> promptLens = {18, 30, 2};
      TriShapeSparsity ts{2, 2, 4, 3};
      Problem tri = toVarlen(L);
      tri.sparsity = ts; // causal by itself
      if (prompts)
        tri.promptLens = ints({3}, promptLens);
      Problem m = toVarlen(L);
      m.mask = buildMask(L, [&](int64_t b, int64_t, int64_t, int64_t pos,
                                int64_t j) {
        int64_t prompt = prompts ? promptLens[b] : L.lk[b];
        return triKeeps(pos, j, prompt, 2, 2, 4, 3);
      });
      expectSameResult(tri, L, m, L, 0);
      // It really is sparse: not the same as plain causal.
      Problem causal = toVarlen(L);
      causal.causal = true;
      EXPECT_NE(eval(causal).out.data, eval(tri).out.data);
    }
}

TEST(ReferenceTriShape, PagedBlockDefaultsToPageSize) {
  Logical L = randomLogical(13, 2, 2, 4, 4, {6, 9}, {24, 19});
  Problem paged = toPaged(L, CacheLayout::NHD, 4, 13);
  paged.sparsity = TriShapeSparsity{0, 4, 8, 2};
  Problem varlen = toVarlen(L);
  varlen.sparsity = TriShapeSparsity{4, 4, 8, 2};
  expectSameResult(paged, L, varlen, L, 1e-13);
  Problem wrongBk = toVarlen(L);
  wrongBk.sparsity = TriShapeSparsity{2, 4, 8, 2};
  Result a = eval(wrongBk), b = eval(varlen);
  EXPECT_NE(a.out.data, b.out.data);
}

} // namespace
