//===- WorkItems.cpp - what every GPU kernel's thread block starts with ---===//

#include "WorkItems.h"

#include "LoweringUtils.h"
#include "WarpMma.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace attnc;
using namespace attnc::cuda;
using namespace attnc::lowering;
using arith::CmpIPredicate;

RegisterArray::RegisterArray(ImplicitLocOpBuilder &b, int64_t size, Type type)
    : memref(memref::AllocaOp::create(b, MemRefType::get({size}, type))) {}

Value RegisterArray::get(ImplicitLocOpBuilder &b, int64_t i) const {
  return memref::LoadOp::create(b, memref, ValueRange{cIndex(b, i)});
}

Value RegisterArray::get(ImplicitLocOpBuilder &b, Value i) const {
  return memref::LoadOp::create(b, memref, ValueRange{i});
}

void RegisterArray::set(ImplicitLocOpBuilder &b, int64_t i, Value v) const {
  memref::StoreOp::create(b, v, memref, ValueRange{cIndex(b, i)});
}

void RegisterArray::set(ImplicitLocOpBuilder &b, Value i, Value v) const {
  memref::StoreOp::create(b, v, memref, ValueRange{i});
}

SlotItem attnc::cuda::findSlotItem(ImplicitLocOpBuilder &b,
                                   FamilyAccess &access, Value slot,
                                   int64_t groupQueries) {
  Value per = cIndex(b, groupQueries);
  Value none = cIndex(b, -1);
  auto loop = scf::ForOp::create(
      b, cIndex(b, 0), access.numSequences(b), cIndex(b, 1),
      ValueRange{slot, none, none},
      [&](OpBuilder &nested, Location loc, Value s, ValueRange state) {
        ImplicitLocOpBuilder b(loc, nested);
        Value remaining = state[0], found = state[1], group = state[2];
        Value searching = cmpI(b, CmpIPredicate::slt, found, cIndex(b, 0));
        Value groups = ceilDivI(b, access.sequence(b, s).qLen, per);
        Value here =
            andB(b, searching, cmpI(b, CmpIPredicate::slt, remaining, groups));
        Value last = subI(b, subI(b, groups, cIndex(b, 1)), remaining);
        Value past =
            andB(b, searching, arith::XOrIOp::create(b, here, cBool(b, true)));
        scf::YieldOp::create(
            b, ValueRange{
                   select(b, past, subI(b, remaining, groups), remaining),
                   select(b, here, s, found), select(b, here, last, group)});
      });
  Value found = loop.getResult(1);
  Value live = cmpI(b, CmpIPredicate::sge, found, cIndex(b, 0));
  return {live, select(b, live, found, cIndex(b, 0)), loop.getResult(2)};
}

ThreadPlace attnc::cuda::threadPlace(ImplicitLocOpBuilder &b) {
  ThreadPlace p;
  p.tid = gpu::ThreadIdOp::create(b, gpu::Dimension::x);
  p.warp = floorDivI(b, p.tid, cIndex(b, 32));
  p.lane = remI(b, p.tid, cIndex(b, 32));
  p.groupId = floorDivI(b, p.lane, cIndex(b, 4));
  p.quad = remI(b, p.lane, cIndex(b, 4));
  return p;
}

void attnc::cuda::stageRowChunk(
    ImplicitLocOpBuilder &b, Value shared, Value dstOffset, Value memref,
    const RowRef &row, Value col, int64_t dim, Value live, bool async,
    Type inputType,
    llvm::function_ref<Value(ImplicitLocOpBuilder &, Value d)> loadElement) {
  int64_t bytes = inputType.getIntOrFloatBitWidth() / 8;
  int64_t elements = 16 / bytes;
  if (async) {
    Value valid =
        andB(b, live, cmpI(b, CmpIPredicate::slt, col, cIndex(b, dim)));
    SmallVector<Value> index(row.prefix.begin(), row.prefix.end());
    index.push_back(
        addI(b, row.offset, minI(b, col, cIndex(b, dim - elements))));
    copyAsync16(b, sharedAddress(b, shared, dstOffset),
                globalAddress(b, memref, index), valid);
    return;
  }
  for (int64_t e = 0; e < elements; ++e) {
    Value d = addI(b, col, cIndex(b, e));
    Value valid = andB(b, live, cmpI(b, CmpIPredicate::slt, d, cIndex(b, dim)));
    Value x = loadElement(b, minI(b, d, cIndex(b, dim - 1)));
    x = select(b, valid, x, cF32(b, 0.0));
    if (inputType != x.getType())
      x = arith::TruncFOp::create(b, inputType, x);
    LLVM::StoreOp::create(
        b, x,
        sharedAddress(b, shared, addI(b, dstOffset, cIndex(b, bytes * e))));
  }
}
