//===- AttnRegions.cpp - score_mod and mask_mod regions --------------------===//
//
// A modifier region is a pure function of the score and positions (SPEC §2
// steps 5 and 6): one block whose arguments are fixed by the region's role,
// followed by the op's captures, ending in attn.yield of one value.
//
//===----------------------------------------------------------------------===//

#include "AttnVerifier.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using namespace attnc::attn;

/// Checks one modifier region against its leading argument types and the
/// type it must yield.
static LogicalResult verifyRegion(Operation *op, Region &region,
                                  StringRef name, ArrayRef<Type> leading,
                                  StringRef leadingDesc, Type yieldType,
                                  TypeRange captures) {
  if (region.empty())
    return success();
  Block &block = region.front();
  SmallVector<Type> expected(leading.begin(), leading.end());
  llvm::append_range(expected, captures);
  if (block.getArgumentTypes() != TypeRange(expected)) {
    InFlightDiagnostic diag = op->emitOpError("region '")
                              << name << "' must take arguments ("
                              << leadingDesc << ", then one per capture), "
                              << "expected " << expected.size() << " (";
    llvm::interleaveComma(expected, diag);
    diag << "), found " << block.getNumArguments() << " (";
    llvm::interleaveComma(block.getArgumentTypes(), diag);
    return diag << ")";
  }
  Operation *terminator = block.empty() ? nullptr : &block.back();
  auto yield = dyn_cast_or_null<YieldOp>(terminator);
  if (!yield) {
    InFlightDiagnostic diag = op->emitOpError("region '")
                              << name << "' must end with attn.yield, found ";
    if (terminator)
      diag << "'" << terminator->getName() << "'";
    else
      diag << "an empty block";
    return diag;
  }
  if (yield.getValues().size() != 1 ||
      yield.getValues().front().getType() != yieldType) {
    InFlightDiagnostic diag = yield.emitOpError("in region '")
                              << name << "' must yield exactly one "
                              << yieldType << ", found "
                              << yield.getValues().size() << " value(s) (";
    llvm::interleaveComma(yield.getValues().getTypes(), diag);
    return diag << ")";
  }
  for (Operation &nested : block.without_terminator()) {
    if (isMemoryEffectFree(&nested))
      continue;
    // Blame the innermost op with effects, not an scf.if around it.
    Operation *culprit = &nested;
    nested.walk<WalkOrder::PreOrder>([&](Operation *inner) {
      if (inner == &nested || isMemoryEffectFree(inner) ||
          inner->hasTrait<OpTrait::HasRecursiveMemoryEffects>())
        return WalkResult::advance();
      culprit = inner;
      return WalkResult::interrupt();
    });
    return culprit->emitOpError("has side effects, which a '")
           << name << "' region of " << op->getName() << " may not contain";
  }
  return success();
}

LogicalResult attnc::attn::detail::verifyModifierRegions(
    AttentionOpInterface op) {
  Operation *raw = op.getOperation();
  MLIRContext *ctx = raw->getContext();
  Type f32 = Float32Type::get(ctx), index = IndexType::get(ctx);
  Type i1 = IntegerType::get(ctx, 1);
  TypeRange captures = op.getCaptures().getTypes();
  if (!captures.empty() && op.getScoreMod().empty() && op.getMaskMod().empty())
    return raw->emitOpError("operand 'captures' is given but neither "
                            "'score_mod' nor 'mask_mod' is present to use it");
  if (failed(verifyRegion(raw, op.getScoreMod(), "score_mod",
                          {f32, index, index, index, index},
                          "score: f32, b, h, q_pos, kv_pos: index", f32,
                          captures)) ||
      failed(verifyRegion(raw, op.getMaskMod(), "mask_mod",
                          {index, index, index, index},
                          "b, h, q_pos, kv_pos: index", i1, captures)))
    return failure();
  return success();
}
