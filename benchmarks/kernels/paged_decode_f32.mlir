// Paged decode, H=32/8 (GQA), D=128, 16-token pages, f32.
func.func @paged_decode_f32(%q: tensor<?x32x128xf32>, %kc: tensor<?x16x8x128xf32>,
                           %vc: tensor<?x16x8x128xf32>, %bt: tensor<?x?xi32>,
                           %cl: tensor<?xi32>) -> tensor<?x32x128xf32> {
  %o = attn.paged layout(nhd) q(%q : tensor<?x32x128xf32>)
      k_cache(%kc : tensor<?x16x8x128xf32>) v_cache(%vc : tensor<?x16x8x128xf32>)
      block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>)
      -> tensor<?x32x128xf32>
  return %o : tensor<?x32x128xf32>
}
