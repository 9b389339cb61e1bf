// Rows with no visible key get out = 0 and lse = -inf, never NaN (SPEC §2
// step 8): causal queries at negative positions (Lq > Lk) and a sequence
// with queries but no keys.
//
// cu_seqlens_q = [0, 3, 4], cu_seqlens_k = [0, 1, 1], causal, q = k = 0,
// v = [7]:
//   sequence 0: Lq = 3, Lk = 1, queries at positions -2, -1, 0: only the
//     last sees key 0: out [0, 0, 7], lse [-inf, -inf, 0]
//   sequence 1: Lq = 1, Lk = 0: out 0, lse -inf
//
// RUN: attn-run %s --input=4x1x1xf32=0 --input=1x1x1xf32=0 \
// RUN:   --input=1x1x1xf32=7 --input=3xi32=0,3,4 --input=3xi32=0,1,1 \
// RUN:   | FileCheck %s

// CHECK-NOT:  NaN
// CHECK:      result #0 out 4x1x1xf32 min 0 max 7 mean 1.75
// CHECK-NEXT: [0, 0, 7, 0]
// CHECK-NEXT: result #1 lse 1x4xf32 min 0 max 0 mean 0, 3 inf
// CHECK-NEXT: [-inf, -inf, 0, -inf]
// CHECK-NOT:  NaN

func.func @fully_masked(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                        %v: tensor<?x1x1xf32>, %cu_q: tensor<?xi32>,
                        %cu_k: tensor<?xi32>)
    -> (tensor<?x1x1xf32>, tensor<1x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x1xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) {causal}
      -> tensor<?x1x1xf32> lse tensor<1x?xf32>
  return %out, %lse : tensor<?x1x1xf32>, tensor<1x?xf32>
}
