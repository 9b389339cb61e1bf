// RUN: attn-opt %s --attn-lower-to-loops --canonicalize | FileCheck %s

// Skip-softmax: tiles follow the SPEC tile (br queries per head, bc keys),
// the decision compares each row's block max with its running max plus
// ln(lambda), and the counts reach skip_stats atomically.
// CHECK-LABEL: func.func @skip(
// CHECK-SAME: %[[STATS:[^:]*]]: memref<2xi64>, %{{[^:]*}}: i1) -> i32
// CHECK: memref.store %{{.*}}, %[[STATS]]
// CHECK: scf.parallel
// CHECK: math.log
// CHECK: arith.cmpf olt
// CHECK: memref.atomic_rmw addi %{{.*}}, %[[STATS]]
// CHECK: memref.atomic_rmw addi %{{.*}}, %[[STATS]]
func.func @skip(%q: tensor<?x4x64xf32>, %k: tensor<?x2x64xf32>, %v: tensor<?x2x64xf32>,
                %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> (tensor<?x4x64xf32>, tensor<2xi64>) {
  %o, %s = attn.varlen q(%q : tensor<?x4x64xf32>) k(%k : tensor<?x2x64xf32>) v(%v : tensor<?x2x64xf32>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>)
      {causal, skip_softmax = #attn.skip_softmax<br = 16, bc = 16, prefill = 0.3 : f64>}
      -> tensor<?x4x64xf32> skip_stats tensor<2xi64>
  return %o, %s : tensor<?x4x64xf32>, tensor<2xi64>
}
