// RUN: attn-opt %s --attn-lower-to-loops --canonicalize | FileCheck %s

// XAttention: a selection phase (antidiagonal strided scores, their softmax,
// f64 block masses, the runtime's greedy choice) fills block lists that the
// attention then walks like a block mask.
// CHECK: func.func private @attnc_rt_xattention_select(i64, i64, i64, i64, f64)
// CHECK-LABEL: func.func @xattention(
// CHECK: %[[NUM:.*]] = memref.alloc({{.*}}) : memref<?x4x?xi32>
// CHECK: %[[IDX:.*]] = memref.alloc({{.*}}) : memref<?x4x?x?xi32>
// CHECK: scf.parallel
// CHECK:   memref.alloc({{.*}}) : memref<?xf64>
// CHECK:   math.exp
// CHECK:   func.call @attnc_rt_xattention_select
// CHECK: scf.parallel
// CHECK:   memref.load %[[NUM]]
// CHECK:   memref.load %[[IDX]]
// CHECK: memref.dealloc %[[NUM]]
// CHECK: memref.dealloc %[[IDX]]
func.func @xattention(%q: tensor<?x4x32xf32>, %k: tensor<?x2x32xf32>, %v: tensor<?x2x32xf32>,
                      %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> tensor<?x4x32xf32> {
  %o = attn.varlen q(%q : tensor<?x4x32xf32>) k(%k : tensor<?x2x32xf32>) v(%v : tensor<?x2x32xf32>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>)
      {causal, sparsity = #attn.xattention<threshold = 0.9, block = 16, stride = 4>}
      -> tensor<?x4x32xf32>
  return %o : tensor<?x4x32xf32>
}
