// Varlen prefill, f16, head dim 64, causal with a sliding window and ALiBi:
// packed rows of 2 query heads per kv head.
func.func @varlen_f16(%q: tensor<?x4x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>,
                      %cq: tensor<?xi32>, %ck: tensor<?xi32>, %slopes: tensor<4xf32>)
    -> tensor<?x4x64xf16> {
  %o = attn.varlen q(%q : tensor<?x4x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>)
      alibi_slopes(%slopes : tensor<4xf32>)
      {causal, window = array<i64: 128, 0>} -> tensor<?x4x64xf16>
  return %o : tensor<?x4x64xf16>
}
