// Head dim 512: the CPU compiles it, the GPU lowering (head dims up to 256)
// rejects it.
func.func @wide_head(%q: tensor<?x2x512xf32>, %k: tensor<?x2x512xf32>, %v: tensor<?x2x512xf32>, %cu_q: tensor<?xi32>, %cu_k: tensor<?xi32>) -> tensor<?x2x512xf32> {
  %out = attn.varlen q(%q : tensor<?x2x512xf32>) k(%k : tensor<?x2x512xf32>)
      v(%v : tensor<?x2x512xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) -> tensor<?x2x512xf32>
  return %out : tensor<?x2x512xf32>
}
