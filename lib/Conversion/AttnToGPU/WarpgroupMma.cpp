//===- WarpgroupMma.cpp - Hopper warpgroup tensor-core pieces -------------===//
//
// wgmma itself is emitted as inline PTX: its register-A form and the
// accumulator counts of every n are simplest there, and the NVVM intrinsics
// add nothing the asm does not say. The fences are NVVM ops.
//
//===----------------------------------------------------------------------===//

#include "WarpgroupMma.h"

#include "LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"

using namespace mlir;
using namespace attnc;
using namespace attnc::cuda;
using namespace attnc::lowering;

Value attnc::cuda::swizzledOffset(ImplicitLocOpBuilder &b, Value row,
                                  Value col, int64_t rows) {
  Value block = floorDivI(b, col, cIndex(b, 64));
  Value chunk = floorDivI(b, remI(b, col, cIndex(b, 64)), cIndex(b, 8));
  Value swizzled =
      arith::XOrIOp::create(b, chunk, remI(b, row, cIndex(b, 8)));
  Value offset = addI(b, mulI(b, block, cIndex(b, rows * 128)),
                      mulI(b, row, cIndex(b, 128)));
  offset = addI(b, offset, mulI(b, swizzled, cIndex(b, 16)));
  return addI(b, offset, mulI(b, remI(b, col, cIndex(b, 8)), cIndex(b, 2)));
}

Value attnc::cuda::matrixDescriptor(ImplicitLocOpBuilder &b, Value sharedPtr,
                                    int64_t leading, int64_t stride) {
  Type i64 = b.getI64Type();
  auto constant = [&](uint64_t v) {
    return arith::ConstantOp::create(b, b.getI64IntegerAttr((int64_t)v));
  };
  Value address = LLVM::PtrToIntOp::create(b, i64, sharedPtr);
  // Bits 0-13: address / 16; 16-29: leading / 16; 32-45: stride / 16;
  // 62-63: swizzle mode (1 = 128 bytes).
  Value start = arith::ShRUIOp::create(
      b, arith::AndIOp::create(b, address, constant(0x3FFFF)), constant(4));
  uint64_t fixed = ((uint64_t)(leading >> 4) << 16) |
                   ((uint64_t)(stride >> 4) << 32) | (1ull << 62);
  return arith::OrIOp::create(b, start, constant(fixed));
}

Value attnc::cuda::advanceDescriptor(ImplicitLocOpBuilder &b, Value descriptor,
                                     int64_t bytes) {
  if (bytes == 0)
    return descriptor;
  // The start address field does not overflow: shared memory is < 256 KiB.
  return arith::AddIOp::create(
      b, descriptor,
      arith::ConstantOp::create(b, b.getI64IntegerAttr(bytes >> 4)));
}

namespace {

/// One wgmma.mma_async as inline PTX. `aOperands` are the A descriptor (one
/// i64) or the four A registers; the accumulator is read only when `acc` is
/// not empty.
SmallVector<Value> emitWarpgroupMma(ImplicitLocOpBuilder &b, Type inputType,
                                    int64_t n, ValueRange aOperands,
                                    Value descB, bool transposeB,
                                    ArrayRef<Value> acc) {
  int64_t outs = n / 2;
  bool registerA = aOperands.size() == 4;
  std::string regs, constraints;
  for (int64_t i = 0; i < outs; ++i) {
    regs += (i ? ",$" : "$") + std::to_string(i);
    constraints += "=f,";
  }
  int64_t next = outs;
  std::string aText;
  if (registerA) {
    aText = "{$" + std::to_string(next) + ",$" + std::to_string(next + 1) +
            ",$" + std::to_string(next + 2) + ",$" + std::to_string(next + 3) +
            "}";
    constraints += "r,r,r,r,";
    next += 4;
  } else {
    aText = "$" + std::to_string(next++);
    constraints += "l,";
  }
  std::string bText = "$" + std::to_string(next++);
  constraints += "l";
  SmallVector<Value> operands(aOperands.begin(), aOperands.end());
  operands.push_back(descB);
  for (int64_t i = 0; i < (int64_t)acc.size(); ++i) {
    constraints += "," + std::to_string(i);
    operands.push_back(acc[i]);
  }
  next += acc.size();
  // scale-d: accumulate into d, or overwrite it.
  std::string scaleD = "$" + std::to_string(next);
  constraints += ",n,~{memory}";
  operands.push_back(arith::ConstantOp::create(
      b, b.getI32IntegerAttr(acc.empty() ? 0 : 1)));
  std::string type = inputType.isF16() ? "f16" : "bf16";
  // Register A takes no transpose immediate.
  std::string immediates = registerA ? "1, 1, " : "1, 1, 0, ";
  immediates += transposeB ? "1" : "0";
  std::string text = "{\n.reg .pred p;\nsetp.ne.b32 p, " + scaleD +
                     ", 0;\nwgmma.mma_async.sync.aligned.m64n" +
                     std::to_string(n) + "k16.f32." + type + "." + type +
                     " {" + regs + "}, " + aText + ", " + bText + ", p, " +
                     immediates + ";\n}\n";
  SmallVector<Type> fields(outs, b.getF32Type());
  auto structType = LLVM::LLVMStructType::getLiteral(b.getContext(), fields);
  auto asmOp = LLVM::InlineAsmOp::create(
      b, structType, operands, b.getStringAttr(text),
      b.getStringAttr(constraints), b.getUnitAttr(), UnitAttr(),
      LLVM::TailCallKindAttr(),
      LLVM::AsmDialectAttr::get(b.getContext(), LLVM::AsmDialect::AD_ATT),
      ArrayAttr());
  SmallVector<Value> out;
  for (int64_t i = 0; i < outs; ++i)
    out.push_back(LLVM::ExtractValueOp::create(b, asmOp.getRes(), i));
  return out;
}

} // namespace

SmallVector<Value> attnc::cuda::warpgroupMmaShared(ImplicitLocOpBuilder &b,
                                                   Type inputType, int64_t n,
                                                   Value descA, Value descB,
                                                   ArrayRef<Value> acc) {
  return emitWarpgroupMma(b, inputType, n, ValueRange{descA}, descB,
                          /*transposeB=*/false, acc);
}

SmallVector<Value> attnc::cuda::warpgroupMmaRegisterA(
    ImplicitLocOpBuilder &b, Type inputType, int64_t n, const Frag4 &a,
    Value descB, ArrayRef<Value> acc) {
  return emitWarpgroupMma(b, inputType, n, ValueRange{a[0], a[1], a[2], a[3]},
                          descB, /*transposeB=*/true, acc);
}

void attnc::cuda::warpgroupFence(ImplicitLocOpBuilder &b) {
  NVVM::WgmmaFenceAlignedOp::create(b);
}

void attnc::cuda::warpgroupCommitAndWait(ImplicitLocOpBuilder &b) {
  NVVM::WgmmaGroupSyncAlignedOp::create(b);
  NVVM::WgmmaWaitGroupSyncOp::create(b, 0);
}

void attnc::cuda::fenceSharedForAsyncProxy(ImplicitLocOpBuilder &b) {
  NVVM::FenceProxyOp::create(
      b, NVVM::ProxyKind::async_shared,
      NVVM::SharedSpaceAttr::get(b.getContext(), NVVM::SharedSpace::shared_cta));
}
