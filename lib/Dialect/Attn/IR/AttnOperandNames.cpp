//===- AttnOperandNames.cpp - operands of attention ops by name -----------===//
//
// Runners, argument generators and ABI emitters address operands by the
// names SPEC.md uses; this is the one place that maps names to accessors.
//
//===----------------------------------------------------------------------===//

#include "attnc/Dialect/Attn/IR/Attn.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace attnc::attn;

SmallVector<NamedOperand>
attnc::attn::getNamedOperands(AttentionOpInterface op) {
  SmallVector<NamedOperand> named;
  auto add = [&](StringRef name, Value value) {
    if (value)
      named.push_back({name, value});
  };
  llvm::TypeSwitch<Operation *>(op.getOperation())
      .Case([&](VarlenOp varlen) {
        add("q", varlen.getQ());
        add("k", varlen.getK());
        add("v", varlen.getV());
        add("cu_seqlens_q", varlen.getCuSeqlensQ());
        add("cu_seqlens_k", varlen.getCuSeqlensK());
      })
      .Case([&](PagedOp paged) {
        add("q", paged.getQ());
        add("k_cache", paged.getKCache());
        add("v_cache", paged.getVCache());
        add("block_table", paged.getBlockTable());
        add("context_lens", paged.getContextLens());
        add("cu_seqlens_q", paged.getCuSeqlensQ());
      })
      .Case([&](DenseOp dense) {
        add("q", dense.getQ());
        add("k", dense.getK());
        add("v", dense.getV());
        add("actual_seq_lengths", dense.getActualSeqLengths());
        add("kv_padding_size", dense.getKvPaddingSize());
      });
  add("alibi_slopes", op.getAlibiSlopes());
  add("bias", op.getBias());
  add("mask", op.getMask());
  add("k_scale", op.getKScale());
  add("k_offset", op.getKOffset());
  add("v_scale", op.getVScale());
  add("v_offset", op.getVOffset());
  add("out_scale", op.getOutScale());
  add("out_offset", op.getOutOffset());
  add("kv_num_blocks", op.getKvNumBlocks());
  add("kv_indices", op.getKvIndices());
  add("full_kv_num_blocks", op.getFullKvNumBlocks());
  add("full_kv_indices", op.getFullKvIndices());
  add("prompt_lens", op.getPromptLens());
  for (Value capture : op.getCaptures())
    add("captures", capture);
  return named;
}
