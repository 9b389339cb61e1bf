// RUN: attn-opt %s --attn-approximate-math | FileCheck %s

// exp on f32 vectors becomes arith (a vectorisable polynomial), no libm call.
// CHECK-LABEL: func.func @softmax_step
// CHECK-NOT: math.exp
// CHECK: arith.mulf
// CHECK: return
func.func @softmax_step(%s: vector<16xf32>, %m: vector<16xf32>) -> vector<16xf32> {
  %d = arith.subf %s, %m : vector<16xf32>
  %p = math.exp %d : vector<16xf32>
  return %p : vector<16xf32>
}
