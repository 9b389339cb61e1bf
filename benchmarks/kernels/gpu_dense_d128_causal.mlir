// Dense prefill, H=32, D=128, causal.
// Dense bnsd [B, H, S, D], bf16: one kernel serves any batch and length
// (benchmarks/gpu/gpu_suite.py --bench, ANCHORS.md's prefill rows).
func.func @gpu_dense_d128_causal(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x32x?x128xbf16>,
    %v: tensor<?x32x?x128xbf16>) -> tensor<?x32x?x128xbf16> {
  %o = attn.dense layout(bnsd) q(%q : tensor<?x32x?x128xbf16>)
      k(%k : tensor<?x32x?x128xbf16>) v(%v : tensor<?x32x?x128xbf16>) {causal}
      -> tensor<?x32x?x128xbf16>
  return %o : tensor<?x32x?x128xbf16>
}
