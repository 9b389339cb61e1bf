//===- BasicTests.cpp - Hand-computed cases of SPEC §2 ---------------------===//

#include "TestUtil.h"

using namespace reftest;

namespace {

/// A one-head varlen problem from flat q [lq*D], k [lk*D], v [lk*Dv].
Problem tiny(int64_t D, int64_t Dv, std::vector<double> q,
             std::vector<double> k, std::vector<double> v) {
  Problem p;
  p.family = Family::Varlen;
  p.numQHeads = p.numKvHeads = 1;
  p.headDim = D;
  p.headDimV = Dv;
  int64_t lq = q.size() / D, lk = k.size() / D;
  p.q = arr({lq, 1, D}, std::move(q));
  p.k = arr({lk, 1, D}, std::move(k));
  p.v = arr({lk, 1, Dv}, std::move(v));
  p.cuSeqlensQ = ints({2}, {0, lq});
  p.cuSeqlensK = ints({2}, {0, lk});
  return p;
}

/// softmax-weighted sum of `vals` with scores `s`, and log-sum-exp.
std::pair<double, double> softmaxOf(const std::vector<double> &s,
                                    const std::vector<double> &vals) {
  double z = 0, acc = 0;
  for (size_t j = 0; j < s.size(); ++j) {
    z += std::exp(s[j]);
    acc += std::exp(s[j]) * vals[j];
  }
  return {acc / z, std::log(z)};
}

/// Independent naive attention (scale 1/sqrt(D), optional causal) on a
/// logical problem: out [b][i][h][d] and lse [b][h][i].
void naive(const Logical &L, bool causal, std::vector<double> &out,
           std::vector<double> &lse) {
  const int64_t G = L.Hq / L.Hkv;
  out.clear();
  std::vector<std::vector<std::vector<double>>> lseBhi(L.B());
  for (int64_t b = 0; b < L.B(); ++b) {
    lseBhi[b].assign(L.Hq, std::vector<double>(L.lq[b], -kInf));
    for (int64_t i = 0; i < L.lq[b]; ++i)
      for (int64_t h = 0; h < L.Hq; ++h) {
        int64_t pos = i + L.lk[b] - L.lq[b];
        std::vector<double> s;
        std::vector<int64_t> keys;
        for (int64_t j = 0; j < L.lk[b]; ++j) {
          if (causal && j > pos)
            continue;
          double dot = 0;
          for (int64_t d = 0; d < L.D; ++d)
            dot += L.Qc(b, i, h, d) * L.Kc(b, j, h / G, d);
          s.push_back(dot / std::sqrt(double(L.D)));
          keys.push_back(j);
        }
        for (int64_t d = 0; d < L.Dv; ++d) {
          if (keys.empty()) {
            out.push_back(0);
            continue;
          }
          std::vector<double> vals;
          for (int64_t j : keys)
            vals.push_back(L.Vc(b, j, h / G, d));
          auto [o, l] = softmaxOf(s, vals);
          out.push_back(o);
          lseBhi[b][h][i] = l;
        }
      }
  }
  lse.clear();
  for (auto &hs : lseBhi)
    for (auto &is : hs)
      lse.insert(lse.end(), is.begin(), is.end());
}

TEST(ReferenceBasic, TwoKeysByHand) {
  Problem p = tiny(2, 2, {1, 0}, {1, 0, 0, 1}, {1, 2, 3, -1});
  Result r = eval(p);
  const double s0 = 1 / std::sqrt(2.0), e0 = std::exp(s0);
  ASSERT_EQ(r.out.shape, (std::vector<int64_t>{1, 1, 2}));
  ASSERT_EQ(r.lse.shape, (std::vector<int64_t>{1, 1}));
  EXPECT_NEAR(r.out.data[0], (e0 * 1 + 3) / (e0 + 1), 1e-14);
  EXPECT_NEAR(r.out.data[1], (e0 * 2 - 1) / (e0 + 1), 1e-14);
  EXPECT_NEAR(r.lse.data[0], std::log(e0 + 1), 1e-14);
}

TEST(ReferenceBasic, CausalBottomRightAlignment) {
  Problem p = tiny(1, 1, {1, 2}, {1, 2, 3}, {10, 20, 30});
  p.scale = 1.0;
  p.causal = true;
  Result r = eval(p);
  const double e = std::exp(1.0);
  // Query 0 sits at position 1: keys 0, 1 with scores 1, 2.
  EXPECT_NEAR(r.out.data[0], (10 * e + 20 * e * e) / (e + e * e), 1e-12);
  EXPECT_NEAR(r.lse.data[0], std::log(e + e * e), 1e-12);
  // Query 1 at position 2: all keys, scores 2, 4, 6.
  auto [o1, l1] = softmaxOf({2, 4, 6}, {10, 20, 30});
  EXPECT_NEAR(r.out.data[1], o1, 1e-12);
  EXPECT_NEAR(r.lse.data[1], l1, 1e-12);
}

TEST(ReferenceBasic, MoreQueriesThanKeys) {
  // Lq = 3 > Lk = 1: positions -2, -1, 0; only the last query sees key 0.
  Problem p = tiny(1, 2, {1, 2, 3}, {0.5}, {7, -8});
  p.causal = true;
  Result r = eval(p);
  EXPECT_EQ(r.out.data, (std::vector<double>{0, 0, 0, 0, 7, -8}));
  EXPECT_EQ(r.lse.data[0], -kInf);
  EXPECT_EQ(r.lse.data[1], -kInf);
  EXPECT_NEAR(r.lse.data[2], 3 * 0.5, 1e-15); // scale 1/sqrt(1)
}

TEST(ReferenceBasic, ScoreStepsInOrder) {
  // scale, softcap, ALiBi, bias, score_mod on one query at position 2.
  Problem p = tiny(1, 1, {3}, {1, -2, 4}, {1, 2, 4});
  p.scale = 0.5;
  p.softcap = 2.0;
  p.alibiSlopes = arr({1}, {0.25});
  p.bias = arr({1, 1, 1, 3}, {0.1, -0.3, 0.2});
  p.scoreMod = [](double s, int64_t, int64_t, int64_t qPos, int64_t kvPos) {
    return s * s + 0.01 * double(qPos - kvPos);
  };
  Result r = eval(p);
  const double k[3] = {1, -2, 4}, bias[3] = {0.1, -0.3, 0.2};
  std::vector<double> s;
  for (int j = 0; j < 3; ++j) {
    double x = 2.0 * std::tanh(0.5 * 3 * k[j] / 2.0);
    x += -0.25 * std::abs(2 - j);
    x += bias[j];
    s.push_back(x * x + 0.01 * (2 - j));
  }
  auto [o, l] = softmaxOf(s, {1, 2, 4});
  EXPECT_NEAR(r.out.data[0], o, 1e-13);
  EXPECT_NEAR(r.lse.data[0], l, 1e-13);
}

TEST(ReferenceBasic, AlibiPerSequenceSlopes) {
  // Two sequences of one query and two keys; slopes [B, Hq].
  Logical L = randomLogical(5, 1, 1, 2, 1, {1, 1}, {2, 2});
  Problem p = toVarlen(L);
  p.alibiSlopes = arr({2, 1}, {0.5, 2.0});
  Result r = eval(p);
  for (int64_t b = 0; b < 2; ++b) {
    double slope = b == 0 ? 0.5 : 2.0;
    std::vector<double> s, vals;
    for (int64_t j = 0; j < 2; ++j) {
      double dot = L.Qc(b, 0, 0, 0) * L.Kc(b, j, 0, 0) +
                   L.Qc(b, 0, 0, 1) * L.Kc(b, j, 0, 1);
      s.push_back(dot / std::sqrt(2.0) - slope * std::abs(1 - j));
      vals.push_back(L.Vc(b, j, 0, 0));
    }
    auto [o, l] = softmaxOf(s, vals);
    EXPECT_NEAR(r.out.data[b], o, 1e-13);
    EXPECT_NEAR(r.lse.data[b], l, 1e-13);
  }
}

TEST(ReferenceBasic, WindowAndSinkByHand) {
  // Lq = Lk = 6, D = 1, scale 1: q_i = 1, k_j = j / 4, v_j = j.
  std::vector<double> q(6, 1.0), k, v;
  for (int j = 0; j < 6; ++j)
    k.push_back(j / 4.0), v.push_back(j);
  auto expectRow = [&](const Result &r, int i, std::vector<int> keys) {
    std::vector<double> s, vals;
    for (int j : keys)
      s.push_back(j / 4.0), vals.push_back(j);
    auto [o, l] = softmaxOf(s, vals);
    EXPECT_NEAR(r.out.data[i], o, 1e-13) << "row " << i;
    EXPECT_NEAR(r.lse.data[i], l, 1e-13) << "row " << i;
  };
  Problem p = tiny(1, 1, q, k, v);
  p.scale = 1.0;
  p.windowLeft = 1;
  p.windowRight = 0;
  p.numSink = 1;
  Result r = eval(p);
  expectRow(r, 4, {0, 3, 4});
  expectRow(r, 0, {0});
  expectRow(r, 1, {0, 1});
  // Two-sided window without causal; the sink is exempt from it only.
  p.windowRight = 1;
  r = eval(p);
  expectRow(r, 2, {0, 1, 2, 3});
  expectRow(r, 5, {0, 4, 5});
  // Causal still applies to sink tokens: query at position 0 of a longer
  // key range with a future sink is not possible, so check causal + sink 3.
  p.causal = true;
  p.numSink = 3;
  p.windowLeft = 0;
  r = eval(p);
  expectRow(r, 1, {0, 1});
  expectRow(r, 5, {0, 1, 2, 5});
}

TEST(ReferenceBasic, NaiveRandomAgrees) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    Logical L = randomLogical(seed, 4, 2, 8, 5, {5, 1, 9}, {7, 6, 9});
    for (bool causal : {false, true}) {
      Problem p = toVarlen(L);
      p.causal = causal;
      Result r = eval(p);
      std::vector<double> out, lse;
      naive(L, causal, out, lse);
      expectClose(r.out.data, out, 1e-12, "out");
      expectClose(logicalLse(p, r, L), lse, 1e-12, "lse");
    }
  }
}

TEST(ReferenceBasic, EmptySequences) {
  Logical L = randomLogical(11, 2, 1, 4, 4, {2, 0, 3, 2}, {3, 4, 0, 0});
  Result r = eval(toVarlen(L));
  ASSERT_EQ(r.out.shape, (std::vector<int64_t>{7, 2, 4}));
  Logical one = L;
  one.lq = {2}, one.lk = {3};
  one.q.resize(1), one.k.resize(1), one.v.resize(1);
  Result r1 = eval(toVarlen(one));
  for (size_t n = 0; n < r1.out.data.size(); ++n)
    EXPECT_DOUBLE_EQ(r.out.data[n], r1.out.data[n]);
  // Sequences 2 and 3 have queries but no keys: 0 and -inf.
  for (size_t n = r1.out.data.size(); n < r.out.data.size(); ++n)
    EXPECT_EQ(r.out.data[n], 0.0);
  for (int64_t h = 0; h < 2; ++h)
    for (int64_t t = 2; t < 7; ++t)
      EXPECT_EQ(r.lse.data[h * 7 + t], -kInf);
  // No sequences at all.
  Logical none = randomLogical(1, 1, 1, 2, 2, {}, {});
  Result r0 = eval(toVarlen(none));
  EXPECT_TRUE(r0.out.data.empty());
}

TEST(ReferenceBasic, FullyMaskedRowsAndInfBias) {
  Logical L = randomLogical(21, 1, 1, 4, 3, {4}, {5});
  Problem p = toVarlen(L);
  // Row 1 masked entirely by the element mask; row 2 by a -inf bias.
  p.mask = buildMask(L, [](int64_t, int64_t, int64_t i, int64_t, int64_t) {
    return i != 1;
  });
  std::vector<double> bias(4 * 5, 0.0);
  for (int j = 0; j < 5; ++j)
    bias[2 * 5 + j] = -kInf;
  bias[3 * 5 + 0] = bias[3 * 5 + 4] = -kInf; // row 3: two keys masked
  p.bias = arr({1, 1, 4, 5}, bias);
  Result r = eval(p);
  EXPECT_TRUE(allFinite(r.out.data));
  for (int i : {1, 2}) {
    for (int d = 0; d < 3; ++d)
      EXPECT_EQ(r.out.data[i * 3 + d], 0.0);
    EXPECT_EQ(r.lse.data[i], -kInf);
  }
  // Row 3 with -inf bias on keys 0, 4 equals masking those keys.
  Problem q = toVarlen(L);
  q.mask = buildMask(L, [](int64_t, int64_t, int64_t i, int64_t, int64_t j) {
    return i != 3 || (j != 0 && j != 4);
  });
  Result rq = eval(q);
  for (int d = 0; d < 3; ++d)
    EXPECT_NEAR(r.out.data[9 + d], rq.out.data[9 + d], 1e-14);
  EXPECT_NEAR(r.lse.data[3], rq.lse.data[3], 1e-14);
  EXPECT_NEAR(r.out.data[0], rq.out.data[0], 1e-14);
}

TEST(ReferenceBasic, NaNReachesOnlyRowsThatSeeIt) {
  for (uint32_t seed : {31u, 32u}) {
    Logical L = randomLogical(seed, 2, 1, 4, 3, {6}, {6});
    Problem clean = toVarlen(L);
    clean.causal = true;
    Result rc = eval(clean);

    Logical bad = L;
    for (int d = 0; d < 4; ++d)
      bad.K(0, 3, 0, d) = kNaN; // key 3: seen by queries 3..5
    Problem p = toVarlen(bad);
    p.causal = true;
    Result r = eval(p);
    for (int64_t i = 0; i < 6; ++i)
      for (int64_t h = 0; h < 2; ++h) {
        for (int64_t d = 0; d < 3; ++d) {
          double x = r.out.data[(i * 2 + h) * 3 + d];
          if (i >= 3)
            EXPECT_TRUE(std::isnan(x));
          else
            EXPECT_EQ(x, rc.out.data[(i * 2 + h) * 3 + d]);
        }
        EXPECT_EQ(std::isnan(r.lse.data[h * 6 + i]), i >= 3);
      }

    // NaN in V of a key that no query sees (outside a window) is never read.
    Logical badV = L;
    for (int d = 0; d < 3; ++d)
      badV.V(0, 0, 0, d) = kNaN;
    Problem pw = toVarlen(badV), cw = toVarlen(L);
    pw.windowLeft = cw.windowLeft = 1;
    pw.mask = cw.mask = buildMask(L, [](int64_t, int64_t, int64_t i, int64_t,
                                        int64_t) { return i >= 2; });
    Result rw = eval(pw), rcw = eval(cw);
    EXPECT_TRUE(allFinite(rw.out.data));
    expectClose(rw.out.data, rcw.out.data, 0, "window");

    // NaN in one q row reaches only that row.
    Logical badQ = L;
    badQ.Q(0, 4, 1, 0) = kNaN;
    Problem pq = toVarlen(badQ);
    pq.causal = true;
    Result rq = eval(pq);
    for (int64_t i = 0; i < 6; ++i)
      for (int64_t h = 0; h < 2; ++h)
        EXPECT_EQ(std::isnan(rq.out.data[(i * 2 + h) * 3]), i == 4 && h == 1);
  }
}

TEST(ReferenceBasic, BroadcastBiasEqualsExpanded) {
  Logical L = randomLogical(41, 3, 3, 4, 4, {3, 5}, {4, 6});
  std::mt19937 rng(41);
  std::vector<double> row = randVec(rng, 6);
  Problem p = toVarlen(L);
  p.bias = arr({1, 1, 1, 6}, row);
  Problem q = toVarlen(L);
  std::vector<double> full(2 * 3 * 7 * 8, 123.0); // over-padded
  for (int64_t b = 0; b < 2; ++b)
    for (int64_t h = 0; h < 3; ++h)
      for (int64_t i = 0; i < 7; ++i)
        for (int64_t j = 0; j < 6; ++j)
          full[((b * 3 + h) * 7 + i) * 8 + j] = row[j];
  q.bias = arr({2, 3, 7, 8}, full);
  expectSameResult(p, L, q, L);
  // A bias really changes the result.
  Result r0 = eval(toVarlen(L)), r1 = eval(p);
  EXPECT_NE(r0.out.data, r1.out.data);
}

TEST(ReferenceBasic, HeadDimVDefaultsToD) {
  Logical L = randomLogical(51, 2, 2, 3, 3, {2}, {3});
  Problem p = toVarlen(L), q = toVarlen(L);
  q.headDimV = 0;
  expectSameResult(p, L, q, L);
}

} // namespace
