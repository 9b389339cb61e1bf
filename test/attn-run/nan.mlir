// NaN in the inputs reaches only the rows that read it (SPEC §2 step 8):
// a NaN value reaches the queries that see its key, a NaN query row only
// itself; the other rows keep their exact values.
//
// Two sequences, causal, cu_seqlens_q = [0, 2, 4], cu_seqlens_k = [0, 5, 7];
// k = 0; v = [1, 2, 3, 4, NaN | 10, 20]; q = [0, 0 | NaN, 0].
//   seq 0, p = 3: keys {0..3} (not the NaN key 4): out 2.5, lse ln 4 = 1.386294
//   seq 0, p = 4: keys {0..4}: out NaN, lse ln 5 = 1.609438 (the scores are finite)
//   seq 1, p = 0: NaN query: out NaN, lse NaN
//   seq 1, p = 1: keys {0, 1}: out 15, lse ln 2 = 0.693147
//
// RUN: attn-run %s --print-values=4 --input=4x1x1xf32=0,0,nan,0 \
// RUN:   --input=7x1x1xf32=0 --input=7x1x1xf32=1,2,3,4,nan,10,20 \
// RUN:   --input=3xi32=0,2,4 --input=3xi32=0,5,7 | FileCheck %s

// CHECK:      input #0 q 4x1x1xf32 min 0 max 0 mean 0, 1 NaN
// CHECK:      result #0 out 4x1x1xf32 min 2.5 max 15 mean 8.75, 2 NaN
// CHECK-NEXT: [2.5, nan, nan, 15]
// CHECK-NEXT: result #1 lse 1x4xf32 {{.*}}, 1 NaN
// CHECK-NEXT: [1.386{{[0-9]}}, 1.609{{[0-9]}}, nan, 0.6931{{[0-9]}}]

func.func @causal(%q: tensor<4x1x1xf32>, %k: tensor<7x1x1xf32>,
                  %v: tensor<7x1x1xf32>, %cu_q: tensor<3xi32>,
                  %cu_k: tensor<3xi32>) -> (tensor<4x1x1xf32>, tensor<1x4xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<4x1x1xf32>) k(%k : tensor<7x1x1xf32>)
      v(%v : tensor<7x1x1xf32>) cu_seqlens_q(%cu_q : tensor<3xi32>)
      cu_seqlens_k(%cu_k : tensor<3xi32>) {causal}
      -> tensor<4x1x1xf32> lse tensor<1x4xf32>
  return %out, %lse : tensor<4x1x1xf32>, tensor<1x4xf32>
}
