//===- LoweringUtils.cpp - element conversions ----------------------------===//

#include "LoweringUtils.h"

using namespace mlir;

Value attnc::lowering::toF32(ImplicitLocOpBuilder &b, Value v) {
  Type t = v.getType();
  Type f32 = b.getF32Type();
  if (t.isF32())
    return v;
  if (isa<FloatType>(t))
    return arith::ExtFOp::create(b, f32, v);
  if (t.isInteger(1))
    return arith::UIToFPOp::create(b, f32, v);
  return arith::SIToFPOp::create(b, f32, v);
}

Value attnc::lowering::fromF32(ImplicitLocOpBuilder &b, Value v, Type type) {
  if (type.isF32())
    return v;
  return arith::TruncFOp::create(b, type, v);
}
