// Block-sparse causal prefill on the CPU, H=2, D=128, f32, 64x64 blocks
// (SPEC §5.1, FlexAttention's split): per-head lists, kv_* for the partial
// (diagonal) blocks, full_kv_* for the others
// (benchmarks/cpu_sparse_benchmark.py).
func.func @cpu_sparse_block_mask(%q: tensor<?x2x128xf32>,
    %k: tensor<?x2x128xf32>, %v: tensor<?x2x128xf32>, %cu_q: tensor<?xi32>,
    %cu_k: tensor<?xi32>, %num: tensor<1x2x?xi32>, %idx: tensor<1x2x?x?xi32>,
    %full_num: tensor<1x2x?xi32>, %full_idx: tensor<1x2x?x?xi32>)
    -> tensor<?x2x128xf32> {
  %o = attn.varlen q(%q : tensor<?x2x128xf32>) k(%k : tensor<?x2x128xf32>)
      v(%v : tensor<?x2x128xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      kv_num_blocks(%num : tensor<1x2x?xi32>) kv_indices(%idx : tensor<1x2x?x?xi32>)
      full_kv_num_blocks(%full_num : tensor<1x2x?xi32>)
      full_kv_indices(%full_idx : tensor<1x2x?x?xi32>)
      {causal, sparsity = #attn.block_mask<bq = 64, bk = 64>}
      -> tensor<?x2x128xf32>
  return %o : tensor<?x2x128xf32>
}
