// Paged decode, H=32/8 (GQA), D=128, 16-token pages, fp8 (e4m3) K and V caches
// with per-tensor scales (SPEC §4), f32 queries and output.
func.func @paged_decode_fp8(%q: tensor<?x32x128xf32>, %kc: tensor<?x16x8x128xf8E4M3FN>,
                            %vc: tensor<?x16x8x128xf8E4M3FN>, %bt: tensor<?x?xi32>,
                            %cl: tensor<?xi32>, %ks: tensor<f32>,
                            %vs: tensor<f32>) -> tensor<?x32x128xf32> {
  %o = attn.paged layout(nhd) q(%q : tensor<?x32x128xf32>)
      k_cache(%kc : tensor<?x16x8x128xf8E4M3FN>) v_cache(%vc : tensor<?x16x8x128xf8E4M3FN>)
      block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>)
      k_scale(%ks : tensor<f32>) v_scale(%vs : tensor<f32>)
      -> tensor<?x32x128xf32>
  return %o : tensor<?x32x128xf32>
}
