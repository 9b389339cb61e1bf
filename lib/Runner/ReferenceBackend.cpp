//===- ReferenceBackend.cpp - attention ops on the float64 reference ------===//

#include "attnc/Runner/ReferenceBackend.h"

#include "attnc/Reference/Reference.h"
#include "attnc/Runner/ModifierEvaluator.h"

#include "llvm/ADT/TypeSwitch.h"

#include <memory>

using namespace mlir;
using namespace attnc;
using namespace attnc::runner;

namespace {

ref::Array toArray(const HostBuffer &buffer) {
  return {std::vector<int64_t>(buffer.shape.begin(), buffer.shape.end()),
          buffer.values};
}

ref::IntArray toIntArray(const HostBuffer &buffer) {
  ref::IntArray array;
  array.shape.assign(buffer.shape.begin(), buffer.shape.end());
  array.data.reserve(buffer.values.size());
  for (double v : buffer.values)
    array.data.push_back((int64_t)v);
  return array;
}

ref::Granularity toGranularity(attn::Granularity g) {
  switch (g) {
  case attn::Granularity::per_tensor:
    return ref::Granularity::PerTensor;
  case attn::Granularity::per_channel:
    return ref::Granularity::PerChannel;
  case attn::Granularity::per_token:
    return ref::Granularity::PerToken;
  }
  llvm_unreachable("unknown granularity");
}

ref::Threshold toThreshold(Attribute attr) {
  ref::Threshold t;
  if (auto fixed = dyn_cast<FloatAttr>(attr)) {
    t.value = fixed.getValueAsDouble();
    return t;
  }
  auto fit = cast<attn::CalibratedThresholdAttr>(attr);
  t.calibrated = true;
  t.a = fit.getA().convertToDouble();
  t.b = fit.getB().convertToDouble();
  t.target = fit.getTarget().convertToDouble();
  return t;
}

/// Builds the reference problem of `op`; modifier evaluators are kept alive
/// by `evaluators`.
LogicalResult
buildProblem(attn::AttentionOpInterface op,
             const llvm::DenseMap<Value, const HostBuffer *> &valueOf,
             ref::Problem &p,
             SmallVectorImpl<std::shared_ptr<ModifierEvaluator>> &evaluators,
             std::string &error) {
  auto get = [&](Value v) -> const HostBuffer * { return valueOf.lookup(v); };
  auto array = [&](Value v) { return toArray(*get(v)); };
  auto intArray = [&](Value v) { return toIntArray(*get(v)); };
  auto optArray = [&](Value v) -> std::optional<ref::Array> {
    if (!v)
      return std::nullopt;
    return array(v);
  };
  auto optIntArray = [&](Value v) -> std::optional<ref::IntArray> {
    if (!v)
      return std::nullopt;
    return intArray(v);
  };

  attn::AttentionShape shape = op.getAttentionShape();
  p.numQHeads = shape.numQHeads;
  p.numKvHeads = shape.numKvHeads;
  p.headDim = shape.headDim;
  p.headDimV = shape.headDimV;
  llvm::TypeSwitch<Operation *>(op.getOperation())
      .Case([&](attn::VarlenOp o) {
        p.family = ref::Family::Varlen;
        p.q = array(o.getQ());
        p.k = array(o.getK());
        p.v = array(o.getV());
        p.cuSeqlensQ = intArray(o.getCuSeqlensQ());
        p.cuSeqlensK = intArray(o.getCuSeqlensK());
      })
      .Case([&](attn::PagedOp o) {
        p.family = ref::Family::Paged;
        p.cacheLayout = o.getLayout() == attn::CacheLayout::nhd
                            ? ref::CacheLayout::NHD
                        : o.getLayout() == attn::CacheLayout::hnd
                            ? ref::CacheLayout::HND
                            : ref::CacheLayout::HPND;
        p.q = array(o.getQ());
        p.k = array(o.getKCache());
        p.v = array(o.getVCache());
        p.blockTable = intArray(o.getBlockTable());
        p.contextLens = intArray(o.getContextLens());
        p.cuSeqlensQ = optIntArray(o.getCuSeqlensQ());
      })
      .Case([&](attn::DenseOp o) {
        p.family = ref::Family::Dense;
        p.denseLayout = o.getLayout() == attn::DenseLayout::bnsd
                            ? ref::DenseLayout::BNSD
                        : o.getLayout() == attn::DenseLayout::bsnd
                            ? ref::DenseLayout::BSND
                            : ref::DenseLayout::BSH;
        p.q = array(o.getQ());
        p.k = array(o.getK());
        p.v = array(o.getV());
        p.actualSeqLengths = optIntArray(o.getActualSeqLengths());
        if (Value padding = o.getKvPaddingSize())
          p.kvPaddingSize = (int64_t)get(padding)->values.front();
      });

  if (auto scale = op.getScale())
    p.scale = scale->convertToDouble();
  p.causal = op.getCausal();
  if (auto window = op.getWindow()) {
    p.windowLeft = (*window)[0];
    p.windowRight = (*window)[1];
  }
  p.numSink = (int64_t)op.getNumSink().value_or(0);
  if (auto softcap = op.getSoftcap())
    p.softcap = softcap->convertToDouble();
  p.alibiSlopes = optArray(op.getAlibiSlopes());
  p.bias = optArray(op.getBias());
  p.mask = optArray(op.getMask());
  if (auto polarity = op.getMaskPolarity())
    p.maskPolarity = *polarity == attn::MaskPolarity::keep_if_true
                         ? ref::MaskPolarity::KeepIfTrue
                         : ref::MaskPolarity::DropIfNonzero;

  // Quantisation: the granularity defaults to per tensor (fp8).
  auto dequant = [&](Value scale, Value offset,
                     std::optional<attn::Granularity> g)
      -> std::optional<ref::Dequant> {
    if (!scale)
      return std::nullopt;
    ref::Dequant d;
    d.granularity = toGranularity(g.value_or(attn::Granularity::per_tensor));
    d.scale = array(scale);
    d.offset = optArray(offset);
    return d;
  };
  p.kDequant = dequant(op.getKScale(), op.getKOffset(), op.getKQuant());
  p.vDequant = dequant(op.getVScale(), op.getVOffset(), op.getVQuant());
  if (Value outScale = op.getOutScale())
    p.outQuant = ref::OutQuant{array(outScale), optArray(op.getOutOffset())};

  Attribute sparsity = op.getSparsityAttr();
  if (auto blockMask = dyn_cast_or_null<attn::BlockMaskAttr>(sparsity)) {
    p.sparsity = ref::BlockMaskSparsity{blockMask.getBq(), blockMask.getBk()};
    p.kvNumBlocks = intArray(op.getKvNumBlocks());
    p.kvIndices = intArray(op.getKvIndices());
    p.fullKvNumBlocks = optIntArray(op.getFullKvNumBlocks());
    p.fullKvIndices = optIntArray(op.getFullKvIndices());
  } else if (auto tri = dyn_cast_or_null<attn::TriShapeAttr>(sparsity)) {
    p.sparsity = ref::TriShapeSparsity{tri.getBk().value_or(0), tri.getStart(),
                                       tri.getRecent(), tri.getDenseTail()};
    p.promptLens = optIntArray(op.getPromptLens());
  } else if (auto x = dyn_cast_or_null<attn::XAttentionAttr>(sparsity)) {
    p.sparsity = ref::XAttentionSparsity{x.getThreshold().convertToDouble(),
                                         x.getBlock(), x.getStride(),
                                         x.getDenseTail()};
  }
  if (attn::SkipSoftmaxAttr skip = op.getSkipSoftmaxAttr())
    p.skipSoftmax =
        ref::SkipSoftmax{skip.getBr(), skip.getBc(),
                         toThreshold(skip.getPrefillOrDefault()),
                         toThreshold(skip.getDecodeOrDefault())};

  // Modifier regions run through the float64 evaluator.
  SmallVector<const HostBuffer *> captures;
  for (Value capture : op.getCaptures())
    captures.push_back(get(capture));
  if (!op.getScoreMod().empty()) {
    auto eval = ModifierEvaluator::compile(op.getScoreMod(), 5, captures,
                                           error);
    if (failed(eval)) {
      error = "score_mod: " + error;
      return failure();
    }
    auto shared = std::make_shared<ModifierEvaluator>(std::move(*eval));
    evaluators.push_back(shared);
    p.scoreMod = [shared](double s, int64_t b, int64_t h, int64_t qPos,
                          int64_t kvPos) {
      return shared->evaluate({s, (double)b, (double)h, (double)qPos,
                               (double)kvPos});
    };
  }
  if (!op.getMaskMod().empty()) {
    auto eval = ModifierEvaluator::compile(op.getMaskMod(), 4, captures,
                                           error);
    if (failed(eval)) {
      error = "mask_mod: " + error;
      return failure();
    }
    auto shared = std::make_shared<ModifierEvaluator>(std::move(*eval));
    evaluators.push_back(shared);
    p.maskMod = [shared](int64_t b, int64_t h, int64_t qPos, int64_t kvPos) {
      return shared->evaluate({(double)b, (double)h, (double)qPos,
                               (double)kvPos}) != 0.0;
    };
  }
  return success();
}

/// Copies a reference array into a result buffer of `type`, rounding to
/// the element type.
LogicalResult fillResult(Value result, const std::vector<int64_t> &shape,
                         const std::vector<double> &data, HostBuffer &buffer,
                         std::string &error) {
  auto type = cast<RankedTensorType>(result.getType());
  buffer.elementType = type.getElementType();
  buffer.shape.assign(shape.begin(), shape.end());
  if ((int64_t)shape.size() != type.getRank()) {
    error = "internal error: reference result rank differs from the op's";
    return failure();
  }
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (!type.isDynamicDim(i) && type.getDimSize(i) != shape[i]) {
      error = "result of type " +
              describeType(type.getShape(), type.getElementType()) +
              " cannot hold the computed shape " +
              describeType(buffer.shape, buffer.elementType);
      return failure();
    }
  buffer.values.resize(data.size());
  for (size_t i = 0; i < data.size(); ++i)
    buffer.values[i] = roundToElementType(data[i], buffer.elementType);
  return success();
}

} // namespace

LogicalResult attnc::runner::runOnReference(
    attn::AttentionOpInterface op, ArrayRef<const HostBuffer *> operands,
    SmallVectorImpl<HostBuffer> &results, ReferenceStats &stats,
    std::string &error, bool checkArguments) {
  llvm::DenseMap<Value, const HostBuffer *> valueOf;
  for (auto [value, buffer] : llvm::zip(op->getOperands(), operands))
    valueOf[value] = buffer;
  ref::Problem problem;
  SmallVector<std::shared_ptr<ModifierEvaluator>> evaluators;
  if (failed(buildProblem(op, valueOf, problem, evaluators, error)))
    return failure();
  problem.checkArguments = checkArguments;
  ref::Result result;
  ref::Status status = ref::evaluate(problem, result);
  if (!status.ok) {
    error = status.message;
    return failure();
  }
  results.clear();
  results.resize(op->getNumResults());
  if (failed(fillResult(op.getOut(), result.out.shape, result.out.data,
                        results[0], error)))
    return failure();
  unsigned next = 1;
  if (Value lse = op.getLse())
    if (failed(fillResult(lse, result.lse.shape, result.lse.data,
                          results[next++], error)))
      return failure();
  if (Value count = op.getSelectedNumBlocks()) {
    auto toDoubles = [](const std::vector<int64_t> &v) {
      return std::vector<double>(v.begin(), v.end());
    };
    if (failed(fillResult(count, result.selectedNumBlocks.shape,
                          toDoubles(result.selectedNumBlocks.data),
                          results[next++], error)) ||
        failed(fillResult(op.getSelectedIndices(),
                          result.selectedIndices.shape,
                          toDoubles(result.selectedIndices.data),
                          results[next++], error)))
      return failure();
  }
  if (Value skip = op.getSkipStats())
    if (failed(fillResult(skip, {2},
                          {(double)result.skippedTiles,
                           (double)result.visitedTiles},
                          results[next++], error)))
      return failure();
  stats.skippedTiles = result.skippedTiles;
  stats.visitedTiles = result.visitedTiles;
  return success();
}
