//===- CpuBackendTests.cpp - element bytes and SPEC §7 comparisons --------===//

#include "attnc/Runner/Comparison.h"
#include "attnc/Runner/HostBytes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace mlir;
using namespace attnc::runner;

namespace {

class RunnerTest : public ::testing::Test {
protected:
  HostBuffer buffer(Type type, std::vector<double> values) {
    HostBuffer b;
    b.shape = {static_cast<int64_t>(values.size())};
    b.elementType = type;
    b.values = std::move(values);
    return b;
  }
  /// Encodes and decodes `values` as `type`.
  std::vector<double> roundTrip(Type type, std::vector<double> values,
                                std::vector<uint8_t> *bytes = nullptr) {
    HostBuffer in = buffer(type, values);
    std::vector<uint8_t> raw(in.values.size() * elementByteWidth(type));
    encodeElements(in, raw.data());
    HostBuffer out = buffer(type, {});
    out.shape = in.shape;
    decodeElements(raw.data(), out);
    if (bytes)
      *bytes = raw;
    return out.values;
  }

  MLIRContext context;
  Builder b{&context};
};

TEST_F(RunnerTest, FloatsKeepTheirExactValues) {
  std::vector<double> values = {0.0, -1.5, 3.140625, 65504.0, -0.0};
  EXPECT_EQ(roundTrip(b.getF16Type(), values), values);
  EXPECT_EQ(roundTrip(b.getF32Type(), values), values);
  EXPECT_EQ(roundTrip(b.getF64Type(), values), values);
  std::vector<double> bf16 = {1.0, -2.5, 3.140625, 1e38};
  std::vector<double> back = roundTrip(b.getBF16Type(), bf16);
  EXPECT_EQ(back[0], 1.0);
  EXPECT_EQ(back[1], -2.5);
  EXPECT_EQ(back[2], 3.140625);
}

TEST_F(RunnerTest, LowPrecisionBytesAreLittleEndianBits) {
  std::vector<uint8_t> bytes;
  roundTrip(b.getF16Type(), {1.0}, &bytes);
  EXPECT_EQ(bytes, (std::vector<uint8_t>{0x00, 0x3C}));
  roundTrip(b.getBF16Type(), {-2.0}, &bytes);
  EXPECT_EQ(bytes, (std::vector<uint8_t>{0x00, 0xC0}));
  roundTrip(b.getType<Float8E4M3FNType>(), {2.0, 448.0}, &bytes);
  EXPECT_EQ(bytes, (std::vector<uint8_t>{0x40, 0x7E}));
  roundTrip(b.getType<Float8E5M2Type>(), {1.0, -1.0}, &bytes);
  EXPECT_EQ(bytes, (std::vector<uint8_t>{0x3C, 0xBC}));
  EXPECT_TRUE(std::isnan(roundTrip(b.getF16Type(), {NAN})[0]));
}

TEST_F(RunnerTest, IntegersAreSignExtended) {
  std::vector<double> values = {-128, 127, 0, -1};
  EXPECT_EQ(roundTrip(b.getI8Type(), values), values);
  std::vector<double> wide = {-2147483648.0, 2147483647.0, -7};
  EXPECT_EQ(roundTrip(b.getI32Type(), wide), wide);
  EXPECT_EQ(roundTrip(b.getI64Type(), wide), wide);
  EXPECT_EQ(roundTrip(b.getIndexType(), wide), wide);
  std::vector<uint8_t> bytes;
  EXPECT_EQ(roundTrip(b.getI1Type(), {1, 0, 1}, &bytes),
            (std::vector<double>{1, 0, 1}));
  EXPECT_EQ(bytes, (std::vector<uint8_t>{1, 0, 1}));
}

TEST_F(RunnerTest, RelativeErrorAgainstTheTolerance) {
  HostBuffer ref = buffer(b.getF16Type(), {3, 4});
  Comparison ok = compareWithReference(buffer(b.getF16Type(), {3, 4.004}),
                                       ref, "out");
  EXPECT_EQ(ok.metric, "relative error");
  EXPECT_NEAR(ok.error, 0.004 / 5, 1e-12);
  EXPECT_EQ(ok.tolerance, 2e-3);
  EXPECT_TRUE(ok.pass);
  Comparison bad =
      compareWithReference(buffer(b.getF16Type(), {3, 4.02}), ref, "out");
  EXPECT_FALSE(bad.pass);
  EXPECT_EQ(compareWithReference(buffer(b.getF32Type(), {1}),
                                 buffer(b.getF32Type(), {1}), "out")
                .tolerance,
            1e-5);
  EXPECT_EQ(compareWithReference(buffer(b.getBF16Type(), {1}),
                                 buffer(b.getBF16Type(), {1}), "out")
                .tolerance,
            1e-2);
}

TEST_F(RunnerTest, NaNPositionsMustCoincide) {
  HostBuffer ref = buffer(b.getF32Type(), {NAN, 1, 2});
  EXPECT_TRUE(
      compareWithReference(buffer(b.getF32Type(), {NAN, 1, 2}), ref, "out")
          .pass);
  Comparison moved =
      compareWithReference(buffer(b.getF32Type(), {0, NAN, 2}), ref, "out");
  EXPECT_FALSE(moved.pass);
  EXPECT_EQ(moved.note, "1 NaN where the reference has none; 1 values where "
                        "the reference has NaN");
}

TEST_F(RunnerTest, AllZeroReferenceNeedsAllZeroOutput) {
  HostBuffer ref = buffer(b.getF32Type(), {0, 0});
  EXPECT_TRUE(
      compareWithReference(buffer(b.getF32Type(), {0, 0}), ref, "out").pass);
  EXPECT_FALSE(
      compareWithReference(buffer(b.getF32Type(), {0, 1e-30}), ref, "out")
          .pass);
}

TEST_F(RunnerTest, LseIsAbsoluteWithEqualInfinities) {
  HostBuffer ref = buffer(b.getF32Type(), {-INFINITY, 100.0});
  Comparison ok = compareWithReference(
      buffer(b.getF32Type(), {-INFINITY, 100.0005}), ref, "lse");
  EXPECT_EQ(ok.metric, "absolute error");
  EXPECT_TRUE(ok.pass);
  EXPECT_NEAR(ok.error, 5e-4, 1e-9);
  EXPECT_FALSE(compareWithReference(buffer(b.getF32Type(), {0, 100.0}), ref,
                                    "lse")
                   .pass);
  EXPECT_FALSE(compareWithReference(
                   buffer(b.getF32Type(), {-INFINITY, 100.002}), ref, "lse")
                   .pass);
}

TEST_F(RunnerTest, Int8WithinOneAndOtherIntegersReported) {
  HostBuffer ref = buffer(b.getI8Type(), {5, -3});
  EXPECT_TRUE(
      compareWithReference(buffer(b.getI8Type(), {6, -3}), ref, "out").pass);
  EXPECT_FALSE(
      compareWithReference(buffer(b.getI8Type(), {7, -3}), ref, "out").pass);
  Comparison counts = compareWithReference(
      buffer(b.getI64Type(), {3, 9}), buffer(b.getI64Type(), {3, 8}),
      "skip_stats");
  EXPECT_TRUE(counts.pass);
  EXPECT_EQ(counts.error, 1);
  EXPECT_LT(counts.tolerance, 0);
}

TEST_F(RunnerTest, ShapeMismatchFails) {
  HostBuffer out = buffer(b.getF32Type(), {1, 2});
  HostBuffer ref = buffer(b.getF32Type(), {1, 2, 3});
  Comparison c = compareWithReference(out, ref, "out");
  EXPECT_FALSE(c.pass);
  EXPECT_EQ(c.note, "the result is 2xf32 but the reference 3xf32");
}

} // namespace
