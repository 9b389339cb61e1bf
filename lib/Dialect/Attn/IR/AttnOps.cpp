//===- AttnOps.cpp - attn ops: family layouts ------------------------------===//
//
// Each family op checks the layout of its own operands (q, k, v and the
// index operands of SPEC §3) and describes its sizes in FamilyDims; every
// option is then checked once, for all families, in AttnVerifier.cpp.
//
//===----------------------------------------------------------------------===//

#include "AttnVerifier.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace attnc::attn;
using namespace attnc::attn::detail;

static constexpr int64_t kDyn = ShapedType::kDynamic;

static int64_t dimOr(Type type, unsigned index, int64_t fallback = 0) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked || index >= ranked.getRank())
    return fallback;
  return ranked.getDimSize(index);
}

/// A cu_seqlens operand holds B+1 >= 1 offsets (cu[0] = 0).
static LogicalResult checkBatchPlusOne(Operation *op, StringRef name,
                                       Type type) {
  if (dimOr(type, 0, kDyn) != 0)
    return success();
  return op->emitOpError("operand '")
         << name << "' must have B+1 >= 1 elements, found " << type;
}

/// Sum of two static sizes, dynamic if either is.
static int64_t addDims(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) ? kDyn : a + b;
}

int64_t attnc::attn::getKeyBlockSize(Attribute sparsity,
                                     const AttentionShape &shape) {
  if (auto blockMask = dyn_cast_or_null<BlockMaskAttr>(sparsity))
    return blockMask.getBk();
  if (auto triShape = dyn_cast_or_null<TriShapeAttr>(sparsity))
    return triShape.getBk().value_or(shape.pageSize);
  if (auto xattn = dyn_cast_or_null<XAttentionAttr>(sparsity))
    return xattn.getBlock();
  return 0;
}

//===----------------------------------------------------------------------===//
// Layout keywords: `layout(nhd)` rather than `layout(#attn.cache_layout<nhd>)`
//===----------------------------------------------------------------------===//

template <typename AttrT, typename SymbolizeFn>
static ParseResult parseLayoutKeyword(OpAsmParser &parser, AttrT &attr,
                                      SymbolizeFn symbolize,
                                      StringRef expected) {
  StringRef keyword;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseKeyword("layout") || parser.parseLParen() ||
      parser.parseKeyword(&keyword) || parser.parseRParen())
    return failure();
  auto value = symbolize(keyword);
  if (!value)
    return parser.emitError(loc, "unknown layout '")
           << keyword << "', expected one of " << expected;
  attr = AttrT::get(parser.getContext(), *value);
  return success();
}

static ParseResult parseBareEnum(OpAsmParser &parser, CacheLayoutAttr &attr) {
  return parseLayoutKeyword(parser, attr, [](StringRef s) { return symbolizeCacheLayout(s); },
                            "nhd, hnd, hpnd");
}
static ParseResult parseBareEnum(OpAsmParser &parser, DenseLayoutAttr &attr) {
  return parseLayoutKeyword(parser, attr, [](StringRef s) { return symbolizeDenseLayout(s); },
                            "bnsd, bsnd, bsh");
}
static void printBareEnum(OpAsmPrinter &printer, Operation *,
                          CacheLayoutAttr attr) {
  printer << "layout(" << stringifyCacheLayout(attr.getValue()) << ")";
}
static void printBareEnum(OpAsmPrinter &printer, Operation *,
                          DenseLayoutAttr attr) {
  printer << "layout(" << stringifyDenseLayout(attr.getValue()) << ")";
}

//===----------------------------------------------------------------------===//
// Varlen
//===----------------------------------------------------------------------===//

Family VarlenOp::getFamily() { return Family::Varlen; }

AttentionShape VarlenOp::getAttentionShape() {
  return {dimOr(getQ().getType(), 1), dimOr(getK().getType(), 1),
          dimOr(getQ().getType(), 2), dimOr(getV().getType(), 2), 0};
}

LogicalResult VarlenOp::verify() {
  Operation *op = getOperation();
  if (failed(checkRank(op, "q", getQ().getType(), 3, "[Tq, Hq, D]")) ||
      failed(checkRank(op, "k", getK().getType(), 3, "[Tk, Hkv, D]")) ||
      failed(checkRank(op, "v", getV().getType(), 3, "[Tk, Hkv, Dv]")))
    return failure();
  AttentionShape shape = getAttentionShape();
  int64_t tq = dimOr(getQ().getType(), 0), tk = dimOr(getK().getType(), 0);
  if (failed(checkShape(op, "k", getK().getType(),
                        {kDyn, shape.numKvHeads, shape.headDim},
                        "[Tk, Hkv, D] with D of q")) ||
      failed(checkShape(op, "v", getV().getType(),
                        {tk, shape.numKvHeads, shape.headDimV},
                        "[Tk, Hkv, Dv] with Tk and Hkv of k")))
    return failure();
  // cu_seqlens are [B+1]; both describe the same batch.
  if (failed(checkShape(op, "cu_seqlens_q", getCuSeqlensQ().getType(), {kDyn},
                        "[B+1]")) ||
      failed(checkIndexElementType(op, "cu_seqlens_q",
                                   getCuSeqlensQ().getType())) ||
      failed(checkShape(op, "cu_seqlens_k", getCuSeqlensK().getType(),
                        {dimOr(getCuSeqlensQ().getType(), 0)},
                        "[B+1] with B of cu_seqlens_q")) ||
      failed(checkIndexElementType(op, "cu_seqlens_k",
                                   getCuSeqlensK().getType())))
    return failure();
  if (failed(checkBatchPlusOne(op, "cu_seqlens_q",
                               getCuSeqlensQ().getType())) ||
      failed(checkBatchPlusOne(op, "cu_seqlens_k",
                               getCuSeqlensK().getType())))
    return failure();
  int64_t batchPlusOne = dimOr(getCuSeqlensQ().getType(), 0);
  if (ShapedType::isDynamic(batchPlusOne))
    batchPlusOne = dimOr(getCuSeqlensK().getType(), 0);
  FamilyDims dims;
  dims.shape = shape;
  dims.batch = ShapedType::isDynamic(batchPlusOne) ? kDyn : batchPlusOne - 1;
  dims.kvHeadsSource = "operand 'k'";
  dims.kName = "k";
  dims.vName = "v";
  dims.kType = getK().getType();
  dims.vType = getV().getType();
  dims.perTokenScaleShape = {tk};
  dims.perTokenScaleDesc = "[Tk]";
  dims.outShape = {tq, shape.numQHeads, shape.headDimV};
  dims.outDesc = "[Tq, Hq, Dv]";
  dims.lseShape = {shape.numQHeads, tq};
  dims.lseDesc = "[Hq, Tq]";
  dims.kvElementType = getK().getType().getElementType();
  dims.valueElementType = getV().getType().getElementType();
  return verifyAttentionOptions(*this, dims);
}

LogicalResult VarlenOp::verifyRegions() {
  return verifyModifierRegions(*this);
}

//===----------------------------------------------------------------------===//
// Paged
//===----------------------------------------------------------------------===//

namespace {
/// Positions of the page, slot and head dims of a cache layout.
struct CacheDims {
  unsigned page, slot, head;
};
} // namespace

static CacheDims getCacheDims(CacheLayout layout) {
  switch (layout) {
  case CacheLayout::nhd:
    return {0, 1, 2};
  case CacheLayout::hnd:
    return {0, 2, 1};
  case CacheLayout::hpnd:
    return {1, 2, 0};
  }
  llvm_unreachable("unknown cache layout");
}

static const char *getCacheDesc(CacheLayout layout, bool isValue) {
  switch (layout) {
  case CacheLayout::nhd:
    return isValue ? "[P, page_size, Hkv, Dv]" : "[P, page_size, Hkv, D]";
  case CacheLayout::hnd:
    return isValue ? "[P, Hkv, page_size, Dv]" : "[P, Hkv, page_size, D]";
  case CacheLayout::hpnd:
    return isValue ? "[Hkv, P, page_size, Dv]" : "[Hkv, P, page_size, D]";
  }
  llvm_unreachable("unknown cache layout");
}

Family PagedOp::getFamily() { return Family::Paged; }

int64_t PagedOp::getPageSize() {
  return dimOr(getKCache().getType(), getCacheDims(getLayout()).slot);
}

AttentionShape PagedOp::getAttentionShape() {
  CacheDims cache = getCacheDims(getLayout());
  return {dimOr(getQ().getType(), 1), dimOr(getKCache().getType(), cache.head),
          dimOr(getQ().getType(), 2), dimOr(getVCache().getType(), 3),
          getPageSize()};
}

LogicalResult PagedOp::verify() {
  Operation *op = getOperation();
  CacheLayout layout = getLayout();
  if (failed(checkRank(op, "q", getQ().getType(), 3, "[Tq, Hq, D]")) ||
      failed(checkRank(op, "k_cache", getKCache().getType(), 4,
                       getCacheDesc(layout, false))) ||
      failed(checkRank(op, "v_cache", getVCache().getType(), 4,
                       getCacheDesc(layout, true))))
    return failure();
  FailureOr<int64_t> pageSize = getStaticDim(
      op, "k_cache", getKCache().getType(), getCacheDims(layout).slot,
      "page size");
  if (failed(pageSize))
    return failure();
  if (*pageSize <= 0)
    return emitOpError("operand 'k_cache' must have a positive page size (dim ")
           << getCacheDims(layout).slot << " in layout "
           << stringifyCacheLayout(layout) << " "
           << getCacheDesc(layout, false) << "), found "
           << getKCache().getType();
  AttentionShape shape = getAttentionShape();
  CacheDims cache = getCacheDims(layout);
  SmallVector<int64_t> kExpected(4, kDyn), vExpected(4, kDyn);
  kExpected[cache.slot] = shape.pageSize;
  kExpected[cache.head] = shape.numKvHeads;
  kExpected[3] = shape.headDim;
  int64_t numPages = dimOr(getKCache().getType(), cache.page);
  vExpected = kExpected;
  vExpected[cache.page] = numPages;
  vExpected[3] = shape.headDimV;
  if (failed(checkShape(op, "k_cache", getKCache().getType(), kExpected,
                        std::string(getCacheDesc(layout, false)) +
                            " with D of q")) ||
      failed(checkShape(op, "v_cache", getVCache().getType(), vExpected,
                        std::string(getCacheDesc(layout, true)) +
                            " with P, page_size and Hkv of k_cache")))
    return failure();
  if (failed(checkShape(op, "block_table", getBlockTable().getType(),
                        {kDyn, kDyn}, "[B, max_pages]")) ||
      failed(checkIndexElementType(op, "block_table",
                                   getBlockTable().getType())))
    return failure();
  int64_t batch = dimOr(getBlockTable().getType(), 0);
  if (failed(checkShape(op, "context_lens", getContextLens().getType(),
                        {batch}, "[B] with B of block_table")) ||
      failed(checkIndexElementType(op, "context_lens",
                                   getContextLens().getType())))
    return failure();
  int64_t tq = dimOr(getQ().getType(), 0);
  if (Value cuSeqlensQ = getCuSeqlensQ()) {
    if (failed(checkShape(op, "cu_seqlens_q", cuSeqlensQ.getType(),
                          {addDims(batch, 1)},
                          "[B+1] with B of block_table")) ||
        failed(checkBatchPlusOne(op, "cu_seqlens_q", cuSeqlensQ.getType())) ||
        failed(checkIndexElementType(op, "cu_seqlens_q",
                                     cuSeqlensQ.getType())))
      return failure();
  } else if (!ShapedType::isDynamic(tq) && !ShapedType::isDynamic(batch) &&
             tq != batch) {
    return emitOpError("decode (no 'cu_seqlens_q') needs one query per "
                       "sequence: operand 'q' has Tq = ")
           << tq << " but 'block_table' has B = " << batch;
  }
  FamilyDims dims;
  dims.shape = shape;
  dims.batch = batch;
  dims.kvHeadsSource = (Twine("operand 'k_cache' dim ") + Twine(cache.head) +
                        " in layout " + stringifyCacheLayout(layout) + " " +
                        getCacheDesc(layout, false))
                           .str();
  dims.kName = "k_cache";
  dims.vName = "v_cache";
  dims.kType = getKCache().getType();
  dims.vType = getVCache().getType();
  dims.perTokenScaleShape = {numPages, shape.pageSize};
  dims.perTokenScaleDesc = "[P, page_size]";
  dims.outShape = {tq, shape.numQHeads, shape.headDimV};
  dims.outDesc = "[Tq, Hq, Dv]";
  dims.lseShape = {shape.numQHeads, tq};
  dims.lseDesc = "[Hq, Tq]";
  dims.kvElementType = getKCache().getType().getElementType();
  dims.valueElementType = getVCache().getType().getElementType();
  return verifyAttentionOptions(*this, dims);
}

LogicalResult PagedOp::verifyRegions() { return verifyModifierRegions(*this); }

//===----------------------------------------------------------------------===//
// Dense
//===----------------------------------------------------------------------===//

namespace {
/// Positions of the batch, sequence and head dims of a dense layout.
struct DenseDims {
  unsigned seq, head;
};
} // namespace

static DenseDims getDenseDims(DenseLayout layout) {
  return layout == DenseLayout::bnsd ? DenseDims{2, 1} : DenseDims{1, 2};
}

Family DenseOp::getFamily() { return Family::Dense; }

AttentionShape DenseOp::getAttentionShape() {
  DenseLayout layout = getLayout();
  if (layout == DenseLayout::bsh) {
    int64_t hq = getNumHeads().value_or(0), hkv = getNumKvHeads().value_or(0);
    auto perHead = [](int64_t width, int64_t heads) -> int64_t {
      return heads > 0 && width > 0 ? width / heads : 0;
    };
    return {hq, hkv, perHead(dimOr(getQ().getType(), 2), hq),
            perHead(dimOr(getV().getType(), 2), hkv), 0};
  }
  DenseDims d = getDenseDims(layout);
  return {dimOr(getQ().getType(), d.head), dimOr(getK().getType(), d.head),
          dimOr(getQ().getType(), 3), dimOr(getV().getType(), 3), 0};
}

/// Checks that `width` (static) is `heads * headDim` for a bsh operand.
static LogicalResult checkBshWidth(Operation *op, StringRef name, Type type,
                                   int64_t heads, StringRef headsName) {
  FailureOr<int64_t> width = getStaticDim(op, name, type, 2, "H*D");
  if (failed(width))
    return failure();
  if (*width <= 0 || *width % heads != 0)
    return op->emitOpError("operand '")
           << name << "' in layout bsh must have a last dim divisible by "
           << headsName << " = " << heads << ", found " << *width;
  return success();
}

LogicalResult DenseOp::verify() {
  Operation *op = getOperation();
  DenseLayout layout = getLayout();
  bool bsh = layout == DenseLayout::bsh;
  int64_t rank = bsh ? 3 : 4;
  const char *qDesc = bsh ? "[B, Sq, Hq*D]"
                          : (layout == DenseLayout::bnsd ? "[B, Hq, Sq, D]"
                                                         : "[B, Sq, Hq, D]");
  const char *kDesc = bsh ? "[B, Skv, Hkv*D]"
                          : (layout == DenseLayout::bnsd ? "[B, Hkv, Skv, D]"
                                                         : "[B, Skv, Hkv, D]");
  const char *vDesc = bsh ? "[B, Skv, Hkv*Dv]"
                          : (layout == DenseLayout::bnsd ? "[B, Hkv, Skv, Dv]"
                                                         : "[B, Skv, Hkv, Dv]");
  if (failed(checkRank(op, "q", getQ().getType(), rank, qDesc)) ||
      failed(checkRank(op, "k", getK().getType(), rank, kDesc)) ||
      failed(checkRank(op, "v", getV().getType(), rank, vDesc)))
    return failure();
  if (bsh) {
    if (!getNumHeads() || !getNumKvHeads())
      return emitOpError("layout bsh [B, S, H*D] requires attribute '")
             << (getNumHeads() ? "num_kv_heads" : "num_heads")
             << "' (the head count), found none";
    if ((int64_t)*getNumHeads() <= 0 || (int64_t)*getNumKvHeads() <= 0)
      return emitOpError("attributes 'num_heads' and 'num_kv_heads' must be "
                         "positive, found ")
             << (int64_t)*getNumHeads() << " and " << (int64_t)*getNumKvHeads();
    if (failed(checkBshWidth(op, "q", getQ().getType(), *getNumHeads(),
                             "num_heads")) ||
        failed(checkBshWidth(op, "k", getK().getType(), *getNumKvHeads(),
                             "num_kv_heads")) ||
        failed(checkBshWidth(op, "v", getV().getType(), *getNumKvHeads(),
                             "num_kv_heads")))
      return failure();
  }
  AttentionShape shape = getAttentionShape();
  if (!bsh) {
    if (getNumHeads() && (int64_t)*getNumHeads() != shape.numQHeads)
      return emitOpError("attribute 'num_heads' = ")
             << *getNumHeads() << " contradicts operand 'q' with Hq = "
             << shape.numQHeads;
    if (getNumKvHeads() && (int64_t)*getNumKvHeads() != shape.numKvHeads)
      return emitOpError("attribute 'num_kv_heads' = ")
             << *getNumKvHeads() << " contradicts operand 'k' with Hkv = "
             << shape.numKvHeads;
  }
  int64_t batch = dimOr(getQ().getType(), 0);
  int64_t sq = dimOr(getQ().getType(), bsh ? 1 : getDenseDims(layout).seq);
  int64_t skv = dimOr(getK().getType(), bsh ? 1 : getDenseDims(layout).seq);
  // Expected k and v shapes in the layout.
  auto expect = [&](int64_t heads, int64_t seq, int64_t dim) {
    if (bsh)
      return SmallVector<int64_t>{batch, seq, heads * dim};
    if (layout == DenseLayout::bnsd)
      return SmallVector<int64_t>{batch, heads, seq, dim};
    return SmallVector<int64_t>{batch, seq, heads, dim};
  };
  if (failed(checkShape(op, "k", getK().getType(),
                        expect(shape.numKvHeads, kDyn, shape.headDim),
                        std::string(kDesc) + " with B and D of q")) ||
      failed(checkShape(op, "v", getV().getType(),
                        expect(shape.numKvHeads, skv, shape.headDimV),
                        std::string(vDesc) + " with B, Skv and Hkv of k")))
    return failure();
  if (Value lens = getActualSeqLengths()) {
    if (failed(checkShape(op, "actual_seq_lengths", lens.getType(), {batch},
                          "[B] with B of q")) ||
        failed(checkIndexElementType(op, "actual_seq_lengths",
                                     lens.getType())))
      return failure();
  }
  if (Value padding = getKvPaddingSize()) {
    auto type = cast<RankedTensorType>(padding.getType());
    if (type.getRank() != 0 || !type.getElementType().isInteger(64))
      return emitOpError("operand 'kv_padding_size' must be a 0-d i64 tensor "
                         "(tensor<i64>), found ")
             << type;
  }
  FamilyDims dims;
  dims.shape = shape;
  dims.batch = batch;
  if (bsh) {
    dims.qHeadsSource = "attribute 'num_heads'";
    dims.kvHeadsSource = "attribute 'num_kv_heads'";
  } else {
    dims.kvHeadsSource = "operand 'k'";
  }
  dims.kName = "k";
  dims.vName = "v";
  dims.kType = getK().getType();
  dims.vType = getV().getType();
  dims.biasQueryDim = sq;
  dims.biasKeyDim = skv;
  dims.perTokenScaleShape = {batch, skv};
  dims.perTokenScaleDesc = "[B, Skv]";
  dims.outShape = expect(shape.numQHeads, sq, shape.headDimV);
  dims.outDesc = bsh ? "[B, Sq, Hq*Dv]"
                     : (layout == DenseLayout::bnsd ? "[B, Hq, Sq, Dv]"
                                                    : "[B, Sq, Hq, Dv]");
  dims.outDesc += ", q's layout with Dv of v";
  dims.lseShape = {batch, shape.numQHeads, sq};
  dims.lseDesc = "[B, Hq, Sq]";
  dims.kvElementType = getK().getType().getElementType();
  dims.valueElementType = getV().getType().getElementType();
  return verifyAttentionOptions(*this, dims);
}

LogicalResult DenseOp::verifyRegions() { return verifyModifierRegions(*this); }

#define GET_OP_CLASSES
#include "attnc/Dialect/Attn/IR/AttnOps.cpp.inc"

#include "attnc/Dialect/Attn/IR/AttnInterfaces.cpp.inc"
