// XAttention prefill (tau = 0.9, block 64, stride 8), H=8, D=128, f32: the
// selection runs inside the kernel; compare with prefill_h8_f32.mlir.
func.func @xattention_f32(%q: tensor<?x8x128xf32>, %k: tensor<?x8x128xf32>,
                          %v: tensor<?x8x128xf32>, %cu_q: tensor<?xi32>,
                          %cu_k: tensor<?xi32>) -> tensor<?x8x128xf32> {
  %o = attn.varlen q(%q : tensor<?x8x128xf32>) k(%k : tensor<?x8x128xf32>)
      v(%v : tensor<?x8x128xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      {causal, sparsity = #attn.xattention<threshold = 0.9, block = 64, stride = 8, dense_tail = 100>}
      -> tensor<?x8x128xf32>
  return %o : tensor<?x8x128xf32>
}
