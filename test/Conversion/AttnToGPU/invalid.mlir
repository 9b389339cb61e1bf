// RUN: attn-opt %s --attn-lower-to-gpu --split-input-file --verify-diagnostics
// RUN: not attn-opt %s --attn-lower-to-gpu=block-rows=24 2>&1 | FileCheck %s --check-prefix=ROWS
// RUN: not attn-opt %s --attn-lower-to-gpu=block-k=24 2>&1 | FileCheck %s --check-prefix=ROWS

// What the GPU lowering does not take, each with its diagnostic.
// ROWS: error: attn-lower-to-gpu: block-rows must be a positive multiple of 16, block-k 0 (auto) or one

func.func @skip_softmax_wide_tile(%q: tensor<?x4x64xbf16>, %k: tensor<?x4x64xbf16>, %v: tensor<?x4x64xbf16>,
                        %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> tensor<?x4x64xbf16> {
  // expected-error @below {{the GPU lowering needs skip-softmax tiles of at most 128 rows and a multiple of 16 keys up to 128, found br = 16, bc = 256}}
  %o = attn.varlen q(%q : tensor<?x4x64xbf16>) k(%k : tensor<?x4x64xbf16>) v(%v : tensor<?x4x64xbf16>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>)
      {causal, skip_softmax = #attn.skip_softmax<br = 16, bc = 256, prefill = 0.3 : f64>} -> tensor<?x4x64xbf16>
  return %o : tensor<?x4x64xbf16>
}

// -----

func.func @skip_softmax_block_mask(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>,
    %v: tensor<?x4x?x64xbf16>, %num: tensor<?x1x?xi32>, %idx: tensor<?x1x?x?xi32>)
    -> tensor<?x4x?x64xbf16> {
  // expected-error @below {{skip-softmax with a block mask is not lowered to the GPU}}
  %o = attn.dense layout(bnsd) q(%q : tensor<?x4x?x64xbf16>)
      k(%k : tensor<?x4x?x64xbf16>) v(%v : tensor<?x4x?x64xbf16>)
      kv_num_blocks(%num : tensor<?x1x?xi32>) kv_indices(%idx : tensor<?x1x?x?xi32>)
      {sparsity = #attn.block_mask<bq = 64, bk = 64>,
       skip_softmax = #attn.skip_softmax<br = 64, bc = 64>}
      -> tensor<?x4x?x64xbf16>
  return %o : tensor<?x4x?x64xbf16>
}

// -----

// The estimate's bins are 2 to 16 strided rows and columns.
func.func @xattention_one_strided_row(%q: tensor<?x4x64xbf16>, %k: tensor<?x4x64xbf16>, %v: tensor<?x4x64xbf16>,
                      %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> tensor<?x4x64xbf16> {
  // expected-error @below {{XAttention on the GPU needs block / stride of 2, 4, 8 or 16 strided rows, found 1}}
  %o = attn.varlen q(%q : tensor<?x4x64xbf16>) k(%k : tensor<?x4x64xbf16>) v(%v : tensor<?x4x64xbf16>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>)
      {causal, sparsity = #attn.xattention<block = 64, stride = 64>} -> tensor<?x4x64xbf16>
  return %o : tensor<?x4x64xbf16>
}

// -----

func.func @head_dim_288(%q: tensor<?x2x288xf16>, %k: tensor<?x2x288xf16>, %v: tensor<?x2x288xf16>,
                        %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> tensor<?x2x288xf16> {
  // expected-error @below {{the GPU lowering supports head dims up to 256}}
  %o = attn.varlen q(%q : tensor<?x2x288xf16>) k(%k : tensor<?x2x288xf16>) v(%v : tensor<?x2x288xf16>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x2x288xf16>
  return %o : tensor<?x2x288xf16>
}

// -----

func.func @block_of_8_keys(%q: tensor<?x4x64xf16>, %k: tensor<?x4x64xf16>, %v: tensor<?x4x64xf16>,
                           %cq: tensor<?xi32>, %ck: tensor<?xi32>,
                           %num: tensor<1x1x?xi32>, %idx: tensor<1x1x?x?xi32>) -> tensor<?x4x64xf16> {
  // expected-error @below {{the GPU lowering needs KV blocks of a multiple of 16 keys, found 8}}
  %o = attn.varlen q(%q : tensor<?x4x64xf16>) k(%k : tensor<?x4x64xf16>) v(%v : tensor<?x4x64xf16>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>)
      kv_num_blocks(%num : tensor<1x1x?xi32>) kv_indices(%idx : tensor<1x1x?x?xi32>)
      {sparsity = #attn.block_mask<bq = 16, bk = 8>} -> tensor<?x4x64xf16>
  return %o : tensor<?x4x64xf16>
}

// -----

// The kernel convention is shared with attn-lower-to-loops; its diagnostics
// name the pass that runs.
func.func @two_ops(%q: tensor<?x4x64xbf16>, %k: tensor<?x4x64xbf16>, %v: tensor<?x4x64xbf16>,
                   %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> tensor<?x4x64xbf16> {
  %o = attn.varlen q(%q : tensor<?x4x64xbf16>) k(%k : tensor<?x4x64xbf16>) v(%v : tensor<?x4x64xbf16>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x4x64xbf16>
  // expected-error @below {{attn-lower-to-gpu compiles one attention op per function}}
  %o2 = attn.varlen q(%q : tensor<?x4x64xbf16>) k(%k : tensor<?x4x64xbf16>) v(%v : tensor<?x4x64xbf16>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x4x64xbf16>
  return %o2 : tensor<?x4x64xbf16>
}
