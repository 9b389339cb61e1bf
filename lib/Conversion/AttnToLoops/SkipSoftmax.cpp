//===- SkipSoftmax.cpp - skip-softmax thresholds --------------------------===//

#include "SkipSoftmax.h"

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include <cmath>

using namespace mlir;
using namespace attnc;
using namespace attnc::lowering;
using arith::CmpIPredicate;

Value attnc::lowering::skipThreshold(ImplicitLocOpBuilder &b,
                                     attn::SkipSoftmaxAttr skip,
                                     const Sequence &seq) {
  auto value = [&](Attribute attr) -> Value {
    if (auto fixed = dyn_cast<FloatAttr>(attr))
      return cF32(b, fixed.getValueAsDouble());
    auto fit = cast<attn::CalibratedThresholdAttr>(attr);
    double numerator = fit.getA().convertToDouble() *
                       std::exp(fit.getB().convertToDouble() *
                                fit.getTarget().convertToDouble());
    Value keys = arith::SIToFPOp::create(
        b, b.getF32Type(),
        arith::IndexCastOp::create(b, b.getI64Type(), seq.kLen));
    return divF(b, cF32(b, numerator), keys);
  };
  Value decode = cmpI(b, CmpIPredicate::eq, seq.qLen, cIndex(b, 1));
  return select(b, decode, value(skip.getDecodeOrDefault()),
                value(skip.getPrefillOrDefault()));
}
