//===- CalibrationTests.cpp - Skip-softmax threshold fit (SPEC §5.4) ------===//

#include "TestUtil.h"

using namespace reftest;

namespace {

TEST(ReferenceCalibration, RecoversAAndB) {
  for (auto [a, b] : {std::pair<double, double>{2.0, 3.0}, {0.05, -4.0}}) {
    std::vector<CalibrationSample> samples;
    const int64_t lengths[] = {128, 1000, 4096, 77};
    for (int n = 0; n <= 12; ++n) {
      double s = 0.15 + 0.05 * n; // 0.15 .. 0.75
      int64_t L = lengths[n % 4];
      samples.push_back({a * std::exp(b * s) / L, L, s});
    }
    // Samples outside [0.1, 0.9] are left out of the fit.
    samples.push_back({1e-9, 100, 0.05});
    samples.push_back({0.5, 100, 0.95});
    CalibrationFit fit;
    Status st = fitCalibration(samples, fit);
    ASSERT_TRUE(st.ok) << st.message;
    EXPECT_NEAR(fit.a, a, 1e-9 * a);
    EXPECT_NEAR(fit.b, b, 1e-9);
    // The fitted threshold reproduces lambda(L) = a * exp(b * S*) / L.
    Threshold t;
    t.calibrated = true;
    t.a = fit.a, t.b = fit.b, t.target = 0.6;
    EXPECT_NEAR(t.at(512), a * std::exp(b * 0.6) / 512, 1e-9 * t.at(512));
  }
}

TEST(ReferenceCalibration, NoisyLeastSquares) {
  // OLS by hand on three points (s, y = log(lambda L)): (0.2, 1), (0.5, 2),
  // (0.8, 2.5): slope = 1.5 / 0.18 * 0.09 ... computed explicitly below.
  const double s[3] = {0.2, 0.5, 0.8}, y[3] = {1, 2, 2.5};
  std::vector<CalibrationSample> samples;
  for (int n = 0; n < 3; ++n)
    samples.push_back({std::exp(y[n]) / 10, 10, s[n]});
  double mx = 0.5, my = 5.5 / 3;
  double sxy = 0, sxx = 0;
  for (int n = 0; n < 3; ++n)
    sxy += (s[n] - mx) * (y[n] - my), sxx += (s[n] - mx) * (s[n] - mx);
  CalibrationFit fit;
  ASSERT_TRUE(fitCalibration(samples, fit).ok);
  EXPECT_NEAR(fit.b, sxy / sxx, 1e-12);
  EXPECT_NEAR(std::log(fit.a), my - sxy / sxx * mx, 1e-12);
  EXPECT_NEAR(fit.b, 2.5, 1e-12); // (1.5 * 0.3) / 0.18
}

TEST(ReferenceCalibration, NeedsTwoDistinctFractions) {
  CalibrationFit fit;
  EXPECT_FALSE(fitCalibration({}, fit).ok);
  Status st = fitCalibration({{1e-3, 100, 0.4}, {2e-3, 200, 0.4}}, fit);
  EXPECT_FALSE(st.ok);
  EXPECT_NE(st.message.find("two distinct"), std::string::npos) << st.message;
  // Only one usable sample once the out-of-range ones are dropped.
  EXPECT_FALSE(
      fitCalibration({{1e-3, 100, 0.4}, {2e-3, 200, 0.95}, {3e-3, 1, 0.01}},
                     fit)
          .ok);
  EXPECT_TRUE(fitCalibration({{1e-3, 100, 0.4}, {2e-3, 200, 0.5}}, fit).ok);
  // A non-positive lambda cannot be logged.
  EXPECT_FALSE(fitCalibration({{0, 100, 0.4}, {2e-3, 200, 0.5}}, fit).ok);
}

TEST(ReferenceCalibration, FixedThresholdIgnoresLength) {
  Threshold t;
  t.value = 2e-3;
  EXPECT_EQ(t.at(1), 2e-3);
  EXPECT_EQ(t.at(100000), 2e-3);
}

} // namespace
