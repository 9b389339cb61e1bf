// Paged decode, one query per sequence, GQA H=32/8, D=128, vLLM layout (nhd)
// with 16-token pages, bf16 (benchmarks/gpu/gpu_suite.py --bench, ANCHORS.md's
// decode rows).
func.func @gpu_paged_decode(%q: tensor<?x32x128xbf16>,
    %k_cache: tensor<?x16x8x128xbf16>, %v_cache: tensor<?x16x8x128xbf16>,
    %block_table: tensor<?x?xi32>, %context_lens: tensor<?xi32>)
    -> tensor<?x32x128xbf16> {
  %o = attn.paged layout(nhd) q(%q : tensor<?x32x128xbf16>)
      k_cache(%k_cache : tensor<?x16x8x128xbf16>)
      v_cache(%v_cache : tensor<?x16x8x128xbf16>)
      block_table(%block_table : tensor<?x?xi32>)
      context_lens(%context_lens : tensor<?xi32>) -> tensor<?x32x128xbf16>
  return %o : tensor<?x32x128xbf16>
}
