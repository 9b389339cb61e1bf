//===- AttnAttrs.cpp - attn attributes -------------------------------------===//
//
// Attribute-local invariants (sizes positive, thresholds in range); how an
// attribute relates to its op's operands is checked in AttnVerifier.cpp.
//
//===----------------------------------------------------------------------===//

#include "attnc/Dialect/Attn/IR/Attn.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace attnc::attn;

#include "attnc/Dialect/Attn/IR/AttnEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "attnc/Dialect/Attn/IR/AttnAttrs.cpp.inc"

void AttnDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "attnc/Dialect/Attn/IR/AttnAttrs.cpp.inc"
      >();
}

FailureOr<APFloat> attnc::attn::parseF64Parameter(AsmParser &parser) {
  double value;
  if (parser.parseFloat(value))
    return failure();
  return APFloat(value);
}

LogicalResult
BlockMaskAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                      int64_t bq, int64_t bk) {
  if (bq <= 0)
    return emitError() << "block_mask: bq must be positive, found " << bq;
  if (bk <= 0)
    return emitError() << "block_mask: bk must be positive, found " << bk;
  return success();
}

LogicalResult TriShapeAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   std::optional<int64_t> bk, int64_t start,
                                   int64_t recent, int64_t denseTail) {
  if (bk && *bk <= 0)
    return emitError() << "trishape: bk must be positive, found " << *bk;
  if (start < 0)
    return emitError() << "trishape: start must be >= 0, found " << start;
  if (recent < 0)
    return emitError() << "trishape: recent must be >= 0, found " << recent;
  if (denseTail < 0)
    return emitError() << "trishape: dense_tail must be >= 0, found "
                       << denseTail;
  if (bk && start % *bk != 0)
    return emitError() << "trishape: start (" << start
                       << ") must be a multiple of bk (" << *bk << ")";
  if (bk && recent % *bk != 0)
    return emitError() << "trishape: recent (" << recent
                       << ") must be a multiple of bk (" << *bk << ")";
  return success();
}

LogicalResult
XAttentionAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                       APFloat thresholdValue, int64_t block, int64_t stride,
                       int64_t denseTail) {
  double threshold = thresholdValue.convertToDouble();
  if (!(threshold > 0.0 && threshold <= 1.0))
    return emitError() << "xattention: threshold must lie in (0, 1], found "
                       << threshold;
  if (block <= 0)
    return emitError() << "xattention: block must be positive, found "
                       << block;
  if (stride <= 0)
    return emitError() << "xattention: stride must be positive, found "
                       << stride;
  if (block % stride != 0)
    return emitError() << "xattention: stride (" << stride
                       << ") must divide block (" << block << ")";
  if (denseTail < 0)
    return emitError() << "xattention: dense_tail must be >= 0, found "
                       << denseTail;
  return success();
}

LogicalResult CalibratedThresholdAttr::verify(
    function_ref<InFlightDiagnostic()> emitError, APFloat aValue,
    APFloat bValue, APFloat targetValue) {
  double a = aValue.convertToDouble(), b = bValue.convertToDouble();
  double target = targetValue.convertToDouble();
  if (!(a > 0.0) || !std::isfinite(a))
    return emitError() << "calibrated: a must be positive and finite, found "
                       << a;
  if (!std::isfinite(b))
    return emitError() << "calibrated: b must be finite, found " << b;
  if (!(target >= 0.0 && target < 1.0))
    return emitError() << "calibrated: target must lie in [0, 1), found "
                       << target;
  return success();
}

/// A phase threshold is a float in (0, 1) or a calibrated fit.
static LogicalResult
verifyThreshold(function_ref<InFlightDiagnostic()> emitError, StringRef phase,
                Attribute threshold) {
  if (!threshold || isa<CalibratedThresholdAttr>(threshold))
    return success();
  auto value = dyn_cast<FloatAttr>(threshold);
  if (!value)
    return emitError() << "skip_softmax: " << phase
                       << " must be a float or #attn.calibrated<...>, found "
                       << threshold;
  double v = value.getValueAsDouble();
  if (!(v > 0.0 && v < 1.0))
    return emitError() << "skip_softmax: " << phase
                       << " threshold must lie in (0, 1), found " << v;
  return success();
}

LogicalResult
SkipSoftmaxAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                        int64_t br, int64_t bc, Attribute prefill,
                        Attribute decode) {
  if (br <= 0)
    return emitError() << "skip_softmax: br must be positive, found " << br;
  if (bc <= 0)
    return emitError() << "skip_softmax: bc must be positive, found " << bc;
  if (failed(verifyThreshold(emitError, "prefill", prefill)) ||
      failed(verifyThreshold(emitError, "decode", decode)))
    return failure();
  return success();
}

Attribute SkipSoftmaxAttr::getPrefillOrDefault() const {
  if (getPrefill())
    return getPrefill();
  return FloatAttr::get(Float64Type::get(getContext()), 1e-3);
}

Attribute SkipSoftmaxAttr::getDecodeOrDefault() const {
  if (getDecode())
    return getDecode();
  return FloatAttr::get(Float64Type::get(getContext()), 1e-4);
}
