// The XAttention estimate with (nearly) no attention: tau = 1e-9 and no
// dense tail keep only block 0 and the diagonal block of each q-block, so
// this kernel's time minus that of those two blocks through
// cpu_sparse_block_mask.mlir is the estimate and selection alone
// (benchmarks/cpu_sparse_benchmark.py). H=2, D=128, f32, block 64, stride 8.
func.func @cpu_sparse_xattention_probe(%q: tensor<?x2x128xf32>, %k: tensor<?x2x128xf32>,
                                 %v: tensor<?x2x128xf32>, %cu_q: tensor<?xi32>,
                                 %cu_k: tensor<?xi32>)
    -> (tensor<?x2x128xf32>, tensor<?x2x?xi32>, tensor<?x2x?x?xi32>) {
  %o, %n, %i = attn.varlen q(%q : tensor<?x2x128xf32>) k(%k : tensor<?x2x128xf32>)
      v(%v : tensor<?x2x128xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      {causal, sparsity = #attn.xattention<threshold = 1.0e-9, block = 64, stride = 8, dense_tail = 0>}
      -> tensor<?x2x128xf32> selected tensor<?x2x?xi32>, tensor<?x2x?x?xi32>
  return %o, %n, %i : tensor<?x2x128xf32>, tensor<?x2x?xi32>, tensor<?x2x?x?xi32>
}
