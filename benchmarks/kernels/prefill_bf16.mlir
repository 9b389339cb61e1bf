// Causal prefill, H=16, D=128, bf16: one kernel serves any packed batch.
func.func @prefill_bf16(%q: tensor<?x16x128xbf16>, %k: tensor<?x16x128xbf16>,
                      %v: tensor<?x16x128xbf16>, %cu_q: tensor<?xi32>,
                      %cu_k: tensor<?xi32>) -> tensor<?x16x128xbf16> {
  %o = attn.varlen q(%q : tensor<?x16x128xbf16>) k(%k : tensor<?x16x128xbf16>)
      v(%v : tensor<?x16x128xbf16>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) {causal} -> tensor<?x16x128xbf16>
  return %o : tensor<?x16x128xbf16>
}
