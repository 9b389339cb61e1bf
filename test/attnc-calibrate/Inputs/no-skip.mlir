func.func @plain(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                 %v: tensor<?x1x1xf32>, %cu_q: tensor<?xi32>,
                 %cu_k: tensor<?xi32>) -> tensor<?x1x1xf32> {
  %out = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x1xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) -> tensor<?x1x1xf32>
  return %out : tensor<?x1x1xf32>
}
