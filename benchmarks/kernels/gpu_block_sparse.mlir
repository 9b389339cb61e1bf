// Block-sparse prefill, H=32, D=128, causal, 128x128 blocks (FlexAttention
// BlockMask semantics, SPEC §5.1): per-head lists, kv_* for the partial
// (diagonal) blocks, full_kv_* for the full ones.
// Dense bnsd [B, H, S, D], bf16, lists [B, 32, NQ] / [B, 32, NQ, NK] i32:
// one kernel serves any batch, length and list width
// (benchmarks/gpu/gpu_suite.py --bench, ANCHORS.md's block-sparse rows).
func.func @gpu_block_sparse(%q: tensor<?x32x?x128xbf16>,
    %k: tensor<?x32x?x128xbf16>, %v: tensor<?x32x?x128xbf16>,
    %num: tensor<?x32x?xi32>, %idx: tensor<?x32x?x?xi32>,
    %full_num: tensor<?x32x?xi32>, %full_idx: tensor<?x32x?x?xi32>)
    -> tensor<?x32x?x128xbf16> {
  %o = attn.dense layout(bnsd) q(%q : tensor<?x32x?x128xbf16>)
      k(%k : tensor<?x32x?x128xbf16>) v(%v : tensor<?x32x?x128xbf16>)
      kv_num_blocks(%num : tensor<?x32x?xi32>)
      kv_indices(%idx : tensor<?x32x?x?xi32>)
      full_kv_num_blocks(%full_num : tensor<?x32x?xi32>)
      full_kv_indices(%full_idx : tensor<?x32x?x?xi32>)
      {causal, sparsity = #attn.block_mask<bq = 128, bk = 128>}
      -> tensor<?x32x?x128xbf16>
  return %o : tensor<?x32x?x128xbf16>
}
