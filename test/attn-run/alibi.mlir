// ALiBi (SPEC §2 step 3, FlashAttention-2 sign): s += -slope * |p_i - j|,
// slopes per query head f32[Hq] or per sequence and head f32[B, Hq]; GQA
// (Hq = 2 query heads read the one kv head).
//
// Two sequences, each Lq = 2, Lk = 3 (queries at positions 1 and 2), not
// causal; q = k = 0 so s = -slope * |p - j|; v = [0, 1, 4] in both.
//   slope 1,   p = 1: s = [-1, 0, -1]    out = 1.423883  lse = 0.551445
//   slope 1,   p = 2: s = [-2, -1, 0]    out = 2.905692  lse = 0.407606
//   slope 0.5, p = 1: s = [-.5, 0, -.5]  out = 1.548137  lse = 0.794377
//   slope 0.5, p = 2: s = [-1, -.5, 0]   out = 2.333117  lse = 0.680270
//   slope 0:          s = [0, 0, 0]      out = 5/3 = 1.666667  lse = ln 3 = 1.098612
// (out = sum_j exp(s_j) v_j / sum_j exp(s_j), lse = ln sum_j exp(s_j).)
// out rows are (query, head): seq 0 q0 h0, q0 h1, q1 h0, q1 h1, seq 1 ...;
// lse is [Hq, Tq].
//
// DEFINE: %{run} = attn-run %s --print-values=8 --input=4x2x1xf32=0 \
// DEFINE:   --input=6x1x1xf32=0 --input=6x1x1xf32=0,1,4,0,1,4 \
// DEFINE:   --input=3xi32=0,2,4 --input=3xi32=0,3,6
// RUN: %{run} --function=per_head --input=2xf32=1,0.5 \
// RUN:   | FileCheck %s --check-prefix=HEAD
// RUN: %{run} --function=per_sequence --input=2x2xf32=1,0.5,0,0 \
// RUN:   | FileCheck %s --check-prefix=SEQ

// HEAD:      result #0 out 4x2x1xf32
// HEAD-NEXT: [1.423{{[0-9]}}, 1.548{{[0-9]}}, 2.905{{[0-9]}}, 2.333{{[0-9]}}, 1.423{{[0-9]}}, 1.548{{[0-9]}}, 2.905{{[0-9]}}, 2.333{{[0-9]}}]
// HEAD-NEXT: result #1 lse 2x4xf32
// HEAD-NEXT: [0.5514{{[0-9]}}, 0.4076{{[0-9]}}, 0.5514{{[0-9]}}, 0.4076{{[0-9]}}, 0.7943{{[0-9]}}, 0.6802{{[0-9]}}, 0.7943{{[0-9]}}, 0.6802{{[0-9]}}]

// SEQ:      result #0 out 4x2x1xf32
// SEQ-NEXT: [1.423{{[0-9]}}, 1.548{{[0-9]}}, 2.905{{[0-9]}}, 2.333{{[0-9]}}, 1.666{{[0-9]}}, 1.666{{[0-9]}}, 1.666{{[0-9]}}, 1.666{{[0-9]}}]
// SEQ-NEXT: result #1 lse 2x4xf32
// SEQ-NEXT: [0.5514{{[0-9]}}, 0.4076{{[0-9]}}, 1.098{{[0-9]}}, 1.098{{[0-9]}}, 0.7943{{[0-9]}}, 0.6802{{[0-9]}}, 1.098{{[0-9]}}, 1.098{{[0-9]}}]

func.func @per_head(%q: tensor<?x2x1xf32>, %k: tensor<?x1x1xf32>,
                    %v: tensor<?x1x1xf32>, %cu_q: tensor<?xi32>,
                    %cu_k: tensor<?xi32>, %slopes: tensor<2xf32>)
    -> (tensor<?x2x1xf32>, tensor<2x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x2x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x1xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      alibi_slopes(%slopes : tensor<2xf32>)
      -> tensor<?x2x1xf32> lse tensor<2x?xf32>
  return %out, %lse : tensor<?x2x1xf32>, tensor<2x?xf32>
}

func.func @per_sequence(%q: tensor<?x2x1xf32>, %k: tensor<?x1x1xf32>,
                        %v: tensor<?x1x1xf32>, %cu_q: tensor<?xi32>,
                        %cu_k: tensor<?xi32>, %slopes: tensor<?x2xf32>)
    -> (tensor<?x2x1xf32>, tensor<2x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x2x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x1xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      alibi_slopes(%slopes : tensor<?x2xf32>)
      -> tensor<?x2x1xf32> lse tensor<2x?xf32>
  return %out, %lse : tensor<?x2x1xf32>, tensor<2x?xf32>
}
