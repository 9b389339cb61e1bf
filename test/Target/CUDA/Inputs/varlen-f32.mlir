// Varlen prefill, f32, head dim 64, causal with a sliding window and ALiBi:
// packed rows of 2 query heads per kv head (3xTF32 tiles).
func.func @varlen_f32(%q: tensor<?x4x64xf32>, %k: tensor<?x2x64xf32>, %v: tensor<?x2x64xf32>,
                      %cq: tensor<?xi32>, %ck: tensor<?xi32>, %slopes: tensor<4xf32>)
    -> tensor<?x4x64xf32> {
  %o = attn.varlen q(%q : tensor<?x4x64xf32>) k(%k : tensor<?x2x64xf32>) v(%v : tensor<?x2x64xf32>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>)
      alibi_slopes(%slopes : tensor<4xf32>)
      {causal, window = array<i64: 128, 0>} -> tensor<?x4x64xf32>
  return %o : tensor<?x4x64xf32>
}
