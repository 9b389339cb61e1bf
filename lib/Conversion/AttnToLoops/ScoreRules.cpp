//===- ScoreRules.cpp - soft cap, ALiBi, bias, modifiers, visibility ------===//

#include "ScoreRules.h"

#include "LoweringUtils.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"

#include <limits>

using namespace mlir;
using namespace attnc;
using namespace attnc::lowering;
using arith::CmpIPredicate;

ScoreRules::ScoreRules(attn::AttentionOpInterface op,
                       const llvm::StringMap<Value> &memrefOf,
                       ArrayRef<Value> captures, FamilyAccess &access)
    : op(op), access(access), captures(captures.begin(), captures.end()) {
  alibi = memrefOf.lookup("alibi_slopes");
  bias = memrefOf.lookup("bias");
  mask = memrefOf.lookup("mask");
  promptLens = memrefOf.lookup("prompt_lens");
  if (auto cap = op.getSoftcap())
    softcap = cap->convertToDouble();
  causal = op.getCausal();
  if (auto window = op.getWindow()) {
    windowLeft = (*window)[0];
    windowRight = (*window)[1];
  }
  numSink = (int64_t)op.getNumSink().value_or(0);
  triShape = dyn_cast_or_null<attn::TriShapeAttr>(op.getSparsityAttr());
  if (triShape)
    triShapeBlock =
        attn::getKeyBlockSize(triShape, op.getAttentionShape());
}

bool ScoreRules::hasElementRules() {
  return causal || windowLeft >= 0 || windowRight >= 0 || mask ||
         !op.getMaskMod().empty() || triShape;
}

bool ScoreRules::hasScoreRules() {
  return softcap || alibi || bias || !op.getScoreMod().empty();
}

Value ScoreRules::blockIsFull(ImplicitLocOpBuilder &b, Value pFirst,
                              Value pLast, Value jFirst, Value jLast,
                              bool fullBlock) {
  bool elementMasks = mask || !op.getMaskMod().empty();
  if (triShape || (elementMasks && !fullBlock))
    return cBool(b, false);
  Value full = cBool(b, true);
  if (causal) // every key at or before the first query's position
    full = andB(b, full, cmpI(b, CmpIPredicate::sle, jLast, pFirst));
  if (windowLeft >= 0)
    full = andB(b, full, cmpI(b, CmpIPredicate::sge, jFirst,
                              subI(b, pLast, cIndex(b, windowLeft))));
  if (windowRight >= 0)
    full = andB(b, full, cmpI(b, CmpIPredicate::sle, jLast,
                              addI(b, pFirst, cIndex(b, windowRight))));
  return full;
}

LogicalResult ScoreRules::verifyModifiers() {
  for (Region *region : {&op.getScoreMod(), &op.getMaskMod()}) {
    if (region->empty())
      continue;
    for (Operation &nested : region->front().without_terminator()) {
      if (nested.getNumRegions() != 0)
        return nested.emitOpError("in a modifier region: ops with regions "
                                  "are not supported by the lowering yet");
      for (Value operand : nested.getOperands())
        if (isa<RankedTensorType>(operand.getType()) &&
            !isa<tensor::ExtractOp, tensor::DimOp>(nested))
          return nested.emitOpError("in a modifier region: a captured tensor "
                                    "may only be read with tensor.extract "
                                    "or tensor.dim");
    }
  }
  return success();
}

/// Clones the single block of `region` at the builder, binding its leading
/// arguments to `leading` and its capture arguments to the kernel's
/// memrefs; tensor.extract becomes a bounds-checked memref.load (an index
/// past the capture reads 0, never memory outside it).
Value ScoreRules::inlineRegion(ImplicitLocOpBuilder &b, Region &region,
                               ArrayRef<Value> leading) {
  Block &block = region.front();
  IRMapping mapping;
  for (auto [arg, value] : llvm::zip(block.getArguments(), leading))
    mapping.map(arg, value);
  llvm::DenseMap<Value, Value> memrefOfCapture;
  for (auto [k, capture] : llvm::enumerate(captures)) {
    BlockArgument arg = block.getArgument(leading.size() + k);
    if (isa<MemRefType>(capture.getType()))
      memrefOfCapture[arg] = capture;
    else
      mapping.map(arg, capture);
  }
  for (Operation &nested : block) {
    if (auto yield = dyn_cast<attn::YieldOp>(nested))
      return mapping.lookup(yield.getValues().front());
    if (auto extract = dyn_cast<tensor::ExtractOp>(nested)) {
      Value memref = memrefOfCapture.lookup(extract.getTensor());
      SmallVector<Value> indices;
      Value inBounds = cBool(b, true);
      for (auto [d, index] : llvm::enumerate(extract.getIndices())) {
        Value i = mapping.lookup(index);
        indices.push_back(i);
        inBounds = andB(
            b, inBounds,
            andB(b, cmpI(b, CmpIPredicate::sge, i, cIndex(b, 0)),
                 cmpI(b, CmpIPredicate::slt, i, dim(b, memref, d))));
      }
      Type elementType = extract.getType();
      auto ifOp = scf::IfOp::create(
          b, inBounds,
          [&](OpBuilder &then, Location loc) {
            Value v = memref::LoadOp::create(then, loc, memref, indices);
            scf::YieldOp::create(then, loc, v);
          },
          [&](OpBuilder &otherwise, Location loc) {
            Value zero = arith::ConstantOp::create(
                otherwise, loc, otherwise.getZeroAttr(elementType));
            scf::YieldOp::create(otherwise, loc, zero);
          });
      mapping.map(extract.getResult(), ifOp.getResult(0));
      continue;
    }
    if (auto dimOp = dyn_cast<tensor::DimOp>(nested)) {
      Value memref = memrefOfCapture.lookup(dimOp.getSource());
      mapping.map(dimOp.getResult(),
                  memref::DimOp::create(b, memref,
                                        mapping.lookup(dimOp.getIndex())));
      continue;
    }
    b.clone(nested, mapping);
  }
  llvm_unreachable("modifier region without attn.yield");
}

QueryRow ScoreRules::queryRow(ImplicitLocOpBuilder &b, const Sequence &s,
                              Value h, Value i) {
  QueryRow row;
  row.h = h;
  row.i = i;
  row.pos = addI(b, i, subI(b, s.kLen, s.qLen));
  if (alibi) {
    auto type = cast<MemRefType>(alibi.getType());
    SmallVector<Value> index{h};
    if (type.getRank() == 2)
      index.insert(index.begin(), s.b);
    row.slope = memref::LoadOp::create(b, alibi, index);
  }
  if (triShape)
    row.promptLen = promptLens ? loadIndex(b, promptLens, s.b) : s.kLen;
  return row;
}

/// bias/mask[b|0, h|0, i|0, col|0]: size-1 dims broadcast.
Value ScoreRules::loadBiasLike(ImplicitLocOpBuilder &b, Value memref,
                               const Sequence &s, const QueryRow &row,
                               Value j) {
  auto type = cast<MemRefType>(memref.getType());
  Value zero = cIndex(b, 0);
  Value natural[4] = {s.b, row.h, row.i, access.biasKeyColumn(b, s, j)};
  SmallVector<Value> index;
  for (int d = 0; d < 4; ++d) {
    if (type.getDimSize(d) == 1) {
      index.push_back(zero);
    } else if (ShapedType::isDynamic(type.getDimSize(d))) {
      // A dynamic dim may still be 1 at run time.
      Value isOne = cmpI(b, CmpIPredicate::eq, dim(b, memref, d), cIndex(b, 1));
      index.push_back(select(b, isOne, zero, natural[d]));
    } else {
      index.push_back(natural[d]);
    }
  }
  return memref::LoadOp::create(b, memref, index);
}

Value ScoreRules::visible(ImplicitLocOpBuilder &b, const Sequence &s,
                          const QueryRow &row, Value j, bool fullBlock) {
  Value ok = cBool(b, true);
  Value p = row.pos;
  if (causal || triShape)
    ok = andB(b, ok, cmpI(b, CmpIPredicate::sle, j, p));
  if (windowLeft >= 0 || windowRight >= 0) {
    Value inWindow = cBool(b, true);
    if (windowLeft >= 0)
      inWindow = andB(b, inWindow,
                      cmpI(b, CmpIPredicate::sge, j,
                           subI(b, p, cIndex(b, windowLeft))));
    if (windowRight >= 0)
      inWindow = andB(b, inWindow,
                      cmpI(b, CmpIPredicate::sle, j,
                           addI(b, p, cIndex(b, windowRight))));
    if (numSink > 0) // sinks are exempt from the window only
      inWindow = orB(b, inWindow,
                     cmpI(b, CmpIPredicate::slt, j, cIndex(b, numSink)));
    ok = andB(b, ok, inWindow);
  }
  if (triShape) {
    // Dense tail rows see every causal key; others see the first `start`
    // keys' blocks and the `recent` blocks up to their own.
    Value bk = cIndex(b, triShapeBlock);
    Value dense = cmpI(b, CmpIPredicate::sge, p,
                       subI(b, row.promptLen,
                            cIndex(b, triShape.getDenseTail())));
    Value blockJ = floorDivI(b, j, bk), blockP = floorDivI(b, p, bk);
    Value sink = cmpI(b, CmpIPredicate::slt, blockJ,
                      cIndex(b, triShape.getStart() / triShapeBlock));
    Value recent = cmpI(b, CmpIPredicate::sge, blockJ,
                        subI(b, blockP,
                             cIndex(b, triShape.getRecent() / triShapeBlock)));
    ok = andB(b, ok, orB(b, dense, orB(b, sink, recent)));
  }
  if (mask && !fullBlock) {
    Value m = loadBiasLike(b, mask, s, row, j);
    Value nonzero;
    if (isa<FloatType>(m.getType()))
      nonzero = cmpF(b, arith::CmpFPredicate::UNE, m,
                     arith::ConstantOp::create(b, b.getZeroAttr(m.getType())));
    else
      nonzero = cmpI(b, CmpIPredicate::ne, m,
                     arith::ConstantOp::create(b, b.getZeroAttr(m.getType())));
    bool keepIfTrue =
        op.getMaskPolarity() == attn::MaskPolarity::keep_if_true;
    ok = andB(b, ok, keepIfTrue ? nonzero
                                : arith::XOrIOp::create(b, nonzero,
                                                        cBool(b, true)));
  }
  if (!op.getMaskMod().empty() && !fullBlock)
    ok = andB(b, ok,
              inlineRegion(b, op.getMaskMod(), {s.b, row.h, p, j}));
  return ok;
}

Value ScoreRules::score(ImplicitLocOpBuilder &b, const Sequence &s,
                        const QueryRow &row, Value j, Value dot,
                        bool fullBlock) {
  Value x = dot;
  if (softcap) {
    Value cap = cF32(b, *softcap);
    x = mulF(b, cap, math::TanhOp::create(b, divF(b, x, cap)));
  }
  if (row.slope) {
    // |pos - j| on i64 (math.absi on index has no GPU lowering).
    Value delta = arith::IndexCastOp::create(b, b.getI64Type(),
                                             subI(b, row.pos, j));
    Value distance = arith::SIToFPOp::create(
        b, b.getF32Type(), math::AbsIOp::create(b, delta));
    x = subF(b, x, mulF(b, row.slope, distance));
  }
  if (bias)
    x = addF(b, x, toF32(b, loadBiasLike(b, bias, s, row, j)));
  if (!op.getScoreMod().empty())
    x = inlineRegion(b, op.getScoreMod(), {x, s.b, row.h, row.pos, j});
  if (!hasElementRules())
    return x;
  Value negInf = cF32(b, -std::numeric_limits<double>::infinity());
  return select(b, visible(b, s, row, j, fullBlock), x, negInf);
}
