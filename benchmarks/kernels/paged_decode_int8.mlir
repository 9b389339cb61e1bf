// Paged decode, H=32/8 (GQA), D=128, 16-token pages, int8 K and V caches
// with per-token scales (SPEC §4, [P, page_size]), f32 queries and output.
func.func @paged_decode_int8(%q: tensor<?x32x128xf32>, %kc: tensor<?x16x8x128xi8>,
                            %vc: tensor<?x16x8x128xi8>, %bt: tensor<?x?xi32>,
                            %cl: tensor<?xi32>, %ks: tensor<?x16xf32>,
                            %vs: tensor<?x16xf32>) -> tensor<?x32x128xf32> {
  %o = attn.paged layout(nhd) q(%q : tensor<?x32x128xf32>)
      k_cache(%kc : tensor<?x16x8x128xi8>) v_cache(%vc : tensor<?x16x8x128xi8>)
      block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>)
      k_scale(%ks : tensor<?x16xf32>) v_scale(%vs : tensor<?x16xf32>)
      {k_quant = #attn.granularity<per_token>, v_quant = #attn.granularity<per_token>}
      -> tensor<?x32x128xf32>
  return %o : tensor<?x32x128xf32>
}
