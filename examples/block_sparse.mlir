// Block-sparse prefill (FlexAttention BlockMask semantics) over a packed
// varlen batch: 32x32 blocks, partial and full block lists, causal, f32.
//
//   attn-run examples/block_sparse.mlir --seed=1 --q-len=100
func.func @block_sparse(%q: tensor<?x4x64xf32>, %k: tensor<?x4x64xf32>,
                        %v: tensor<?x4x64xf32>, %cu_q: tensor<?xi32>,
                        %cu_k: tensor<?xi32>, %num: tensor<?x4x?xi32>,
                        %idx: tensor<?x4x?x?xi32>, %full_num: tensor<?x4x?xi32>,
                        %full_idx: tensor<?x4x?x?xi32>) -> tensor<?x4x64xf32> {
  %out = attn.varlen q(%q : tensor<?x4x64xf32>) k(%k : tensor<?x4x64xf32>)
      v(%v : tensor<?x4x64xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      kv_num_blocks(%num : tensor<?x4x?xi32>) kv_indices(%idx : tensor<?x4x?x?xi32>)
      full_kv_num_blocks(%full_num : tensor<?x4x?xi32>)
      full_kv_indices(%full_idx : tensor<?x4x?x?xi32>)
      {causal, sparsity = #attn.block_mask<bq = 32, bk = 32>}
      -> tensor<?x4x64xf32>
  return %out : tensor<?x4x64xf32>
}
