// RUN: attn-opt %s --split-input-file --verify-diagnostics

// How the sparsity attributes relate to their op (SPEC §5): block-mask
// operands with #attn.block_mask, prompt_lens with #attn.trishape, tri-shape
// bk, XAttention causality. Attribute-local checks are in invalid-attrs.mlir.

// kv_num_blocks needs #attn.block_mask.
func.func @kv_num_blocks_no_block_mask(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %kv_num_blocks: tensor<?x8x?xi32>, %kv_indices: tensor<?x8x?x?xi32>) {
  // expected-error @below {{operand 'kv_num_blocks' requires sparsity #attn.block_mask, found no 'sparsity' attribute}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) kv_num_blocks(%kv_num_blocks : tensor<?x8x?xi32>) kv_indices(%kv_indices : tensor<?x8x?x?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// kv_indices needs #attn.block_mask, not tri-shape.
func.func @kv_indices_trishape(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %kv_indices: tensor<?x8x?x?xi32>) {
  // expected-error @below {{operand 'kv_indices' requires sparsity #attn.block_mask, found sparsity = #attn.trishape<bk = 64>}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) kv_indices(%kv_indices : tensor<?x8x?x?xi32>) {sparsity = #attn.trishape<bk = 64>} -> tensor<?x8x64xf16>
  return
}

// -----

// full_kv_num_blocks needs #attn.block_mask.
func.func @full_kv_no_block_mask(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %full_kv_num_blocks: tensor<?x8x?xi32>, %full_kv_indices: tensor<?x8x?x?xi32>) {
  // expected-error @below {{operand 'full_kv_num_blocks' requires sparsity #attn.block_mask, found sparsity = #attn.xattention<>}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) full_kv_num_blocks(%full_kv_num_blocks : tensor<?x8x?xi32>) full_kv_indices(%full_kv_indices : tensor<?x8x?x?xi32>) {causal, sparsity = #attn.xattention<>} -> tensor<?x8x64xf16>
  return
}

// -----

// #attn.block_mask needs kv_num_blocks.
func.func @block_mask_no_num_blocks(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %kv_indices: tensor<?x8x?x?xi32>) {
  // expected-error @below {{sparsity #attn.block_mask requires operands 'kv_num_blocks' and 'kv_indices', found no 'kv_num_blocks'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) kv_indices(%kv_indices : tensor<?x8x?x?xi32>) {sparsity = #attn.block_mask<bq = 64, bk = 64>} -> tensor<?x8x64xf16>
  return
}

// -----

// #attn.block_mask needs kv_indices.
func.func @block_mask_no_indices(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %kv_num_blocks: tensor<?x8x?xi32>) {
  // expected-error @below {{sparsity #attn.block_mask requires operands 'kv_num_blocks' and 'kv_indices', found no 'kv_indices'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) kv_num_blocks(%kv_num_blocks : tensor<?x8x?xi32>) {sparsity = #attn.block_mask<bq = 64, bk = 64>} -> tensor<?x8x64xf16>
  return
}

// -----

// #attn.block_mask needs both operands.
func.func @block_mask_no_operands(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{sparsity #attn.block_mask requires operands 'kv_num_blocks' and 'kv_indices', found no 'kv_num_blocks'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {sparsity = #attn.block_mask<bq = 64, bk = 64>} -> tensor<?x8x64xf16>
  return
}

// -----

// full_kv_num_blocks needs full_kv_indices.
func.func @full_kv_num_blocks_alone(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %kv_num_blocks: tensor<?x8x?xi32>, %kv_indices: tensor<?x8x?x?xi32>, %full_kv_num_blocks: tensor<?x8x?xi32>) {
  // expected-error @below {{operands 'full_kv_num_blocks' and 'full_kv_indices' must be given together, found only 'full_kv_num_blocks'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) kv_num_blocks(%kv_num_blocks : tensor<?x8x?xi32>) kv_indices(%kv_indices : tensor<?x8x?x?xi32>) full_kv_num_blocks(%full_kv_num_blocks : tensor<?x8x?xi32>) {sparsity = #attn.block_mask<bq = 64, bk = 64>} -> tensor<?x8x64xf16>
  return
}

// -----

// full_kv_indices needs full_kv_num_blocks.
func.func @full_kv_indices_alone(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %kv_num_blocks: tensor<?x8x?xi32>, %kv_indices: tensor<?x8x?x?xi32>, %full_kv_indices: tensor<?x8x?x?xi32>) {
  // expected-error @below {{operands 'full_kv_num_blocks' and 'full_kv_indices' must be given together, found only 'full_kv_indices'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) kv_num_blocks(%kv_num_blocks : tensor<?x8x?xi32>) kv_indices(%kv_indices : tensor<?x8x?x?xi32>) full_kv_indices(%full_kv_indices : tensor<?x8x?x?xi32>) {sparsity = #attn.block_mask<bq = 64, bk = 64>} -> tensor<?x8x64xf16>
  return
}

// -----

// kv_num_blocks is [B|1, Hq|1, nQB].
func.func @kv_num_blocks_rank(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %kv_num_blocks: tensor<8x?xi32>, %kv_indices: tensor<?x8x?x?xi32>) {
  // expected-error @below {{operand 'kv_num_blocks' must have rank 3 [B|1, Hq|1, nQB], found 'tensor<8x?xi32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) kv_num_blocks(%kv_num_blocks : tensor<8x?xi32>) kv_indices(%kv_indices : tensor<?x8x?x?xi32>) {sparsity = #attn.block_mask<bq = 64, bk = 64>} -> tensor<?x8x64xf16>
  return
}

// -----

// kv_indices is [B|1, Hq|1, nQB, maxKVB].
func.func @kv_indices_rank(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %kv_num_blocks: tensor<?x8x?xi32>, %kv_indices: tensor<?x8x?xi32>) {
  // expected-error @below {{operand 'kv_indices' must have rank 4 [B|1, Hq|1, nQB, maxKVB], found 'tensor<?x8x?xi32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) kv_num_blocks(%kv_num_blocks : tensor<?x8x?xi32>) kv_indices(%kv_indices : tensor<?x8x?xi32>) {sparsity = #attn.block_mask<bq = 64, bk = 64>} -> tensor<?x8x64xf16>
  return
}

// -----

// kv_num_blocks is i32.
func.func @kv_num_blocks_i64(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %kv_num_blocks: tensor<?x8x?xi64>, %kv_indices: tensor<?x8x?x?xi32>) {
  // expected-error @below {{operand 'kv_num_blocks' must have element type i32, found 'i64'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) kv_num_blocks(%kv_num_blocks : tensor<?x8x?xi64>) kv_indices(%kv_indices : tensor<?x8x?x?xi32>) {sparsity = #attn.block_mask<bq = 64, bk = 64>} -> tensor<?x8x64xf16>
  return
}

// -----

// kv_indices is i32.
func.func @kv_indices_i64(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %kv_num_blocks: tensor<?x8x?xi32>, %kv_indices: tensor<?x8x?x?xi64>) {
  // expected-error @below {{operand 'kv_indices' must have element type i32, found 'i64'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) kv_num_blocks(%kv_num_blocks : tensor<?x8x?xi32>) kv_indices(%kv_indices : tensor<?x8x?x?xi64>) {sparsity = #attn.block_mask<bq = 64, bk = 64>} -> tensor<?x8x64xf16>
  return
}

// -----

// kv_num_blocks dim 0 is B or 1 (B = 3).
func.func @kv_num_blocks_batch(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<4xi32>, %ck: tensor<4xi32>, %kv_num_blocks: tensor<2x8x?xi32>, %kv_indices: tensor<?x8x?x?xi32>) {
  // expected-error @below {{operand 'kv_num_blocks' dim 0 must be 1 or B = 3, found 2}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<4xi32>) cu_seqlens_k(%ck : tensor<4xi32>) kv_num_blocks(%kv_num_blocks : tensor<2x8x?xi32>) kv_indices(%kv_indices : tensor<?x8x?x?xi32>) {sparsity = #attn.block_mask<bq = 64, bk = 64>} -> tensor<?x8x64xf16>
  return
}

// -----

// kv_num_blocks dim 1 is Hq or 1, not Hkv.
func.func @kv_num_blocks_heads(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %kv_num_blocks: tensor<?x2x?xi32>, %kv_indices: tensor<?x8x?x?xi32>) {
  // expected-error @below {{operand 'kv_num_blocks' dim 1 must be 1 or Hq = 8, found 2}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) kv_num_blocks(%kv_num_blocks : tensor<?x2x?xi32>) kv_indices(%kv_indices : tensor<?x8x?x?xi32>) {sparsity = #attn.block_mask<bq = 64, bk = 64>} -> tensor<?x8x64xf16>
  return
}

// -----

// kv_indices dim 1 is Hq or 1, not Hkv.
func.func @kv_indices_heads(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %kv_num_blocks: tensor<?x8x?xi32>, %kv_indices: tensor<?x2x?x?xi32>) {
  // expected-error @below {{operand 'kv_indices' dim 1 must be 1 or Hq = 8, found 2}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) kv_num_blocks(%kv_num_blocks : tensor<?x8x?xi32>) kv_indices(%kv_indices : tensor<?x2x?x?xi32>) {sparsity = #attn.block_mask<bq = 64, bk = 64>} -> tensor<?x8x64xf16>
  return
}

// -----

// kv_indices has the nQB of kv_num_blocks.
func.func @kv_indices_nqb(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %kv_num_blocks: tensor<1x8x4xi32>, %kv_indices: tensor<1x8x3x16xi32>) {
  // expected-error @below {{operand 'kv_indices' dim 2 (nQB) must equal dim 2 of 'kv_num_blocks' = 4, found 3}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) kv_num_blocks(%kv_num_blocks : tensor<1x8x4xi32>) kv_indices(%kv_indices : tensor<1x8x3x16xi32>) {sparsity = #attn.block_mask<bq = 64, bk = 64>} -> tensor<?x8x64xf16>
  return
}

// -----

// The full-block pair is checked like the partial one.
func.func @full_kv_indices_heads(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %kv_num_blocks: tensor<?x8x?xi32>, %kv_indices: tensor<?x8x?x?xi32>, %full_kv_num_blocks: tensor<?x8x?xi32>, %full_kv_indices: tensor<?x4x?x?xi32>) {
  // expected-error @below {{operand 'full_kv_indices' dim 1 must be 1 or Hq = 8, found 4}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) kv_num_blocks(%kv_num_blocks : tensor<?x8x?xi32>) kv_indices(%kv_indices : tensor<?x8x?x?xi32>) full_kv_num_blocks(%full_kv_num_blocks : tensor<?x8x?xi32>) full_kv_indices(%full_kv_indices : tensor<?x4x?x?xi32>) {sparsity = #attn.block_mask<bq = 64, bk = 64>} -> tensor<?x8x64xf16>
  return
}

// -----

// The full-block pair is i32.
func.func @full_kv_num_blocks_type(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %kv_num_blocks: tensor<?x8x?xi32>, %kv_indices: tensor<?x8x?x?xi32>, %full_kv_num_blocks: tensor<?x8x?xi16>, %full_kv_indices: tensor<?x8x?x?xi32>) {
  // expected-error @below {{operand 'full_kv_num_blocks' must have element type i32, found 'i16'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) kv_num_blocks(%kv_num_blocks : tensor<?x8x?xi32>) kv_indices(%kv_indices : tensor<?x8x?x?xi32>) full_kv_num_blocks(%full_kv_num_blocks : tensor<?x8x?xi16>) full_kv_indices(%full_kv_indices : tensor<?x8x?x?xi32>) {sparsity = #attn.block_mask<bq = 64, bk = 64>} -> tensor<?x8x64xf16>
  return
}

// -----

// prompt_lens needs #attn.trishape.
func.func @prompt_lens_no_trishape(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %prompt_lens: tensor<?xi32>) {
  // expected-error @below {{operand 'prompt_lens' requires sparsity #attn.trishape, found no 'sparsity' attribute}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) prompt_lens(%prompt_lens : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// prompt_lens needs #attn.trishape, not a block mask.
func.func @prompt_lens_block_mask(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %kv_num_blocks: tensor<?x8x?xi32>, %kv_indices: tensor<?x8x?x?xi32>, %prompt_lens: tensor<?xi32>) {
  // expected-error @below {{operand 'prompt_lens' requires sparsity #attn.trishape, found sparsity = #attn.block_mask<bq = 64, bk = 64>}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) kv_num_blocks(%kv_num_blocks : tensor<?x8x?xi32>) kv_indices(%kv_indices : tensor<?x8x?x?xi32>) prompt_lens(%prompt_lens : tensor<?xi32>) {sparsity = #attn.block_mask<bq = 64, bk = 64>} -> tensor<?x8x64xf16>
  return
}

// -----

// prompt_lens is [B].
func.func @prompt_lens_batch(%q: tensor<4x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<4x?xi32>, %cl: tensor<4xi32>, %prompt_lens: tensor<5xi32>) {
  // expected-error @below {{operand 'prompt_lens' must have shape [4] ([B]), found 'tensor<5xi32>'}}
  attn.paged layout(nhd) q(%q : tensor<4x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<4x?xi32>) context_lens(%cl : tensor<4xi32>) prompt_lens(%prompt_lens : tensor<5xi32>) {sparsity = #attn.trishape<>} -> tensor<4x8x64xf16>
  return
}

// -----

// prompt_lens is i32.
func.func @prompt_lens_i64(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>, %prompt_lens: tensor<?xi64>) {
  // expected-error @below {{operand 'prompt_lens' must have element type i32, found 'i64'}}
  attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) prompt_lens(%prompt_lens : tensor<?xi64>) {sparsity = #attn.trishape<>} -> tensor<?x8x64xf16>
  return
}

// -----

// Tri-shape needs bk on attn.varlen (only attn.paged defaults it).
func.func @trishape_no_bk_varlen(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{sparsity #attn.trishape needs 'bk' on attn.varlen (it defaults to the page size only on attn.paged)}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {sparsity = #attn.trishape<start = 128, recent = 256>} -> tensor<?x8x64xf16>
  return
}

// -----

// XAttention must be causal.
func.func @xattention_not_causal(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{sparsity #attn.xattention requires 'causal'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {sparsity = #attn.xattention<threshold = 0.9>} -> tensor<?x8x64xf16>
  return
}

// -----

// XAttention must be causal, on every family.
func.func @xattention_not_causal_dense(%q: tensor<?x8x1x64xf16>, %k: tensor<?x2x?x64xf16>, %v: tensor<?x2x?x64xf16>) {
  // expected-error @below {{sparsity #attn.xattention requires 'causal'}}
  attn.dense layout(bnsd) q(%q : tensor<?x8x1x64xf16>) k(%k : tensor<?x2x?x64xf16>) v(%v : tensor<?x2x?x64xf16>) {sparsity = #attn.xattention<>} -> tensor<?x8x1x64xf16>
  return
}
