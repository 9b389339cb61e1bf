//===- KernelRuntime.cpp - the C runtime compiled kernels call ------------===//
//
// attnc_rt_check_attention reads the check record a compiled kernel fills
// (CheckRecord.h) and runs the SPEC §6 checks of ArgumentChecks.h that apply
// to the op it describes, the same functions the float64 reference runs, so a
// kernel rejects exactly the inputs the reference rejects, with the same
// messages. It also checks the dynamic dims that operands must agree on (the
// verifier sees only static ones), since the kernel indexes one operand with
// sizes taken from another. No MLIR: this archive is linked into every kernel
// library.
//
//===----------------------------------------------------------------------===//

#include "attnc/Runtime/ArgumentChecks.h"
#include "attnc/Runtime/CheckRecord.h"

#include "RuntimeError.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

using namespace attnc::rt;
namespace rec = attnc::rt::record;

namespace {

/// The message attnc_rt_last_error returns: per thread, since kernels may be
/// called from several threads at once.
thread_local std::string lastError;

/// One operand slot of the record.
struct Operand {
  const char *name = "";
  int64_t rank = -1; // -1: absent
  const void *data = nullptr;
  int64_t dims[4] = {0, 0, 0, 0};

  bool present() const { return rank >= 0; }
  int64_t dim(int i) const { return dims[i]; }
  int64_t numElements() const {
    int64_t n = 1;
    for (int64_t i = 0; i < rank; ++i)
      n *= dims[i];
    return n;
  }
  /// Index operands are i32 (SPEC §3).
  IndexView view() const {
    return IndexView(static_cast<const int32_t *>(data), numElements());
  }
  std::string shape() const {
    std::ostringstream os;
    os << "[";
    for (int64_t i = 0; i < rank; ++i)
      os << (i ? ", " : "") << dims[i];
    os << "]";
    return os.str();
  }
};

template <typename... Args> CheckResult fail(const Args &...args) {
  std::ostringstream os;
  (os << ... << args);
  return CheckResult::failure(os.str());
}

#define TRY(expr)                                                              \
  do {                                                                         \
    CheckResult r_ = (expr);                                                   \
    if (!r_.ok())                                                              \
      return r_;                                                               \
  } while (0)

/// Operand names as the ops spell them, by slot.
const char *slotName(int64_t slot, bool paged) {
  static const char *const names[rec::kNumSlots] = {
      "q", "k", "v", "cu_seqlens_q", "cu_seqlens_k", "block_table",
      "context_lens", "actual_seq_lengths", "kv_padding_size",
      "alibi_slopes", "bias", "mask", "k_scale", "k_offset", "v_scale",
      "v_offset", "out_scale", "out_offset", "kv_num_blocks", "kv_indices",
      "full_kv_num_blocks", "full_kv_indices", "prompt_lens"};
  if (paged && slot == rec::kK)
    return "k_cache";
  if (paged && slot == rec::kV)
    return "v_cache";
  return names[slot];
}

/// The record, decoded and checked for internal consistency (a malformed
/// record is a compiler bug, reported as such rather than read blindly).
struct Record {
  int64_t header[rec::kNumHeaderWords];
  Operand slots[rec::kNumSlots];

  const Operand &operator[](int64_t slot) const { return slots[slot]; }
  int64_t operator()(rec::Header word) const { return header[word]; }
};

CheckResult decode(const int64_t *words, Record &r) {
  for (int64_t i = 0; i < rec::kNumHeaderWords; ++i)
    r.header[i] = words[i];
  if (r(rec::kFamily) < 0 || r(rec::kFamily) > 2)
    return fail("check record: bad family ", r(rec::kFamily));
  if (r(rec::kLayout) < 0 || r(rec::kLayout) > 2)
    return fail("check record: bad layout ", r(rec::kLayout));
  bool paged = r(rec::kFamily) == 1;
  for (int64_t s = 0; s < rec::kNumSlots; ++s) {
    Operand &op = r.slots[s];
    op.name = slotName(s, paged);
    op.rank = words[rec::slotWord(s, rec::kRank)];
    if (op.rank < -1 || op.rank > 4)
      return fail("check record: ", op.name, ": bad rank ", op.rank);
    op.data = reinterpret_cast<const void *>(
        static_cast<intptr_t>(words[rec::slotWord(s, rec::kData)]));
    for (int64_t d = 0; d < op.rank; ++d) {
      op.dims[d] = words[rec::slotWord(s, rec::kDim0 + d)];
      if (op.dims[d] < 0)
        return fail("check record: ", op.name, ": negative dimension ", d);
    }
  }
  for (int64_t s : {rec::kQ, rec::kK, rec::kV})
    if (!r[s].present())
      return fail("check record: ", r[s].name, " is missing");
  // Index operands are read: their data must be there.
  for (int64_t s = rec::kCuSeqlensQ; s < rec::kNumSlots; ++s) {
    bool read = s <= rec::kKvPaddingSize || s >= rec::kKvNumBlocks;
    const Operand &op = r[s];
    if (read && op.present() && op.numElements() > 0 && !op.data)
      return fail("check record: ", op.name, " has no data address");
  }
  return CheckResult::success();
}

/// A present operand `op` has rank `rank` (`form` says which dims).
CheckResult expectRank(const Operand &op, int64_t rank, const char *form) {
  if (op.rank != rank)
    return fail(op.name, ": expected rank ", rank, " ", form, ", got ",
                op.shape());
  return CheckResult::success();
}

/// Dims of `op` equal `expected` where it is not -1 (sizes an operand takes
/// from another, which the verifier cannot compare when they are dynamic).
CheckResult expectDims(const Operand &op, std::vector<int64_t> expected,
                       const char *form) {
  bool match = op.rank == static_cast<int64_t>(expected.size());
  for (size_t i = 0; match && i < expected.size(); ++i)
    match = expected[i] < 0 || expected[i] == op.dims[i];
  if (match)
    return CheckResult::success();
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < expected.size(); ++i)
    os << (i ? ", " : "")
       << (expected[i] < 0 ? std::string("*") : std::to_string(expected[i]));
  os << "]";
  return fail(op.name, ": expected ", form, " = ", os.str(), ", got ",
              op.shape());
}

/// dim `d` of `op` is 1 (broadcast) or `full`.
CheckResult expectOneOr(const Operand &op, int d, int64_t full,
                        const char *what) {
  if (op.dims[d] != 1 && op.dims[d] != full)
    return fail(op.name, ": dimension ", d, " (", what, ") is ", op.dims[d],
                ", expected 1 or ", full);
  return CheckResult::success();
}

/// What the family-specific checks find out about the batch.
struct Batch {
  int64_t numSeqs = 0;
  int64_t tq = 0, tk = 0;          // packed rows (varlen, paged q)
  int64_t sq = 0, skv = 0;         // dense slots
  int64_t numPages = 0, pageSize = 0;
  SeqLengths qLens = SeqLengths::constant(0);
  SeqLengths kLens = SeqLengths::constant(0);
  const char *kName = "k";         // the operand that gives Lk
};

CheckResult checkVarlen(const Record &r, Batch &b) {
  const Operand &q = r[rec::kQ], &k = r[rec::kK], &v = r[rec::kV];
  const Operand &cuQ = r[rec::kCuSeqlensQ], &cuK = r[rec::kCuSeqlensK];
  for (const Operand *op : {&cuQ, &cuK}) {
    if (!op->present())
      return fail(op->name, ": required by varlen attention");
    TRY(expectRank(*op, 1, "[B + 1]"));
    if (op->dim(0) < 1)
      return fail(op->name, ": has 0 entries, expected B + 1 >= 1");
  }
  TRY(expectRank(q, 3, "[Tq, Hq, D]"));
  TRY(expectRank(k, 3, "[Tk, Hkv, D]"));
  b.numSeqs = cuQ.dim(0) - 1;
  b.tq = q.dim(0);
  b.tk = k.dim(0);
  TRY(expectDims(v, {b.tk, -1, -1}, "[Tk, Hkv, Dv]"));
  TRY(checkCuSeqlens("cu_seqlens_q", cuQ.view(), b.numSeqs, b.tq));
  TRY(checkCuSeqlens("cu_seqlens_k", cuK.view(), b.numSeqs, b.tk));
  b.qLens = SeqLengths::fromCumulative(cuQ.view());
  b.kLens = SeqLengths::fromCumulative(cuK.view());
  b.kName = "cu_seqlens_k";
  return CheckResult::success();
}

CheckResult checkPaged(const Record &r, Batch &b) {
  const Operand &q = r[rec::kQ], &k = r[rec::kK], &v = r[rec::kV];
  const Operand &table = r[rec::kBlockTable], &lens = r[rec::kContextLens];
  const Operand &cuQ = r[rec::kCuSeqlensQ];
  if (!table.present() || !lens.present())
    return fail(table.present() ? lens.name : table.name,
                ": required by paged attention");
  TRY(expectRank(table, 2, "[B, max_pages]"));
  TRY(expectRank(lens, 1, "[B]"));
  TRY(expectRank(q, 3, "[Tq, Hq, D]"));
  TRY(expectRank(k, 4, "(a paged cache)"));
  b.numSeqs = table.dim(0);
  int64_t maxPages = table.dim(1);
  b.tq = q.dim(0);
  // Page count and size come from the cache layout (nhd, hnd, hpnd).
  switch (r(rec::kLayout)) {
  case 0:
    b.numPages = k.dim(0), b.pageSize = k.dim(1);
    TRY(expectDims(v, {b.numPages, b.pageSize, k.dim(2), -1},
                   "nhd [P, page_size, Hkv, Dv]"));
    break;
  case 1:
    b.numPages = k.dim(0), b.pageSize = k.dim(2);
    TRY(expectDims(v, {b.numPages, k.dim(1), b.pageSize, -1},
                   "hnd [P, Hkv, page_size, Dv]"));
    break;
  default:
    b.numPages = k.dim(1), b.pageSize = k.dim(2);
    TRY(expectDims(v, {k.dim(0), b.numPages, b.pageSize, -1},
                   "hpnd [Hkv, P, page_size, Dv]"));
    break;
  }
  if (b.pageSize <= 0)
    return fail(k.name, ": page_size is ", b.pageSize, ", expected > 0");
  if (cuQ.present()) {
    TRY(expectRank(cuQ, 1, "[B + 1]"));
    TRY(checkCuSeqlens("cu_seqlens_q", cuQ.view(), b.numSeqs, b.tq));
    b.qLens = SeqLengths::fromCumulative(cuQ.view());
  } else {
    if (b.tq != b.numSeqs)
      return fail("q: decode without cu_seqlens_q needs Tq = B = ",
                  b.numSeqs, " rows, got ", b.tq);
    b.qLens = SeqLengths::constant(1);
  }
  TRY(checkContextLens(lens.view(), b.numSeqs, b.pageSize, maxPages));
  TRY(checkBlockTable(table.view(), b.numSeqs, maxPages, lens.view(),
                      b.pageSize, b.numPages));
  b.kLens = SeqLengths::fromLengths(lens.view());
  b.kName = "context_lens";
  return CheckResult::success();
}

CheckResult checkDense(const Record &r, Batch &b) {
  const Operand &q = r[rec::kQ], &k = r[rec::kK], &v = r[rec::kV];
  const Operand &lens = r[rec::kActualSeqLengths];
  const Operand &padding = r[rec::kKvPaddingSize];
  int64_t layout = r(rec::kLayout);
  int64_t rank = layout == 2 ? 3 : 4;
  const char *qForm[] = {"bnsd [B, Hq, Sq, D]", "bsnd [B, Sq, Hq, D]",
                         "bsh [B, Sq, Hq*D]"};
  const char *kForm[] = {"bnsd [B, Hkv, Skv, D]", "bsnd [B, Skv, Hkv, D]",
                         "bsh [B, Skv, Hkv*D]"};
  const char *vForm[] = {"bnsd [B, Hkv, Skv, Dv]", "bsnd [B, Skv, Hkv, Dv]",
                         "bsh [B, Skv, Hkv*Dv]"};
  TRY(expectRank(q, rank, qForm[layout]));
  TRY(expectRank(k, rank, kForm[layout]));
  int seqDim = layout == 0 ? 2 : 1;
  b.numSeqs = q.dim(0);
  b.sq = q.dim(seqDim);
  b.skv = k.dim(seqDim);
  std::vector<int64_t> kDims(rank, -1), vDims(rank, -1);
  kDims[0] = vDims[0] = b.numSeqs;
  vDims[seqDim] = b.skv;
  if (layout != 2)
    vDims[3 - seqDim] = k.dim(3 - seqDim); // Hkv
  TRY(expectDims(k, kDims, kForm[layout]));
  TRY(expectDims(v, vDims, vForm[layout]));
  b.qLens = SeqLengths::constant(b.sq);
  b.kLens = SeqLengths::constant(b.skv);
  if (padding.present()) {
    if (padding.rank != 0 || !padding.data)
      return fail("kv_padding_size: expected a scalar i64");
    TRY(checkKvPaddingSize(*static_cast<const int64_t *>(padding.data)));
  }
  if (lens.present()) {
    TRY(expectRank(lens, 1, "[B]"));
    TRY(checkActualSeqLengths(lens.view(), b.numSeqs, b.skv,
                              padding.present()));
    b.kLens = SeqLengths::fromLengths(lens.view());
    b.kName = "actual_seq_lengths";
  }
  return CheckResult::success();
}

/// Dynamic dims of the option operands that follow the batch: ALiBi and
/// bias/mask batch dims, per-token dequant scales, and padded bias/mask dims
/// that must hold the longest sequence.
CheckResult checkOptionDims(const Record &r, const Batch &b) {
  int64_t family = r(rec::kFamily);
  const Operand &alibi = r[rec::kAlibiSlopes];
  if (alibi.present() && alibi.rank == 2)
    TRY(expectDims(alibi, {b.numSeqs, -1}, "[B, Hq]"));
  for (int64_t s : {rec::kBias, rec::kMask}) {
    const Operand &op = r[s];
    if (!op.present())
      continue;
    TRY(expectRank(op, 4, "[B|1, Hq|1, Lq|1, Lk|1]"));
    TRY(expectOneOr(op, 0, b.numSeqs, "B"));
    if (family == 2) {
      TRY(expectOneOr(op, 2, b.sq, "Sq"));
      TRY(expectOneOr(op, 3, b.skv, "Skv"));
    } else {
      TRY(checkPaddedDim(op.name, 2, "queries", op.dim(2), b.qLens,
                         b.numSeqs));
      TRY(checkPaddedDim(op.name, 3, "keys", op.dim(3), b.kLens, b.numSeqs));
    }
  }
  // Per-token dequant scales and offsets: [Tk] varlen, [P, page_size] paged,
  // [B, Skv] dense. The record does not say the granularity, so a scale
  // shaped like per-channel [Hkv, D] (static, verified at compile time) or
  // per-tensor ([] or [1]) is left alone.
  for (int64_t s : {rec::kKScale, rec::kKOffset, rec::kVScale, rec::kVOffset}) {
    const Operand &op = r[s];
    int64_t dim = s == rec::kKScale || s == rec::kKOffset
                      ? r(rec::kHeadDim)
                  : r(rec::kHeadDimV) ? r(rec::kHeadDimV)
                                      : r(rec::kHeadDim);
    if (!op.present() || op.rank == 0 || (op.rank == 1 && op.dim(0) == 1) ||
        (op.rank == 2 && op.dim(0) == r(rec::kNumKvHeads) && op.dim(1) == dim))
      continue;
    if (family == 0)
      TRY(expectDims(op, {b.tk}, "[Tk]"));
    else if (family == 1)
      TRY(expectDims(op, {b.numPages, b.pageSize}, "[P, page_size]"));
    else
      TRY(expectDims(op, {b.numSeqs, b.skv}, "[B, Skv]"));
  }
  return CheckResult::success();
}

/// SPEC §5: block-mask lists, tri-shape prompt lengths, XAttention lengths.
CheckResult checkSparsity(const Record &r, const Batch &b) {
  const Operand &prompt = r[rec::kPromptLens];
  if (prompt.present()) {
    TRY(expectRank(prompt, 1, "[B]"));
    TRY(checkPromptLens(prompt.view(), b.numSeqs));
  }
  switch (r(rec::kSparsity)) {
  case 1: {
    auto pair = [&](int64_t numSlot, int64_t idxSlot) -> CheckResult {
      const Operand &num = r[numSlot], &idx = r[idxSlot];
      TRY(expectRank(num, 3, "[B|1, Hq|1, nQB]"));
      TRY(expectRank(idx, 4, "[B|1, Hq|1, nQB, maxKVB]"));
      if (idx.dim(2) != num.dim(2))
        return fail(idx.name, ": dimension 2 (nQB) is ", idx.dim(2), " but ",
                    num.name, " has ", num.dim(2));
      BlockMaskShape s;
      s.numBatch = num.dim(0), s.numHeads = num.dim(1);
      s.idxBatch = idx.dim(0), s.idxHeads = idx.dim(1);
      s.numQBlocks = num.dim(2), s.maxKvBlocks = idx.dim(3);
      s.bq = r(rec::kBlockQ), s.bk = r(rec::kBlockK);
      return checkBlockMask(num.name, idx.name, num.view(), idx.view(), s,
                            b.numSeqs, r(rec::kNumQHeads), b.qLens, b.kLens);
    };
    if (!r[rec::kKvNumBlocks].present() || !r[rec::kKvIndices].present())
      return fail(r[rec::kKvNumBlocks].present() ? "kv_indices"
                                                 : "kv_num_blocks",
                  ": required by block-mask sparsity");
    TRY(pair(rec::kKvNumBlocks, rec::kKvIndices));
    if (r[rec::kFullKvNumBlocks].present() != r[rec::kFullKvIndices].present())
      return fail("full_kv_num_blocks: full_kv_num_blocks and "
                  "full_kv_indices go together");
    if (r[rec::kFullKvNumBlocks].present())
      TRY(pair(rec::kFullKvNumBlocks, rec::kFullKvIndices));
    return CheckResult::success();
  }
  case 3:
    return checkXAttentionLengths(b.kName, b.qLens, b.kLens, b.numSeqs,
                                  r(rec::kXAttentionBlock));
  default:
    return CheckResult::success();
  }
}

CheckResult checkRecord(const int64_t *words) {
  Record r;
  TRY(decode(words, r));
  Batch b;
  switch (r(rec::kFamily)) {
  case 0:
    TRY(checkVarlen(r, b));
    break;
  case 1:
    TRY(checkPaged(r, b));
    break;
  default:
    TRY(checkDense(r, b));
    break;
  }
  TRY(checkOptionDims(r, b));
  return checkSparsity(r, b);
}

} // namespace

extern "C" int32_t attnc_rt_check_attention(int64_t *allocated,
                                            int64_t *aligned, int64_t offset,
                                            int64_t size, int64_t stride) {
  (void)allocated;
  CheckResult result;
  if (!aligned || size < rec::kNumWords || stride != 1)
    result = fail("check record: ", size, " words with stride ", stride,
                  ", expected ", rec::kNumWords, " contiguous words");
  else
    result = checkRecord(aligned + offset);
  if (result.ok())
    return 0;
  setLastError(std::move(result.message));
  return 1;
}

void attnc::rt::setLastError(std::string message) {
  lastError = std::move(message);
}

extern "C" const char *attnc_rt_last_error(void) { return lastError.c_str(); }

//===----------------------------------------------------------------------===//
// XAttention block selection (SPEC §5.3 steps 5-6)
//===----------------------------------------------------------------------===//

// The greedy per-q-block choice over block masses W that the kernel computed:
// blocks 0 and the diagonal always, then the others by descending mass (ties
// to the lower index) while the kept mass is below tau times the row's total;
// a q-block reaching into the dense tail keeps every block up to the diagonal.
// params: sequence, query head, its q-blocks and k-blocks, Lq, Lk, block,
// dense tail, Hq, the lists' q-block and k-block extents, then the first
// q-block this call selects and how many (W holds their rows).
// The float64 reference (lib/Reference/XAttention.cpp) states the same rule.
extern "C" void attnc_rt_xattention_select(int64_t wAddress,
                                           int64_t numAddress,
                                           int64_t indicesAddress,
                                           int64_t paramsAddress, double tau) {
  const double *w = reinterpret_cast<const double *>(wAddress);
  int32_t *num = reinterpret_cast<int32_t *>(numAddress);
  int32_t *indices = reinterpret_cast<int32_t *>(indicesAddress);
  const int64_t *p = reinterpret_cast<const int64_t *>(paramsAddress);
  const int64_t seq = p[0], head = p[1], nqb = p[2], nkb = p[3], lq = p[4],
                lk = p[5], block = p[6], denseTail = p[7], numHeads = p[8],
                maxQBlocks = p[9], maxKBlocks = p[10], first = p[11],
                count = p[12];
  // A sequence that breaks the length rule (possible only when the caller
  // turned the argument checks off) selects nothing.
  const bool lengthsOk = lq <= lk && (lk - lq) % block == 0;
  std::vector<int64_t> candidates;
  std::vector<uint8_t> keep;
  // The q-blocks [first, first + count) of (seq, head); w holds their rows.
  for (int64_t I = first; I < std::min(first + count, maxQBlocks); ++I) {
    int64_t row = (seq * numHeads + head) * maxQBlocks + I;
    int32_t *list = indices + row * maxKBlocks;
    if (I >= nqb || !lengthsOk) {
      num[row] = 0;
      continue;
    }
    const double *mass = w + (I - first) * nkb;
    const int64_t d = I + (lk - lq) / block;
    double total = 0;
    for (int64_t J = 0; J < nkb; ++J)
      total += mass[J];
    keep.assign(nkb, 0);
    keep[0] = keep[d] = 1;
    double kept = mass[0] + (d != 0 ? mass[d] : 0.0);
    candidates.clear();
    for (int64_t J = 1; J < d; ++J)
      candidates.push_back(J);
    auto key = [&](int64_t J) {
      return std::isnan(mass[J]) ? -std::numeric_limits<double>::infinity()
                                 : mass[J];
    };
    std::sort(candidates.begin(), candidates.end(), [&](int64_t x, int64_t y) {
      return key(x) != key(y) ? key(x) > key(y) : x < y;
    });
    for (int64_t J : candidates) {
      if (!(kept < tau * total))
        break;
      keep[J] = 1;
      kept += mass[J];
    }
    int64_t lastQuery = std::min((I + 1) * block, lq) - 1;
    if (lastQuery + lk - lq >= lk - denseTail)
      std::fill(keep.begin(), keep.begin() + d + 1, 1);
    int32_t count = 0;
    for (int64_t J = 0; J < nkb; ++J)
      if (keep[J])
        list[count++] = static_cast<int32_t>(J);
    num[row] = count;
  }
}
