//===- LoweringUtils.cpp - element conversions ----------------------------===//

#include "LoweringUtils.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

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

void attnc::lowering::forEach(ImplicitLocOpBuilder &b, Value lb, Value ub,
                              BodyFn body) {
  forEach(b, lb, ub, cIndex(b, 1), body);
}

void attnc::lowering::forEach(ImplicitLocOpBuilder &b, Value lb, Value ub,
                              Value step, BodyFn body) {
  scf::ForOp::create(b, lb, ub, step, ValueRange{},
                     [&](OpBuilder &nested, Location loc, Value iv,
                         ValueRange) {
                       ImplicitLocOpBuilder nb(loc, nested);
                       body(nb, iv);
                       scf::YieldOp::create(nb);
                     });
}

void attnc::lowering::forEach(ImplicitLocOpBuilder &b, int64_t ub,
                              BodyFn body) {
  forEach(b, cIndex(b, 0), cIndex(b, ub), body);
}

/// `acc = init; for iv in [lb, ub): acc = body(iv, acc); return acc`.
Value attnc::lowering::reduce(ImplicitLocOpBuilder &b, Value lb, Value ub, Value init,
             llvm::function_ref<Value(ImplicitLocOpBuilder &, Value, Value)>
                 body) {
  auto loop = scf::ForOp::create(
      b, lb, ub, cIndex(b, 1), ValueRange{init},
      [&](OpBuilder &nested, Location loc, Value iv, ValueRange acc) {
        ImplicitLocOpBuilder nb(loc, nested);
        scf::YieldOp::create(nb, body(nb, iv, acc.front()));
      });
  return loop.getResult(0);
}

void attnc::lowering::ifThen(ImplicitLocOpBuilder &b, Value cond,
            llvm::function_ref<void(ImplicitLocOpBuilder &)> body) {
  scf::IfOp::create(b, cond, [&](OpBuilder &nested, Location loc) {
    ImplicitLocOpBuilder nb(loc, nested);
    body(nb);
    scf::YieldOp::create(nb);
  });
}

void attnc::lowering::ifThenElse(
    ImplicitLocOpBuilder &b, Value cond,
    llvm::function_ref<void(ImplicitLocOpBuilder &)> thenBody,
    llvm::function_ref<void(ImplicitLocOpBuilder &)> elseBody) {
  auto region = [](llvm::function_ref<void(ImplicitLocOpBuilder &)> body) {
    return [body](OpBuilder &nested, Location loc) {
      ImplicitLocOpBuilder nb(loc, nested);
      body(nb);
      scf::YieldOp::create(nb);
    };
  };
  scf::IfOp::create(b, cond, region(thenBody), region(elseBody));
}
