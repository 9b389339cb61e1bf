//===- AttnToLoops.cpp - attention ops to block-sparse loops --------------===//
//
// The kernel function, its work items and the KV-block walk. A work item is
// (sequence, head unit, q-block): a head unit is one kv head and all the
// query heads that read it (GQA packing: each K/V row is loaded once for the
// group), or a single query head when a per-head block mask forbids packing.
// The tile math (scores, online softmax, PV, normalisation) is in
// TileCompute.cpp; the family addressing in FamilyAccess.cpp; the per-score
// rules in ScoreRules.cpp.
//
//===----------------------------------------------------------------------===//

#include "attnc/Conversion/Passes.h"

#include "KernelFunction.h"
#include "LoweringUtils.h"
#include "TileCompute.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

namespace attnc {
#define GEN_PASS_DEF_ATTNLOWERTOLOOPS
#include "attnc/Conversion/Passes.h.inc"
} // namespace attnc

using namespace mlir;
using namespace attnc;
using namespace attnc::lowering;
using arith::CmpIPredicate;

namespace {

/// The CPU body: the work items as a parallel loop of stack-tile loops.
class CpuLoops : public KernelBody {
public:
  explicit CpuLoops(const TileOptions &options) : options(options) {}
  StringRef passName() const override { return "attn-lower-to-loops"; }
  LogicalResult prepare(attn::AttentionOpInterface op,
                        const KernelOperands &operands) override {
    tiles = std::make_unique<TileLowering>(op, operands.memrefOf,
                                           operands.captures, options);
    return tiles->verifySupported();
  }
  int64_t workspaceBytes() const override { return tiles->workspaceBytes(); }
  Value emit(ImplicitLocOpBuilder &b, func::FuncOp) override {
    tiles->emitWorkItems(b);
    return arith::ConstantOp::create(b, b.getI32IntegerAttr(0));
  }

private:
  TileOptions options;
  std::unique_ptr<TileLowering> tiles;
};

struct AttnLowerToLoopsPass
    : public attnc::impl::AttnLowerToLoopsBase<AttnLowerToLoopsPass> {
  using Base::Base;
  void runOnOperation() override {
    TileOptions options;
    options.blockQ = blockQ;
    options.blockK = blockK;
    options.vectorWidth = vectorWidth;
    if (blockQ <= 0 || blockK <= 0 || vectorWidth <= 0) {
      getOperation().emitError("attn-lower-to-loops: block-q, block-k and "
                               "vector-width must be positive");
      return signalPassFailure();
    }
    if (failed(buildKernelFunctions(getOperation(), [&] {
          return std::make_unique<CpuLoops>(options);
        })))
      signalPassFailure();
  }
};

} // namespace
