//===- ResultShapes.cpp - result buffers of a compiled kernel call --------===//
//
// The shapes of a kernel function's results at run time, shared by the CPU
// and CUDA backends of attn-run.
//
//===----------------------------------------------------------------------===//

#include "attnc/Runner/ResultShapes.h"

#include "attnc/Dialect/Attn/IR/Attn.h"
#include "attnc/Runner/FunctionRunner.h"

using namespace mlir;
using namespace attnc;
using namespace attnc::runner;

/// The runtime shape of result `value` of type `type`, with dynamic dims
/// taken from the attention op's q (out follows q's layout; LSE is [Hq, Tq]
/// or [B, Hq, Sq]), or nullopt where no rule applies.
static std::optional<SmallVector<int64_t>>
resultShape(func::FuncOp func, Value value, RankedTensorType type,
            ArrayRef<HostBuffer> inputs) {
  SmallVector<int64_t> shape(type.getShape());
  if (!type.hasStaticShape()) {
    auto op = value.getDefiningOp<attn::AttentionOpInterface>();
    auto qArg = op ? dyn_cast<BlockArgument>(op.getQ()) : BlockArgument();
    if (!qArg || qArg.getOwner()->getParentOp() != func.getOperation())
      return std::nullopt;
    ArrayRef<int64_t> q = inputs[qArg.getArgNumber()].shape;
    SmallVector<int64_t> rule;
    if (value == op.getOut()) {
      rule.assign(q.begin(), q.end());
    } else if (value == op.getLse()) {
      if (op.getFamily() != attn::Family::Dense) {
        rule = {ShapedType::kDynamic, q[0]};
      } else {
        bool bnsd = cast<attn::DenseOp>(op.getOperation()).getLayout() ==
                    attn::DenseLayout::bnsd;
        rule = {q[0], ShapedType::kDynamic, q[bnsd ? 2 : 1]};
      }
    }
    for (auto [i, d] : llvm::enumerate(shape)) {
      if (!ShapedType::isDynamic(d))
        continue;
      // The last dim of out (Dv) is static; only the leading dims follow q.
      if (i >= rule.size() || ShapedType::isDynamic(rule[i]) ||
          (value == op.getOut() && i + 1 == shape.size()))
        return std::nullopt;
      d = rule[i];
    }
  }
  return shape;
}

/// Empty buffers of `func`'s result types with their runtime shapes; dims
/// no rule gives come from a run of the reference.
FailureOr<SmallVector<HostBuffer>>
attnc::runner::allocateKernelResults(func::FuncOp func, ArrayRef<HostBuffer> inputs,
                const FunctionRunOptions &options, std::string &error) {
  SmallVector<HostBuffer> results;
  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  bool needReference = false;
  for (auto [value, type] : llvm::zip(ret.getOperands(),
                                      func.getFunctionType().getResults())) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor) {
      error = "only ranked tensor results are supported";
      return failure();
    }
    HostBuffer buffer;
    buffer.elementType = tensor.getElementType();
    if (auto shape = resultShape(func, value, tensor, inputs))
      buffer.shape = *shape;
    else
      needReference = true;
    results.push_back(std::move(buffer));
  }
  if (needReference) {
    FunctionRunResult reference;
    if (failed(runOnReference(func, inputs, options, reference, error)))
      return failure();
    for (auto [buffer, ref] : llvm::zip(results, reference.outputs))
      buffer.shape = ref.shape;
  }
  for (HostBuffer &buffer : results)
    buffer.values.assign(buffer.numElements(), 0.0);
  return results;
}
