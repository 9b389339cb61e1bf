func.func @two(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
               %v: tensor<?x1x1xf32>, %cu_q: tensor<?xi32>,
               %cu_k: tensor<?xi32>) -> (tensor<?x1x1xf32>, tensor<?x1x1xf32>) {
  %a = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x1xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      {skip_softmax = #attn.skip_softmax<br = 2, bc = 2>} -> tensor<?x1x1xf32>
  %b = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x1xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      {skip_softmax = #attn.skip_softmax<br = 2, bc = 2>} -> tensor<?x1x1xf32>
  return %a, %b : tensor<?x1x1xf32>, tensor<?x1x1xf32>
}
