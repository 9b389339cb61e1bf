// Varlen prefill of a packed ragged batch, H=32, D=128, causal, bf16
// (benchmarks/gpu/gpu_suite.py --bench, ANCHORS.md's varlen row).
func.func @gpu_varlen_causal(%q: tensor<?x32x128xbf16>, %k: tensor<?x32x128xbf16>,
    %v: tensor<?x32x128xbf16>, %cu_q: tensor<?xi32>, %cu_k: tensor<?xi32>)
    -> tensor<?x32x128xbf16> {
  %o = attn.varlen q(%q : tensor<?x32x128xbf16>) k(%k : tensor<?x32x128xbf16>)
      v(%v : tensor<?x32x128xbf16>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) {causal} -> tensor<?x32x128xbf16>
  return %o : tensor<?x32x128xbf16>
}
