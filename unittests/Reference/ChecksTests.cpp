//===- ChecksTests.cpp - SPEC §6 runtime checks and shape errors ----------===//

#include "TestUtil.h"

#include "attnc/Runtime/ArgumentChecks.h"

using namespace reftest;

namespace {

/// evaluate() must fail with a message holding every substring, and leave
/// the caller's Result untouched.
void expectError(const Problem &p, std::vector<std::string> parts) {
  Result r;
  r.out = arr({1}, {42.0});
  r.skippedTiles = 7;
  Status st = evaluate(p, r);
  ASSERT_FALSE(st.ok) << "expected an error containing " << parts[0];
  for (const std::string &s : parts)
    EXPECT_NE(st.message.find(s), std::string::npos)
        << "message: " << st.message << "\nmissing: " << s;
  EXPECT_EQ(r.out.data, std::vector<double>{42.0});
  EXPECT_EQ(r.skippedTiles, 7);
}

Logical small(uint32_t seed = 1) {
  return randomLogical(seed, 4, 2, 4, 3, {3, 6, 2, 4}, {5, 6, 4, 6});
}

TEST(ReferenceChecks, CuSeqlens) {
  Logical L = small();
  Problem p = toVarlen(L); // cu_seqlens_q = [0, 3, 9, 11, 15]
  p.cuSeqlensQ->data[3] = 7;
  expectError(p, {"cu_seqlens_q: sequence 2: cu_seqlens_q[3] = 7 is less "
                  "than cu_seqlens_q[2] = 9"});
  p = toVarlen(L);
  p.cuSeqlensQ->data[0] = 1;
  expectError(p, {"cu_seqlens_q", "sequence 0", "cu_seqlens_q[0] = 1"});
  p = toVarlen(L);
  p.cuSeqlensQ->data[4] = 14;
  expectError(p, {"cu_seqlens_q", "sequence 3", "= 14", "15"});
  p = toVarlen(L);
  p.cuSeqlensK->data[2] = 30;
  expectError(p, {"cu_seqlens_k", "sequence 2", "cu_seqlens_k[3] = 15",
                  "cu_seqlens_k[2] = 30"});
  p = toVarlen(L);
  p.cuSeqlensK = ints({4}, {0, 5, 11, 15});
  expectError(p, {"cu_seqlens_k", "4 entries", "5"});
}

TEST(ReferenceChecks, PagedIndices) {
  Logical L = small();
  Problem good = toPaged(L, CacheLayout::NHD, 2, 3); // 3 or 4 pages per row
  const int64_t maxPages = good.blockTable->shape[1];
  const int64_t P = good.k.shape[0];
  Problem p = good;
  p.contextLens->data[1] = -3;
  expectError(p, {"context_lens", "sequence 1", "context_lens[1] = -3",
                  "negative"});
  p = good;
  p.contextLens->data[2] = 2 * maxPages + 1;
  expectError(p, {"context_lens", "sequence 2", "max_pages"});
  p = good;
  p.blockTable->data[3 * maxPages + 1] = P;
  expectError(p, {"block_table", "sequence 3", "block_table[3, 1] = " +
                                                   std::to_string(P)});
  p = good;
  p.blockTable->data[0] = -1;
  expectError(p, {"block_table", "sequence 0", "block_table[0, 0] = -1"});
  // Entries past ceil(Lk / page) are never checked, whatever they hold.
  p = good;
  p.blockTable->data[1 * maxPages + 3] = -12345;
  EXPECT_TRUE(evalStatus(p).ok);
  p = good;
  p.cuSeqlensQ->data[2] = 2;
  expectError(p, {"cu_seqlens_q", "sequence 1"});
}

TEST(ReferenceChecks, DenseIndices) {
  Logical L = randomLogical(2, 2, 1, 4, 4, {2, 2}, {5, 3});
  Problem good = toDense(L, DenseLayout::BSND, 6);
  Problem p = good;
  p.actualSeqLengths->data[1] = -1;
  expectError(p, {"actual_seq_lengths", "sequence 1",
                  "actual_seq_lengths[1] = -1"});
  p = good;
  p.actualSeqLengths->data[0] = 7;
  expectError(p, {"actual_seq_lengths", "sequence 0",
                  "actual_seq_lengths[0] = 7", "6"});
  p = good;
  p.kvPaddingSize = -2;
  expectError(p, {"kv_padding_size", "-2"});
  // With padding a range starting below slot 0 is legal: output 0.
  p = good;
  p.kvPaddingSize = 2;
  Result r = eval(p);
  for (int64_t n = 0; n < 2 * 2 * 4; ++n)
    EXPECT_EQ(r.out.data[n], 0.0) << "sequence 0 starts at slot -1";
  // Without padding a length past Skv is an error; with padding it is legal.
  p = good;
  p.actualSeqLengths->data[1] = 9;
  expectError(p, {"actual_seq_lengths", "sequence 1", "= 9"});
  p.kvPaddingSize = 0;
  r = eval(p);
  for (int64_t n = 16; n < 32; ++n)
    EXPECT_EQ(r.out.data[n], 0.0) << "sequence 1 starts at slot -3";
  p = good;
  p.actualSeqLengths = ints({3}, {1, 2, 3});
  expectError(p, {"actual_seq_lengths", "3 entries"});
}

TEST(ReferenceChecks, BlockMaskIndices) {
  Logical L = randomLogical(3, 2, 1, 4, 4, {5, 3}, {9, 4});
  Problem good = toVarlen(L);
  good.sparsity = BlockMaskSparsity{4, 4};
  // nQB = 2, key blocks of the longest sequence: ceil(9 / 4) = 3.
  good.kvNumBlocks = ints({2, 2, 2}, std::vector<int64_t>(8, 2));
  good.kvIndices = ints({2, 2, 2, 3}, std::vector<int64_t>(24, 2));
  for (int64_t n = 2; n < 24; n += 3)
    good.kvIndices->data[n] = 77; // unused slot: never checked
  ASSERT_TRUE(evalStatus(good).ok);
  Problem p = good;
  p.kvNumBlocks->data[(1 * 2 + 0) * 2 + 1] = 4;
  expectError(p, {"kv_num_blocks", "sequence 1", "kv_num_blocks[1, 0, 1] = 4",
                  "[0, 3]"});
  p = good;
  p.kvNumBlocks->data[0] = -1;
  expectError(p, {"kv_num_blocks", "sequence 0", "= -1"});
  p = good;
  p.kvIndices->data[((1 * 2 + 1) * 2 + 0) * 3 + 1] = 3;
  expectError(p, {"kv_indices", "sequence 1", "kv_indices[1, 1, 0, 1] = 3",
                  "[0, 3)"});
  p = good;
  p.kvNumBlocks = ints({2, 2, 1}, std::vector<int64_t>(4, 1));
  p.kvIndices = ints({2, 2, 1, 3}, std::vector<int64_t>(12, 0));
  expectError(p, {"kv_num_blocks", "sequence 0", "q-blocks"});
  // Broadcast operands name all sequences.
  p = good;
  p.kvNumBlocks = ints({1, 1, 2}, {1, 1});
  p.kvIndices = ints({1, 1, 2, 1}, {0, -4});
  expectError(p, {"kv_indices", "all sequences", "= -4"});
  p = good;
  p.fullKvNumBlocks = good.kvNumBlocks;
  p.fullKvIndices = good.kvIndices;
  p.fullKvIndices->data[0] = 9;
  expectError(p, {"full_kv_indices", "sequence 0", "= 9"});
  p = good;
  p.kvNumBlocks = ints({3, 2, 2}, std::vector<int64_t>(12, 0));
  expectError(p, {"kv_num_blocks", "batch", "3"});
}

TEST(ReferenceChecks, PromptLens) {
  Logical L = randomLogical(4, 2, 1, 4, 4, {4, 2}, {12, 10});
  Problem tri = toVarlen(L);
  tri.sparsity = TriShapeSparsity{2, 2, 2, 1};
  tri.promptLens = ints({2}, {12, -5});
  expectError(tri, {"prompt_lens", "sequence 1", "prompt_lens[1] = -5"});
  tri.promptLens = ints({2}, {12, 0});
  EXPECT_TRUE(evalStatus(tri).ok);
}

TEST(ReferenceChecks, XAttentionLengthRule) {
  Problem xa = toVarlen(randomLogical(4, 2, 1, 4, 4, {4, 2}, {12, 9}));
  xa.causal = true;
  xa.sparsity = XAttentionSparsity{0.8, 4, 2, 0};
  expectError(xa, {"cu_seqlens_k", "sequence 1", "9 - 2 = 7", "block 4"});
  Problem more = toVarlen(randomLogical(4, 2, 1, 4, 4, {4, 6}, {12, 2}));
  more.causal = true;
  more.sparsity = XAttentionSparsity{0.8, 4, 2, 0};
  expectError(more, {"cu_seqlens_k", "sequence 1", "6 queries", "2 keys"});
  Problem paged =
      toPaged(randomLogical(4, 2, 1, 4, 4, {1, 1}, {6, 9}), CacheLayout::NHD,
              4, 1);
  paged.causal = true;
  paged.sparsity = XAttentionSparsity{0.8, 4, 2, 0};
  expectError(paged, {"context_lens", "sequence 0"});
}

TEST(ReferenceChecks, PaddedBiasAndMask) {
  Logical L = small(); // max Lq 6, max Lk 6
  Problem p = toVarlen(L);
  p.bias = arr({1, 1, 6, 5}, std::vector<double>(30, 0.0));
  expectError(p, {"bias", "sequence 1", "dimension 3", "6 keys"});
  p = toVarlen(L);
  p.mask = arr({1, 1, 4, 1}, std::vector<double>(4, 1.0));
  expectError(p, {"mask", "sequence 1", "dimension 2", "6 queries"});
  p = toVarlen(L);
  p.mask = arr({1, 1, 1, 1}, {1.0});
  EXPECT_TRUE(evalStatus(p).ok);
}

TEST(ReferenceChecks, ShapeErrors) {
  Logical L = small();
  Problem p = toVarlen(L);
  p.headDim = 5;
  expectError(p, {"q", "[Tq, Hq, D]", "[*, 4, 5]", "[15, 4, 4]"});
  p = toVarlen(L);
  p.numKvHeads = 3;
  expectError(p, {"numQHeads = 4", "numKvHeads = 3"});
  p = toVarlen(L);
  p.numQHeads = 0;
  expectError(p, {"numQHeads = 0"});
  p = toVarlen(L);
  p.headDimV = 4;
  expectError(p, {"v", "[Tk, Hkv, Dv]"});
  p = toVarlen(L);
  p.q.data.pop_back();
  expectError(p, {"q", "values for shape"});
  p = toVarlen(L);
  p.cuSeqlensK.reset();
  expectError(p, {"cu_seqlens_k", "required"});
  p = toVarlen(L);
  p.contextLens = ints({4}, {1, 1, 1, 1});
  expectError(p, {"context_lens", "not an operand"});
  // Paged cache shape against its layout.
  Problem paged = toPaged(L, CacheLayout::NHD, 3, 1);
  paged.cacheLayout = CacheLayout::HND;
  expectError(paged, {"k", "hnd"});
  paged = toPaged(L, CacheLayout::NHD, 3, 1);
  paged.cuSeqlensQ.reset();
  expectError(paged, {"q", "Tq = B"});
  // Dense.
  Logical D = randomLogical(2, 2, 1, 4, 4, {2, 2}, {3, 3});
  Problem dense = toDense(D, DenseLayout::BSH, 3);
  dense.k.shape = {2, 3, 1, 4};
  expectError(dense, {"k", "bsh"});
  dense = toDense(D, DenseLayout::BNSD, 3);
  dense.cuSeqlensQ = ints({3}, {0, 2, 4});
  expectError(dense, {"cu_seqlens_q", "not an operand"});
  // Bias / mask broadcasting.
  p = toVarlen(L);
  p.bias = arr({3, 1, 1, 1}, {0, 0, 0});
  expectError(p, {"bias", "dimension 0", "1 or 4"});
  p = toVarlen(L);
  p.mask = arr({1, 1, 6}, std::vector<double>(6, 1.0));
  expectError(p, {"mask", "rank 4"});
  dense = toDense(D, DenseLayout::BNSD, 3);
  dense.bias = arr({1, 1, 2, 4}, std::vector<double>(8, 0.0));
  expectError(dense, {"bias", "dimension 3", "1 or 3"});
  // ALiBi.
  p = toVarlen(L);
  p.alibiSlopes = arr({2}, {0.1, 0.2});
  expectError(p, {"alibi_slopes", "[Hq]"});
}

TEST(ReferenceChecks, DequantShapes) {
  Logical L = small();
  Problem p = toVarlen(L);
  Dequant dq;
  dq.scale = arr({2}, {1, 1});
  p.kDequant = dq;
  expectError(p, {"k_scale", "per-tensor"});
  dq.granularity = Granularity::PerChannel;
  dq.scale = arr({2, 3}, std::vector<double>(6, 1.0));
  p.kDequant = dq;
  expectError(p, {"k_scale", "[Hkv, D]", "[2, 4]"});
  p.kDequant.reset();
  p.vDequant = dq; // [2, 3] is right for V (Dv = 3)
  EXPECT_TRUE(evalStatus(p).ok);
  p.vDequant->offset = arr({2, 4}, std::vector<double>(8, 0.0));
  expectError(p, {"v_offset", "[Hkv, Dv]"});
  dq.granularity = Granularity::PerToken;
  dq.scale = arr({10}, std::vector<double>(10, 1.0));
  p.vDequant = dq;
  expectError(p, {"v_scale", "[Tk]", "21"});
  Problem paged = toPaged(L, CacheLayout::HPND, 3, 1);
  dq.scale = arr({paged.k.shape[1], 4},
                 std::vector<double>(paged.k.shape[1] * 4, 1.0));
  paged.kDequant = dq;
  expectError(paged, {"k_scale", "[P, page_size]"});
  p = toVarlen(L);
  p.outQuant = OutQuant{arr({4, 4}, std::vector<double>(16, 1.0)),
                        std::nullopt};
  expectError(p, {"out_scale", "[Hq, Dv]"});
}

TEST(ReferenceChecks, AttributeErrors) {
  Logical L = small();
  Problem p = toVarlen(L);
  p.windowLeft = -2;
  expectError(p, {"window", "-2"});
  p = toVarlen(L);
  p.numSink = -1;
  expectError(p, {"sink", "-1"});
  p = toVarlen(L);
  p.softcap = -1;
  expectError(p, {"softcap"});
  p = toVarlen(randomLogical(1, 2, 1, 4, 4, {4}, {4}));
  p.sparsity = XAttentionSparsity{0.8, 4, 2, 0};
  expectError(p, {"xattention", "causal"});
  p.causal = true;
  p.sparsity = XAttentionSparsity{0.8, 4, 3, 0};
  expectError(p, {"xattention", "stride 3", "block 4"});
  p.sparsity = XAttentionSparsity{0.0, 4, 2, 0};
  expectError(p, {"xattention", "threshold"});
  p.sparsity = XAttentionSparsity{1.5, 4, 2, 0};
  expectError(p, {"xattention", "threshold"});
  p.sparsity = TriShapeSparsity{};
  expectError(p, {"tri_shape", "bk"});
  p.sparsity = TriShapeSparsity{4, 6, 8, 0};
  expectError(p, {"tri_shape", "n_retained_start = 6"});
  p.sparsity = BlockMaskSparsity{};
  expectError(p, {"kv_num_blocks", "required"});
  p.sparsity = std::monostate{};
  p.kvNumBlocks = ints({1, 1, 1}, {0});
  expectError(p, {"kv_num_blocks", "not an operand"});
  p = toVarlen(L);
  p.sparsity = BlockMaskSparsity{};
  p.kvNumBlocks = ints({1, 1, 1}, {0});
  p.kvIndices = ints({1, 1, 1, 1}, {0});
  p.fullKvIndices = ints({1, 1, 1, 1}, {0});
  expectError(p, {"full_kv_num_blocks"});
  p = toVarlen(L);
  p.promptLens = ints({4}, {1, 2, 3, 4});
  expectError(p, {"prompt_lens", "not an operand"});
  p = toVarlen(L);
  p.skipSoftmax = SkipSoftmax{};
  p.skipSoftmax->prefill.value = 1.0;
  expectError(p, {"skip_softmax", "prefill", "(0, 1)"});
  p.skipSoftmax = SkipSoftmax{};
  p.skipSoftmax->br = 0;
  expectError(p, {"skip_softmax", "br = 0"});
  p.skipSoftmax = SkipSoftmax{};
  p.skipSoftmax->decode.calibrated = true;
  expectError(p, {"skip_softmax", "decode", "a > 0"});
}

TEST(RuntimeChecks, RawInt32Buffers) {
  using namespace attnc::rt;
  const int32_t cu[] = {0, 3, 9, 7, 15};
  CheckResult r = checkCuSeqlens("cu_seqlens_q", IndexView(cu, 5), 4, 15);
  EXPECT_EQ(r.message, "cu_seqlens_q: sequence 2: cu_seqlens_q[3] = 7 is less "
                       "than cu_seqlens_q[2] = 9");
  const int32_t okCu[] = {0, 3, 3, 15};
  EXPECT_TRUE(checkCuSeqlens("cu_seqlens_k", IndexView(okCu, 4), 3, 15).ok());
  EXPECT_FALSE(checkCuSeqlens("cu_seqlens_k", IndexView(okCu, 4), 3, 16).ok());

  const int32_t lens[] = {5, 0, 8};
  const int32_t table[] = {4, 1, 999, 999, /**/ -5, -5, -5, -5, /**/ 0, 2, 3, 3};
  EXPECT_TRUE(checkContextLens(IndexView(lens, 3), 3, 4, 4).ok());
  EXPECT_TRUE(
      checkBlockTable(IndexView(table, 12), 3, 4, IndexView(lens, 3), 4, 5)
          .ok());
  CheckResult bt =
      checkBlockTable(IndexView(table, 12), 3, 4, IndexView(lens, 3), 2, 5);
  EXPECT_NE(bt.message.find("block_table[0, 2] = 999"), std::string::npos)
      << bt.message;
  EXPECT_NE(checkContextLens(IndexView(lens, 3), 3, 2, 3)
                .message.find("sequence 2"),
            std::string::npos);

  const int64_t lens64[] = {4, 4};
  SeqLengths q = SeqLengths::constant(2);
  SeqLengths k = SeqLengths::fromLengths(IndexView(lens64, 2));
  EXPECT_EQ(k.max(2), 4);
  EXPECT_EQ(SeqLengths::fromCumulative(IndexView(cu, 5))(1), 6);
  EXPECT_TRUE(checkXAttentionLengths("context_lens", q, k, 2, 2).ok());
  EXPECT_FALSE(checkXAttentionLengths("context_lens", q, k, 2, 4).ok());

  BlockMaskShape s;
  s.numQBlocks = 1, s.maxKvBlocks = 2, s.bq = 2, s.bk = 2;
  const int32_t num[] = {2}, idx[] = {0, 2};
  CheckResult bm = checkBlockMask("kv_num_blocks", "kv_indices",
                                  IndexView(num, 1), IndexView(idx, 2), s, 2,
                                  8, q, k);
  EXPECT_NE(bm.message.find("kv_indices: all sequences: kv_indices[0, 0, 0, "
                            "1] = 2 is outside [0, 2)"),
            std::string::npos)
      << bm.message;
  EXPECT_FALSE(checkPaddedDim("bias", 3, "keys", 3, k, 2).ok());
  EXPECT_TRUE(checkPaddedDim("bias", 3, "keys", 1, k, 2).ok());
  EXPECT_FALSE(checkKvPaddingSize(-1).ok());
  EXPECT_FALSE(checkPromptLens(IndexView(lens, 3), 2).ok()); // wrong size
}

} // namespace
