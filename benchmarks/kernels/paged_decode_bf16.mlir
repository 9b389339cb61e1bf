// Paged decode, H=32/8 (GQA), D=128, 16-token pages, bf16.
func.func @paged_decode_bf16(%q: tensor<?x32x128xbf16>, %kc: tensor<?x16x8x128xbf16>,
                           %vc: tensor<?x16x8x128xbf16>, %bt: tensor<?x?xi32>,
                           %cl: tensor<?xi32>) -> tensor<?x32x128xbf16> {
  %o = attn.paged layout(nhd) q(%q : tensor<?x32x128xbf16>)
      k_cache(%kc : tensor<?x16x8x128xbf16>) v_cache(%vc : tensor<?x16x8x128xbf16>)
      block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>)
      -> tensor<?x32x128xbf16>
  return %o : tensor<?x32x128xbf16>
}
