func.func @decode(%q: tensor<?x2x16xf32>, %kc: tensor<?x4x1x16xf32>,
                  %vc: tensor<?x4x1x16xf32>, %bt: tensor<?x?xi32>,
                  %cl: tensor<?xi32>) -> tensor<?x2x16xf32> {
  %o = attn.paged layout(nhd) q(%q : tensor<?x2x16xf32>)
      k_cache(%kc : tensor<?x4x1x16xf32>) v_cache(%vc : tensor<?x4x1x16xf32>)
      block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>)
      {skip_softmax = #attn.skip_softmax<br = 4, bc = 4>}
      -> tensor<?x2x16xf32>
  return %o : tensor<?x2x16xf32>
}
