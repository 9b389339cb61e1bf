//===- Validate.cpp - Shape/attribute validation and SPEC §6 checks --------===//
//
// Everything is checked before a single element is read, so that whatever the
// input, evaluation never reads out of bounds: shapes and attributes here
// (what a verifier would reject), index values through attnc::rt.
//
//===----------------------------------------------------------------------===//

#include "Views.h"

#include "attnc/Runtime/ArgumentChecks.h"

#include <cmath>
#include <sstream>

namespace attnc::ref::detail {
namespace {

std::string str(const std::vector<int64_t> &shape) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < shape.size(); ++i)
    os << (i ? ", " : "") << (shape[i] < 0 ? std::string("*")
                                          : std::to_string(shape[i]));
  os << "]";
  return os.str();
}

template <typename... Args> Status err(const Args &...args) {
  std::ostringstream os;
  (os << ... << args);
  return Status::error(os.str());
}

#define TRY(expr)                                                              \
  do {                                                                         \
    Status st_ = (expr);                                                       \
    if (!st_.ok)                                                               \
      return st_;                                                              \
  } while (0)

/// Non-negative dims whose product is the number of values given.
Status checkData(const char *name, const std::vector<int64_t> &shape,
                 size_t numValues) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0)
      return err(name, ": negative dimension in shape ", str(shape));
    if (d != 0 && n > (int64_t(1) << 50) / d)
      return err(name, ": shape ", str(shape), " is too large");
    n *= d;
  }
  if (n != static_cast<int64_t>(numValues))
    return err(name, ": ", numValues, " values for shape ", str(shape), " (",
               n, " elements)");
  return Status::success();
}

/// `actual` equals `expected`, where -1 in `expected` matches any size.
Status expectShape(const char *name, const std::vector<int64_t> &actual,
                   const std::vector<int64_t> &expected, const char *form) {
  bool match = actual.size() == expected.size();
  for (size_t i = 0; match && i < actual.size(); ++i)
    match = expected[i] < 0 || expected[i] == actual[i];
  if (!match)
    return err(name, ": expected ", form, " = ", str(expected), ", got ",
               str(actual));
  return Status::success();
}

Status expectRank(const char *name, const std::vector<int64_t> &shape,
                  size_t rank, const char *form) {
  if (shape.size() != rank)
    return err(name, ": expected rank ", rank, " ", form, ", got ",
               str(shape));
  return Status::success();
}

template <typename T>
Status forbid(const char *name, const std::optional<T> &opt,
              const char *why) {
  if (opt)
    return err(name, ": not an operand of ", why);
  return Status::success();
}

bool isScalar(const Array &a) {
  return a.shape.size() <= 1 && a.data.size() == 1;
}

/// A dequant scale/offset of the given granularity (SPEC §4).
Status checkDequantShape(const char *name, const Array &a, Granularity gran,
                         const Geometry &g, int64_t dim,
                         const char *channelForm) {
  switch (gran) {
  case Granularity::PerTensor:
    if (!isScalar(a))
      return err(name, ": per-tensor expects a scalar ([] or [1]), got ",
                 str(a.shape));
    return Status::success();
  case Granularity::PerChannel:
    return expectShape(name, a.shape, {g.Hkv, dim}, channelForm);
  case Granularity::PerToken:
    switch (g.family) {
    case Family::Varlen:
      return expectShape(name, a.shape, {g.Tk}, "[Tk]");
    case Family::Paged:
      return expectShape(name, a.shape, {g.numPages, g.pageSize},
                         "[P, page_size]");
    case Family::Dense:
      return expectShape(name, a.shape, {g.B, g.Skv}, "[B, Skv]");
    }
  }
  return Status::success();
}

Status checkDequant(const char *scaleName, const char *offsetName,
                    const Dequant &dq, const Geometry &g, int64_t dim,
                    const char *channelForm) {
  TRY(checkData(scaleName, dq.scale.shape, dq.scale.data.size()));
  TRY(checkDequantShape(scaleName, dq.scale, dq.granularity, g, dim,
                        channelForm));
  if (dq.offset) {
    TRY(checkData(offsetName, dq.offset->shape, dq.offset->data.size()));
    TRY(checkDequantShape(offsetName, *dq.offset, dq.granularity, g, dim,
                          channelForm));
  }
  return Status::success();
}

/// Output quant scale/offset: scalar or [Hq, Dv].
Status checkOutQuantArray(const char *name, const Array &a,
                          const Geometry &g) {
  TRY(checkData(name, a.shape, a.data.size()));
  if (isScalar(a))
    return Status::success();
  return expectShape(name, a.shape, {g.Hq, g.Dv}, "a scalar or [Hq, Dv]");
}

/// Bias / element mask [B|1, Hq|1, Lq|1, Lk|1]. Varlen/paged padded dims are
/// checked at runtime against the actual lengths (checkPaddedDim).
Status checkBiasShape(const char *name, const Array &a, const Geometry &g) {
  TRY(checkData(name, a.shape, a.data.size()));
  TRY(expectRank(name, a.shape, 4, "[B|1, Hq|1, Lq|1, Lk|1]"));
  auto oneOr = [&](size_t dim, int64_t full, const char *what) -> Status {
    if (a.shape[dim] != 1 && a.shape[dim] != full)
      return err(name, ": dimension ", dim, " (", what, ") is ", a.shape[dim],
                 ", expected 1 or ", full);
    return Status::success();
  };
  TRY(oneOr(0, g.B, "B"));
  TRY(oneOr(1, g.Hq, "Hq"));
  if (g.family == Family::Dense) {
    TRY(oneOr(2, g.Sq, "Sq"));
    TRY(oneOr(3, g.Skv, "Skv"));
  }
  return Status::success();
}

Status checkThreshold(const char *name, const Threshold &t) {
  if (t.calibrated) {
    if (!(t.a > 0) || !std::isfinite(t.a) || !std::isfinite(t.b) ||
        !std::isfinite(t.target))
      return err(name, ": calibrated threshold needs a > 0 and finite a, b, "
                       "target; got a = ",
                 t.a, ", b = ", t.b, ", target = ", t.target);
    return Status::success();
  }
  if (!(t.value > 0 && t.value < 1))
    return err(name, ": threshold ", t.value, " is not in (0, 1)");
  return Status::success();
}

Status validateFamily(const Problem &p, Geometry &g) {
  const int64_t Hq = g.Hq, Hkv = g.Hkv, D = g.D, Dv = g.Dv;
  switch (p.family) {
  case Family::Varlen: {
    const char *why = "varlen attention";
    TRY(forbid("block_table", p.blockTable, why));
    TRY(forbid("context_lens", p.contextLens, why));
    TRY(forbid("actual_seq_lengths", p.actualSeqLengths, why));
    TRY(forbid("kv_padding_size", p.kvPaddingSize, why));
    if (!p.cuSeqlensQ || !p.cuSeqlensK)
      return err(!p.cuSeqlensQ ? "cu_seqlens_q" : "cu_seqlens_k",
                 ": required by varlen attention");
    TRY(expectRank("cu_seqlens_q", p.cuSeqlensQ->shape, 1, "[B + 1]"));
    TRY(expectRank("cu_seqlens_k", p.cuSeqlensK->shape, 1, "[B + 1]"));
    if (p.cuSeqlensQ->shape[0] < 1)
      return err("cu_seqlens_q: expected B + 1 >= 1 entries, got 0");
    g.B = p.cuSeqlensQ->shape[0] - 1;
    TRY(expectRank("q", p.q.shape, 3, "[Tq, Hq, D]"));
    TRY(expectShape("q", p.q.shape, {-1, Hq, D}, "[Tq, Hq, D]"));
    g.Tq = p.q.shape[0];
    TRY(expectRank("k", p.k.shape, 3, "[Tk, Hkv, D]"));
    TRY(expectShape("k", p.k.shape, {-1, Hkv, D}, "[Tk, Hkv, D]"));
    g.Tk = p.k.shape[0];
    TRY(expectShape("v", p.v.shape, {g.Tk, Hkv, Dv}, "[Tk, Hkv, Dv]"));
    return Status::success();
  }
  case Family::Paged: {
    const char *why = "paged attention";
    TRY(forbid("cu_seqlens_k", p.cuSeqlensK, why));
    TRY(forbid("actual_seq_lengths", p.actualSeqLengths, why));
    TRY(forbid("kv_padding_size", p.kvPaddingSize, why));
    if (!p.blockTable || !p.contextLens)
      return err(!p.blockTable ? "block_table" : "context_lens",
                 ": required by paged attention");
    TRY(expectRank("block_table", p.blockTable->shape, 2, "[B, max_pages]"));
    TRY(expectRank("context_lens", p.contextLens->shape, 1, "[B]"));
    g.B = p.blockTable->shape[0];
    g.maxPages = p.blockTable->shape[1];
    TRY(expectRank("q", p.q.shape, 3, "[Tq, Hq, D]"));
    TRY(expectShape("q", p.q.shape, {-1, Hq, D}, "[Tq, Hq, D]"));
    g.Tq = p.q.shape[0];
    if (p.cuSeqlensQ) {
      TRY(expectRank("cu_seqlens_q", p.cuSeqlensQ->shape, 1, "[B + 1]"));
    } else if (g.Tq != g.B) {
      return err("q: decode without cu_seqlens_q needs Tq = B = ", g.B,
                 " rows, got ", g.Tq);
    }
    TRY(expectRank("k", p.k.shape, 4, "(a paged cache)"));
    const auto &ks = p.k.shape;
    const char *form = nullptr;
    std::vector<int64_t> kExp, vExp;
    switch (p.cacheLayout) {
    case CacheLayout::NHD:
      g.numPages = ks[0], g.pageSize = ks[1];
      kExp = {g.numPages, g.pageSize, Hkv, D};
      vExp = {g.numPages, g.pageSize, Hkv, Dv};
      form = "nhd [P, page_size, Hkv, D]";
      break;
    case CacheLayout::HND:
      g.numPages = ks[0], g.pageSize = ks[2];
      kExp = {g.numPages, Hkv, g.pageSize, D};
      vExp = {g.numPages, Hkv, g.pageSize, Dv};
      form = "hnd [P, Hkv, page_size, D]";
      break;
    case CacheLayout::HPND:
      g.numPages = ks[1], g.pageSize = ks[2];
      kExp = {Hkv, g.numPages, g.pageSize, D};
      vExp = {Hkv, g.numPages, g.pageSize, Dv};
      form = "hpnd [Hkv, P, page_size, D]";
      break;
    }
    TRY(expectShape("k", p.k.shape, kExp, form));
    TRY(expectShape("v", p.v.shape, vExp, form));
    if (g.pageSize <= 0)
      return err("k: page_size is ", g.pageSize, ", expected > 0");
    return Status::success();
  }
  case Family::Dense: {
    const char *why = "dense attention";
    TRY(forbid("cu_seqlens_q", p.cuSeqlensQ, why));
    TRY(forbid("cu_seqlens_k", p.cuSeqlensK, why));
    TRY(forbid("block_table", p.blockTable, why));
    TRY(forbid("context_lens", p.contextLens, why));
    const auto &qs = p.q.shape, &ks = p.k.shape;
    switch (p.denseLayout) {
    case DenseLayout::BNSD:
      TRY(expectRank("q", qs, 4, "bnsd [B, Hq, Sq, D]"));
      TRY(expectShape("q", qs, {-1, Hq, -1, D}, "bnsd [B, Hq, Sq, D]"));
      g.B = qs[0], g.Sq = qs[2];
      TRY(expectRank("k", ks, 4, "bnsd [B, Hkv, Skv, D]"));
      TRY(expectShape("k", ks, {g.B, Hkv, -1, D}, "bnsd [B, Hkv, Skv, D]"));
      g.Skv = ks[2];
      TRY(expectShape("v", p.v.shape, {g.B, Hkv, g.Skv, Dv},
                      "bnsd [B, Hkv, Skv, Dv]"));
      break;
    case DenseLayout::BSND:
      TRY(expectRank("q", qs, 4, "bsnd [B, Sq, Hq, D]"));
      TRY(expectShape("q", qs, {-1, -1, Hq, D}, "bsnd [B, Sq, Hq, D]"));
      g.B = qs[0], g.Sq = qs[1];
      TRY(expectRank("k", ks, 4, "bsnd [B, Skv, Hkv, D]"));
      TRY(expectShape("k", ks, {g.B, -1, Hkv, D}, "bsnd [B, Skv, Hkv, D]"));
      g.Skv = ks[1];
      TRY(expectShape("v", p.v.shape, {g.B, g.Skv, Hkv, Dv},
                      "bsnd [B, Skv, Hkv, Dv]"));
      break;
    case DenseLayout::BSH:
      TRY(expectRank("q", qs, 3, "bsh [B, Sq, Hq*D]"));
      TRY(expectShape("q", qs, {-1, -1, Hq * D}, "bsh [B, Sq, Hq*D]"));
      g.B = qs[0], g.Sq = qs[1];
      TRY(expectRank("k", ks, 3, "bsh [B, Skv, Hkv*D]"));
      TRY(expectShape("k", ks, {g.B, -1, Hkv * D}, "bsh [B, Skv, Hkv*D]"));
      g.Skv = ks[1];
      TRY(expectShape("v", p.v.shape, {g.B, g.Skv, Hkv * Dv},
                      "bsh [B, Skv, Hkv*Dv]"));
      break;
    }
    if (p.actualSeqLengths)
      TRY(expectRank("actual_seq_lengths", p.actualSeqLengths->shape, 1,
                     "[B]"));
    return Status::success();
  }
  }
  return Status::success();
}

Status validateSparsity(const Problem &p, Geometry &g) {
  const bool isBlockMask = std::holds_alternative<BlockMaskSparsity>(p.sparsity);
  const bool isTriShape = std::holds_alternative<TriShapeSparsity>(p.sparsity);
  if (!isBlockMask) {
    const char *why = "this op (no block-mask sparsity)";
    TRY(forbid("kv_num_blocks", p.kvNumBlocks, why));
    TRY(forbid("kv_indices", p.kvIndices, why));
    TRY(forbid("full_kv_num_blocks", p.fullKvNumBlocks, why));
    TRY(forbid("full_kv_indices", p.fullKvIndices, why));
  }
  if (!isTriShape)
    TRY(forbid("prompt_lens", p.promptLens, "this op (no tri-shape sparsity)"));

  if (const auto *bm = std::get_if<BlockMaskSparsity>(&p.sparsity)) {
    if (bm->bq <= 0 || bm->bk <= 0)
      return err("block_mask: bq = ", bm->bq, ", bk = ", bm->bk,
                 ", expected both > 0");
    if (!p.kvNumBlocks || !p.kvIndices)
      return err(!p.kvNumBlocks ? "kv_num_blocks" : "kv_indices",
                 ": required by block-mask sparsity");
    if (p.fullKvNumBlocks.has_value() != p.fullKvIndices.has_value())
      return err(!p.fullKvNumBlocks ? "full_kv_num_blocks" : "full_kv_indices",
                 ": full_kv_num_blocks and full_kv_indices go together");
    auto pair = [&](const char *numName, const IntArray &num,
                    const char *idxName, const IntArray &idx) -> Status {
      TRY(expectRank(numName, num.shape, 3, "[B|1, Hq|1, nQB]"));
      TRY(expectRank(idxName, idx.shape, 4, "[B|1, Hq|1, nQB, maxKVB]"));
      if (idx.shape[2] != num.shape[2])
        return err(idxName, ": dimension 2 (nQB) is ", idx.shape[2],
                   " but ", numName, " has ", num.shape[2]);
      return Status::success();
    };
    TRY(pair("kv_num_blocks", *p.kvNumBlocks, "kv_indices", *p.kvIndices));
    if (p.fullKvNumBlocks)
      TRY(pair("full_kv_num_blocks", *p.fullKvNumBlocks, "full_kv_indices",
               *p.fullKvIndices));
  } else if (const auto *ts = std::get_if<TriShapeSparsity>(&p.sparsity)) {
    int64_t bk = ts->bk;
    if (bk == 0) {
      if (p.family != Family::Paged)
        return err("tri_shape: bk is required (it defaults to the page size "
                   "only for paged attention)");
      bk = g.pageSize;
    }
    if (bk <= 0)
      return err("tri_shape: bk = ", bk, ", expected > 0");
    g.triShapeBk = bk;
    if (ts->nRetainedStart < 0 || ts->nRetainedStart % bk != 0)
      return err("tri_shape: n_retained_start = ", ts->nRetainedStart,
                 " is not a non-negative multiple of bk = ", bk);
    if (ts->nRetainedRecent < 0 || ts->nRetainedRecent % bk != 0)
      return err("tri_shape: n_retained_recent = ", ts->nRetainedRecent,
                 " is not a non-negative multiple of bk = ", bk);
    if (ts->nDenseTail < 0)
      return err("tri_shape: n_dense_tail = ", ts->nDenseTail,
                 " is negative");
    if (p.promptLens)
      TRY(expectRank("prompt_lens", p.promptLens->shape, 1, "[B]"));
  } else if (const auto *xa = std::get_if<XAttentionSparsity>(&p.sparsity)) {
    if (!(xa->threshold > 0 && xa->threshold <= 1))
      return err("xattention: threshold ", xa->threshold,
                 " is not in (0, 1]");
    if (xa->block <= 0 || xa->stride <= 0 || xa->block % xa->stride != 0)
      return err("xattention: stride ", xa->stride,
                 " must be positive and divide block ", xa->block);
    if (xa->nDenseTail < 0)
      return err("xattention: n_dense_tail = ", xa->nDenseTail,
                 " is negative");
    if (!p.causal)
      return err("xattention: the op must be causal");
  }

  if (p.skipSoftmax) {
    const SkipSoftmax &sk = *p.skipSoftmax;
    if (sk.br <= 0 || sk.bc <= 0)
      return err("skip_softmax: br = ", sk.br, ", bc = ", sk.bc,
                 ", expected both > 0");
    TRY(checkThreshold("skip_softmax: prefill", sk.prefill));
    TRY(checkThreshold("skip_softmax: decode", sk.decode));
  }
  return Status::success();
}

rt::IndexView view(const IntArray &a) {
  return rt::IndexView(a.data.data(), static_cast<int64_t>(a.data.size()));
}

Status fromCheck(const rt::CheckResult &r) {
  return r.ok() ? Status::success() : Status::error(r.message);
}

} // namespace

Status validateProblem(const Problem &p, Geometry &g) {
  g = Geometry{};
  g.family = p.family;
  if (p.numQHeads <= 0 || p.numKvHeads <= 0)
    return err("heads: numQHeads = ", p.numQHeads, ", numKvHeads = ",
               p.numKvHeads, ", expected both > 0");
  if (p.numQHeads % p.numKvHeads != 0)
    return err("heads: numQHeads = ", p.numQHeads,
               " is not a multiple of numKvHeads = ", p.numKvHeads);
  if (p.headDim <= 0 || p.headDimV < 0)
    return err("head dims: headDim = ", p.headDim, ", headDimV = ", p.headDimV,
               ", expected headDim > 0 and headDimV >= 0 (0 = headDim)");
  g.Hq = p.numQHeads;
  g.Hkv = p.numKvHeads;
  g.G = g.Hq / g.Hkv;
  g.D = p.headDim;
  g.Dv = p.headDimV ? p.headDimV : p.headDim;

  // Every array holds exactly the values its shape says.
  TRY(checkData("q", p.q.shape, p.q.data.size()));
  TRY(checkData("k", p.k.shape, p.k.data.size()));
  TRY(checkData("v", p.v.shape, p.v.data.size()));
  const std::pair<const char *, const std::optional<IntArray> *> ints[] = {
      {"cu_seqlens_q", &p.cuSeqlensQ},
      {"cu_seqlens_k", &p.cuSeqlensK},
      {"block_table", &p.blockTable},
      {"context_lens", &p.contextLens},
      {"actual_seq_lengths", &p.actualSeqLengths},
      {"kv_num_blocks", &p.kvNumBlocks},
      {"kv_indices", &p.kvIndices},
      {"full_kv_num_blocks", &p.fullKvNumBlocks},
      {"full_kv_indices", &p.fullKvIndices},
      {"prompt_lens", &p.promptLens}};
  for (const auto &[name, arr] : ints)
    if (*arr)
      TRY(checkData(name, (*arr)->shape, (*arr)->data.size()));

  TRY(validateFamily(p, g));

  if (p.windowLeft < -1 || p.windowRight < -1)
    return err("window: (", p.windowLeft, ", ", p.windowRight,
               "), each must be >= 0 or -1 (unbounded)");
  if (p.numSink < 0)
    return err("sink: n_sink = ", p.numSink, " is negative");
  if (!(p.softcap >= 0))
    return err("softcap: ", p.softcap, " is not >= 0 (0 = none)");
  if (p.alibiSlopes) {
    TRY(checkData("alibi_slopes", p.alibiSlopes->shape,
                  p.alibiSlopes->data.size()));
    const auto &s = p.alibiSlopes->shape;
    bool ok = (s.size() == 1 && s[0] == g.Hq) ||
              (s.size() == 2 && s[0] == g.B && s[1] == g.Hq);
    if (!ok)
      return err("alibi_slopes: expected [Hq] = [", g.Hq, "] or [B, Hq] = [",
                 g.B, ", ", g.Hq, "], got ", str(s));
  }
  if (p.bias)
    TRY(checkBiasShape("bias", *p.bias, g));
  if (p.mask)
    TRY(checkBiasShape("mask", *p.mask, g));

  if (p.kDequant)
    TRY(checkDequant("k_scale", "k_offset", *p.kDequant, g, g.D, "[Hkv, D]"));
  if (p.vDequant)
    TRY(checkDequant("v_scale", "v_offset", *p.vDequant, g, g.Dv, "[Hkv, Dv]"));
  if (p.outQuant) {
    TRY(checkOutQuantArray("out_scale", p.outQuant->scale, g));
    if (p.outQuant->offset)
      TRY(checkOutQuantArray("out_offset", *p.outQuant->offset, g));
  }

  TRY(validateSparsity(p, g));
  g.scale = p.scale ? *p.scale : 1.0 / std::sqrt(static_cast<double>(g.D));
  return Status::success();
}

Status checkIndexOperands(const Problem &p, const Geometry &g) {
  using rt::SeqLengths;
  SeqLengths qLens = SeqLengths::constant(g.Sq);
  SeqLengths kLens = SeqLengths::constant(g.Skv);
  const char *kName = "k";
  switch (g.family) {
  case Family::Varlen:
    TRY(fromCheck(rt::checkCuSeqlens("cu_seqlens_q", view(*p.cuSeqlensQ), g.B,
                                     g.Tq)));
    TRY(fromCheck(rt::checkCuSeqlens("cu_seqlens_k", view(*p.cuSeqlensK), g.B,
                                     g.Tk)));
    qLens = SeqLengths::fromCumulative(view(*p.cuSeqlensQ));
    kLens = SeqLengths::fromCumulative(view(*p.cuSeqlensK));
    kName = "cu_seqlens_k";
    break;
  case Family::Paged:
    if (p.cuSeqlensQ) {
      TRY(fromCheck(rt::checkCuSeqlens("cu_seqlens_q", view(*p.cuSeqlensQ),
                                       g.B, g.Tq)));
      qLens = SeqLengths::fromCumulative(view(*p.cuSeqlensQ));
    } else {
      qLens = SeqLengths::constant(1);
    }
    TRY(fromCheck(rt::checkContextLens(view(*p.contextLens), g.B, g.pageSize,
                                       g.maxPages)));
    TRY(fromCheck(rt::checkBlockTable(view(*p.blockTable), g.B, g.maxPages,
                                      view(*p.contextLens), g.pageSize,
                                      g.numPages)));
    kLens = SeqLengths::fromLengths(view(*p.contextLens));
    kName = "context_lens";
    break;
  case Family::Dense:
    if (p.kvPaddingSize)
      TRY(fromCheck(rt::checkKvPaddingSize(*p.kvPaddingSize)));
    if (p.actualSeqLengths) {
      TRY(fromCheck(rt::checkActualSeqLengths(view(*p.actualSeqLengths), g.B,
                                              g.Skv,
                                              p.kvPaddingSize.has_value())));
      kLens = SeqLengths::fromLengths(view(*p.actualSeqLengths));
      kName = "actual_seq_lengths";
    }
    break;
  }

  if (p.promptLens)
    TRY(fromCheck(rt::checkPromptLens(view(*p.promptLens), g.B)));

  if (g.family != Family::Dense) {
    const std::pair<const char *, const std::optional<Array> *> padded[] = {
        {"bias", &p.bias}, {"mask", &p.mask}};
    for (const auto &[name, arr] : padded) {
      if (!*arr)
        continue;
      TRY(fromCheck(rt::checkPaddedDim(name, 2, "queries", (*arr)->shape[2],
                                       qLens, g.B)));
      TRY(fromCheck(rt::checkPaddedDim(name, 3, "keys", (*arr)->shape[3],
                                       kLens, g.B)));
    }
  }

  if (const auto *bm = std::get_if<BlockMaskSparsity>(&p.sparsity)) {
    auto pair = [&](const char *numName, const IntArray &num,
                    const char *idxName, const IntArray &idx) {
      rt::BlockMaskShape s;
      s.numBatch = num.shape[0], s.numHeads = num.shape[1];
      s.idxBatch = idx.shape[0], s.idxHeads = idx.shape[1];
      s.numQBlocks = num.shape[2], s.maxKvBlocks = idx.shape[3];
      s.bq = bm->bq, s.bk = bm->bk;
      return fromCheck(rt::checkBlockMask(numName, idxName, view(num),
                                          view(idx), s, g.B, g.Hq, qLens,
                                          kLens));
    };
    TRY(pair("kv_num_blocks", *p.kvNumBlocks, "kv_indices", *p.kvIndices));
    if (p.fullKvNumBlocks)
      TRY(pair("full_kv_num_blocks", *p.fullKvNumBlocks, "full_kv_indices",
               *p.fullKvIndices));
  }

  if (const auto *xa = std::get_if<XAttentionSparsity>(&p.sparsity))
    TRY(fromCheck(
        rt::checkXAttentionLengths(kName, qLens, kLens, g.B, xa->block)));
  return Status::success();
}

} // namespace attnc::ref::detail
