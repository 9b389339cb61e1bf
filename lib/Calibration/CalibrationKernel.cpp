//===- CalibrationKernel.cpp - the kernel under calibration ---------------===//
//
// A copy of the function's module whose skip-softmax op returns its
// skip_stats, recompiled for each threshold by the runner's CPU backend.
//
//===----------------------------------------------------------------------===//

#include "attnc/Calibration/Calibration.h"

#include "attnc/Runner/FunctionRunner.h"
#include "attnc/Runner/KernelCalls.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace attnc;
using namespace attnc::calibration;

StringRef calibration::phaseName(Phase phase) {
  return phase == Phase::Prefill ? "prefill" : "decode";
}

std::optional<Phase> calibration::parsePhase(StringRef name) {
  if (name == "prefill")
    return Phase::Prefill;
  if (name == "decode")
    return Phase::Decode;
  return std::nullopt;
}

/// Gives `op` a skip_stats result (the last result segment) and returns the
/// replacement op.
static Operation *addSkipStatsResult(Operation *op) {
  auto sizes = dyn_cast_or_null<DenseI32ArrayAttr>(
      op->getInherentAttr("resultSegmentSizes").value_or(Attribute()));
  SmallVector<int32_t> newSizes(sizes.asArrayRef());
  newSizes.back() = 1;
  OpBuilder builder(op);
  OperationState state(op->getLoc(), op->getName());
  state.addOperands(op->getOperands());
  state.addTypes(op->getResultTypes());
  state.addTypes(RankedTensorType::get({2}, builder.getI64Type()));
  state.propertiesAttr = op->getPropertiesAsAttribute();
  state.addAttributes(llvm::to_vector(op->getDiscardableAttrs()));
  for (Region &region : op->getRegions())
    state.addRegion()->takeBody(region);
  Operation *replacement = builder.create(state);
  replacement->setInherentAttr(builder.getStringAttr("resultSegmentSizes"),
                               builder.getDenseI32ArrayAttr(newSizes));
  for (auto [from, to] : llvm::zip(op->getResults(), replacement->getResults()))
    from.replaceAllUsesWith(to);
  op->erase();
  return replacement;
}

FailureOr<std::unique_ptr<CalibrationKernel>>
CalibrationKernel::create(func::FuncOp func, std::string &error) {
  SmallVector<attn::AttentionOpInterface> found;
  func.walk([&](attn::AttentionOpInterface op) {
    if (op.getSkipSoftmaxAttr())
      found.push_back(op);
  });
  std::string where = "@" + func.getSymName().str();
  if (found.empty()) {
    error = where + " has no attention op with #attn.skip_softmax: nothing to "
                    "calibrate (add skip_softmax = #attn.skip_softmax<br = .., "
                    "bc = ..> to the op)";
    return failure();
  }
  if (found.size() > 1) {
    error = where + " has " + std::to_string(found.size()) +
            " attention ops with #attn.skip_softmax (at " +
            runner::describeLocation(found[0].getLoc()) + " and " +
            runner::describeLocation(found[1].getLoc()) +
            "); calibrate one function of one op at a time";
    return failure();
  }

  std::unique_ptr<CalibrationKernel> kernel(new CalibrationKernel());
  kernel->module = runner::moduleWithOnly(func);
  kernel->func = kernel->module->lookupSymbol<func::FuncOp>(func.getSymName());
  kernel->func.walk([&](attn::AttentionOpInterface op) {
    if (op.getSkipSoftmaxAttr())
      kernel->op = op;
  });
  kernel->original = kernel->op.getSkipSoftmaxAttr();
  if (!kernel->op.getSkipStats())
    kernel->op = cast<attn::AttentionOpInterface>(
        addSkipStatsResult(kernel->op.getOperation()));

  // The function returns the stats: where it already does, or as a new
  // last result.
  Value stats = kernel->op.getSkipStats();
  auto ret =
      cast<func::ReturnOp>(kernel->func.getBody().front().getTerminator());
  auto returned = llvm::find(ret.getOperands(), stats);
  if (returned != ret.getOperands().end()) {
    kernel->statsResult = returned - ret.getOperands().begin();
    return kernel;
  }
  kernel->statsResult = ret.getNumOperands();
  ret.getOperandsMutable().append(stats);
  SmallVector<Type> results(kernel->func.getResultTypes());
  results.push_back(stats.getType());
  kernel->func.setType(FunctionType::get(
      func.getContext(), kernel->func.getArgumentTypes(), results));
  return kernel;
}

SmallVector<Phase> CalibrationKernel::getPhases() const {
  Operation *raw = attn::AttentionOpInterface(op).getOperation();
  if (auto paged = dyn_cast<attn::PagedOp>(raw))
    if (!paged.getCuSeqlensQ())
      return {Phase::Decode};
  if (auto dense = dyn_cast<attn::DenseOp>(raw)) {
    auto q = cast<RankedTensorType>(dense.getQ().getType());
    bool bsh = dense.getLayout() == attn::DenseLayout::bsh;
    unsigned seqDim =
        (bsh || dense.getLayout() == attn::DenseLayout::bsnd) ? 1 : 2;
    if (!q.isDynamicDim(seqDim))
      return {q.getDimSize(seqDim) == 1 ? Phase::Decode : Phase::Prefill};
  }
  return {Phase::Prefill, Phase::Decode};
}

void CalibrationKernel::setThreshold(double lambda) {
  Attribute value = FloatAttr::get(Float64Type::get(func.getContext()), lambda);
  setThresholds(value, value);
}

void CalibrationKernel::setThresholds(Attribute prefill, Attribute decode) {
  op->setAttr("skip_softmax",
              attn::SkipSoftmaxAttr::get(
                  func.getContext(), original.getBr(), original.getBc(),
                  prefill ? prefill : original.getPrefill(),
                  decode ? decode : original.getDecode()));
}

FailureOr<std::unique_ptr<runner::CpuKernel>>
CalibrationKernel::compile(const runner::CpuBackendOptions &options,
                           std::string &error) const {
  runner::CpuBackendOptions own = options;
  own.kernelPath.clear(); // the prepared module, never a prebuilt kernel
  return runner::prepareCpuKernel(func, own, error);
}

FailureOr<CalibrationKernel::Counts>
CalibrationKernel::run(const runner::CpuKernel &kernel,
                       ArrayRef<runner::HostBuffer> inputs, bool checkArguments,
                       std::string &error) const {
  runner::FunctionRunOptions options;
  options.checkArguments = checkArguments;
  runner::FunctionRunResult result;
  if (failed(runner::runOnCpu(kernel, func, inputs, options, result, error)))
    return failure();
  const runner::HostBuffer &stats = result.outputs[statsResult];
  Counts counts;
  counts.skipped = static_cast<int64_t>(stats.values[0]);
  counts.visited = static_cast<int64_t>(stats.values[1]);
  return counts;
}
