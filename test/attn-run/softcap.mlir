// Logit soft cap after scaling (SPEC §2 step 2, FlashAttention-2 order):
// s = cap * tanh(scale * q.k / cap).
//
// One query q = 1, keys k = [8, 0], v = [[1, 0], [0, 1]], scale = 0.5,
// softcap = 2:
//   s0 = 2 * tanh(0.5 * 8 / 2) = 2 tanh 2 = 1.928055, s1 = 0
//   out = [w0, w1] with w0 = 1 / (1 + exp(-1.928055)) = 0.873034,
//   w1 = 0.126966; lse = ln(exp(1.928055) + 1) = 2.063836
// (capping before scaling would give s0 = 0.5 * 2 tanh 4 = 0.999329 and
// out = [0.7310, 0.2690].)
//
// RUN: attn-run %s --print-values=2 --input=1x1x1xf32=1 \
// RUN:   --input=2x1x1xf32=8,0 --input=2x1x2xf32=1,0,0,1 \
// RUN:   --input=2xi32=0,1 --input=2xi32=0,2 | FileCheck %s

// CHECK:      result #0 out 1x1x2xf32
// CHECK-NEXT: [0.8730{{[0-9]}}, 0.1269{{[0-9]}}]
// CHECK-NEXT: result #1 lse 1x1xf32
// CHECK-NEXT: [2.063{{[0-9]}}]

func.func @softcap(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                   %v: tensor<?x1x2xf32>, %cu_q: tensor<?xi32>,
                   %cu_k: tensor<?xi32>) -> (tensor<?x1x2xf32>, tensor<1x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x2xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) {scale = 0.5 : f64, softcap = 2.0 : f64}
      -> tensor<?x1x2xf32> lse tensor<1x?xf32>
  return %out, %lse : tensor<?x1x2xf32>, tensor<1x?xf32>
}
