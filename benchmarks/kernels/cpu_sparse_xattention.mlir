// XAttention prefill on the CPU (tau = 0.9, block 64, stride 8), H=2, D=128,
// f32, causal: the selection runs inside the kernel, then the attention on
// the kept blocks (benchmarks/cpu_sparse_benchmark.py). The `selected`
// results give the chosen block lists.
func.func @cpu_sparse_xattention(%q: tensor<?x2x128xf32>, %k: tensor<?x2x128xf32>,
                                 %v: tensor<?x2x128xf32>, %cu_q: tensor<?xi32>,
                                 %cu_k: tensor<?xi32>)
    -> (tensor<?x2x128xf32>, tensor<?x2x?xi32>, tensor<?x2x?x?xi32>) {
  %o, %n, %i = attn.varlen q(%q : tensor<?x2x128xf32>) k(%k : tensor<?x2x128xf32>)
      v(%v : tensor<?x2x128xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      {causal, sparsity = #attn.xattention<threshold = 0.9, block = 64, stride = 8, dense_tail = 100>}
      -> tensor<?x2x128xf32> selected tensor<?x2x?xi32>, tensor<?x2x?x?xi32>
  return %o, %n, %i : tensor<?x2x128xf32>, tensor<?x2x?xi32>, tensor<?x2x?x?xi32>
}
