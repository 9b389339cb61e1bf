//===- KernelCalls.cpp - what every compiled backend does around a call ---===//

#include "attnc/Runner/KernelCalls.h"

#include "attnc/Dialect/Attn/IR/Attn.h"
#include "attnc/Runner/FunctionRunner.h"

#include "mlir/Parser/Parser.h"

#include <algorithm>
#include <chrono>

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

LogicalResult attnc::runner::prepareKernelResults(
    func::FuncOp func, ArrayRef<HostBuffer> inputs,
    const FunctionRunOptions &options, SmallVectorImpl<HostBuffer> &results,
    std::string &error) {
  if (failed(checkInputs(func, inputs, error)))
    return failure();
  FailureOr<SmallVector<HostBuffer>> allocated =
      allocateKernelResults(func, inputs, options, error);
  if (failed(allocated))
    return failure();
  results.assign(allocated->begin(), allocated->end());
  return success();
}

std::string attnc::runner::kernelRejection(func::FuncOp func, int32_t status,
                                           StringRef message) {
  return "kernel @" + func.getSymName().str() + " returned " +
         std::to_string(status) + ": " + message.str();
}

FailureOr<BenchmarkResult> attnc::runner::timeKernelCalls(
    llvm::function_ref<int32_t()> invoke, unsigned warmups,
    unsigned repetitions, llvm::function_ref<std::string(int32_t)> reject,
    std::string &error) {
  using Clock = std::chrono::steady_clock;
  for (unsigned i = 0; i < warmups; ++i)
    if (int32_t status = invoke()) {
      error = reject(status);
      return failure();
    }
  std::vector<double> seconds;
  for (unsigned i = 0; i < std::max(1u, repetitions); ++i) {
    Clock::time_point start = Clock::now();
    int32_t status = invoke();
    seconds.push_back(
        std::chrono::duration<double>(Clock::now() - start).count());
    if (status) {
      error = reject(status);
      return failure();
    }
  }
  std::sort(seconds.begin(), seconds.end());
  BenchmarkResult bench;
  bench.runs = seconds.size();
  bench.minSeconds = seconds.front();
  size_t n = seconds.size();
  bench.medianSeconds =
      n % 2 ? seconds[n / 2] : 0.5 * (seconds[n / 2 - 1] + seconds[n / 2]);
  return bench;
}

std::vector<int64_t> attnc::runner::rowMajorDescriptor(const void *data,
                                                      ArrayRef<int64_t> shape) {
  int64_t rank = shape.size();
  std::vector<int64_t> desc(3 + 2 * rank);
  desc[0] = desc[1] =
      static_cast<int64_t>(reinterpret_cast<intptr_t>(data));
  int64_t stride = 1;
  for (int64_t d = rank - 1; d >= 0; --d) {
    desc[3 + d] = shape[d];
    desc[3 + rank + d] = stride;
    stride *= shape[d];
  }
  return desc;
}

OwningOpRef<ModuleOp> attnc::runner::moduleWithOnly(func::FuncOp func) {
  OwningOpRef<ModuleOp> clone(
      cast<ModuleOp>(func->getParentOfType<ModuleOp>()->clone()));
  for (func::FuncOp other :
       llvm::make_early_inc_range(clone->getOps<func::FuncOp>()))
    if (other.isPublic() && other.getSymName() != func.getSymName())
      other.erase();
  return clone;
}

FailureOr<OwningOpRef<ModuleOp>>
attnc::runner::parseKernelFile(StringRef path, func::FuncOp func,
                               std::string &error) {
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(path, func.getContext());
  if (!module) {
    error = "cannot parse kernel file '" + path.str() + "'";
    return failure();
  }
  return module;
}
