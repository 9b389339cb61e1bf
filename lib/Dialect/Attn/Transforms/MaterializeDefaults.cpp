//===- MaterializeDefaults.cpp - explicit attention defaults --------------===//

#include "attnc/Dialect/Attn/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

#include <cmath>

namespace attnc::attn {
#define GEN_PASS_DEF_ATTNMATERIALIZEDEFAULTS
#include "attnc/Dialect/Attn/Transforms/Passes.h.inc"
} // namespace attnc::attn

using namespace mlir;
using namespace attnc::attn;

namespace {

/// Rewrites the defaulted options of one attention op in place.
void materializeDefaults(AttentionOpInterface op) {
  Operation *raw = op.getOperation();
  Builder b(raw->getContext());
  AttentionShape shape = op.getAttentionShape();
  if (!op.getScale())
    raw->setAttr("scale", b.getF64FloatAttr(1.0 / std::sqrt(
                                                      (double)shape.headDim)));
  if (auto window = op.getWindow();
      window && (*window)[0] == -1 && (*window)[1] == -1)
    raw->removeAttr("window");
  if (auto sink = op.getNumSink(); sink && *sink == 0)
    raw->removeAttr("num_sink");
  if (auto triShape = dyn_cast_or_null<TriShapeAttr>(op.getSparsityAttr());
      triShape && !triShape.getBk())
    raw->setAttr("sparsity",
                 TriShapeAttr::get(raw->getContext(), shape.pageSize,
                                   triShape.getStart(), triShape.getRecent(),
                                   triShape.getDenseTail()));
  if (SkipSoftmaxAttr skip = op.getSkipSoftmaxAttr())
    raw->setAttr("skip_softmax",
                 SkipSoftmaxAttr::get(raw->getContext(), skip.getBr(),
                                      skip.getBc(), skip.getPrefillOrDefault(),
                                      skip.getDecodeOrDefault()));
}

struct MaterializeDefaultsPass
    : public attnc::attn::impl::AttnMaterializeDefaultsBase<MaterializeDefaultsPass> {
  using Base::Base;
  void runOnOperation() override {
    getOperation()->walk(
        [](AttentionOpInterface op) { materializeDefaults(op); });
  }
};

} // namespace
