//===- LoweringUtils.h - small IR-building helpers ---------------*- C++ -*-===//
//
// Index and f32 arithmetic shorthands used by every part of the attention
// lowering, so that the loop nests read like the formulas of SPEC.md.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_CONVERSION_ATTNTOLOOPS_LOWERINGUTILS_H
#define ATTNC_LIB_CONVERSION_ATTNTOLOOPS_LOWERINGUTILS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace attnc::lowering {

using mlir::ImplicitLocOpBuilder;
using mlir::Value;

inline Value cIndex(ImplicitLocOpBuilder &b, int64_t v) {
  return mlir::arith::ConstantIndexOp::create(b, v);
}
inline Value cI32(ImplicitLocOpBuilder &b, int32_t v) {
  return mlir::arith::ConstantOp::create(b, b.getI32IntegerAttr(v));
}
inline Value cF32(ImplicitLocOpBuilder &b, double v) {
  return mlir::arith::ConstantOp::create(b, b.getF32FloatAttr((float)v));
}
inline Value cF64(ImplicitLocOpBuilder &b, double v) {
  return mlir::arith::ConstantOp::create(b, b.getF64FloatAttr(v));
}
inline Value cBool(ImplicitLocOpBuilder &b, bool v) {
  return mlir::arith::ConstantOp::create(b, b.getBoolAttr(v));
}
inline Value addI(ImplicitLocOpBuilder &b, Value x, Value y) {
  return mlir::arith::AddIOp::create(b, x, y);
}
inline Value subI(ImplicitLocOpBuilder &b, Value x, Value y) {
  return mlir::arith::SubIOp::create(b, x, y);
}
inline Value mulI(ImplicitLocOpBuilder &b, Value x, Value y) {
  return mlir::arith::MulIOp::create(b, x, y);
}
/// Floor division for possibly negative numerators (positions).
inline Value floorDivI(ImplicitLocOpBuilder &b, Value x, Value y) {
  return mlir::arith::FloorDivSIOp::create(b, x, y);
}
inline Value ceilDivI(ImplicitLocOpBuilder &b, Value x, Value y) {
  return mlir::arith::CeilDivSIOp::create(b, x, y);
}
inline Value remI(ImplicitLocOpBuilder &b, Value x, Value y) {
  return mlir::arith::RemSIOp::create(b, x, y);
}
inline Value minI(ImplicitLocOpBuilder &b, Value x, Value y) {
  return mlir::arith::MinSIOp::create(b, x, y);
}
inline Value maxI(ImplicitLocOpBuilder &b, Value x, Value y) {
  return mlir::arith::MaxSIOp::create(b, x, y);
}
inline Value cmpI(ImplicitLocOpBuilder &b, mlir::arith::CmpIPredicate p,
                  Value x, Value y) {
  return mlir::arith::CmpIOp::create(b, p, x, y);
}
inline Value andB(ImplicitLocOpBuilder &b, Value x, Value y) {
  return mlir::arith::AndIOp::create(b, x, y);
}
inline Value orB(ImplicitLocOpBuilder &b, Value x, Value y) {
  return mlir::arith::OrIOp::create(b, x, y);
}
inline Value select(ImplicitLocOpBuilder &b, Value c, Value x, Value y) {
  return mlir::arith::SelectOp::create(b, c, x, y);
}
inline Value addF(ImplicitLocOpBuilder &b, Value x, Value y) {
  return mlir::arith::AddFOp::create(b, x, y);
}
inline Value subF(ImplicitLocOpBuilder &b, Value x, Value y) {
  return mlir::arith::SubFOp::create(b, x, y);
}
inline Value mulF(ImplicitLocOpBuilder &b, Value x, Value y) {
  return mlir::arith::MulFOp::create(b, x, y);
}
inline Value divF(ImplicitLocOpBuilder &b, Value x, Value y) {
  return mlir::arith::DivFOp::create(b, x, y);
}
/// NaN-propagating max, so a NaN score reaches its row (SPEC §2.8).
inline Value maxF(ImplicitLocOpBuilder &b, Value x, Value y) {
  return mlir::arith::MaximumFOp::create(b, x, y);
}
inline Value cmpF(ImplicitLocOpBuilder &b, mlir::arith::CmpFPredicate p,
                  Value x, Value y) {
  return mlir::arith::CmpFOp::create(b, p, x, y);
}
/// An i32/i64 element loaded from an index operand, as `index`.
inline Value loadIndex(ImplicitLocOpBuilder &b, Value memref,
                       mlir::ValueRange indices) {
  Value v = mlir::memref::LoadOp::create(b, memref, indices);
  return mlir::arith::IndexCastOp::create(b, b.getIndexType(), v);
}
inline Value dim(ImplicitLocOpBuilder &b, Value memref, int64_t i) {
  return mlir::memref::DimOp::create(b, memref, i);
}
using BodyFn = llvm::function_ref<void(ImplicitLocOpBuilder &, Value)>;
/// `for (iv = lb; iv < ub; ++iv) body(iv)`.
void forEach(ImplicitLocOpBuilder &b, Value lb, Value ub, BodyFn body);
void forEach(ImplicitLocOpBuilder &b, int64_t ub, BodyFn body);
/// `for (iv = lb; iv < ub; iv += step) body(iv)`.
void forEach(ImplicitLocOpBuilder &b, Value lb, Value ub, Value step,
             BodyFn body);
/// `acc = init; for iv in [lb, ub): acc = body(iv, acc); return acc`.
Value reduce(ImplicitLocOpBuilder &b, Value lb, Value ub, Value init,
             llvm::function_ref<Value(ImplicitLocOpBuilder &, Value, Value)>
                 body);
/// `if (cond) body()`.
void ifThen(ImplicitLocOpBuilder &b, Value cond,
            llvm::function_ref<void(ImplicitLocOpBuilder &)> body);
/// `if (cond) thenBody() else elseBody()`.
void ifThenElse(ImplicitLocOpBuilder &b, Value cond,
                llvm::function_ref<void(ImplicitLocOpBuilder &)> thenBody,
                llvm::function_ref<void(ImplicitLocOpBuilder &)> elseBody);

/// Converts a loaded element of any supported type to f32.
Value toF32(ImplicitLocOpBuilder &b, Value v);
/// Converts an f32 to `type` (f16, bf16, f32).
Value fromF32(ImplicitLocOpBuilder &b, Value v, mlir::Type type);

} // namespace attnc::lowering

#endif // ATTNC_LIB_CONVERSION_ATTNTOLOOPS_LOWERINGUTILS_H
