//===- ExpandFp8.cpp - fp8 extensions as integer arithmetic ---------------===//

#include "attnc/Target/CPU/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace attnc::cpu {
#define GEN_PASS_DEF_ATTNEXPANDFP8
#include "attnc/Target/CPU/Passes.h.inc"
} // namespace attnc::cpu

using namespace mlir;

namespace {

/// `type` with its element type replaced (scalar or vector).
Type withElement(Type type, Type element) {
  if (auto vector = dyn_cast<VectorType>(type))
    return vector.clone(element);
  return element;
}

/// A constant of `type` (splat for vectors).
Value constant(OpBuilder &b, Location loc, Type type, int64_t value) {
  Type element = getElementTypeOrSelf(type);
  TypedAttr attr = b.getIntegerAttr(element, value);
  if (auto vector = dyn_cast<VectorType>(type))
    attr = SplatElementsAttr::get(vector, attr);
  return arith::ConstantOp::create(b, loc, attr);
}

Value floatConstant(OpBuilder &b, Location loc, Type type, double value) {
  Type element = getElementTypeOrSelf(type);
  TypedAttr attr = b.getFloatAttr(element, value);
  if (auto vector = dyn_cast<VectorType>(type))
    attr = SplatElementsAttr::get(vector, attr);
  return arith::ConstantOp::create(b, loc, attr);
}

/// f8E5M2 -> f16: the fp8 byte is the f16's upper byte.
Value expandE5M2(OpBuilder &b, Location loc, Value in) {
  Type type = in.getType();
  Value byte = arith::BitcastOp::create(
      b, loc, withElement(type, b.getI8Type()), in);
  Type i16 = withElement(type, b.getI16Type());
  Value wide = arith::ExtUIOp::create(b, loc, i16, byte);
  Value shifted =
      arith::ShLIOp::create(b, loc, wide, constant(b, loc, i16, 8));
  return arith::BitcastOp::create(b, loc, withElement(type, b.getF16Type()),
                                  shifted);
}

/// f8E4M3FN -> f32, exactly.
Value expandE4M3FN(OpBuilder &b, Location loc, Value in) {
  Type type = in.getType();
  Type i32 = withElement(type, b.getI32Type());
  Type f32 = withElement(type, b.getF32Type());
  Value byte = arith::BitcastOp::create(
      b, loc, withElement(type, b.getI8Type()), in);
  Value bits = arith::ExtUIOp::create(b, loc, i32, byte);
  auto c = [&](int64_t v) { return constant(b, loc, i32, v); };
  Value sign = arith::ShLIOp::create(
      b, loc, arith::AndIOp::create(b, loc, bits, c(0x80)), c(24));
  Value exponent = arith::AndIOp::create(
      b, loc, arith::ShRUIOp::create(b, loc, bits, c(3)), c(0xF));
  Value mantissa = arith::AndIOp::create(b, loc, bits, c(0x7));
  // Normal: exponent bias 7 -> 127, mantissa 3 -> 23 bits.
  Value normal = arith::OrIOp::create(
      b, loc,
      arith::ShLIOp::create(
          b, loc, arith::AddIOp::create(b, loc, exponent, c(120)), c(23)),
      arith::ShLIOp::create(b, loc, mantissa, c(20)));
  // Subnormal: m * 2^-9, exact in f32.
  Value subnormal = arith::BitcastOp::create(
      b, loc, i32,
      arith::MulFOp::create(b, loc,
                            arith::UIToFPOp::create(b, loc, f32, mantissa),
                            floatConstant(b, loc, f32, 0x1p-9)));
  Value isSubnormal =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, exponent, c(0));
  Value magnitude =
      arith::SelectOp::create(b, loc, isSubnormal, subnormal, normal);
  // S.1111.111 is NaN (the format has no infinities).
  Value isNaN = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::eq,
      arith::AndIOp::create(b, loc, bits, c(0x7F)), c(0x7F));
  magnitude =
      arith::SelectOp::create(b, loc, isNaN, c(0x7FC00000), magnitude);
  return arith::BitcastOp::create(
      b, loc, f32, arith::OrIOp::create(b, loc, sign, magnitude));
}

/// The f16 or f32 value of `in`, then extended or truncated (exactly: every
/// fp8 value fits) to `resultType`.
struct ExpandFp8ExtF : OpRewritePattern<arith::ExtFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::ExtFOp op,
                                PatternRewriter &rewriter) const override {
    Type source = getElementTypeOrSelf(op.getIn().getType());
    Value wide;
    if (isa<Float8E5M2Type>(source))
      wide = expandE5M2(rewriter, op.getLoc(), op.getIn());
    else if (isa<Float8E4M3FNType>(source))
      wide = expandE4M3FN(rewriter, op.getLoc(), op.getIn());
    else
      return failure();
    // Through f32 (every fp8 value is exact there), then to the result.
    Location loc = op.getLoc();
    Type result = op.getType();
    Type f32 = withElement(result, rewriter.getF32Type());
    if (wide.getType() != result && wide.getType() != f32)
      wide = arith::ExtFOp::create(rewriter, loc, f32, wide);
    unsigned want = getElementTypeOrSelf(result).getIntOrFloatBitWidth();
    if (wide.getType() == result)
      rewriter.replaceOp(op, wide);
    else if (want > 32)
      rewriter.replaceOpWithNewOp<arith::ExtFOp>(op, result, wide);
    else
      rewriter.replaceOpWithNewOp<arith::TruncFOp>(op, result, wide);
    return success();
  }
};

struct AttnExpandFp8Pass
    : attnc::cpu::impl::AttnExpandFp8Base<AttnExpandFp8Pass> {
  using Base::Base;
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ExpandFp8ExtF>(&getContext());
    // Only the expansion: no folding or region simplification, which
    // other pipelines (the GPU one) do at their own time.
    GreedyRewriteConfig config;
    config.enableFolding(false);
    config.enableConstantCSE(false);
    config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                     config)))
      signalPassFailure();
  }
};

} // namespace
