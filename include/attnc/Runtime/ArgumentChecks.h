//===- ArgumentChecks.h - SPEC §6 runtime checks of index operands -*- C++ -*-===//
//
// The checks that SPEC §6 asks of the runtime before a launch: index operands
// whose values cannot be verified statically (cu_seqlens, context_lens, used
// block_table entries, actual_seq_lengths, kv_padding_size, block-mask
// indices, prompt_lens, the XAttention length rule, padded bias/mask dims).
//
// Plain C++17 with no MLIR dependency: the compiled CPU/CUDA kernels' runtime
// calls these functions on the raw i32 (or i64) host buffers it is given, and
// the float64 reference calls the very same functions, so both reject the same
// inputs with the same messages. Every failure names the operand, the sequence
// and the bad value. A check never reads outside the views it is given.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNTIME_ARGUMENTCHECKS_H
#define ATTNC_RUNTIME_ARGUMENTCHECKS_H

#include <cstdint>
#include <string>

namespace attnc::rt {

/// A read-only view of a row-major integer buffer of i32 or i64 elements.
class IndexView {
public:
  IndexView() = default;
  IndexView(const int32_t *data, int64_t size)
      : data_(data), size_(size), wide_(false) {}
  IndexView(const int64_t *data, int64_t size)
      : data_(data), size_(size), wide_(true) {}

  int64_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  /// Element `i`, 0 <= i < size().
  int64_t operator[](int64_t i) const {
    return wide_ ? static_cast<const int64_t *>(data_)[i]
                 : static_cast<int64_t>(static_cast<const int32_t *>(data_)[i]);
  }

private:
  const void *data_ = nullptr;
  int64_t size_ = 0;
  bool wide_ = false;
};

/// Per-sequence lengths: one constant, an array of lengths, or the
/// differences of a cu_seqlens array. A sequence index outside the view
/// reads as length 0 (the view is assumed to have been checked already).
class SeqLengths {
public:
  static SeqLengths constant(int64_t n) { return SeqLengths(Kind::Constant, {}, n); }
  static SeqLengths fromLengths(IndexView lens) {
    return SeqLengths(Kind::Lengths, lens, 0);
  }
  static SeqLengths fromCumulative(IndexView cu) {
    return SeqLengths(Kind::Cumulative, cu, 0);
  }

  int64_t operator()(int64_t b) const;
  /// max over b in [0, numSeqs) (0 when numSeqs == 0).
  int64_t max(int64_t numSeqs) const;

private:
  enum class Kind { Constant, Lengths, Cumulative };
  SeqLengths(Kind kind, IndexView view, int64_t value)
      : kind_(kind), view_(view), value_(value) {}
  Kind kind_;
  IndexView view_;
  int64_t value_;
};

/// Outcome of a check: ok, or a message naming operand, sequence and value.
struct CheckResult {
  std::string message;
  bool ok() const { return message.empty(); }
  static CheckResult success() { return {}; }
  static CheckResult failure(std::string msg) { return {std::move(msg)}; }
};

/// cu_seqlens_q / cu_seqlens_k (`name`): numSeqs + 1 entries, cu[0] == 0,
/// non-decreasing, cu[numSeqs] == total (the packed row count Tq or Tk).
CheckResult checkCuSeqlens(const char *name, IndexView cu, int64_t numSeqs,
                           int64_t total);

/// context_lens [numSeqs]: every entry >= 0 and needing at most maxPages
/// pages of pageSize tokens.
CheckResult checkContextLens(IndexView contextLens, int64_t numSeqs,
                             int64_t pageSize, int64_t maxPages);

/// block_table [numSeqs, maxPages]: the used entries of row b (the first
/// ceil(context_lens[b] / pageSize)) lie in [0, numPages). Unused entries are
/// never read. Call after checkContextLens.
CheckResult checkBlockTable(IndexView blockTable, int64_t numSeqs,
                            int64_t maxPages, IndexView contextLens,
                            int64_t pageSize, int64_t numPages);

/// kv_padding_size >= 0.
CheckResult checkKvPaddingSize(int64_t kvPaddingSize);

/// actual_seq_lengths [numSeqs]: every entry >= 0; without kv_padding_size the
/// valid slots [0, len) must fit in skv. With kv_padding_size a range that
/// would start below slot 0 is legal (SPEC §3: that sequence's output is 0).
CheckResult checkActualSeqLengths(IndexView lens, int64_t numSeqs, int64_t skv,
                                  bool hasKvPadding);

/// prompt_lens [numSeqs] (tri-shape): every entry >= 0.
CheckResult checkPromptLens(IndexView promptLens, int64_t numSeqs);

/// XAttention (SPEC §5.3): Lq_b <= Lk_b and (Lk_b - Lq_b) % block == 0 for
/// every sequence. `kName` names the operand that gives Lk (cu_seqlens_k,
/// context_lens, actual_seq_lengths, ...).
CheckResult checkXAttentionLengths(const char *kName, SeqLengths qLens,
                                   SeqLengths kLens, int64_t numSeqs,
                                   int64_t block);

/// A padded bias/mask dimension (`operand`, dimension `dim`, e.g. 2 for
/// queries, 3 for keys; `what` is "queries" or "keys") of size `size`: a size
/// of 1 broadcasts, any other size must hold the longest sequence.
CheckResult checkPaddedDim(const char *operand, int dim, const char *what,
                           int64_t size, SeqLengths lens, int64_t numSeqs);

/// Shape of a (kv_num_blocks, kv_indices) pair of SPEC §5.1. Batch and head
/// dims are 1 (broadcast) or numSeqs / numQHeads.
struct BlockMaskShape {
  int64_t numBatch = 1, numHeads = 1;   // kv_num_blocks [numBatch, numHeads, numQBlocks]
  int64_t idxBatch = 1, idxHeads = 1;   // kv_indices [idxBatch, idxHeads, numQBlocks, maxKvBlocks]
  int64_t numQBlocks = 0, maxKvBlocks = 0;
  int64_t bq = 0, bk = 0;
};

/// A block-mask list pair (`numName` / `idxName`, e.g. kv_num_blocks /
/// kv_indices or full_kv_num_blocks / full_kv_indices): views sized as
/// `shape` says, numQBlocks >= ceil(max_b Lq_b / bq), every count in
/// [0, maxKvBlocks], every used index in [0, ceil(max_b Lk_b / bk)).
CheckResult checkBlockMask(const char *numName, const char *idxName,
                           IndexView numBlocks, IndexView indices,
                           const BlockMaskShape &shape, int64_t numSeqs,
                           int64_t numQHeads, SeqLengths qLens,
                           SeqLengths kLens);

} // namespace attnc::rt

#endif // ATTNC_RUNTIME_ARGUMENTCHECKS_H
