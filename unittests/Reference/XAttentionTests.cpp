//===- XAttentionTests.cpp - Antidiagonal block selection (SPEC §5.3) -----===//

#include "TestUtil.h"

using namespace reftest;

namespace {

/// One-head varlen problem with D = 1 from q and k values; v_j = j + 1.
Logical scalarLogical(const std::vector<double> &q,
                      const std::vector<double> &k) {
  Logical L;
  L.Hq = L.Hkv = 1, L.D = 1, L.Dv = 1;
  L.lq = {int64_t(q.size())}, L.lk = {int64_t(k.size())};
  L.q = {q}, L.k = {k};
  std::vector<double> v;
  for (size_t j = 0; j < k.size(); ++j)
    v.push_back(double(j + 1));
  L.v = {v};
  return L;
}

Problem xattn(const Logical &L, double tau, int64_t block, int64_t stride,
              int64_t denseTail) {
  Problem p = toVarlen(L);
  p.causal = true;
  p.sparsity = XAttentionSparsity{tau, block, stride, denseTail};
  return p;
}

/// The selected block lists of (b, h) as vectors, from the Result.
std::vector<std::vector<int64_t>> lists(const Result &r, int64_t b,
                                        int64_t h) {
  const auto &ns = r.selectedNumBlocks.shape;
  const auto &is = r.selectedIndices.shape;
  std::vector<std::vector<int64_t>> out;
  for (int64_t I = 0; I < ns[2]; ++I) {
    int64_t n = r.selectedNumBlocks.data[(b * ns[1] + h) * ns[2] + I];
    std::vector<int64_t> l;
    for (int64_t t = 0; t < is[3]; ++t) {
      int64_t x = r.selectedIndices.data[((b * is[1] + h) * is[2] + I) * is[3] + t];
      if (t < n)
        l.push_back(x);
      else
        EXPECT_EQ(x, -1) << "unused entries are -1";
    }
    out.push_back(l);
  }
  return out;
}

using Lists = std::vector<std::vector<int64_t>>;

TEST(ReferenceXAttention, HandMadeStrideOne) {
  // Lq = Lk = 8, block 2, stride 1, D = 1, q = 1: A[r, c] = k_c (the norm
  // sqrt(D) * S is 1). Keys of block 1 score 5, others 0, so block 1 holds
  // nearly all the mass of q-blocks 2 and 3 (about 1.99 of 2 rows).
  Logical L = scalarLogical(std::vector<double>(8, 1.0),
                            {0, 0, 5, 5, 0, 0, 0, 0});
  Result r = eval(xattn(L, 0.5, 2, 1, 0));
  EXPECT_EQ(r.selectedNumBlocks.shape, (std::vector<int64_t>{1, 1, 4}));
  EXPECT_EQ(r.selectedIndices.shape, (std::vector<int64_t>{1, 1, 4, 4}));
  // I = 2: kept W0 + W2 is tiny < 0.5 * 2, so block 1 is kept (it crosses).
  // I = 3: block 1 (largest) crosses; block 2 is not needed.
  EXPECT_EQ(lists(r, 0, 0), (Lists{{0}, {0, 1}, {0, 1, 2}, {0, 1, 3}}));
  // Query 7 attends to keys {0..3, 6, 7} with scores k_j (scale 1).
  std::vector<int> keys = {0, 1, 2, 3, 6, 7};
  double z = 0, acc = 0;
  for (int j : keys)
    z += std::exp(L.k[0][j]), acc += std::exp(L.k[0][j]) * (j + 1);
  EXPECT_NEAR(r.out.data[7], acc / z, 1e-12);
  EXPECT_NEAR(r.lse.data[7], std::log(z), 1e-12);
}

TEST(ReferenceXAttention, HandMadeTiesAndThreshold) {
  // All scores 0: row r's mass is spread evenly over its r + 1 keys.
  // q-block 3 (rows 6, 7): W0 = W1 = W2 = 2/7 + 2/8, W3 = 1/7 + 2/8, total 2.
  // q-block 2 (rows 4, 5): W0 = W1 = 2/5 + 2/6, W2 = 1/5 + 2/6.
  Logical L = scalarLogical(std::vector<double>(8, 1.0),
                            std::vector<double>(8, 0.0));
  // tau = 0.5: I = 2 starts at 3/5 + 4/6 = 1.27 >= 1: nothing added.
  // I = 3 starts at 3/7 + 4/8 = 0.93 < 1: the tie W1 = W2 goes to J = 1.
  EXPECT_EQ(lists(eval(xattn(L, 0.5, 2, 1, 0)), 0, 0),
            (Lists{{0}, {0, 1}, {0, 2}, {0, 1, 3}}));
  // tau = 0.7 (target 1.4): I = 2 adds block 1; I = 3 adds block 1 only
  // (0.93 + 0.54 = 1.46 >= 1.4).
  EXPECT_EQ(lists(eval(xattn(L, 0.7, 2, 1, 0)), 0, 0),
            (Lists{{0}, {0, 1}, {0, 1, 2}, {0, 1, 3}}));
  // tau = 0.75 (target 1.5): I = 3 needs both.
  EXPECT_EQ(lists(eval(xattn(L, 0.75, 2, 1, 0)), 0, 0),
            (Lists{{0}, {0, 1}, {0, 1, 2}, {0, 1, 2, 3}}));
}

TEST(ReferenceXAttention, HandMadeAntidiagonalStrideTwo) {
  // Lq = Lk = 16, block 4, stride 2, D = 1. Odd queries are 1, even 0, so
  // A[r, c] = (q[2r+1] k[2c] + q[2r] k[2c+1]) / 2 = k[2c] / 2: only even keys
  // count. Even keys of block 2 (8, 10) are 10, odd keys of block 1 (5, 7)
  // are 10: the antidiagonal picks block 2, a diagonal sum would pick 1.
  std::vector<double> q(16), k(16, 0.0);
  for (int i = 0; i < 16; ++i)
    q[i] = i % 2;
  k[8] = k[10] = 10;
  k[5] = k[7] = 10;
  Logical L = scalarLogical(q, k);
  Result r = eval(xattn(L, 0.5, 4, 2, 0));
  // I = 2 (d = 2): W2 holds almost all mass, so block 1 is not added.
  // I = 3 (d = 3): block 2 (mass ~1.96 of 2) is added and crosses.
  EXPECT_EQ(lists(r, 0, 0), (Lists{{0}, {0, 1}, {0, 2}, {0, 2, 3}}));
}

TEST(ReferenceXAttention, StrictThresholdWithExactMasses) {
  // Scores 0 or -1000 (exp underflows to exactly 0), so every mass is exact.
  // Keys 3 and 5 score 0, the rest -1000. q-block 3 (rows 6, 7) puts 1/2 on
  // each of keys 3, 5: W = {0, 1, 1, 0}, total 2. tau = 0.5: block 1 (tie,
  // lower J) brings the kept mass to exactly 1 = tau * total, and the test is
  // strict, so block 2 is not added. q-block 2 (rows 4, 5): W1 = 1.5, W2 =
  // 0.5, kept 0.5 < 1: block 1 is added.
  std::vector<double> k(8, -1000.0);
  k[3] = k[5] = 0;
  Logical L = scalarLogical(std::vector<double>(8, 1.0), k);
  EXPECT_EQ(lists(eval(xattn(L, 0.5, 2, 1, 0)), 0, 0),
            (Lists{{0}, {0, 1}, {0, 1, 2}, {0, 1, 3}}));
}

/// SPEC §5.3 steps 1-6 written out literally for sequence b, head h: the
/// kept blocks of every q-block (greedy by repeated arg-max).
Lists oracle(const Logical &L, int64_t b, int64_t h, double tau, int64_t B,
             int64_t S, int64_t denseTail) {
  const int64_t lq = L.lq[b], lk = L.lk[b], G = L.Hq / L.Hkv;
  const int64_t nqb = (lq + B - 1) / B, nkb = (lk + B - 1) / B;
  auto q = [&](int64_t i, int64_t d) { return i < lq ? L.Qc(b, i, h, d) : 0.0; };
  auto k = [&](int64_t j, int64_t d) {
    return j < lk ? L.Kc(b, j, h / G, d) : 0.0;
  };
  const int64_t R = nqb * B / S, C = nkb * B / S;
  std::vector<std::vector<double>> W(nqb, std::vector<double>(nkb, 0.0));
  for (int64_t r = 0; r < R; ++r) {
    if (r * S >= lq)
      continue;
    std::vector<double> A(C);
    double mx = -kInf;
    for (int64_t c = 0; c < C; ++c) {
      if (c > r + (lk - lq) / S || c * S >= lk) {
        A[c] = -kInf;
        continue;
      }
      double sum = 0;
      for (int64_t s = 0; s < S; ++s)
        for (int64_t d = 0; d < L.D; ++d)
          sum += q(r * S + S - 1 - s, d) * k(c * S + s, d);
      A[c] = sum / (std::sqrt(double(L.D)) * S);
      mx = std::max(mx, A[c]);
    }
    double z = 0;
    for (int64_t c = 0; c < C; ++c)
      z += std::exp(A[c] - mx);
    for (int64_t c = 0; c < C; ++c)
      W[r * S / B][c * S / B] += std::exp(A[c] - mx) / z;
  }
  Lists out;
  for (int64_t I = 0; I < nqb; ++I) {
    const int64_t d = I + (lk - lq) / B;
    std::vector<bool> keep(nkb, false);
    keep[0] = keep[d] = true;
    double kept = W[I][0] + (d ? W[I][d] : 0.0), total = 0;
    for (int64_t J = 0; J < nkb; ++J)
      total += W[I][J];
    while (kept < tau * total) {
      int64_t best = -1;
      for (int64_t J = 1; J < d; ++J)
        if (!keep[J] && (best < 0 || W[I][J] > W[I][best]))
          best = J;
      if (best < 0)
        break;
      keep[best] = true;
      kept += W[I][best];
    }
    if (std::min((I + 1) * B, lq) - 1 + lk - lq >= lk - denseTail)
      for (int64_t J = 0; J <= d; ++J)
        keep[J] = true;
    std::vector<int64_t> l;
    for (int64_t J = 0; J < nkb; ++J)
      if (keep[J])
        l.push_back(J);
    out.push_back(l);
  }
  return out;
}

TEST(ReferenceXAttention, MatchesLiteralOracle) {
  struct Case {
    int64_t block, stride, denseTail;
    double tau;
  };
  const Case cases[] = {{4, 2, 0, 0.5}, {4, 4, 0, 0.8}, {8, 2, 3, 0.9},
                        {4, 1, 0, 0.3}, {8, 8, 0, 0.6}};
  for (uint32_t seed : {11u, 12u, 13u})
    for (const Case &c : cases) {
      Logical L = randomLogical(seed, 2, 1, 8, 4, {21, 3, 16},
                                {21 + 2 * c.block, 3 + c.block, 16}, 3.0);
      Result r = eval(xattn(L, c.tau, c.block, c.stride, c.denseTail));
      for (int64_t b = 0; b < L.B(); ++b)
        for (int64_t h = 0; h < L.Hq; ++h) {
          Lists got = lists(r, b, h);
          Lists want = oracle(L, b, h, c.tau, c.block, c.stride, c.denseTail);
          got.resize(want.size());
          EXPECT_EQ(got, want) << "seed " << seed << " block " << c.block
                               << " stride " << c.stride << " b " << b
                               << " h " << h;
        }
    }
}

TEST(ReferenceXAttention, KeyOffsetAndDenseTail) {
  // Lq = 4, Lk = 12, block 2, stride 1: diagonal d = I + 4.
  std::vector<double> k(12, 0.0);
  k[4] = k[5] = 8; // block 2
  Logical L = scalarLogical(std::vector<double>(4, 1.0), k);
  EXPECT_EQ(lists(eval(xattn(L, 0.5, 2, 1, 0)), 0, 0),
            (Lists{{0, 2, 4}, {0, 2, 5}}));
  // n_dense_tail = 1: q-block 1 (positions 10, 11) holds p = 11 >= 12 - 1
  // (its last query only).
  EXPECT_EQ(lists(eval(xattn(L, 0.5, 2, 1, 1)), 0, 0),
            (Lists{{0, 2, 4}, {0, 1, 2, 3, 4, 5}}));
  // The default tail of 100 makes everything dense, equal to causal.
  Problem tail = xattn(L, 0.5, 2, 1, 100), causal = toVarlen(L);
  causal.causal = true;
  expectSameResult(tail, L, causal, L, 0);
}

/// Attention restricted to the exported selection, as an explicit mask.
Problem fromSelection(const Logical &L, const Result &r, int64_t block) {
  Problem p = toVarlen(L);
  p.causal = true;
  p.mask = buildMask(L, [&](int64_t b, int64_t h, int64_t i, int64_t,
                            int64_t j) {
    const auto &is = r.selectedIndices.shape;
    int64_t I = i / block;
    int64_t n = r.selectedNumBlocks.data[(b * is[1] + h) * is[2] + I];
    for (int64_t t = 0; t < n; ++t)
      if (r.selectedIndices.data[((b * is[1] + h) * is[2] + I) * is[3] + t] ==
          j / block)
        return true;
    return false;
  });
  return p;
}

TEST(ReferenceXAttention, RandomSelectionIsConsistent) {
  for (uint32_t seed : {1u, 2u, 3u})
    for (double tau : {0.3, 0.8, 1.0}) {
      // Lk - Lq multiple of the block (4): 13/13, 6/14, 0/8, 9/17.
      Logical L = randomLogical(seed, 4, 2, 8, 4, {13, 6, 0, 9},
                                {13, 14, 8, 17}, 2.0);
      Problem p = xattn(L, tau, 4, 2, 0);
      Result r = eval(p);
      for (int64_t b = 0; b < L.B(); ++b)
        for (int64_t h = 0; h < L.Hq; ++h) {
          Lists l = lists(r, b, h);
          int64_t nqb = (L.lq[b] + 3) / 4;
          for (int64_t I = 0; I < int64_t(l.size()); ++I) {
            if (I >= nqb) {
              EXPECT_TRUE(l[I].empty());
              continue;
            }
            int64_t d = I + (L.lk[b] - L.lq[b]) / 4;
            ASSERT_FALSE(l[I].empty());
            EXPECT_EQ(l[I].front(), 0);
            EXPECT_EQ(l[I].back(), d); // nothing past the diagonal
            EXPECT_TRUE(std::is_sorted(l[I].begin(), l[I].end()));
            if (tau == 1.0) { // the mass reaches the total with all blocks
              EXPECT_EQ(int64_t(l[I].size()), d + 1);
            }
          }
        }
      expectSameResult(p, L, fromSelection(L, r, 4), L, 0);
    }
}

TEST(ReferenceXAttention, HugeBlockIsOneBlock) {
  // One block covers everything: block 0 is the diagonal, attention is
  // causal; nothing the size of the block is allocated.
  Logical L = randomLogical(8, 2, 1, 4, 4, {5, 7}, {5, 7});
  const int64_t huge = int64_t(1) << 40;
  for (int64_t stride : {int64_t(1), huge}) {
    Problem p = xattn(L, 0.5, huge, stride, 0);
    Result r = eval(p);
    EXPECT_EQ(r.selectedIndices.shape, (std::vector<int64_t>{2, 2, 1, 1}));
    EXPECT_EQ(r.selectedIndices.data, std::vector<int64_t>(4, 0));
    Problem causal = toVarlen(L);
    causal.causal = true;
    expectSameResult(p, L, causal, L, 0);
  }
}

TEST(ReferenceXAttention, GqaSelectionUsesTheKvHead) {
  Logical L = randomLogical(5, 4, 2, 8, 4, {12, 8}, {16, 8}, 2.0);
  Logical M = repeatKvHeads(L);
  Result a = eval(xattn(L, 0.6, 4, 2, 0)), b = eval(xattn(M, 0.6, 4, 2, 0));
  EXPECT_EQ(a.selectedNumBlocks.data, b.selectedNumBlocks.data);
  EXPECT_EQ(a.selectedIndices.data, b.selectedIndices.data);
  expectClose(a.out.data, b.out.data, 1e-13);
  // The selection is not trivially dense here.
  Problem causal = toVarlen(L);
  causal.causal = true;
  EXPECT_NE(eval(causal).out.data, a.out.data);
}

TEST(ReferenceXAttention, SelectionIgnoresScaleAndBias) {
  Logical L = randomLogical(6, 2, 1, 4, 4, {8}, {16}, 2.0);
  Problem a = xattn(L, 0.5, 4, 2, 0);
  Problem b = a;
  b.scale = 7.0;
  b.softcap = 1.5;
  b.bias = arr({1, 1, 1, 16}, std::vector<double>(16, 0.0));
  b.bias->data[5] = 30;
  Result ra = eval(a), rb = eval(b);
  EXPECT_EQ(ra.selectedIndices.data, rb.selectedIndices.data);
}

TEST(ReferenceXAttention, DenseFamily) {
  Logical L = randomLogical(7, 2, 2, 4, 4, {8, 8}, {16, 8}, 2.0);
  Problem d = toDense(L, DenseLayout::BNSD, 18, 1);
  d.causal = true;
  d.sparsity = XAttentionSparsity{0.5, 4, 2, 0};
  Problem v = xattn(L, 0.5, 4, 2, 0);
  Result rd = eval(d), rv = eval(v);
  EXPECT_EQ(rd.selectedIndices.data, rv.selectedIndices.data);
  expectSameResult(d, L, v, L, 1e-13);
}

} // namespace
