// Causal prefill, H=16, D=128, f32: one kernel serves any packed batch.
func.func @prefill_f32(%q: tensor<?x16x128xf32>, %k: tensor<?x16x128xf32>,
                      %v: tensor<?x16x128xf32>, %cu_q: tensor<?xi32>,
                      %cu_k: tensor<?xi32>) -> tensor<?x16x128xf32> {
  %o = attn.varlen q(%q : tensor<?x16x128xf32>) k(%k : tensor<?x16x128xf32>)
      v(%v : tensor<?x16x128xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) {causal} -> tensor<?x16x128xf32>
  return %o : tensor<?x16x128xf32>
}
