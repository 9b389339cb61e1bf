//===- ArgumentChecks.cpp - SPEC §6 runtime checks of index operands ------===//

#include "attnc/Runtime/ArgumentChecks.h"

#include <algorithm>
#include <sstream>

namespace attnc::rt {
namespace {

/// ceil(a / b) for a >= 0, b > 0.
int64_t ceilDiv(int64_t a, int64_t b) { return a / b + (a % b != 0 ? 1 : 0); }

/// Streams its arguments into one message.
template <typename... Args> CheckResult fail(const Args &...args) {
  std::ostringstream os;
  (os << ... << args);
  return CheckResult::failure(os.str());
}

/// `size` entries expected in operand `name`.
CheckResult checkSize(const char *name, IndexView view, int64_t expected,
                      const char *what) {
  if (view.size() != expected)
    return fail(name, ": has ", view.size(), " entries, expected ", what,
                " = ", expected);
  return CheckResult::success();
}

} // namespace

int64_t SeqLengths::operator()(int64_t b) const {
  switch (kind_) {
  case Kind::Constant:
    return value_;
  case Kind::Lengths:
    return b >= 0 && b < view_.size() ? view_[b] : 0;
  case Kind::Cumulative:
    return b >= 0 && b + 1 < view_.size() ? view_[b + 1] - view_[b] : 0;
  }
  return 0;
}

int64_t SeqLengths::max(int64_t numSeqs) const {
  int64_t m = 0;
  for (int64_t b = 0; b < numSeqs; ++b)
    m = std::max(m, (*this)(b));
  return m;
}

CheckResult checkCuSeqlens(const char *name, IndexView cu, int64_t numSeqs,
                           int64_t total) {
  if (CheckResult r = checkSize(name, cu, numSeqs + 1, "B + 1"); !r.ok())
    return r;
  if (cu[0] != 0)
    return fail(name, ": sequence 0: ", name, "[0] = ", cu[0], " is not 0");
  for (int64_t b = 0; b < numSeqs; ++b)
    if (cu[b + 1] < cu[b])
      return fail(name, ": sequence ", b, ": ", name, "[", b + 1,
                  "] = ", cu[b + 1], " is less than ", name, "[", b,
                  "] = ", cu[b]);
  if (cu[numSeqs] != total) {
    if (numSeqs == 0)
      return fail(name, ": no sequences but ", total, " packed rows");
    return fail(name, ": sequence ", numSeqs - 1, ": ", name, "[", numSeqs,
                "] = ", cu[numSeqs], " is not the packed row count ", total);
  }
  return CheckResult::success();
}

CheckResult checkContextLens(IndexView contextLens, int64_t numSeqs,
                             int64_t pageSize, int64_t maxPages) {
  if (CheckResult r = checkSize("context_lens", contextLens, numSeqs, "B");
      !r.ok())
    return r;
  if (pageSize <= 0)
    return fail("context_lens: page_size = ", pageSize, " is not positive");
  for (int64_t b = 0; b < numSeqs; ++b) {
    int64_t len = contextLens[b];
    if (len < 0)
      return fail("context_lens: sequence ", b, ": context_lens[", b,
                  "] = ", len, " is negative");
    int64_t pages = ceilDiv(len, pageSize);
    if (pages > maxPages)
      return fail("context_lens: sequence ", b, ": context_lens[", b,
                  "] = ", len, " needs ", pages, " pages of ", pageSize,
                  " tokens but block_table has max_pages = ", maxPages);
  }
  return CheckResult::success();
}

CheckResult checkBlockTable(IndexView blockTable, int64_t numSeqs,
                            int64_t maxPages, IndexView contextLens,
                            int64_t pageSize, int64_t numPages) {
  if (numSeqs < 0 || maxPages < 0)
    return fail("block_table: bad shape [", numSeqs, ", ", maxPages, "]");
  if (CheckResult r = checkSize("block_table", blockTable, numSeqs * maxPages,
                                "B * max_pages");
      !r.ok())
    return r;
  if (CheckResult r = checkSize("context_lens", contextLens, numSeqs, "B");
      !r.ok())
    return r;
  if (pageSize <= 0)
    return fail("block_table: page_size = ", pageSize, " is not positive");
  for (int64_t b = 0; b < numSeqs; ++b) {
    // Clamped so that an unchecked context_lens cannot lead out of the row.
    int64_t used =
        std::min(maxPages, ceilDiv(std::max<int64_t>(contextLens[b], 0),
                                   pageSize));
    for (int64_t p = 0; p < used; ++p) {
      int64_t page = blockTable[b * maxPages + p];
      if (page < 0 || page >= numPages)
        return fail("block_table: sequence ", b, ": block_table[", b, ", ", p,
                    "] = ", page, " is outside [0, ", numPages,
                    ") (the cache has ", numPages, " pages)");
    }
  }
  return CheckResult::success();
}

CheckResult checkKvPaddingSize(int64_t kvPaddingSize) {
  if (kvPaddingSize < 0)
    return fail("kv_padding_size: ", kvPaddingSize, " is negative");
  return CheckResult::success();
}

CheckResult checkActualSeqLengths(IndexView lens, int64_t numSeqs, int64_t skv,
                                  bool hasKvPadding) {
  if (CheckResult r = checkSize("actual_seq_lengths", lens, numSeqs, "B");
      !r.ok())
    return r;
  for (int64_t b = 0; b < numSeqs; ++b) {
    if (lens[b] < 0)
      return fail("actual_seq_lengths: sequence ", b, ": actual_seq_lengths[",
                  b, "] = ", lens[b], " is negative");
    if (!hasKvPadding && lens[b] > skv)
      return fail("actual_seq_lengths: sequence ", b, ": actual_seq_lengths[",
                  b, "] = ", lens[b], " exceeds the ", skv,
                  " key slots (Skv)");
  }
  return CheckResult::success();
}

CheckResult checkPromptLens(IndexView promptLens, int64_t numSeqs) {
  if (CheckResult r = checkSize("prompt_lens", promptLens, numSeqs, "B");
      !r.ok())
    return r;
  for (int64_t b = 0; b < numSeqs; ++b)
    if (promptLens[b] < 0)
      return fail("prompt_lens: sequence ", b, ": prompt_lens[", b,
                  "] = ", promptLens[b], " is negative");
  return CheckResult::success();
}

CheckResult checkXAttentionLengths(const char *kName, SeqLengths qLens,
                                   SeqLengths kLens, int64_t numSeqs,
                                   int64_t block) {
  if (block <= 0)
    return fail("xattention: block = ", block, " is not positive");
  for (int64_t b = 0; b < numSeqs; ++b) {
    int64_t lq = qLens(b), lk = kLens(b);
    if (lq > lk)
      return fail(kName, ": sequence ", b, ": XAttention needs Lq <= Lk, got ",
                  lq, " queries and ", lk, " keys");
    if ((lk - lq) % block != 0)
      return fail(kName, ": sequence ", b, ": XAttention needs Lk - Lq = ",
                  lk, " - ", lq, " = ", lk - lq,
                  " to be a multiple of the block ", block);
  }
  return CheckResult::success();
}

CheckResult checkPaddedDim(const char *operand, int dim, const char *what,
                           int64_t size, SeqLengths lens, int64_t numSeqs) {
  if (size == 1)
    return CheckResult::success();
  for (int64_t b = 0; b < numSeqs; ++b)
    if (lens(b) > size)
      return fail(operand, ": sequence ", b, ": dimension ", dim, " has size ",
                  size, ", less than the sequence's ", lens(b), " ", what);
  return CheckResult::success();
}

CheckResult checkBlockMask(const char *numName, const char *idxName,
                           IndexView numBlocks, IndexView indices,
                           const BlockMaskShape &s, int64_t numSeqs,
                           int64_t numQHeads, SeqLengths qLens,
                           SeqLengths kLens) {
  auto badDim = [&](const char *name, int64_t v, int64_t full, const char *w) {
    return fail(name, ": ", w, " dimension is ", v, ", expected 1 or ", full);
  };
  if (s.numBatch != 1 && s.numBatch != numSeqs)
    return badDim(numName, s.numBatch, numSeqs, "batch");
  if (s.idxBatch != 1 && s.idxBatch != numSeqs)
    return badDim(idxName, s.idxBatch, numSeqs, "batch");
  if (s.numHeads != 1 && s.numHeads != numQHeads)
    return badDim(numName, s.numHeads, numQHeads, "head");
  if (s.idxHeads != 1 && s.idxHeads != numQHeads)
    return badDim(idxName, s.idxHeads, numQHeads, "head");
  if (s.bq <= 0 || s.bk <= 0)
    return fail(numName, ": block sizes bq = ", s.bq, ", bk = ", s.bk,
                " must be positive");
  if (s.numQBlocks < 0 || s.maxKvBlocks < 0)
    return fail(idxName, ": negative dimension");
  if (CheckResult r = checkSize(numName, numBlocks,
                                s.numBatch * s.numHeads * s.numQBlocks,
                                "the product of its dims");
      !r.ok())
    return r;
  if (CheckResult r = checkSize(
          idxName, indices,
          s.idxBatch * s.idxHeads * s.numQBlocks * s.maxKvBlocks,
          "the product of its dims");
      !r.ok())
    return r;

  for (int64_t b = 0; b < numSeqs; ++b) {
    int64_t needQ = ceilDiv(qLens(b), s.bq);
    if (needQ > s.numQBlocks)
      return fail(numName, ": sequence ", b, ": ", qLens(b),
                  " queries need ", needQ, " q-blocks of ", s.bq, " but ",
                  numName, " has ", s.numQBlocks);
  }
  int64_t numKeyBlocks = ceilDiv(kLens.max(numSeqs), s.bk);
  // Loop over the broadcast union of both operands' batch and head dims.
  int64_t nb = std::max(s.numBatch, s.idxBatch);
  int64_t nh = std::max(s.numHeads, s.idxHeads);
  auto seqName = [&](int64_t b) {
    return nb == 1 && numSeqs != 1 ? std::string("all sequences")
                                   : "sequence " + std::to_string(b);
  };
  for (int64_t b = 0; b < nb; ++b)
    for (int64_t h = 0; h < nh; ++h)
      for (int64_t qb = 0; qb < s.numQBlocks; ++qb) {
        int64_t nbI = s.numBatch == 1 ? 0 : b, nhI = s.numHeads == 1 ? 0 : h;
        int64_t ibI = s.idxBatch == 1 ? 0 : b, ihI = s.idxHeads == 1 ? 0 : h;
        int64_t count =
            numBlocks[(nbI * s.numHeads + nhI) * s.numQBlocks + qb];
        if (count < 0 || count > s.maxKvBlocks)
          return fail(numName, ": ", seqName(b), ": ", numName, "[", nbI,
                      ", ", nhI, ", ", qb, "] = ", count, " is outside [0, ",
                      s.maxKvBlocks, "]");
        int64_t row = ((ibI * s.idxHeads + ihI) * s.numQBlocks + qb) *
                      s.maxKvBlocks;
        for (int64_t t = 0; t < count; ++t) {
          int64_t kb = indices[row + t];
          if (kb < 0 || kb >= numKeyBlocks)
            return fail(idxName, ": ", seqName(b), ": ", idxName, "[", ibI,
                        ", ", ihI, ", ", qb, ", ", t, "] = ", kb,
                        " is outside [0, ", numKeyBlocks,
                        ") (key blocks of ", s.bk,
                        " for the longest sequence)");
        }
      }
  return CheckResult::success();
}

} // namespace attnc::rt
