//===- ElementIO.cpp - K/V elements in, output elements out ---------------===//

#include "ElementIO.h"

#include "LoweringUtils.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace attnc;
using namespace attnc::lowering;

ElementIO::ElementIO(attn::AttentionOpInterface op,
                     const llvm::StringMap<Value> &memrefOf,
                     FamilyAccess &access)
    : op(op), memrefOf(memrefOf), access(access) {}

Value ElementIO::kvMemref(bool isKey) const {
  StringRef prefix = isKey ? "k" : "v";
  if (Value packed = memrefOf.lookup(prefix))
    return packed;
  return memrefOf.lookup((prefix + "_cache").str()); // paged
}

bool ElementIO::isQuantized(bool isKey) const {
  return memrefOf.contains(isKey ? "k_scale" : "v_scale");
}

Value ElementIO::loadKv(ImplicitLocOpBuilder &b, const Sequence &seq,
                        bool isKey, const RowRef &row, Value j, Value hkv,
                        Value d, bool withTensorScale) {
  StringRef prefix = isKey ? "k" : "v";
  Value memref = kvMemref(isKey);
  SmallVector<Value> index(row.prefix.begin(), row.prefix.end());
  index.push_back(addI(b, row.offset, d));
  Value x = toF32(b, memref::LoadOp::create(b, memref, index));
  Value scaleMemref = memrefOf.lookup((prefix + "_scale").str());
  if (!scaleMemref || (!withTensorScale && hasTensorScale(isKey)))
    return x;
  SmallVector<Value> at;
  if (granularity(isKey) == attn::Granularity::per_channel) {
    at = {hkv, d};
  } else if (granularity(isKey) == attn::Granularity::per_token) {
    at = access.tokenScaleIndex(b, seq, j);
  } else {
    at.assign(cast<MemRefType>(scaleMemref.getType()).getRank(),
              cIndex(b, 0));
  }
  if (Value offsetMemref = memrefOf.lookup((prefix + "_offset").str()))
    x = subF(b, x, memref::LoadOp::create(b, offsetMemref, at));
  return mulF(b, x, memref::LoadOp::create(b, scaleMemref, at));
}

bool ElementIO::hasTensorScale(bool isKey) {
  StringRef prefix = isKey ? "k" : "v";
  return memrefOf.lookup((prefix + "_scale").str()) &&
         !memrefOf.lookup((prefix + "_offset").str()) &&
         granularity(isKey) == attn::Granularity::per_tensor;
}

Value ElementIO::tensorScale(ImplicitLocOpBuilder &b, bool isKey) {
  if (!hasTensorScale(isKey))
    return Value();
  Value scaleMemref = memrefOf.lookup(isKey ? "k_scale" : "v_scale");
  SmallVector<Value> at(cast<MemRefType>(scaleMemref.getType()).getRank(),
                        cIndex(b, 0));
  return memref::LoadOp::create(b, scaleMemref, at);
}

attn::Granularity ElementIO::granularity(bool isKey) {
  return (isKey ? op.getKQuant() : op.getVQuant())
      .value_or(attn::Granularity::per_tensor);
}

Value ElementIO::dequantizeVector(ImplicitLocOpBuilder &b,
                                  const Sequence &seq, bool isKey, Value x,
                                  Value j, Value hkv, int64_t col,
                                  int64_t length) {
  StringRef prefix = isKey ? "k" : "v";
  Value scaleMemref = memrefOf.lookup((prefix + "_scale").str());
  if (!scaleMemref)
    return x;
  auto vt = cast<VectorType>(x.getType());
  int64_t width = vt.getNumElements();
  // The scale or offset of these lanes: a vector of the [Hkv, D] table per
  // channel, else one value for the row.
  auto lanes = [&](Value memref) -> Value {
    if (granularity(isKey) == attn::Granularity::per_channel) {
      SmallVector<Value> at{hkv, cIndex(b, col)};
      if (col + width <= length)
        return vector::LoadOp::create(b, vt, memref, at);
      Value mask = vector::ConstantMaskOp::create(
          b, VectorType::get({width}, b.getI1Type()),
          ArrayRef<int64_t>{length - col});
      Value zero = arith::ConstantOp::create(b, vt, b.getZeroAttr(vt));
      return vector::MaskedLoadOp::create(b, vt, memref, at, mask, zero);
    }
    SmallVector<Value> at;
    if (granularity(isKey) == attn::Granularity::per_token)
      at = access.tokenScaleIndex(b, seq, j);
    else
      at.assign(cast<MemRefType>(memref.getType()).getRank(), cIndex(b, 0));
    return vector::BroadcastOp::create(b, vt,
                                       memref::LoadOp::create(b, memref, at));
  };
  if (Value offsetMemref = memrefOf.lookup((prefix + "_offset").str()))
    x = subF(b, x, lanes(offsetMemref));
  return mulF(b, x, lanes(scaleMemref));
}

Value ElementIO::encodeOutput(ImplicitLocOpBuilder &b, Value o, Value h,
                              Value dv) {
  Type outType =
      cast<MemRefType>(memrefOf.lookup("out").getType()).getElementType();
  if (!outType.isInteger(8))
    return fromF32(b, o, outType);
  // clamp(round_half_even(o * scale + offset), -128, 127)
  auto quantIndex = [&](Value memref) {
    auto type = cast<MemRefType>(memref.getType());
    if (type.getRank() == 2)
      return SmallVector<Value>{h, dv};
    return SmallVector<Value>(type.getRank(), cIndex(b, 0));
  };
  Value outScale = memrefOf.lookup("out_scale");
  Value x = mulF(b, o, memref::LoadOp::create(b, outScale,
                                              quantIndex(outScale)));
  if (Value outOffset = memrefOf.lookup("out_offset"))
    x = addF(b, x, memref::LoadOp::create(b, outOffset,
                                          quantIndex(outOffset)));
  x = math::RoundEvenOp::create(b, x);
  x = arith::MinimumFOp::create(
      b, arith::MaximumFOp::create(b, x, cF32(b, -128.0)), cF32(b, 127.0));
  return arith::FPToSIOp::create(b, outType, x);
}
