//===- KernelRuntimeTests.cpp - attnc_rt_check_attention on records -------===//
//
// Builds check records by hand, as a compiled kernel would, and checks that
// valid operands pass and that each bad one is rejected with a message that
// names the operand, the sequence and the value.
//
//===----------------------------------------------------------------------===//

#include "attnc/Runtime/CheckRecord.h"

#include <gtest/gtest.h>

#include <array>
#include <initializer_list>
#include <string>
#include <thread>
#include <vector>

namespace rec = attnc::rt::record;

namespace {

/// A check record under construction: header words, then one slot per
/// operand (absent until set).
class Record {
public:
  Record(int64_t family, int64_t layout, int64_t hq = 4, int64_t hkv = 2,
         int64_t d = 8) {
    words.fill(0);
    words[rec::kFamily] = family;
    words[rec::kLayout] = layout;
    words[rec::kNumQHeads] = hq;
    words[rec::kNumKvHeads] = hkv;
    words[rec::kHeadDim] = d;
    words[rec::kHeadDimV] = d;
    for (int64_t s = 0; s < rec::kNumSlots; ++s)
      words[rec::slotWord(s, rec::kRank)] = -1;
  }

  Record &header(rec::Header word, int64_t value) {
    words[word] = value;
    return *this;
  }
  /// Operand `slot` of shape `dims` (rank = dims.size()) at `data`.
  Record &set(rec::Slot slot, std::initializer_list<int64_t> dims,
              const void *data = nullptr) {
    words[rec::slotWord(slot, rec::kRank)] = dims.size();
    words[rec::slotWord(slot, rec::kData)] =
        static_cast<int64_t>(reinterpret_cast<intptr_t>(data));
    int64_t i = 0;
    for (int64_t d : dims)
      words[rec::slotWord(slot, rec::kDim0 + i++)] = d;
    return *this;
  }
  /// An i32 index operand of rank 1 holding `values`.
  Record &list(rec::Slot slot, const std::vector<int32_t> &values) {
    return set(slot, {static_cast<int64_t>(values.size())}, values.data());
  }

  /// Runs the check; returns "" when it passed, else the message.
  std::string check() {
    int32_t rc = attnc_rt_check_attention(words.data(), words.data(), 0,
                                          rec::kNumWords, 1);
    if (rc == 0)
      return "";
    std::string message = attnc_rt_last_error();
    return message.empty() ? "(failed without a message)" : message;
  }

private:
  std::array<int64_t, rec::kNumWords> words;
};

//===----------------------------------------------------------------------===//
// Varlen
//===----------------------------------------------------------------------===//

/// q [5, 4, 8], k/v [7, 2, 8], three sequences, the middle one empty.
struct VarlenTest : ::testing::Test {
  std::vector<int32_t> cuQ = {0, 2, 2, 5}, cuK = {0, 3, 3, 7};
  Record varlen() {
    Record r(0, 0);
    r.set(rec::kQ, {5, 4, 8}).set(rec::kK, {7, 2, 8}).set(rec::kV, {7, 2, 8});
    r.list(rec::kCuSeqlensQ, cuQ).list(rec::kCuSeqlensK, cuK);
    return r;
  }
};

TEST_F(VarlenTest, AcceptsValidOperands) { EXPECT_EQ(varlen().check(), ""); }

TEST_F(VarlenTest, RejectsNonZeroStart) {
  cuQ[0] = 1;
  EXPECT_EQ(varlen().check(),
            "cu_seqlens_q: sequence 0: cu_seqlens_q[0] = 1 is not 0");
}

TEST_F(VarlenTest, RejectsDecreasingOffsets) {
  cuK = {0, 3, 2, 7};
  EXPECT_EQ(varlen().check(), "cu_seqlens_k: sequence 1: cu_seqlens_k[2] = 2 "
                              "is less than cu_seqlens_k[1] = 3");
}

TEST_F(VarlenTest, RejectsTotalOtherThanPackedRows) {
  cuQ[3] = 6;
  EXPECT_EQ(varlen().check(), "cu_seqlens_q: sequence 2: cu_seqlens_q[3] = 6 "
                              "is not the packed row count 5");
}

TEST_F(VarlenTest, RejectsSizeMismatchBetweenOffsetLists) {
  cuK = {0, 7};
  EXPECT_EQ(varlen().check(),
            "cu_seqlens_k: has 2 entries, expected B + 1 = 4");
}

TEST_F(VarlenTest, RejectsMissingOffsets) {
  Record r(0, 0);
  r.set(rec::kQ, {5, 4, 8}).set(rec::kK, {7, 2, 8}).set(rec::kV, {7, 2, 8});
  r.list(rec::kCuSeqlensQ, cuQ);
  EXPECT_EQ(r.check(), "cu_seqlens_k: required by varlen attention");
}

TEST_F(VarlenTest, RejectsEmptyOffsets) {
  cuQ.clear();
  EXPECT_EQ(varlen().check(),
            "cu_seqlens_q: has 0 entries, expected B + 1 >= 1");
}

TEST_F(VarlenTest, RejectsValuesOfOtherRowCount) {
  Record r = varlen();
  r.set(rec::kV, {6, 2, 8});
  EXPECT_EQ(r.check(), "v: expected [Tk, Hkv, Dv] = [7, *, *], got [6, 2, 8]");
}

TEST_F(VarlenTest, BiasMustHoldTheLongestSequence) {
  Record r = varlen();
  r.set(rec::kBias, {1, 4, 3, 4});
  EXPECT_EQ(r.check(), "");
  r.set(rec::kBias, {1, 1, 1, 1});
  EXPECT_EQ(r.check(), "");
  r.set(rec::kBias, {3, 4, 2, 4});
  EXPECT_EQ(r.check(), "bias: sequence 2: dimension 2 has size 2, less than "
                       "the sequence's 3 queries");
  r.set(rec::kBias, {1, 4, 3, 4}).set(rec::kMask, {1, 4, 3, 3});
  EXPECT_EQ(r.check(), "mask: sequence 2: dimension 3 has size 3, less than "
                       "the sequence's 4 keys");
}

TEST_F(VarlenTest, BiasBatchIsOneOrB) {
  Record r = varlen();
  r.set(rec::kBias, {2, 4, 3, 4});
  EXPECT_EQ(r.check(), "bias: dimension 0 (B) is 2, expected 1 or 3");
}

TEST_F(VarlenTest, AlibiPerSequenceHasBRows) {
  Record r = varlen();
  r.set(rec::kAlibiSlopes, {2, 4});
  EXPECT_EQ(r.check(), "alibi_slopes: expected [B, Hq] = [3, *], got [2, 4]");
}

TEST_F(VarlenTest, PerTokenScaleHasTkEntries) {
  Record r = varlen();
  r.set(rec::kKScale, {7});
  EXPECT_EQ(r.check(), "");
  r.set(rec::kVScale, {6});
  EXPECT_EQ(r.check(), "v_scale: expected [Tk] = [7], got [6]");
}

TEST_F(VarlenTest, XAttentionLengthRule) {
  // Lq = [2, 0, 3], Lk = [3, 0, 4]: Lk - Lq = 1 is not a multiple of 2.
  Record r = varlen();
  r.header(rec::kSparsity, 3).header(rec::kXAttentionBlock, 2);
  EXPECT_EQ(r.check(), "cu_seqlens_k: sequence 0: XAttention needs Lk - Lq = "
                       "3 - 2 = 1 to be a multiple of the block 2");
  r.header(rec::kXAttentionBlock, 1);
  EXPECT_EQ(r.check(), "");
  cuK = {0, 1, 1, 7};
  EXPECT_EQ(varlen()
                .header(rec::kSparsity, 3)
                .header(rec::kXAttentionBlock, 1)
                .check(),
            "cu_seqlens_k: sequence 0: XAttention needs Lq <= Lk, got 2 "
            "queries and 1 keys");
}

//===----------------------------------------------------------------------===//
// Block masks (on varlen)
//===----------------------------------------------------------------------===//

/// bq = 2, bk = 2: the longest sequence has 3 queries (2 q-blocks) and 4
/// keys (2 key blocks). Lists broadcast over batch and heads.
struct BlockMaskTest : VarlenTest {
  std::vector<int32_t> num = {1, 2}, idx = {0, 9, 1, 0};
  std::vector<int32_t> fullNum = {0, 1}, fullIdx = {0, 0, 1, 0};
  Record masked() {
    Record r = varlen();
    r.header(rec::kSparsity, 1).header(rec::kBlockQ, 2).header(rec::kBlockK, 2);
    r.set(rec::kKvNumBlocks, {1, 1, 2}, num.data());
    r.set(rec::kKvIndices, {1, 1, 2, 2}, idx.data());
    return r;
  }
};

TEST_F(BlockMaskTest, AcceptsValidLists) {
  // idx[0, 0, 0, 1] = 9 is past the count of q-block 0: never read.
  EXPECT_EQ(masked().check(), "");
  Record r = masked();
  r.set(rec::kFullKvNumBlocks, {1, 1, 2}, fullNum.data());
  r.set(rec::kFullKvIndices, {1, 1, 2, 2}, fullIdx.data());
  EXPECT_EQ(r.check(), "");
}

TEST_F(BlockMaskTest, RejectsIndexPastTheKeys) {
  idx[2] = 2;
  EXPECT_EQ(masked().check(),
            "kv_indices: all sequences: kv_indices[0, 0, 1, 0] = 2 is outside "
            "[0, 2) (key blocks of 2 for the longest sequence)");
}

TEST_F(BlockMaskTest, RejectsCountPastTheList) {
  num[1] = 3;
  EXPECT_EQ(masked().check(), "kv_num_blocks: all sequences: kv_num_blocks[0, "
                              "0, 1] = 3 is outside [0, 2]");
}

TEST_F(BlockMaskTest, RejectsTooFewQueryBlocks) {
  Record r = masked();
  r.set(rec::kKvNumBlocks, {1, 1, 1}, num.data());
  r.set(rec::kKvIndices, {1, 1, 1, 2}, idx.data());
  EXPECT_EQ(r.check(), "kv_num_blocks: sequence 2: 3 queries need 2 q-blocks "
                       "of 2 but kv_num_blocks has 1");
}

TEST_F(BlockMaskTest, RejectsBadFullLists) {
  fullIdx[2] = -1;
  Record r = masked();
  r.set(rec::kFullKvNumBlocks, {1, 1, 2}, fullNum.data());
  EXPECT_EQ(r.check(), "full_kv_num_blocks: full_kv_num_blocks and "
                       "full_kv_indices go together");
  r.set(rec::kFullKvIndices, {1, 1, 2, 2}, fullIdx.data());
  EXPECT_EQ(r.check(),
            "full_kv_indices: all sequences: full_kv_indices[0, 0, 1, 0] = -1 "
            "is outside [0, 2) (key blocks of 2 for the longest sequence)");
}

TEST_F(BlockMaskTest, RejectsHeadDimOtherThanOneOrHq) {
  Record r = masked();
  r.set(rec::kKvNumBlocks, {1, 3, 2}, num.data());
  EXPECT_EQ(r.check(), "kv_num_blocks: head dimension is 3, expected 1 or 4");
}

TEST_F(BlockMaskTest, RejectsMissingIndices) {
  Record r = varlen();
  r.header(rec::kSparsity, 1).header(rec::kBlockQ, 2).header(rec::kBlockK, 2);
  r.set(rec::kKvNumBlocks, {1, 1, 2}, num.data());
  EXPECT_EQ(r.check(), "kv_indices: required by block-mask sparsity");
}

//===----------------------------------------------------------------------===//
// Paged
//===----------------------------------------------------------------------===//

/// Two sequences of 3 and 1 tokens, page size 2, 4 pages, max 3 pages per
/// sequence; unused block-table entries hold garbage.
struct PagedTest : ::testing::Test {
  std::vector<int32_t> table = {3, 1, 999, 0, -7, 12345};
  std::vector<int32_t> lens = {3, 1};
  Record paged(int64_t layout = 0) {
    Record r(1, layout);
    r.set(rec::kQ, {2, 4, 8});
    if (layout == 0)
      r.set(rec::kK, {4, 2, 2, 8}).set(rec::kV, {4, 2, 2, 8});
    else if (layout == 1)
      r.set(rec::kK, {4, 2, 2, 8}).set(rec::kV, {4, 2, 2, 8});
    else
      r.set(rec::kK, {2, 4, 2, 8}).set(rec::kV, {2, 4, 2, 8});
    r.set(rec::kBlockTable, {2, 3}, table.data());
    r.list(rec::kContextLens, lens);
    return r;
  }
};

TEST_F(PagedTest, AcceptsValidOperandsInEveryLayout) {
  for (int64_t layout : {0, 1, 2})
    EXPECT_EQ(paged(layout).check(), "") << "layout " << layout;
}

TEST_F(PagedTest, RejectsUsedEntryOutsideTheCache) {
  table[1] = 4;
  EXPECT_EQ(paged().check(), "block_table: sequence 0: block_table[0, 1] = 4 "
                             "is outside [0, 4) (the cache has 4 pages)");
}

TEST_F(PagedTest, PageCountComesFromTheLayout) {
  // hpnd [Hkv, P, page, D] with P = 3: page 3 is now outside the cache.
  Record r = paged(2);
  r.set(rec::kK, {2, 3, 2, 8}).set(rec::kV, {2, 3, 2, 8});
  EXPECT_EQ(r.check(), "block_table: sequence 0: block_table[0, 0] = 3 is "
                       "outside [0, 3) (the cache has 3 pages)");
  // hnd [P, Hkv, page, D] with page = 1: sequence 0 needs 3 pages.
  r = paged(1);
  r.set(rec::kK, {4, 2, 1, 8}).set(rec::kV, {4, 2, 1, 8});
  lens = {4, 1};
  r.list(rec::kContextLens, lens);
  EXPECT_EQ(r.check(), "context_lens: sequence 0: context_lens[0] = 4 needs 4 "
                       "pages of 1 tokens but block_table has max_pages = 3");
}

TEST_F(PagedTest, RejectsNegativeContextLength) {
  lens[1] = -1;
  EXPECT_EQ(paged().check(),
            "context_lens: sequence 1: context_lens[1] = -1 is negative");
}

TEST_F(PagedTest, RejectsContextLengthsOfOtherBatch) {
  lens = {3, 1, 1};
  EXPECT_EQ(paged().check(), "context_lens: has 3 entries, expected B = 2");
}

TEST_F(PagedTest, RejectsValueCacheOfOtherPageCount) {
  Record r = paged();
  r.set(rec::kV, {5, 2, 2, 8});
  EXPECT_EQ(r.check(), "v_cache: expected nhd [P, page_size, Hkv, Dv] = [4, "
                       "2, 2, *], got [5, 2, 2, 8]");
}

TEST_F(PagedTest, DecodeNeedsOneQueryPerSequence) {
  Record r = paged();
  r.set(rec::kQ, {3, 4, 8});
  EXPECT_EQ(r.check(),
            "q: decode without cu_seqlens_q needs Tq = B = 2 rows, got 3");
}

TEST_F(PagedTest, ChunkedPrefillChecksQueryOffsets) {
  std::vector<int32_t> cuQ = {0, 2, 3};
  Record r = paged();
  r.set(rec::kQ, {3, 4, 8}).list(rec::kCuSeqlensQ, cuQ);
  EXPECT_EQ(r.check(), "");
  cuQ = {0, 2, 4};
  r.list(rec::kCuSeqlensQ, cuQ);
  EXPECT_EQ(r.check(), "cu_seqlens_q: sequence 1: cu_seqlens_q[2] = 4 is not "
                       "the packed row count 3");
}

TEST_F(PagedTest, PerTokenScaleCoversTheCache) {
  Record r = paged();
  r.set(rec::kKScale, {4, 2});
  EXPECT_EQ(r.check(), "");
  r.set(rec::kKScale, {3, 2});
  EXPECT_EQ(r.check(),
            "k_scale: expected [P, page_size] = [4, 2], got [3, 2]");
}

TEST_F(PagedTest, PromptLengthsAreNonNegative) {
  std::vector<int32_t> prompt = {5, -2};
  Record r = paged();
  r.header(rec::kSparsity, 2).list(rec::kPromptLens, prompt);
  EXPECT_EQ(r.check(),
            "prompt_lens: sequence 1: prompt_lens[1] = -2 is negative");
}

//===----------------------------------------------------------------------===//
// Dense
//===----------------------------------------------------------------------===//

/// bnsd: B = 2, Sq = 3, Skv = 5.
struct DenseTest : ::testing::Test {
  std::vector<int32_t> lens = {5, 2};
  int64_t padding = 0;
  Record dense() {
    Record r(2, 0);
    r.set(rec::kQ, {2, 4, 3, 8}).set(rec::kK, {2, 2, 5, 8});
    r.set(rec::kV, {2, 2, 5, 8});
    return r;
  }
};

TEST_F(DenseTest, AcceptsValidOperands) {
  EXPECT_EQ(dense().check(), "");
  EXPECT_EQ(dense().list(rec::kActualSeqLengths, lens).check(), "");
}

TEST_F(DenseTest, RejectsLengthPastTheSlots) {
  lens[1] = 6;
  EXPECT_EQ(dense().list(rec::kActualSeqLengths, lens).check(),
            "actual_seq_lengths: sequence 1: actual_seq_lengths[1] = 6 "
            "exceeds the 5 key slots (Skv)");
}

TEST_F(DenseTest, PaddingAllowsRangesStartingBelowZero) {
  lens[1] = 6;
  padding = 1;
  Record r = dense();
  r.list(rec::kActualSeqLengths, lens).set(rec::kKvPaddingSize, {}, &padding);
  EXPECT_EQ(r.check(), "");
  padding = -1;
  EXPECT_EQ(r.check(), "kv_padding_size: -1 is negative");
}

TEST_F(DenseTest, RejectsKeysOfOtherBatch) {
  Record r = dense();
  r.set(rec::kK, {3, 2, 5, 8});
  EXPECT_EQ(r.check(), "k: expected bnsd [B, Hkv, Skv, D] = [2, *, *, *], "
                       "got [3, 2, 5, 8]");
}

TEST_F(DenseTest, ValueSlotsFollowTheKeysInEveryLayout) {
  Record bsnd(2, 1);
  bsnd.set(rec::kQ, {2, 3, 4, 8}).set(rec::kK, {2, 5, 2, 8});
  bsnd.set(rec::kV, {2, 5, 2, 16});
  EXPECT_EQ(bsnd.check(), "");
  bsnd.set(rec::kV, {2, 4, 2, 16});
  EXPECT_EQ(bsnd.check(), "v: expected bsnd [B, Skv, Hkv, Dv] = [2, 5, 2, *], "
                          "got [2, 4, 2, 16]");
  Record bsh(2, 2);
  bsh.set(rec::kQ, {2, 3, 32}).set(rec::kK, {2, 5, 16}).set(rec::kV, {2, 5, 16});
  EXPECT_EQ(bsh.check(), "");
  bsh.set(rec::kQ, {2, 3, 4, 8});
  EXPECT_EQ(bsh.check(),
            "q: expected rank 3 bsh [B, Sq, Hq*D], got [2, 3, 4, 8]");
}

TEST_F(DenseTest, DenseBiasDimsAreOneOrFull) {
  Record r = dense();
  r.set(rec::kBias, {1, 4, 3, 5});
  EXPECT_EQ(r.check(), "");
  r.set(rec::kBias, {1, 4, 3, 4});
  EXPECT_EQ(r.check(), "bias: dimension 3 (Skv) is 4, expected 1 or 5");
}

TEST_F(DenseTest, XAttentionUsesActualLengths) {
  // Sq = 3; Lk = [5, 2]: sequence 1 has more queries than keys.
  Record r = dense();
  r.header(rec::kSparsity, 3).header(rec::kXAttentionBlock, 2);
  r.list(rec::kActualSeqLengths, lens);
  EXPECT_EQ(r.check(), "actual_seq_lengths: sequence 1: XAttention needs Lq "
                       "<= Lk, got 3 queries and 2 keys");
}

//===----------------------------------------------------------------------===//
// The record itself and the error channel
//===----------------------------------------------------------------------===//

TEST(RecordTest, RejectsShortRecord) {
  std::array<int64_t, rec::kNumWords> words{};
  EXPECT_EQ(attnc_rt_check_attention(words.data(), words.data(), 0, 10, 1), 1);
  EXPECT_EQ(std::string(attnc_rt_last_error()),
            "check record: 10 words with stride 1, expected 154 contiguous "
            "words");
}

TEST(RecordTest, RejectsMalformedHeaderAndSlots) {
  Record r(5, 0);
  EXPECT_EQ(r.check(), "check record: bad family 5");
  Record missing(0, 0);
  EXPECT_EQ(missing.check(), "check record: q is missing");
  Record layout(1, 3);
  EXPECT_EQ(layout.check(), "check record: bad layout 3");
  Record noData(0, 0);
  noData.set(rec::kQ, {1, 4, 8}).set(rec::kK, {1, 2, 8});
  noData.set(rec::kV, {1, 2, 8}).set(rec::kCuSeqlensQ, {2});
  EXPECT_EQ(noData.check(), "check record: cu_seqlens_q has no data address");
}

TEST(RecordTest, LastErrorIsPerThread) {
  Record r(5, 0);
  EXPECT_NE(r.check(), "");
  std::string seen = "unset";
  std::thread other([&] { seen = attnc_rt_last_error(); });
  other.join();
  EXPECT_EQ(seen, "");
  EXPECT_EQ(std::string(attnc_rt_last_error()), "check record: bad family 5");
}

} // namespace
