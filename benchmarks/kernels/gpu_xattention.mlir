// XAttention prefill, H=32, D=128, bf16, causal: tau = 0.9, block 128,
// stride 16, dense tail 100 (SPEC §5.3). One call runs the selection kernel
// (antidiagonal estimate, block masses, greedy choice) and the attention on
// the kept blocks; the `selected` results give the chosen lists.
// Dense bnsd [B, H, S, D]: one kernel serves any batch and length
// (benchmarks/gpu/xattention_bench.py).
func.func @gpu_xattention(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x32x?x128xbf16>,
    %v: tensor<?x32x?x128xbf16>)
    -> (tensor<?x32x?x128xbf16>, tensor<?x32x?xi32>, tensor<?x32x?x?xi32>) {
  %o, %n, %i = attn.dense layout(bnsd) q(%q : tensor<?x32x?x128xbf16>)
      k(%k : tensor<?x32x?x128xbf16>) v(%v : tensor<?x32x?x128xbf16>)
      {causal, sparsity = #attn.xattention<threshold = 0.9, block = 128, stride = 16, dense_tail = 100>}
      -> tensor<?x32x?x128xbf16> selected tensor<?x32x?xi32>, tensor<?x32x?x?xi32>
  return %o, %n, %i : tensor<?x32x?x128xbf16>, tensor<?x32x?xi32>, tensor<?x32x?x?xi32>
}
