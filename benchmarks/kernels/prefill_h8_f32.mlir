// Causal prefill, H=8, D=128, f32: one kernel serves any packed batch.
func.func @prefill_h8_f32(%q: tensor<?x8x128xf32>, %k: tensor<?x8x128xf32>,
                      %v: tensor<?x8x128xf32>, %cu_q: tensor<?xi32>,
                      %cu_k: tensor<?xi32>) -> tensor<?x8x128xf32> {
  %o = attn.varlen q(%q : tensor<?x8x128xf32>) k(%k : tensor<?x8x128xf32>)
      v(%v : tensor<?x8x128xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) {causal} -> tensor<?x8x128xf32>
  return %o : tensor<?x8x128xf32>
}
