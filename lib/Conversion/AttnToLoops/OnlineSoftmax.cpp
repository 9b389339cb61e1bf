//===- OnlineSoftmax.cpp - the running-max step, once for all targets -----===//

#include "OnlineSoftmax.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <limits>

using namespace mlir;
using namespace attnc::lowering;

/// `value` as a constant of f32 scalar or vector type `type`.
static Value splat(ImplicitLocOpBuilder &b, Type type, double value) {
  FloatAttr element = b.getF32FloatAttr((float)value);
  if (auto vector = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(
        b, DenseElementsAttr::get(vector, element.getValue()));
  return arith::ConstantOp::create(b, element);
}

Value attnc::lowering::softmaxWeight(ImplicitLocOpBuilder &b, Value x,
                                     Value ref, bool base2) {
  Value d = arith::SubFOp::create(b, x, ref);
  if (base2)
    return math::Exp2Op::create(b, d);
  return math::ExpOp::create(b, d);
}

SoftmaxStep attnc::lowering::onlineSoftmaxStep(ImplicitLocOpBuilder &b,
                                               Value mOld, Value blockMax,
                                               bool base2) {
  Type type = mOld.getType();
  Value mNew = arith::MaximumFOp::create(b, mOld, blockMax);
  Value empty = arith::CmpFOp::create(
      b, arith::CmpFPredicate::OEQ, mNew,
      splat(b, type, -std::numeric_limits<double>::infinity()));
  Value ref = arith::SelectOp::create(b, empty, splat(b, type, 0.0), mNew);
  return {mNew, ref, softmaxWeight(b, mOld, ref, base2)};
}
