// RUN: attn-opt %s --attn-lower-to-loops --split-input-file --verify-diagnostics

func.func @two_ops(%q: tensor<?x4x32xf32>, %k: tensor<?x4x32xf32>, %v: tensor<?x4x32xf32>,
                   %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> tensor<?x4x32xf32> {
  %o = attn.varlen q(%q : tensor<?x4x32xf32>) k(%k : tensor<?x4x32xf32>) v(%v : tensor<?x4x32xf32>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x4x32xf32>
  // expected-error @below {{attn-lower-to-loops compiles one attention op per function}}
  %o2 = attn.varlen q(%q : tensor<?x4x32xf32>) k(%k : tensor<?x4x32xf32>) v(%v : tensor<?x4x32xf32>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x4x32xf32>
  return %o2 : tensor<?x4x32xf32>
}

// -----

func.func @not_an_argument(%q: tensor<?x4x32xf32>, %k: tensor<?x4x32xf32>, %v: tensor<?x4x32xf32>,
                           %ck: tensor<?xi32>) -> tensor<?x4x32xf32> {
  // expected-error @below {{is not supported in a kernel function}}
  %cq = arith.constant dense<[0, 3]> : tensor<2xi32>
  %o = attn.varlen q(%q : tensor<?x4x32xf32>) k(%k : tensor<?x4x32xf32>) v(%v : tensor<?x4x32xf32>)
      cu_seqlens_q(%cq : tensor<2xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x4x32xf32>
  return %o : tensor<?x4x32xf32>
}

// -----

func.func @skip_block_mask_geometry(%q: tensor<?x4x32xf32>, %k: tensor<?x4x32xf32>, %v: tensor<?x4x32xf32>,
                                    %cq: tensor<?xi32>, %ck: tensor<?xi32>, %num: tensor<1x1x?xi32>,
                                    %idx: tensor<1x1x?x?xi32>) -> tensor<?x4x32xf32> {
  // expected-error @below {{skip-softmax with a block mask needs bc = bk and br dividing bq, found bc = 16, bk = 32, br = 16, bq = 32}}
  %o = attn.varlen q(%q : tensor<?x4x32xf32>) k(%k : tensor<?x4x32xf32>) v(%v : tensor<?x4x32xf32>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>)
      kv_num_blocks(%num : tensor<1x1x?xi32>) kv_indices(%idx : tensor<1x1x?x?xi32>)
      {sparsity = #attn.block_mask<bq = 32, bk = 32>,
       skip_softmax = #attn.skip_softmax<br = 16, bc = 16>} -> tensor<?x4x32xf32>
  return %o : tensor<?x4x32xf32>
}

// -----

func.func @xattention_skip(%q: tensor<?x4x32xf32>, %k: tensor<?x4x32xf32>, %v: tensor<?x4x32xf32>,
                           %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> tensor<?x4x32xf32> {
  // expected-error @below {{skip-softmax together with XAttention is not lowered by attn-lower-to-loops yet}}
  %o = attn.varlen q(%q : tensor<?x4x32xf32>) k(%k : tensor<?x4x32xf32>) v(%v : tensor<?x4x32xf32>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>)
      {causal, sparsity = #attn.xattention<>, skip_softmax = #attn.skip_softmax<>} -> tensor<?x4x32xf32>
  return %o : tensor<?x4x32xf32>
}
