//===- CalibrationTests.cpp - the kernel under calibration and the fit ----===//

#include "attnc/Calibration/Calibration.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace mlir;
using namespace attnc;
using namespace attnc::calibration;

namespace {

class CalibrationTest : public ::testing::Test {
protected:
  CalibrationTest() {
    DialectRegistry registry;
    registry.insert<attn::AttnDialect, func::FuncDialect, arith::ArithDialect,
                    tensor::TensorDialect>();
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }
  func::FuncOp parse(StringRef text) {
    module = parseSourceString<ModuleOp>(text, &context);
    EXPECT_TRUE(module);
    return module ? *module->getOps<func::FuncOp>().begin() : func::FuncOp();
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

constexpr const char *kVarlenWithoutStats = R"mlir(
func.func @f(%q: tensor<?x2x16xf32>, %k: tensor<?x1x16xf32>,
             %v: tensor<?x1x16xf32>, %cq: tensor<?xi32>, %ck: tensor<?xi32>)
    -> tensor<?x2x16xf32> {
  %o, %lse = attn.varlen q(%q : tensor<?x2x16xf32>) k(%k : tensor<?x1x16xf32>)
      v(%v : tensor<?x1x16xf32>) cu_seqlens_q(%cq : tensor<?xi32>)
      cu_seqlens_k(%ck : tensor<?xi32>)
      {causal, skip_softmax = #attn.skip_softmax<br = 8, bc = 8,
                                                 decode = 2.0e-4 : f64>}
      -> tensor<?x2x16xf32> lse tensor<2x?xf32>
  return %o : tensor<?x2x16xf32>
}
)mlir";

TEST_F(CalibrationTest, KernelReturnsSkipStatsItDidNotReturn) {
  func::FuncOp func = parse(kVarlenWithoutStats);
  std::string error;
  auto kernel = CalibrationKernel::create(func, error);
  ASSERT_TRUE(succeeded(kernel)) << error;
  func::FuncOp prepared = (*kernel)->getFunction();
  ASSERT_EQ(prepared.getNumResults(), 2u);
  EXPECT_EQ(prepared.getResultTypes()[1],
            RankedTensorType::get({2}, IntegerType::get(&context, 64)));
  attn::AttentionOpInterface op = (*kernel)->getOp();
  ASSERT_TRUE(op.getSkipStats());
  EXPECT_TRUE(op.getLse()); // the other results stay
  EXPECT_TRUE(op.getCausal());
  EXPECT_TRUE(succeeded(verify(prepared->getParentOp())));
  // The input is untouched.
  EXPECT_EQ(func.getNumResults(), 1u);
  EXPECT_EQ((*kernel)->getPhases(),
            (SmallVector<Phase>{Phase::Prefill, Phase::Decode}));

  (*kernel)->setThreshold(0.25);
  attn::SkipSoftmaxAttr attr = (*kernel)->getOp().getSkipSoftmaxAttr();
  EXPECT_EQ(attr.getBr(), 8);
  EXPECT_EQ(cast<FloatAttr>(attr.getPrefill()).getValueAsDouble(), 0.25);
  EXPECT_EQ(cast<FloatAttr>(attr.getDecode()).getValueAsDouble(), 0.25);
  (*kernel)->setThresholds(Attribute(), Attribute());
  attr = (*kernel)->getOp().getSkipSoftmaxAttr();
  EXPECT_FALSE(attr.getPrefill());
  EXPECT_EQ(cast<FloatAttr>(attr.getDecode()).getValueAsDouble(), 2.0e-4);
}

TEST_F(CalibrationTest, KernelNeedsOneSkipSoftmaxOp) {
  func::FuncOp func = parse(R"mlir(
func.func @plain(%q: tensor<?x2x16xf32>, %k: tensor<?x1x16xf32>,
                 %v: tensor<?x1x16xf32>, %cq: tensor<?xi32>,
                 %ck: tensor<?xi32>) -> tensor<?x2x16xf32> {
  %o = attn.varlen q(%q : tensor<?x2x16xf32>) k(%k : tensor<?x1x16xf32>)
      v(%v : tensor<?x1x16xf32>) cu_seqlens_q(%cq : tensor<?xi32>)
      cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x2x16xf32>
  return %o : tensor<?x2x16xf32>
}
)mlir");
  std::string error;
  EXPECT_TRUE(failed(CalibrationKernel::create(func, error)));
  EXPECT_NE(error.find("@plain has no attention op with #attn.skip_softmax"),
            std::string::npos)
      << error;
}

TEST_F(CalibrationTest, PagedDecodeOpRunsOnlyDecode) {
  func::FuncOp func = parse(R"mlir(
func.func @d(%q: tensor<?x2x16xf32>, %kc: tensor<?x4x1x16xf32>,
             %vc: tensor<?x4x1x16xf32>, %bt: tensor<?x?xi32>,
             %cl: tensor<?xi32>) -> (tensor<?x2x16xf32>, tensor<2xi64>) {
  %o, %s = attn.paged layout(nhd) q(%q : tensor<?x2x16xf32>)
      k_cache(%kc : tensor<?x4x1x16xf32>) v_cache(%vc : tensor<?x4x1x16xf32>)
      block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>)
      {skip_softmax = #attn.skip_softmax<br = 4, bc = 4>}
      -> tensor<?x2x16xf32> skip_stats tensor<2xi64>
  return %o, %s : tensor<?x2x16xf32>, tensor<2xi64>
}
)mlir");
  std::string error;
  auto kernel = CalibrationKernel::create(func, error);
  ASSERT_TRUE(succeeded(kernel)) << error;
  // Already returned: no new result.
  EXPECT_EQ((*kernel)->getFunction().getNumResults(), 2u);
  EXPECT_EQ((*kernel)->getPhases(), (SmallVector<Phase>{Phase::Decode}));
}

/// Samples that follow log(lambda L) = log a + b s exactly.
std::vector<Sample> exactSamples(double a, double b,
                                 std::initializer_list<double> lengths,
                                 Phase phase = Phase::Prefill) {
  std::vector<Sample> samples;
  for (double l : lengths)
    for (double s : {0.0, 0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95}) {
      Sample sample;
      sample.phase = phase;
      sample.lambda = a * std::exp(b * s) / l;
      sample.keyLength = l;
      sample.visited = 1000;
      sample.skipped = static_cast<int64_t>(std::lround(s * 1000));
      samples.push_back(sample);
    }
  return samples;
}

TEST_F(CalibrationTest, FitRecoversAAndBAndUsesOnlyTheBand) {
  std::vector<Sample> samples = exactSamples(0.02, 7.0, {128, 512, 2048});
  // Outside [0.1, 0.9]: wildly off, and left out of the fit.
  samples[0].lambda = 0.5;
  PhaseFit fit = fitPhase(samples, Phase::Prefill, 0.5);
  ASSERT_TRUE(fit.ok()) << fit.error;
  EXPECT_NEAR(fit.a, 0.02, 1e-9);
  EXPECT_NEAR(fit.b, 7.0, 1e-9);
  EXPECT_NEAR(fit.residual, 0, 1e-9);
  EXPECT_EQ(fit.used, 15);
  EXPECT_EQ(fit.distinctKeyLengths, 3);
  EXPECT_DOUBLE_EQ(fit.minFraction, 0.2);
  EXPECT_DOUBLE_EQ(fit.maxFraction, 0.8);
  EXPECT_TRUE(fit.warnings.empty());
  EXPECT_NEAR(fit.lambdaAt(512), 0.02 * std::exp(3.5) / 512, 1e-12);
  // Samples of the other phase do not count.
  EXPECT_FALSE(fitPhase(samples, Phase::Decode, 0.5).ok());
}

TEST_F(CalibrationTest, FitWarnsOnExtrapolationAndOneKeyLength) {
  PhaseFit fit = fitPhase(exactSamples(0.02, 7.0, {256}, Phase::Decode),
                          Phase::Decode, 0.95);
  ASSERT_TRUE(fit.ok()) << fit.error;
  ASSERT_EQ(fit.warnings.size(), 2u);
  EXPECT_NE(fit.warnings[0].find("decode: the target S* = 0.95 lies outside"),
            std::string::npos)
      << fit.warnings[0];
  EXPECT_NE(fit.warnings[1].find("the same key length"), std::string::npos);
}

TEST_F(CalibrationTest, FitFailsWithoutTwoFractionsInTheBand) {
  std::vector<Sample> samples = exactSamples(0.02, 7.0, {256});
  for (Sample &s : samples)
    if (s.usable())
      s.skipped = 300; // all the same fraction
  PhaseFit fit = fitPhase(samples, Phase::Prefill, 0.5);
  EXPECT_FALSE(fit.ok());
  EXPECT_NE(fit.error.find("prefill: calibration: needs at least two "
                           "distinct skipped fractions"),
            std::string::npos)
      << fit.error;
}

TEST_F(CalibrationTest, PrintedAttributesParseBack) {
  PhaseFit fit;
  fit.phase = Phase::Decode;
  fit.a = 3.0;
  fit.b = 1.25e-5;
  fit.target = 0.5;
  EXPECT_EQ(fit.attributeText(),
            "#attn.calibrated<a = 3.0, b = 1.25e-05, target = 0.5>");
  auto original = attn::SkipSoftmaxAttr::get(
      &context, 64, 32, FloatAttr::get(Float64Type::get(&context), 1e-3),
      Attribute());
  std::string text = skipSoftmaxText(original, {fit});
  Attribute parsed = parseAttribute(text, &context);
  ASSERT_TRUE(parsed) << text;
  auto skip = cast<attn::SkipSoftmaxAttr>(parsed);
  EXPECT_EQ(skip.getBr(), 64);
  EXPECT_EQ(cast<FloatAttr>(skip.getPrefill()).getValueAsDouble(), 1e-3);
  auto decode = cast<attn::CalibratedThresholdAttr>(skip.getDecode());
  EXPECT_EQ(decode.getB().convertToDouble(), 1.25e-5);
}

} // namespace
