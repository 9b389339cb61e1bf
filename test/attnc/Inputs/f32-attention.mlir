// An f32 attention op: the CPU compiles it, the GPU lowering (tensor cores
// read f16/bf16) rejects it.
func.func @f32_attention(%q: tensor<?x2x64xf32>, %k: tensor<?x2x64xf32>, %v: tensor<?x2x64xf32>, %cu_q: tensor<?xi32>, %cu_k: tensor<?xi32>) -> tensor<?x2x64xf32> {
  %out = attn.varlen q(%q : tensor<?x2x64xf32>) k(%k : tensor<?x2x64xf32>)
      v(%v : tensor<?x2x64xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) -> tensor<?x2x64xf32>
  return %out : tensor<?x2x64xf32>
}
