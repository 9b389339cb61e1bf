// A function body may hold several attention ops, feed one's result to the
// next, take operands from arith.constant (dense and splat), and return an
// argument as it is (a result with no attention name).
//
// q = 0 (splat constant), k = [1, 0], v = [2, 4], cu_seqlens = [0, 2]
// (constant), not causal, scale 1:
//   first op: q = 0, scores [0, 0]: out1 = [3, 3]
//   second op: q = out1 = 3, scores [3, 0]: weights e^3/(e^3+1) = 0.952574
//     and 0.047426: out2 = 2 * 0.952574 + 4 * 0.047426 = 2.094852
//
// RUN: attn-run %s --input=2x1x1xf32=1,0 --input=2x1x1xf32=2,4 | FileCheck %s

// CHECK:      attn-run: @chain on the reference backend (float64), inputs from the command line
// CHECK-NEXT: input #0 k 2x1x1xf32
// CHECK-NEXT: input #1 v 2x1x1xf32
// CHECK-NEXT: result #0 out 2x1x1xf32
// CHECK-NEXT: [2.094{{[0-9]}}, 2.094{{[0-9]}}]
// CHECK-NEXT: result #1 out 2x1x1xf32
// CHECK-NEXT: [3, 3]
// CHECK-NEXT: result #2 2x1x1xf32 min 2 max 4 mean 3
// CHECK-NEXT: [2, 4]

func.func @chain(%k: tensor<2x1x1xf32>, %v: tensor<2x1x1xf32>)
    -> (tensor<2x1x1xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>) {
  %q = arith.constant dense<0.0> : tensor<2x1x1xf32>
  %cu = arith.constant dense<[0, 2]> : tensor<2xi32>
  %out1 = attn.varlen q(%q : tensor<2x1x1xf32>) k(%k : tensor<2x1x1xf32>)
      v(%v : tensor<2x1x1xf32>) cu_seqlens_q(%cu : tensor<2xi32>)
      cu_seqlens_k(%cu : tensor<2xi32>) {scale = 1.0 : f64}
      -> tensor<2x1x1xf32>
  %out2 = attn.varlen q(%out1 : tensor<2x1x1xf32>) k(%k : tensor<2x1x1xf32>)
      v(%v : tensor<2x1x1xf32>) cu_seqlens_q(%cu : tensor<2xi32>)
      cu_seqlens_k(%cu : tensor<2xi32>) {scale = 1.0 : f64}
      -> tensor<2x1x1xf32>
  return %out2, %out1, %v : tensor<2x1x1xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>
}
