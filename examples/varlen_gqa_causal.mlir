// Varlen prefill of a packed ragged batch: GQA 8/2, causal, sliding window
// of 64 keys with 4 sink tokens, f16, LSE returned.
//
//   attn-run examples/varlen_gqa_causal.mlir --seed=1
func.func @varlen_gqa_causal(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>,
                             %v: tensor<?x2x64xf16>, %cu_q: tensor<?xi32>,
                             %cu_k: tensor<?xi32>)
    -> (tensor<?x8x64xf16>, tensor<8x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>)
      v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      {causal, window = array<i64: 64, 0>, num_sink = 4}
      -> tensor<?x8x64xf16> lse tensor<8x?xf32>
  return %out, %lse : tensor<?x8x64xf16>, tensor<8x?xf32>
}
