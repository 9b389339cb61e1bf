//===- AttnVerifier.cpp - options shared by every attention op -------------===//
//
// Checks every option of SPEC §2, §4 and §5 against the sizes a family op
// described in FamilyDims. Diagnostics name the operand or attribute, what
// was expected and what was found.
//
//===----------------------------------------------------------------------===//

#include "AttnVerifier.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir;
using namespace attnc::attn;
using namespace attnc::attn::detail;

static constexpr int64_t kDyn = ShapedType::kDynamic;

/// Wraps a layout description in parentheses for a diagnostic:
/// "[?, 2, 64] ([Tk, Hkv, D] with D of q)".
static std::string parenthesize(StringRef desc) {
  if (desc.empty() || desc.starts_with("("))
    return desc.str();
  return ("(" + desc + ")").str();
}

/// Formats a shape as "[?, 8, 128]".
static std::string formatShape(ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "[";
  llvm::interleaveComma(shape, os, [&](int64_t d) {
    if (ShapedType::isDynamic(d))
      os << "?";
    else
      os << d;
  });
  os << "]";
  return text;
}

LogicalResult attnc::attn::detail::checkRank(Operation *op, StringRef name, Type type,
                                int64_t rank, StringRef desc) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (ranked && ranked.getRank() == rank)
    return success();
  return op->emitOpError("operand '")
         << name << "' must have rank " << rank << " " << desc << ", found "
         << type;
}

LogicalResult attnc::attn::detail::checkShape(Operation *op, StringRef name, Type type,
                                 ArrayRef<int64_t> expected, StringRef desc) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  bool ok = ranked && ranked.getRank() == (int64_t)expected.size();
  for (unsigned i = 0; ok && i < expected.size(); ++i) {
    int64_t actual = ranked.getDimSize(i);
    ok = ShapedType::isDynamic(expected[i]) || ShapedType::isDynamic(actual) ||
         expected[i] == actual;
  }
  if (ok)
    return success();
  return op->emitOpError("operand '")
         << name << "' must have shape " << formatShape(expected) << " "
         << parenthesize(desc) << ", found " << type;
}

FailureOr<int64_t> attnc::attn::detail::getStaticDim(Operation *op, StringRef name,
                                        Type type, unsigned index,
                                        StringRef what) {
  int64_t size = cast<RankedTensorType>(type).getDimSize(index);
  if (ShapedType::isDynamic(size))
    return op->emitOpError("operand '")
           << name << "' must have a static " << what << " (dim " << index
           << "), found " << type;
  return size;
}

LogicalResult attnc::attn::detail::checkIndexElementType(Operation *op, StringRef name,
                                            Type type) {
  Type element = cast<RankedTensorType>(type).getElementType();
  if (element.isInteger(32))
    return success();
  return op->emitOpError("operand '")
         << name << "' must have element type i32, found " << element;
}

namespace {

/// Verifies the options of one attention op. Each method checks one concern
/// and emits at most one diagnostic.
class OptionVerifier {
public:
  OptionVerifier(AttentionOpInterface op, const FamilyDims &dims)
      : op(op), raw(op.getOperation()), dims(dims), shape(dims.shape) {}

  LogicalResult verify() {
    return success(
        succeeded(verifyHeads()) && succeeded(verifyElementTypes()) &&
        succeeded(verifyResults()) && succeeded(verifyScalarAttributes()) &&
        succeeded(verifyAlibi()) &&
        succeeded(verifyBiasLike(op.getBias(), "bias")) &&
        succeeded(verifyMask()) && succeeded(verifyKvQuant()) &&
        succeeded(verifyOutQuant()) && succeeded(verifySparsity()) &&
        succeeded(verifyHints()));
  }

private:
  InFlightDiagnostic error() { return raw->emitOpError(); }

  Type elementTypeOf(Value value) {
    return cast<RankedTensorType>(value.getType()).getElementType();
  }

  LogicalResult verifyHeads() {
    if (ShapedType::isDynamic(shape.numQHeads) || shape.numQHeads <= 0)
      return error() << "operand 'q' must have a static positive head count "
                        "Hq, found "
                     << op.getQ().getType();
    if (ShapedType::isDynamic(shape.numKvHeads) || shape.numKvHeads <= 0)
      return error() << "kv head count Hkv (from " << dims.kvHeadsSource
                     << ") must be static and positive, found "
                     << dims.kType;
    if (shape.numQHeads % shape.numKvHeads != 0)
      return error() << "query heads Hq = " << shape.numQHeads << " (from "
                     << dims.qHeadsSource
                     << ") must be a multiple of kv heads Hkv = "
                     << shape.numKvHeads << " (from " << dims.kvHeadsSource
                     << ")";
    if (ShapedType::isDynamic(shape.headDim) || shape.headDim <= 0)
      return error() << "operand 'q' must have a static positive head dim D, "
                        "found "
                     << op.getQ().getType();
    if (ShapedType::isDynamic(shape.headDimV) || shape.headDimV <= 0)
      return error() << "operand '" << dims.vName
                     << "' must have a static positive head dim Dv, found "
                     << dims.vType;
    return success();
  }

  static bool isComputeType(Type t) {
    return t.isF16() || t.isBF16() || t.isF32();
  }
  static bool isFp8(Type t) {
    return isa<Float8E4M3FNType, Float8E5M2Type>(t);
  }

  LogicalResult verifyElementTypes() {
    Type qType = elementTypeOf(op.getQ());
    if (!isComputeType(qType))
      return error() << "operand 'q' must have element type f16, bf16 or "
                        "f32, found "
                     << qType;
    Type kv = dims.kvElementType;
    Type vType = dims.valueElementType;
    if (kv != qType && !kv.isSignlessInteger(8) && !isFp8(kv))
      return error() << "operand '" << dims.kName
                     << "' must have q's element type (" << qType
                     << "), i8 or f8E4M3FN/f8E5M2, found " << kv;
    if (kv != vType)
      return error() << "operand '" << dims.vName
                     << "' must have the element type of '" << dims.kName
                     << "' (" << kv << "), found " << vType;
    Type outType = elementTypeOf(op.getOut());
    if (outType != qType && !outType.isSignlessInteger(8))
      return error() << "result 'out' must have q's element type (" << qType
                     << ") or i8 (quantised output), found " << outType;
    return success();
  }

  LogicalResult verifyResults() {
    Value out = op.getOut();
    if (failed(checkResultShape(out, "out", dims.outShape, dims.outDesc)))
      return failure();
    if (Value lse = op.getLse()) {
      if (failed(checkResultShape(lse, "lse", dims.lseShape, dims.lseDesc)))
        return failure();
      if (!elementTypeOf(lse).isF32())
        return error() << "result 'lse' must have element type f32, found "
                       << elementTypeOf(lse);
    }
    bool xattn = isa_and_nonnull<XAttentionAttr>(op.getSparsityAttr());
    Value count = op.getSelectedNumBlocks();
    Value indices = op.getSelectedIndices();
    if (!count != !indices)
      return error() << "results 'selected_num_blocks' and "
                        "'selected_indices' must be given together, found "
                        "only '"
                     << (count ? "selected_num_blocks" : "selected_indices")
                     << "'";
    if (count) {
      if (!xattn)
        return error() << "results 'selected' (the selected block mask) "
                          "require sparsity #attn.xattention, found "
                       << describeSparsity();
      if (failed(checkResultShape(count, "selected_num_blocks",
                                  {dims.batch, shape.numQHeads, kDyn},
                                  "[B, Hq, nQB]")) ||
          failed(checkResultShape(
              indices, "selected_indices",
              {dims.batch, shape.numQHeads, dimOf(count, 2), kDyn},
              "[B, Hq, nQB, nKB] with nQB of selected_num_blocks")))
        return failure();
      for (auto [value, name] : {std::pair<Value, StringRef>{
                                     count, "selected_num_blocks"},
                                 {indices, "selected_indices"}})
        if (!elementTypeOf(value).isInteger(32))
          return error() << "result '" << name
                         << "' must have element type i32, found "
                         << elementTypeOf(value);
    }
    if (Value stats = op.getSkipStats()) {
      if (!op.getSkipSoftmaxAttr())
        return error() << "result 'skip_stats' requires the 'skip_softmax' "
                          "attribute";
      auto type = cast<RankedTensorType>(stats.getType());
      if (type != RankedTensorType::get({2}, IntegerType::get(
                                                 raw->getContext(), 64)))
        return error() << "result 'skip_stats' must be tensor<2xi64> "
                          "(skipped, visited tiles), found "
                       << type;
    }
    return success();
  }

  /// The op's sparsity attribute for a diagnostic ("sparsity = #attn...").
  std::string describeSparsity() {
    Attribute sparsity = op.getSparsityAttr();
    if (!sparsity)
      return "no 'sparsity' attribute";
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "sparsity = " << sparsity;
    return text;
  }

  static int64_t dimOf(Value v, unsigned i) {
    auto t = cast<RankedTensorType>(v.getType());
    return i < t.getRank() ? t.getDimSize(i) : kDyn;
  }

  LogicalResult checkResultShape(Value result, StringRef name,
                                 ArrayRef<int64_t> expected, StringRef desc) {
    auto ranked = cast<RankedTensorType>(result.getType());
    bool ok = ranked.getRank() == (int64_t)expected.size();
    for (unsigned i = 0; ok && i < expected.size(); ++i)
      ok = ShapedType::isDynamic(expected[i]) ||
           ShapedType::isDynamic(ranked.getDimSize(i)) ||
           expected[i] == ranked.getDimSize(i);
    if (ok)
      return success();
    return error() << "result '" << name << "' must have shape "
                   << formatShape(expected) << " " << parenthesize(desc)
                   << ", found " << ranked;
  }

  LogicalResult verifyScalarAttributes() {
    if (auto scale = op.getScale()) {
      double s = scale->convertToDouble();
      if (!std::isfinite(s) || s == 0.0)
        return error() << "attribute 'scale' must be finite and non-zero, "
                          "found "
                       << s;
    }
    if (auto softcap = op.getSoftcap()) {
      double c = softcap->convertToDouble();
      if (!(c > 0.0) || !std::isfinite(c))
        return error() << "attribute 'softcap' must be positive and finite "
                          "(omit it for no cap), found "
                       << c;
    }
    if (auto window = op.getWindow()) {
      if (window->size() != 2)
        return error() << "attribute 'window' must hold two values (left, "
                          "right), found "
                       << window->size();
      static const StringRef sides[] = {"left", "right"};
      for (auto [side, value] : llvm::zip(sides, *window))
        if (value < -1)
          return error() << "attribute 'window': " << side
                         << " must be >= 0 or -1 (unbounded), found "
                         << value;
    }
    if (auto sink = op.getNumSink()) {
      if ((int64_t)*sink < 0)
        return error() << "attribute 'num_sink' must be >= 0, found "
                       << (int64_t)*sink;
    }
    return success();
  }

  LogicalResult verifyAlibi() {
    Value slopes = op.getAlibiSlopes();
    if (!slopes)
      return success();
    auto type = cast<RankedTensorType>(slopes.getType());
    if (!type.getElementType().isF32())
      return error() << "operand 'alibi_slopes' must have element type f32, "
                        "found "
                     << type.getElementType();
    if (type.getRank() == 1)
      return checkShape(raw, "alibi_slopes", type, {shape.numQHeads},
                        "[Hq] or [B, Hq]");
    return checkShape(raw, "alibi_slopes", type, {dims.batch, shape.numQHeads},
                      "[Hq] or [B, Hq]");
  }

  /// Bias and mask: [B|1, Hq|1, Lq|1, Lk|1].
  LogicalResult verifyBiasLike(Value value, StringRef name) {
    if (!value)
      return success();
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getRank() != 4)
      return error() << "operand '" << name
                     << "' must have rank 4 [B|1, Hq|1, Lq|1, Lk|1], found "
                     << type;
    int64_t expected[4] = {dims.batch, shape.numQHeads, dims.biasQueryDim,
                           dims.biasKeyDim};
    // Dense bias/mask are indexed by storage slot, varlen/paged ones are
    // padded to the longest sequence.
    static const char *denseNames[4] = {"B", "Hq", "Sq", "Skv"};
    static const char *paddedNames[4] = {"B", "Hq", "maxLq", "maxLk"};
    const char *const *dimNames =
        op.getFamily() == Family::Dense ? denseNames : paddedNames;
    for (int i = 0; i < 4; ++i) {
      int64_t actual = type.getDimSize(i);
      if (ShapedType::isDynamic(actual) || actual == 1 ||
          ShapedType::isDynamic(expected[i]) || actual == expected[i])
        continue;
      return error() << "operand '" << name << "' dim " << i << " must be 1 or "
                     << dimNames[i] << " = " << expected[i] << ", found "
                     << actual;
    }
    if (name == "bias") {
      Type element = type.getElementType();
      if (!isComputeType(element))
        return error() << "operand 'bias' must have element type f16, bf16 "
                          "or f32, found "
                       << element;
    }
    return success();
  }

  LogicalResult verifyMask() {
    Value mask = op.getMask();
    auto polarity = op.getMaskPolarity();
    if (!mask) {
      if (polarity)
        return error() << "attribute 'mask_polarity' given without a 'mask' "
                          "operand";
      return success();
    }
    if (!polarity)
      return error() << "operand 'mask' requires the 'mask_polarity' "
                        "attribute (keep_if_true or drop_if_nonzero)";
    Type element = elementTypeOf(mask);
    if (!isa<IntegerType, FloatType>(element))
      return error() << "operand 'mask' must have an integer, i1 or float "
                        "element type, found "
                     << element;
    return verifyBiasLike(mask, "mask");
  }

  /// Expected shape of a K or V scale/offset at `granularity`.
  SmallVector<int64_t> scaleShape(Granularity granularity, int64_t headDim) {
    switch (granularity) {
    case Granularity::per_tensor:
      return {};
    case Granularity::per_channel:
      return {shape.numKvHeads, headDim};
    case Granularity::per_token:
      return dims.perTokenScaleShape;
    }
    llvm_unreachable("unknown granularity");
  }

  std::string scaleDesc(Granularity granularity, StringRef dimName) {
    switch (granularity) {
    case Granularity::per_tensor:
      return "(per_tensor: a scalar, tensor<f32> or tensor<1xf32>)";
    case Granularity::per_channel:
      return ("(per_channel: [Hkv, " + dimName + "])").str();
    case Granularity::per_token:
      return "(per_token: " + dims.perTokenScaleDesc + ")";
    }
    llvm_unreachable("unknown granularity");
  }

  /// A per-tensor scale may be tensor<f32> or tensor<1xf32>.
  LogicalResult checkScaleOperand(Value value, StringRef name,
                                  ArrayRef<int64_t> expected, StringRef desc) {
    auto type = cast<RankedTensorType>(value.getType());
    if (!type.getElementType().isF32())
      return error() << "operand '" << name
                     << "' must have element type f32, found "
                     << type.getElementType();
    if (expected.empty() && type.getRank() == 1 &&
        (type.getDimSize(0) == 1 || ShapedType::isDynamic(type.getDimSize(0))))
      return success();
    return checkShape(raw, name, type, expected, desc);
  }

  LogicalResult verifyOneKvQuant(StringRef which, Value scale, Value offset,
                                 std::optional<Granularity> granularity,
                                 int64_t headDim, StringRef dimName) {
    Type kv = dims.kvElementType;
    std::string quantAttr = (which + "_quant").str();
    std::string scaleName = (which + "_scale").str();
    std::string offsetName = (which + "_offset").str();
    bool int8 = kv.isSignlessInteger(8), fp8 = isFp8(kv);
    if (!int8 && !fp8) {
      if (granularity)
        return error() << "attribute '" << quantAttr
                       << "' requires a quantised KV cache (i8 or fp8), "
                          "found element type "
                       << kv;
      if (scale || offset)
        return error() << "operand '" << (scale ? scaleName : offsetName)
                       << "' requires a quantised KV cache (i8 or fp8), "
                          "found element type "
                       << kv;
      return success();
    }
    if (!scale)
      return error() << "quantised KV (" << kv << ") requires operand '"
                     << scaleName << "'";
    if (int8 && !granularity)
      return error() << "int8 KV (operand '"
                     << (which == "k" ? dims.kName : dims.vName)
                     << "' is i8) requires attribute '" << quantAttr
                     << "' (per_tensor, per_channel or per_token), found none";
    Granularity g = granularity.value_or(Granularity::per_tensor);
    if (fp8 && g != Granularity::per_tensor)
      return error() << "fp8 KV supports only per_tensor scales, found '"
                     << quantAttr << "' = " << stringifyGranularity(g);
    if (fp8 && offset)
      return error() << "fp8 KV takes no offset, found operand '"
                     << offsetName << "'";
    SmallVector<int64_t> expected = scaleShape(g, headDim);
    std::string desc = scaleDesc(g, dimName);
    if (failed(checkScaleOperand(scale, scaleName, expected, desc)))
      return failure();
    if (offset && failed(checkScaleOperand(offset, offsetName, expected, desc)))
      return failure();
    return success();
  }

  LogicalResult verifyKvQuant() {
    return success(succeeded(verifyOneKvQuant("k", op.getKScale(),
                                              op.getKOffset(), op.getKQuant(),
                                              shape.headDim, "D")) &&
                   succeeded(verifyOneKvQuant("v", op.getVScale(),
                                              op.getVOffset(), op.getVQuant(),
                                              shape.headDimV, "Dv")));
  }

  LogicalResult verifyOutQuant() {
    bool int8Out = elementTypeOf(op.getOut()).isSignlessInteger(8);
    Value scale = op.getOutScale(), offset = op.getOutOffset();
    if (!int8Out) {
      if (scale || offset)
        return error() << "operand '" << (scale ? "out_scale" : "out_offset")
                       << "' requires an i8 result 'out', found element type "
                       << elementTypeOf(op.getOut());
      return success();
    }
    if (!scale)
      return error() << "an i8 result 'out' requires operand 'out_scale'";
    auto type = cast<RankedTensorType>(scale.getType());
    SmallVector<int64_t> expected;
    if (type.getRank() == 2)
      expected = {shape.numQHeads, shape.headDimV};
    const char *desc = "(a scalar, tensor<f32> or tensor<1xf32>, or per "
                       "channel [Hq, Dv])";
    if (failed(checkScaleOperand(scale, "out_scale", expected, desc)))
      return failure();
    if (offset && failed(checkScaleOperand(offset, "out_offset", expected,
                                           desc)))
      return failure();
    if (offset && offset.getType() != scale.getType())
      return error() << "operand 'out_offset' must have the type of "
                        "'out_scale' ("
                     << scale.getType() << "), found " << offset.getType();
    return success();
  }

  LogicalResult verifyBlockMaskOperands(BlockMaskAttr blockMask) {
    Value count = op.getKvNumBlocks(), indices = op.getKvIndices();
    if (!count || !indices)
      return error() << "sparsity #attn.block_mask requires operands "
                        "'kv_num_blocks' and 'kv_indices', found no '"
                     << (count ? "kv_indices" : "kv_num_blocks") << "'";
    Value fullCount = op.getFullKvNumBlocks();
    Value fullIndices = op.getFullKvIndices();
    if (!fullCount != !fullIndices)
      return error() << "operands 'full_kv_num_blocks' and 'full_kv_indices' "
                        "must be given together, found only '"
                     << (fullCount ? "full_kv_num_blocks" : "full_kv_indices")
                     << "'";
    auto checkPair = [&](Value c, Value idx, StringRef cName,
                         StringRef iName) -> LogicalResult {
      auto cType = cast<RankedTensorType>(c.getType());
      auto iType = cast<RankedTensorType>(idx.getType());
      if (cType.getRank() != 3)
        return error() << "operand '" << cName
                       << "' must have rank 3 [B|1, Hq|1, nQB], found "
                       << cType;
      if (iType.getRank() != 4)
        return error() << "operand '" << iName
                       << "' must have rank 4 [B|1, Hq|1, nQB, maxKVB], "
                          "found "
                       << iType;
      if (failed(checkIndexElementType(raw, cName, cType)) ||
          failed(checkIndexElementType(raw, iName, iType)))
        return failure();
      // Batch and head dims broadcast independently in each operand.
      for (auto [type, name] : {std::pair<RankedTensorType, StringRef>{
                                    cType, cName},
                                {iType, iName}})
        for (unsigned i = 0; i < 2; ++i) {
          int64_t d = type.getDimSize(i);
          int64_t want = i == 0 ? dims.batch : shape.numQHeads;
          if (!ShapedType::isDynamic(d) && d != 1 &&
              !ShapedType::isDynamic(want) && d != want)
            return error() << "operand '" << name << "' dim " << i
                           << " must be 1 or " << (i == 0 ? "B = " : "Hq = ")
                           << want << ", found " << d;
        }
      int64_t nqb = cType.getDimSize(2), inqb = iType.getDimSize(2);
      if (!ShapedType::isDynamic(nqb) && !ShapedType::isDynamic(inqb) &&
          nqb != inqb)
        return error() << "operand '" << iName << "' dim 2 (nQB) must equal "
                       << "dim 2 of '" << cName << "' = " << nqb << ", found "
                       << inqb;
      // With a static query count per sequence (dense Sq), every query
      // block needs a row.
      int64_t lq = dims.biasQueryDim;
      if (!ShapedType::isDynamic(lq) && !ShapedType::isDynamic(nqb)) {
        int64_t needed = llvm::divideCeil(lq, blockMask.getBq());
        if (nqb < needed)
          return error() << "operand '" << cName
                         << "' dim 2 (nQB) must be at least ceil(Sq / bq) = "
                         << needed << " (Sq = " << lq
                         << ", bq = " << blockMask.getBq() << "), found "
                         << nqb;
      }
      return success();
    };
    if (failed(checkPair(count, indices, "kv_num_blocks", "kv_indices")))
      return failure();
    if (fullCount && failed(checkPair(fullCount, fullIndices,
                                      "full_kv_num_blocks",
                                      "full_kv_indices")))
      return failure();
    return success();
  }

  LogicalResult verifySparsity() {
    Attribute sparsity = op.getSparsityAttr();
    auto blockMask = dyn_cast_or_null<BlockMaskAttr>(sparsity);
    if (blockMask) {
      if (failed(verifyBlockMaskOperands(blockMask)))
        return failure();
    } else {
      // A braced list bound to an ArrayRef inside the range expression
      // dangles; iterate over the list itself.
      for (auto [value, name] : {std::pair<Value, StringRef>{
                                     op.getKvNumBlocks(), "kv_num_blocks"},
                                 {op.getKvIndices(), "kv_indices"},
                                 {op.getFullKvNumBlocks(),
                                  "full_kv_num_blocks"},
                                 {op.getFullKvIndices(), "full_kv_indices"}})
        if (value)
          return error() << "operand '" << name
                         << "' requires sparsity #attn.block_mask, found "
                         << describeSparsity();
    }
    auto triShape = dyn_cast_or_null<TriShapeAttr>(sparsity);
    if (Value promptLens = op.getPromptLens()) {
      if (!triShape)
        return error() << "operand 'prompt_lens' requires sparsity "
                          "#attn.trishape, found "
                       << describeSparsity();
      if (failed(checkShape(raw, "prompt_lens", promptLens.getType(),
                            {dims.batch}, "[B]")) ||
          failed(checkIndexElementType(raw, "prompt_lens",
                                       promptLens.getType())))
        return failure();
    }
    if (triShape && !triShape.getBk()) {
      if (op.getFamily() != Family::Paged)
        return error() << "sparsity #attn.trishape needs 'bk' on "
                       << raw->getName()
                       << " (it defaults to the page size only on attn.paged)";
      int64_t bk = shape.pageSize;
      for (auto [param, value] :
           {std::pair<StringRef, int64_t>{"start", triShape.getStart()},
            {"recent", triShape.getRecent()}})
        if (value % bk != 0)
          return error() << "sparsity #attn.trishape without bk uses the "
                            "page size "
                         << bk << " as bk: " << param
                         << " must be a multiple of " << bk << ", found "
                         << value;
    }
    if (auto xattn = dyn_cast_or_null<XAttentionAttr>(sparsity)) {
      if (!op.getCausal())
        return error() << "sparsity #attn.xattention requires 'causal'";
    }
    return success();
  }

  LogicalResult verifyHints() {
    DictionaryAttr hints = op.getHintsAttr();
    if (!hints)
      return success();
    for (NamedAttribute hint : hints) {
      StringRef key = hint.getName().getValue();
      Attribute value = hint.getValue();
      if (key == "num_splits" || key == "pages_per_compute_block") {
        auto integer = dyn_cast<IntegerAttr>(value);
        if (!integer || integer.getInt() <= 0)
          return error() << "hint '" << key
                         << "' must be a positive integer, found " << value;
        if (key == "pages_per_compute_block" &&
            op.getFamily() != Family::Paged)
          return error() << "hint 'pages_per_compute_block' applies only to "
                            "attn.paged, found it on "
                         << raw->getName();
      } else if (key == "megacore_mode") {
        auto mode = dyn_cast<StringAttr>(value);
        if (!mode || (mode.getValue() != "kv_head" &&
                      mode.getValue() != "batch"))
          return error() << "hint 'megacore_mode' must be \"kv_head\" or "
                            "\"batch\", found "
                         << value;
      } else if (key == "inner_precise") {
        if (!isa<IntegerAttr, UnitAttr, BoolAttr>(value))
          return error() << "hint 'inner_precise' must be an integer or "
                            "boolean, found "
                         << value;
      } else {
        return error() << "unknown hint '" << key
                       << "' (expected num_splits, pages_per_compute_block, "
                          "megacore_mode or inner_precise)";
      }
    }
    return success();
  }

  AttentionOpInterface op;
  Operation *raw;
  const FamilyDims &dims;
  const AttentionShape &shape;
};

} // namespace

LogicalResult attnc::attn::detail::verifyAttentionOptions(AttentionOpInterface op,
                                             const FamilyDims &dims) {
  return OptionVerifier(op, dims).verify();
}
