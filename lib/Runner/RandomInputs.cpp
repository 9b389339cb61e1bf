//===- RandomInputs.cpp - valid random arguments for any function ---------===//

#include "attnc/Runner/RandomInputs.h"

#include "attnc/Dialect/Attn/IR/Attn.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

using namespace mlir;
using namespace attnc;
using namespace attnc::runner;

namespace {

constexpr int64_t kDyn = ShapedType::kDynamic;

int64_t staticDim(Value v, unsigned i) {
  if (!v)
    return kDyn;
  auto type = cast<RankedTensorType>(v.getType());
  return i < type.getRank() ? type.getDimSize(i) : kDyn;
}

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// The per-sequence sizes every argument of one attention op is made from.
struct Scenario {
  attn::AttentionShape shape;
  int64_t batch = 0;
  std::vector<int64_t> qLens, kLens;
  // Dense.
  int64_t sq = 0, skv = 0, padding = 0;
  // Paged.
  int64_t numPages = 0, maxPages = 0;
  std::vector<std::vector<int64_t>> pagesOf;

  int64_t totalQ() const {
    return std::accumulate(qLens.begin(), qLens.end(), int64_t(0));
  }
  int64_t totalK() const {
    return std::accumulate(kLens.begin(), kLens.end(), int64_t(0));
  }
  int64_t maxQ() const {
    return qLens.empty() ? 0 : *std::max_element(qLens.begin(), qLens.end());
  }
  int64_t maxK() const {
    return kLens.empty() ? 0 : *std::max_element(kLens.begin(), kLens.end());
  }
};

class Generator {
public:
  Generator(const RandomInputOptions &options, std::string &error)
      : options(options), rng(options.seed), error(error) {}

  LogicalResult run(func::FuncOp func, SmallVectorImpl<HostBuffer> &inputs);

private:
  int64_t uniform(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  }
  double normal() { return std::normal_distribution<double>(0.0, 1.0)(rng); }
  double uniformReal(double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(rng);
  }

  /// Splits `total` into `parts` random non-negative lengths, each at least
  /// `minimum[i]` and exceeding it by a multiple of `unit`.
  FailureOr<std::vector<int64_t>> compose(int64_t total, int64_t parts,
                                          const std::vector<int64_t> &minimum,
                                          StringRef what, int64_t unit = 1);

  LogicalResult makeScenario(attn::AttentionOpInterface op, Scenario &s);
  LogicalResult makeArgument(attn::AttentionOpInterface op, StringRef role,
                             Value arg, const Scenario &s, HostBuffer &out);
  LogicalResult fail(Value arg, const Twine &why);
  LogicalResult checkStaticDims(Value arg, ArrayRef<int64_t> shape);
  LogicalResult shaped(Value arg, ArrayRef<int64_t> shape, HostBuffer &out);
  void fillFloat(HostBuffer &out, double scale);
  void placeNonFinite(HostBuffer &out);

  const RandomInputOptions &options;
  std::mt19937_64 rng;
  std::string &error;
};

LogicalResult Generator::fail(Value arg, const Twine &why) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto blockArg = dyn_cast<BlockArgument>(arg))
    os << "cannot generate argument #" << blockArg.getArgNumber() << " ("
       << arg.getType() << "): ";
  os << why;
  error = text;
  return failure();
}

LogicalResult Generator::checkStaticDims(Value arg, ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(arg.getType());
  if (type.getRank() != (int64_t)shape.size())
    return fail(arg, "expected rank " + Twine(shape.size()));
  for (unsigned i = 0; i < shape.size(); ++i)
    if (!type.isDynamicDim(i) && type.getDimSize(i) != shape[i])
      return fail(arg, "dim " + Twine(i) + " must be " + Twine(shape[i]) +
                           " for the generated sizes");
  return success();
}

/// Sets `out`'s shape to `shape` (zero-filled), checking it against the
/// static dims of `arg`'s type.
LogicalResult Generator::shaped(Value arg, ArrayRef<int64_t> shape,
                                HostBuffer &out) {
  if (failed(checkStaticDims(arg, shape)))
    return failure();
  out.shape.assign(shape.begin(), shape.end());
  out.elementType = cast<RankedTensorType>(arg.getType()).getElementType();
  out.values.assign(out.numElements(), 0.0);
  return success();
}

void Generator::fillFloat(HostBuffer &out, double scale) {
  Type t = out.elementType;
  for (double &v : out.values) {
    if (t.isSignlessInteger(8))
      v = (double)uniform(-127, 127);
    else if (isa<IntegerType>(t))
      v = (double)uniform(-3, 3);
    else
      v = roundToElementType(scale * normal(), t);
  }
}

void Generator::placeNonFinite(HostBuffer &out) {
  int64_t n = (int64_t)out.values.size();
  double inf = std::numeric_limits<double>::infinity();
  for (int64_t i = 0; i < options.nanValues && n > 0; ++i)
    out.values[uniform(0, n - 1)] = std::numeric_limits<double>::quiet_NaN();
  for (int64_t i = 0; i < options.infValues && n > 0; ++i)
    out.values[uniform(0, n - 1)] = i % 2 ? -inf : inf;
}

FailureOr<std::vector<int64_t>>
Generator::compose(int64_t total, int64_t parts,
                   const std::vector<int64_t> &minimum, StringRef what,
                   int64_t unit) {
  int64_t floor = std::accumulate(minimum.begin(), minimum.end(), int64_t(0));
  if (total < floor) {
    error = ("the static " + what + " total " + Twine(total) +
             " is too small for the generated sequences (needs " +
             Twine(floor) + ")")
                .str();
    return failure();
  }
  if ((total - floor) % unit != 0 || (parts == 0 && total != floor)) {
    error = ("the static " + what + " total " + Twine(total) +
             " cannot be split into " + Twine(parts) +
             " sequences of the generated sizes" +
             (unit > 1 ? " (its excess over " + Twine(floor) +
                             " must be a multiple of " + Twine(unit) + ")"
                       : Twine()))
                .str();
    return failure();
  }
  std::vector<int64_t> lens(minimum);
  for (int64_t left = total - floor; left > 0; left -= unit)
    lens[uniform(0, parts - 1)] += unit;
  return lens;
}

LogicalResult Generator::makeScenario(attn::AttentionOpInterface op,
                                      Scenario &s) {
  s.shape = op.getAttentionShape();
  Operation *raw = op.getOperation();
  auto xattn = dyn_cast_or_null<attn::XAttentionAttr>(op.getSparsityAttr());
  // Key lengths beyond the queries: XAttention needs whole blocks.
  auto extraKeys = [&]() -> int64_t {
    if (xattn && options.exactLengths)
      return options.extraKeyLength / xattn.getBlock() * xattn.getBlock();
    if (xattn)
      return xattn.getBlock() * uniform(0, 2);
    if (options.exactLengths)
      return options.extraKeyLength;
    return uniform(0, options.extraKeyLength);
  };
  auto pickBatch = [&](std::initializer_list<int64_t> candidates) {
    for (int64_t c : candidates)
      if (!ShapedType::isDynamic(c))
        return c;
    if (!options.queryLengths.empty())
      return (int64_t)options.queryLengths.size();
    return options.batch;
  };
  auto minusOne = [](int64_t d) { return ShapedType::isDynamic(d) ? d : d - 1; };
  // Empty sequences (SPEC §3 allows them): sequence 1 has no queries and,
  // where the rules allow, sequence 2 no keys.
  auto addEmptySequences = [&](bool keysToo) {
    if (!options.emptySequences)
      return;
    if (s.qLens.size() > 1)
      s.qLens[1] = 0;
    if (keysToo && s.kLens.size() > 2 && !xattn)
      s.kLens[2] = 0;
    if (xattn && s.kLens.size() > 1) // keep Lk - Lq a multiple of the block
      s.kLens[1] -= s.kLens[1] % xattn.getBlock();
  };
  auto randomLens = [&](int64_t n, int64_t lo, int64_t hi) {
    std::vector<int64_t> lens(n);
    for (int64_t &l : lens)
      l = options.exactLengths ? hi : uniform(lo, hi);
    // Given lengths win where the batch matches them.
    if ((int64_t)options.queryLengths.size() == n)
      lens.assign(options.queryLengths.begin(), options.queryLengths.end());
    return lens;
  };

  // Query counts: a static packed total is split among the sequences, else
  // each is drawn (or given by --q-lens).
  auto queryLengths = [&](int64_t tq) -> LogicalResult {
    if (ShapedType::isDynamic(tq)) {
      s.qLens = randomLens(s.batch, 1, options.queryLength);
      return success();
    }
    auto lens = compose(tq, s.batch, std::vector<int64_t>(s.batch, 0), "Tq");
    if (failed(lens))
      return failure();
    s.qLens = *lens;
    return success();
  };

  if (auto varlen = dyn_cast<attn::VarlenOp>(raw)) {
    s.batch = pickBatch({minusOne(staticDim(varlen.getCuSeqlensQ(), 0)),
                         minusOne(staticDim(varlen.getCuSeqlensK(), 0))});
    int64_t tq = staticDim(varlen.getQ(), 0), tk = staticDim(varlen.getK(), 0);
    if (failed(queryLengths(tq)))
      return failure();
    if (ShapedType::isDynamic(tq)) {
      // XAttention with a static Tk: the keys beyond the queries must come
      // in whole blocks, so round the query total up to Tk's residue.
      int64_t totalQ = s.totalQ();
      if (xattn && !ShapedType::isDynamic(tk) && tk >= totalQ && s.batch > 0)
        s.qLens[0] += (tk - totalQ) % xattn.getBlock();
    }
    if (!ShapedType::isDynamic(tk)) {
      // XAttention: Lk - Lq a multiple of the block (SPEC §5.3).
      auto lens = compose(tk, s.batch, s.qLens, "Tk",
                          xattn ? xattn.getBlock() : 1);
      if (failed(lens))
        return failure();
      s.kLens = *lens;
    } else {
      for (int64_t lq : s.qLens)
        s.kLens.push_back(lq + extraKeys());
    }
    if (ShapedType::isDynamic(tq) && ShapedType::isDynamic(tk))
      addEmptySequences(/*keysToo=*/true);
    return success();
  }

  if (auto paged = dyn_cast<attn::PagedOp>(raw)) {
    bool decode = !paged.getCuSeqlensQ();
    s.batch = pickBatch({staticDim(paged.getBlockTable(), 0),
                         staticDim(paged.getContextLens(), 0),
                         minusOne(staticDim(paged.getCuSeqlensQ(), 0)),
                         decode ? staticDim(paged.getQ(), 0) : kDyn});
    int64_t tq = staticDim(paged.getQ(), 0);
    if (decode)
      s.qLens.assign(s.batch, 1);
    else if (failed(queryLengths(tq)))
      return failure();
    for (int64_t lq : s.qLens)
      s.kLens.push_back(std::max<int64_t>(1, lq + extraKeys()));
    if (!decode && ShapedType::isDynamic(tq))
      addEmptySequences(/*keysToo=*/true);
    int64_t ps = s.shape.pageSize;
    int64_t needed = 0, mostPages = 0;
    for (int64_t lk : s.kLens) {
      needed += ceilDiv(lk, ps);
      mostPages = std::max(mostPages, ceilDiv(lk, ps));
    }
    s.maxPages = staticDim(paged.getBlockTable(), 1);
    if (ShapedType::isDynamic(s.maxPages))
      s.maxPages = mostPages + 1;
    if (s.maxPages < mostPages) {
      // Shorten the contexts to what the static table can address; the
      // query counts stay (a static Tq holds them, and Lq > Lk is legal).
      for (int64_t &lk : s.kLens)
        lk = std::min(lk, s.maxPages * ps);
    }
    auto kType = cast<RankedTensorType>(paged.getKCache().getType());
    unsigned pageDim = paged.getLayout() == attn::CacheLayout::hpnd ? 1 : 0;
    s.numPages = kType.isDynamicDim(pageDim) ? needed + 2
                                             : kType.getDimSize(pageDim);
    // Pages are drawn without replacement while they last; a small static
    // cache shares pages between sequences, which is legal.
    std::vector<int64_t> pool(s.numPages);
    std::iota(pool.begin(), pool.end(), 0);
    std::shuffle(pool.begin(), pool.end(), rng);
    size_t next = 0;
    for (int64_t lk : s.kLens) {
      std::vector<int64_t> pages;
      for (int64_t i = 0; i < ceilDiv(lk, ps); ++i)
        pages.push_back(next < pool.size() ? pool[next++]
                                           : uniform(0, s.numPages - 1));
      s.pagesOf.push_back(pages);
    }
    return success();
  }

  auto dense = cast<attn::DenseOp>(raw);
  bool bsh = dense.getLayout() == attn::DenseLayout::bsh;
  unsigned seqDim =
      (bsh || dense.getLayout() == attn::DenseLayout::bsnd) ? 1 : 2;
  s.batch = pickBatch({staticDim(dense.getQ(), 0), staticDim(dense.getK(), 0),
                       staticDim(dense.getActualSeqLengths(), 0)});
  s.sq = staticDim(dense.getQ(), seqDim);
  if (ShapedType::isDynamic(s.sq))
    s.sq = options.exactLengths
               ? options.queryLength
               : uniform(1, std::max<int64_t>(1, options.queryLength / 2));
  s.skv = staticDim(dense.getK(), seqDim);
  if (ShapedType::isDynamic(s.skv))
    s.skv = s.sq + extraKeys();
  s.qLens.assign(s.batch, s.sq);
  if (dense.getActualSeqLengths() && xattn) {
    // XAttention: Sq <= len_b <= Skv with len_b - Sq a multiple of the block.
    int64_t room = (s.skv - s.sq) / xattn.getBlock();
    if (room < 0) {
      error = ("cannot generate XAttention lengths: Skv = " + Twine(s.skv) +
               " is less than Sq = " + Twine(s.sq))
                  .str();
      return failure();
    }
    for (int64_t b = 0; b < s.batch; ++b)
      s.kLens.push_back(s.sq + xattn.getBlock() * uniform(0, room));
  } else if (dense.getActualSeqLengths()) {
    for (int64_t b = 0; b < s.batch; ++b)
      s.kLens.push_back(options.exactLengths
                            ? s.skv
                            : uniform(std::max<int64_t>(1, s.skv / 2), s.skv));
  } else {
    s.kLens.assign(s.batch, s.skv);
  }
  if (dense.getKvPaddingSize())
    s.padding = uniform(0, s.skv - s.maxK());
  return success();
}

LogicalResult Generator::makeArgument(attn::AttentionOpInterface op,
                                      StringRef role, Value arg,
                                      const Scenario &s, HostBuffer &out) {
  const attn::AttentionShape &h = s.shape;
  Operation *raw = op.getOperation();
  auto indexList = [&](ArrayRef<int64_t> values) -> LogicalResult {
    if (failed(shaped(arg, {(int64_t)values.size()}, out)))
      return failure();
    for (size_t i = 0; i < values.size(); ++i)
      out.values[i] = (double)values[i];
    return success();
  };
  auto prefix = [](const std::vector<int64_t> &lens) {
    std::vector<int64_t> cu{0};
    for (int64_t l : lens)
      cu.push_back(cu.back() + l);
    return cu;
  };
  // Dense operands in the op's layout.
  auto denseShape = [&](int64_t heads, int64_t seq, int64_t dim) {
    auto layout = cast<attn::DenseOp>(raw).getLayout();
    if (layout == attn::DenseLayout::bsh)
      return SmallVector<int64_t>{s.batch, seq, heads * dim};
    if (layout == attn::DenseLayout::bnsd)
      return SmallVector<int64_t>{s.batch, heads, seq, dim};
    return SmallVector<int64_t>{s.batch, seq, heads, dim};
  };
  auto cacheShape = [&](int64_t dim) {
    auto layout = cast<attn::PagedOp>(raw).getLayout();
    int64_t ps = h.pageSize;
    if (layout == attn::CacheLayout::nhd)
      return SmallVector<int64_t>{s.numPages, ps, h.numKvHeads, dim};
    if (layout == attn::CacheLayout::hnd)
      return SmallVector<int64_t>{s.numPages, h.numKvHeads, ps, dim};
    return SmallVector<int64_t>{h.numKvHeads, s.numPages, ps, dim};
  };
  bool dense = isa<attn::DenseOp>(raw), paged = isa<attn::PagedOp>(raw);
  auto qkvScale = [&]() {
    Type t = cast<RankedTensorType>(arg.getType()).getElementType();
    return isa<Float8E4M3FNType, Float8E5M2Type>(t) ? 4.0 : 1.0;
  };

  if (role == "q") {
    SmallVector<int64_t> shape =
        dense ? denseShape(h.numQHeads, s.sq, h.headDim)
              : SmallVector<int64_t>{s.totalQ(), h.numQHeads, h.headDim};
    if (failed(shaped(arg, shape, out)))
      return failure();
    fillFloat(out, 1.0);
    return success();
  }
  if (role == "k" || role == "v" || role == "k_cache" || role == "v_cache") {
    int64_t dim = role.starts_with("k") ? h.headDim : h.headDimV;
    SmallVector<int64_t> shape =
        paged ? cacheShape(dim)
        : dense ? denseShape(h.numKvHeads, s.skv, dim)
                : SmallVector<int64_t>{s.totalK(), h.numKvHeads, dim};
    if (failed(shaped(arg, shape, out)))
      return failure();
    fillFloat(out, qkvScale());
    if (role.starts_with("v") && isa<FloatType>(out.elementType) &&
        out.elementType.getIntOrFloatBitWidth() >= 16)
      placeNonFinite(out);
    return success();
  }
  if (role == "cu_seqlens_q")
    return indexList(prefix(s.qLens));
  if (role == "cu_seqlens_k")
    return indexList(prefix(s.kLens));
  if (role == "context_lens" || role == "actual_seq_lengths")
    return indexList(s.kLens);
  if (role == "prompt_lens") {
    std::vector<int64_t> lens;
    for (int64_t lk : s.kLens)
      lens.push_back(lk + uniform(0, 16));
    return indexList(lens);
  }
  if (role == "block_table") {
    if (failed(shaped(arg, {s.batch, s.maxPages}, out)))
      return failure();
    for (int64_t b = 0; b < s.batch; ++b)
      for (int64_t i = 0; i < s.maxPages; ++i)
        // Unused entries hold garbage, which must never be read.
        out.values[b * s.maxPages + i] =
            i < (int64_t)s.pagesOf[b].size() ? (double)s.pagesOf[b][i]
                                             : (double)uniform(-1000, 1000);
    return success();
  }
  if (role == "kv_padding_size") {
    if (failed(shaped(arg, {}, out)))
      return failure();
    out.values[0] = (double)s.padding;
    return success();
  }
  if (role == "alibi_slopes") {
    auto type = cast<RankedTensorType>(arg.getType());
    SmallVector<int64_t> shape{h.numQHeads};
    if (type.getRank() == 2)
      shape.insert(shape.begin(), s.batch);
    if (failed(shaped(arg, shape, out)))
      return failure();
    for (size_t i = 0; i < out.values.size(); ++i) {
      int64_t head = i % h.numQHeads;
      out.values[i] = roundToElementType(
          std::exp2(-8.0 * (head + 1) / h.numQHeads), out.elementType);
    }
    return success();
  }
  if (role == "bias" || role == "mask") {
    auto type = cast<RankedTensorType>(arg.getType());
    int64_t full[4] = {s.batch, h.numQHeads, dense ? s.sq : s.maxQ(),
                       dense ? s.skv : s.maxK()};
    SmallVector<int64_t> shape;
    for (int i = 0; i < 4; ++i)
      shape.push_back(type.getDimSize(i) == 1 ? 1 : full[i]);
    if (failed(shaped(arg, shape, out)))
      return failure();
    if (role == "bias") {
      fillFloat(out, 0.5);
      return success();
    }
    // Keep about 85% of the keys under either polarity.
    bool keepIfTrue =
        op.getMaskPolarity() == attn::MaskPolarity::keep_if_true;
    for (double &v : out.values) {
      bool keep = uniform(0, 99) < 85;
      v = (keep == keepIfTrue) ? 1.0 : 0.0;
    }
    return success();
  }
  if (role == "k_scale" || role == "v_scale" || role == "k_offset" ||
      role == "v_offset") {
    bool isKey = role.starts_with("k");
    auto g = (isKey ? op.getKQuant() : op.getVQuant())
                 .value_or(attn::Granularity::per_tensor);
    auto type = cast<RankedTensorType>(arg.getType());
    SmallVector<int64_t> shape;
    if (g == attn::Granularity::per_tensor)
      shape.assign(type.getRank(), 1);
    else if (g == attn::Granularity::per_channel)
      shape = {h.numKvHeads, isKey ? h.headDim : h.headDimV};
    else if (paged)
      shape = {s.numPages, h.pageSize};
    else if (dense)
      shape = {s.batch, s.skv};
    else
      shape = {s.totalK()};
    if (failed(shaped(arg, shape, out)))
      return failure();
    Type kv = cast<RankedTensorType>(raw->getOperand(1).getType())
                  .getElementType();
    bool int8 = kv.isSignlessInteger(8);
    for (double &v : out.values)
      v = role.ends_with("offset")
              ? (double)uniform(-3, 3)
              : roundToElementType(int8 ? uniformReal(0.005, 0.02)
                                        : uniformReal(0.2, 0.5),
                                   out.elementType);
    return success();
  }
  if (role == "out_scale" || role == "out_offset") {
    auto type = cast<RankedTensorType>(arg.getType());
    SmallVector<int64_t> shape;
    if (type.getRank() == 2)
      shape = {h.numQHeads, h.headDimV};
    else
      shape.assign(type.getRank(), 1);
    if (failed(shaped(arg, shape, out)))
      return failure();
    for (double &v : out.values)
      v = role == "out_offset" ? (double)uniform(-4, 4)
                               : roundToElementType(uniformReal(60, 150),
                                                    out.elementType);
    return success();
  }
  if (role == "kv_num_blocks" || role == "kv_indices" ||
      role == "full_kv_num_blocks" || role == "full_kv_indices") {
    // Made together by makeBlockMask in run(); never reached.
    return fail(arg, "internal error: block mask operands are made together");
  }
  if (role == "captures") {
    auto type = cast<RankedTensorType>(arg.getType());
    SmallVector<int64_t> shape;
    for (int64_t d : type.getShape())
      shape.push_back(ShapedType::isDynamic(d) ? std::max(s.maxK(), s.maxQ())
                                               : d);
    if (failed(shaped(arg, shape, out)))
      return failure();
    fillFloat(out, 1.0);
    return success();
  }
  return fail(arg, "no generator for operand '" + role + "'");
}

/// Random block-mask operands (SPEC §5.1): each list (partial, then full)
/// keeps every key block with some probability. The counts and the indices
/// may broadcast over batch and heads independently of each other, so an
/// index row shared by several count rows starts with enough blocks (a
/// random permutation's prefix) for the largest of them; its other slots
/// hold garbage, which must never be read. A block may land in both lists
/// (then it is full).
LogicalResult makeBlockMask(attn::AttentionOpInterface op, const Scenario &s,
                            std::mt19937_64 &rng,
                            llvm::DenseMap<Value, HostBuffer> &made,
                            std::string &error) {
  auto blockMask = cast<attn::BlockMaskAttr>(op.getSparsityAttr());
  int64_t bq = blockMask.getBq(), bk = blockMask.getBk();
  bool dense = isa<attn::DenseOp>(op.getOperation());
  int64_t maxQ = dense ? s.sq : s.maxQ();
  int64_t numKvBlocks = std::max<int64_t>(1, ceilDiv(s.maxK(), bk));
  // The q-block count: the first static one, else what the queries need.
  int64_t nqb = std::max<int64_t>(1, ceilDiv(maxQ, bq));
  for (Value v : {op.getKvNumBlocks(), op.getKvIndices(),
                  op.getFullKvNumBlocks(), op.getFullKvIndices()})
    if (v && !ShapedType::isDynamic(staticDim(v, 2))) {
      nqb = staticDim(v, 2);
      break;
    }
  // Size 1 where the type says so (broadcast), else the full extent.
  auto extent = [](Value v, unsigned i, int64_t full) {
    return staticDim(v, i) == 1 ? 1 : full;
  };
  auto makeList = [&](Value countValue, Value indexValue, double keep) {
    int64_t cb = extent(countValue, 0, s.batch);
    int64_t ch = extent(countValue, 1, s.shape.numQHeads);
    int64_t ib = extent(indexValue, 0, s.batch);
    int64_t ih = extent(indexValue, 1, s.shape.numQHeads);
    int64_t width = staticDim(indexValue, 3);
    if (ShapedType::isDynamic(width))
      width = numKvBlocks;
    int64_t limit = std::min(width, numKvBlocks);
    HostBuffer count, indices;
    count.shape = {cb, ch, nqb};
    count.elementType =
        cast<RankedTensorType>(countValue.getType()).getElementType();
    std::binomial_distribution<int64_t> kept(limit, keep);
    for (int64_t i = 0; i < cb * ch * nqb; ++i)
      count.values.push_back((double)kept(rng));
    // Slots each index row must fill: the most any count row using it reads.
    std::vector<int64_t> used(ib * ih * nqb, 0);
    for (int64_t b = 0; b < std::max(cb, ib); ++b)
      for (int64_t h = 0; h < std::max(ch, ih); ++h)
        for (int64_t qb = 0; qb < nqb; ++qb) {
          int64_t c = ((cb == 1 ? 0 : b) * ch + (ch == 1 ? 0 : h)) * nqb + qb;
          int64_t r = ((ib == 1 ? 0 : b) * ih + (ih == 1 ? 0 : h)) * nqb + qb;
          used[r] = std::max(used[r], (int64_t)count.values[c]);
        }
    indices.shape = {ib, ih, nqb, width};
    indices.elementType =
        cast<RankedTensorType>(indexValue.getType()).getElementType();
    std::uniform_int_distribution<int64_t> garbage(-1000, 1000);
    std::vector<int64_t> blocks(numKvBlocks);
    for (int64_t r = 0; r < ib * ih * nqb; ++r) {
      std::iota(blocks.begin(), blocks.end(), 0);
      std::shuffle(blocks.begin(), blocks.end(), rng);
      for (int64_t t = 0; t < width; ++t)
        indices.values.push_back(t < used[r] ? (double)blocks[t]
                                             : (double)garbage(rng));
    }
    made[countValue] = std::move(count);
    made[indexValue] = std::move(indices);
  };
  makeList(op.getKvNumBlocks(), op.getKvIndices(), 0.45);
  if (op.getFullKvNumBlocks())
    makeList(op.getFullKvNumBlocks(), op.getFullKvIndices(), 0.25);
  (void)error;
  return success();
}

LogicalResult Generator::run(func::FuncOp func,
                             SmallVectorImpl<HostBuffer> &inputs) {
  // The role of each argument: its first use as a named attention operand.
  llvm::DenseMap<Value, std::pair<attn::AttentionOpInterface, StringRef>>
      roleOf;
  SmallVector<attn::AttentionOpInterface> ops;
  func.walk([&](attn::AttentionOpInterface op) {
    ops.push_back(op);
    for (const attn::NamedOperand &named : attn::getNamedOperands(op))
      roleOf.try_emplace(named.value, op, named.name);
  });
  llvm::DenseMap<Operation *, Scenario> scenarios;
  for (attn::AttentionOpInterface op : ops)
    if (failed(makeScenario(op, scenarios[op.getOperation()])))
      return failure();
  llvm::DenseMap<Value, HostBuffer> blockMasks;
  for (attn::AttentionOpInterface op : ops)
    if (isa_and_nonnull<attn::BlockMaskAttr>(op.getSparsityAttr()) &&
        failed(makeBlockMask(op, scenarios[op.getOperation()], rng,
                             blockMasks, error)))
      return failure();

  for (BlockArgument arg : func.getArguments()) {
    auto it = roleOf.find(arg);
    if (it == roleOf.end())
      return fail(arg, "it is not an operand of an attention op; pass "
                       "--input for every argument instead");
    if (!isa<RankedTensorType>(arg.getType()))
      return fail(arg, "only ranked tensors can be generated");
    auto [op, role] = it->second;
    HostBuffer buffer;
    auto mask = blockMasks.find(arg);
    if (mask != blockMasks.end())
      buffer = mask->second;
    else if (failed(makeArgument(op, role, arg, scenarios[op.getOperation()],
                                 buffer)))
      return failure();
    if (failed(checkStaticDims(arg, buffer.shape)))
      return failure();
    inputs.push_back(std::move(buffer));
  }
  return success();
}

} // namespace

FailureOr<SmallVector<HostBuffer>>
attnc::runner::generateRandomInputs(func::FuncOp func,
                                    const RandomInputOptions &options,
                                    std::string &error) {
  SmallVector<HostBuffer> inputs;
  Generator generator(options, error);
  if (failed(generator.run(func, inputs)))
    return failure();
  return inputs;
}
