// Paged decode: one query per sequence against a vLLM-layout (nhd) KV cache
// of 16-token pages, GQA 32/8, head dim 128, bf16.
//
//   attn-run examples/paged_decode.mlir --seed=1 --kv-extra=1000
func.func @paged_decode(%q: tensor<?x32x128xbf16>,
                        %k_cache: tensor<?x16x8x128xbf16>,
                        %v_cache: tensor<?x16x8x128xbf16>,
                        %block_table: tensor<?x?xi32>,
                        %context_lens: tensor<?xi32>) -> tensor<?x32x128xbf16> {
  %out = attn.paged layout(nhd) q(%q : tensor<?x32x128xbf16>)
      k_cache(%k_cache : tensor<?x16x8x128xbf16>)
      v_cache(%v_cache : tensor<?x16x8x128xbf16>)
      block_table(%block_table : tensor<?x?xi32>)
      context_lens(%context_lens : tensor<?xi32>)
      -> tensor<?x32x128xbf16>
  return %out : tensor<?x32x128xbf16>
}
