//===- WarpMma.cpp - warp-level tensor-core building blocks ---------------===//

#include "WarpMma.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace attnc::cuda;

namespace {
constexpr unsigned kSharedSpace = 3, kGlobalSpace = 1;

Value toI64(ImplicitLocOpBuilder &b, Value index) {
  return arith::IndexCastOp::create(b, b.getI64Type(), index);
}

/// One mma.sync m16n8k`k` with row-major A, column-major B and f32 C.
Acc4 mmaSync(ImplicitLocOpBuilder &b, int64_t k, NVVM::MMATypes type,
             ValueRange a, ValueRange bRegs, const Acc4 &c) {
  Type f32 = b.getF32Type();
  auto resultType =
      LLVM::LLVMStructType::getLiteral(b.getContext(), {f32, f32, f32, f32});
  Value d = NVVM::MmaOp::create(
      b, resultType, a, bRegs, SmallVector<Value>(c.begin(), c.end()),
      ArrayRef<int64_t>{16, 8, k}, std::nullopt, std::nullopt,
      std::array<NVVM::MMATypes, 2>{type, type},
      std::array<NVVM::MMALayout, 2>{NVVM::MMALayout::row,
                                     NVVM::MMALayout::col});
  Acc4 out;
  for (int64_t i = 0; i < 4; ++i)
    out[i] = LLVM::ExtractValueOp::create(b, d, i);
  return out;
}
} // namespace

Value attnc::cuda::sharedAddress(ImplicitLocOpBuilder &b, Value base,
                                 Value byteOffset) {
  Value offset = arith::IndexCastOp::create(b, b.getI32Type(), byteOffset);
  return LLVM::GEPOp::create(
      b, LLVM::LLVMPointerType::get(b.getContext(), kSharedSpace),
      b.getI8Type(), base, ValueRange{offset});
}

Value attnc::cuda::dimStrideBytes(ImplicitLocOpBuilder &b, Value memref,
                                  int64_t d) {
  auto type = cast<MemRefType>(memref.getType());
  Value stride = arith::ConstantIndexOp::create(
      b, std::max<int64_t>(1, type.getElementTypeBitWidth() / 8));
  for (int64_t k = d + 1; k < type.getRank(); ++k)
    stride = arith::MulIOp::create(b, stride,
                                   memref::DimOp::create(b, memref, k));
  return stride;
}

Value attnc::cuda::globalAddress(ImplicitLocOpBuilder &b, Value memref,
                                 ValueRange indices) {
  auto type = cast<MemRefType>(memref.getType());
  // Row-major linear index of an identity-layout memref.
  Value linear = arith::ConstantIndexOp::create(b, 0);
  for (auto [d, index] : llvm::enumerate(indices)) {
    Value size = memref::DimOp::create(b, memref, d);
    linear =
        arith::AddIOp::create(b, arith::MulIOp::create(b, linear, size), index);
  }
  int64_t bytes = std::max<int64_t>(1, type.getElementTypeBitWidth() / 8);
  Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, memref);
  Value address = arith::AddIOp::create(
      b, base,
      arith::MulIOp::create(b, linear,
                            arith::ConstantIndexOp::create(b, bytes)));
  Value generic = LLVM::IntToPtrOp::create(
      b, LLVM::LLVMPointerType::get(b.getContext()), toI64(b, address));
  return LLVM::AddrSpaceCastOp::create(
      b, LLVM::LLVMPointerType::get(b.getContext(), kGlobalSpace), generic);
}

void attnc::cuda::copyAsync16(ImplicitLocOpBuilder &b, Value sharedPtr,
                              Value globalPtr, Value valid) {
  Value bytes = arith::SelectOp::create(
      b, valid, arith::ConstantOp::create(b, b.getI32IntegerAttr(16)),
      arith::ConstantOp::create(b, b.getI32IntegerAttr(0)));
  NVVM::CpAsyncOp::create(b, sharedPtr, globalPtr, 16,
                          NVVM::LoadCacheModifierKind::CG, bytes);
}

void attnc::cuda::commitCopies(ImplicitLocOpBuilder &b) {
  NVVM::CpAsyncCommitGroupOp::create(b);
}

void attnc::cuda::waitCopies(ImplicitLocOpBuilder &b, int pending) {
  NVVM::CpAsyncWaitGroupOp::create(b, (uint32_t)pending);
}

Frag4 attnc::cuda::loadMatrixX4(ImplicitLocOpBuilder &b, Value sharedPtr,
                                bool transpose) {
  Type i32 = b.getI32Type();
  auto structType =
      LLVM::LLVMStructType::getLiteral(b.getContext(), {i32, i32, i32, i32});
  Value loaded = NVVM::LdMatrixOp::create(
      b, structType, sharedPtr, 4,
      transpose ? NVVM::MMALayout::col : NVVM::MMALayout::row,
      NVVM::LdStMatrixShapeAttr::get(b.getContext(), 8, 8),
      NVVM::LdStMatrixEltType::B16);
  Frag4 regs;
  for (int64_t i = 0; i < 4; ++i)
    regs[i] = LLVM::ExtractValueOp::create(b, loaded, i);
  return regs;
}

Acc4 attnc::cuda::mma16816(ImplicitLocOpBuilder &b, Type inputType,
                           const Frag4 &a, Value b0, Value b1, const Acc4 &c) {
  // f16 operands are <2 x half> in NVVM, bf16 operands are i32.
  auto operand = [&](Value reg) -> Value {
    if (!inputType.isF16())
      return reg;
    return LLVM::BitcastOp::create(b, VectorType::get({2}, b.getF16Type()),
                                   reg);
  };
  NVVM::MMATypes ptxType =
      inputType.isF16() ? NVVM::MMATypes::f16 : NVVM::MMATypes::bf16;
  SmallVector<Value> aRegs, bRegs;
  for (Value reg : a)
    aRegs.push_back(operand(reg));
  bRegs = {operand(b0), operand(b1)};
  return mmaSync(b, 16, ptxType, aRegs, bRegs, c);
}

Value attnc::cuda::packPair(ImplicitLocOpBuilder &b, Type inputType, Value lo,
                            Value hi) {
  Value pair = vector::FromElementsOp::create(
      b, VectorType::get({2}, inputType),
      ValueRange{arith::TruncFOp::create(b, inputType, lo),
                 arith::TruncFOp::create(b, inputType, hi)});
  return LLVM::BitcastOp::create(b, b.getI32Type(), pair);
}

std::pair<Value, Value> attnc::cuda::splitTf32(ImplicitLocOpBuilder &b,
                                               Value x) {
  auto toTf32 = [&](Value v) -> Value {
    return NVVM::ConvertFloatToTF32Op::create(b, b.getI32Type(), v,
                                              NVVM::FPRoundingMode::RNA,
                                              NVVM::SaturationMode::NONE,
                                              /*relu=*/false);
  };
  Value hi = toTf32(x);
  // A tf32 is an f32 whose low 13 mantissa bits are zero: x - hi is exact.
  Value rest = arith::SubFOp::create(
      b, x, arith::BitcastOp::create(b, b.getF32Type(), hi));
  return {hi, toTf32(rest)};
}

Acc4 attnc::cuda::mma1688Split(ImplicitLocOpBuilder &b, const Frag4 &aHi,
                               const Frag4 &aLo, std::array<Value, 2> bHi,
                               std::array<Value, 2> bLo, const Acc4 &c) {
  auto mma = [&](const Frag4 &a, std::array<Value, 2> bRegs, const Acc4 &c) {
    return mmaSync(b, 8, NVVM::MMATypes::tf32, a, bRegs, c);
  };
  // The small cross terms first, so that they are not lost against the
  // large one.
  Acc4 d = mma(aLo, bHi, c);
  d = mma(aHi, bLo, d);
  return mma(aHi, bHi, d);
}

Value attnc::cuda::shuffleXor(ImplicitLocOpBuilder &b, Value x, int mask) {
  Value offset = arith::ConstantOp::create(b, b.getI32IntegerAttr(mask));
  Value width = arith::ConstantOp::create(b, b.getI32IntegerAttr(32));
  return gpu::ShuffleOp::create(b, x, offset, width, gpu::ShuffleMode::XOR)
      .getShuffleResult();
}

Value attnc::cuda::shuffleIndex(ImplicitLocOpBuilder &b, Value x, Value lane) {
  Value width = arith::ConstantOp::create(b, b.getI32IntegerAttr(32));
  return gpu::ShuffleOp::create(b, x, lane, width, gpu::ShuffleMode::IDX)
      .getShuffleResult();
}
