// Dense causal prefill on the CPU, H=2, D=128, f32: the yardstick of the
// sparse rows (benchmarks/cpu_sparse_benchmark.py).
func.func @cpu_sparse_dense(%q: tensor<?x2x128xf32>, %k: tensor<?x2x128xf32>,
                            %v: tensor<?x2x128xf32>, %cu_q: tensor<?xi32>,
                            %cu_k: tensor<?xi32>) -> tensor<?x2x128xf32> {
  %o = attn.varlen q(%q : tensor<?x2x128xf32>) k(%k : tensor<?x2x128xf32>)
      v(%v : tensor<?x2x128xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) {causal} -> tensor<?x2x128xf32>
  return %o : tensor<?x2x128xf32>
}
