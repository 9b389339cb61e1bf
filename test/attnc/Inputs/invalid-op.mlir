// An attention op the verifier rejects.
func.func @bad(%q: tensor<?x4x8xf32>, %k: tensor<?x3x8xf32>,
               %v: tensor<?x3x8xf32>, %cu_q: tensor<?xi32>,
               %cu_k: tensor<?xi32>) -> tensor<?x4x8xf32> {
  %o = attn.varlen q(%q : tensor<?x4x8xf32>) k(%k : tensor<?x3x8xf32>)
      v(%v : tensor<?x3x8xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) -> tensor<?x4x8xf32>
  return %o : tensor<?x4x8xf32>
}
