// RUN: attn-opt %s --split-input-file --attn-lower-to-loops --canonicalize | FileCheck %s

// XAttention: a selection phase fills block lists that the attention then
// walks like a block mask. The estimate is a matrix product of strided rows
// (Q'^T [S D, rows], here [4 x 32, 32]: eight q-blocks of 16 / 4 strided rows)
// and staged K' rows (chunks of 64 strided columns, each key row copied with
// full-width vector loads) through the score kernel's vector FMAs, then the
// causal softmax per strided row and the f64 block masses (lanes of a q-block
// summed), then the runtime's greedy choice, per (sequence, head, q-blocks).
// CHECK: func.func private @attnc_rt_xattention_select(i64, i64, i64, i64, f64)
// CHECK-LABEL: func.func @xattention(
// CHECK: %[[NUM:.*]] = memref.alloc({{.*}}) : memref<?x4x?xi32>
// CHECK: %[[IDX:.*]] = memref.alloc({{.*}}) : memref<?x4x?x?xi32>
// CHECK: scf.parallel ({{.*}}, {{.*}}, {{.*}}) =
// CHECK:   memref.alloc({{.*}}) : memref<?xf64>
// CHECK:   memref.alloc() {alignment = 64 : i64} : memref<128x32xf32>
// CHECK:   memref.alloc() {alignment = 64 : i64} : memref<64x128xf32>
// CHECK:   %[[SCORES:.*]] = memref.alloc({{.*}}) {alignment = 64 : i64} : memref<?x32xf32>
// CHECK:   vector.load %arg1[{{.*}}] : memref<?x2x32xf32>, vector<16xf32>
// CHECK:   memref.subview %[[SCORES]]
// CHECK:   vector.fma
// CHECK:   math.exp {{.*}} : vector<16xf32>
// CHECK:   vector.reduction <add>, {{.*}} : vector<4xf32> into f32
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

// -----

// The `selected` results receive a copy of the lists (-1 past each count)
// before the attention walks them.
// CHECK-LABEL: func.func @selected(
// CHECK-SAME: %[[SELNUM:[a-z0-9]+]]: memref<?x4x?xi32>, %[[SELIDX:[a-z0-9]+]]: memref<?x4x?x?xi32>
// CHECK: func.call @attnc_rt_xattention_select
// CHECK: scf.parallel
// CHECK:   memref.store {{.*}}, %[[SELNUM]]
// CHECK:   memref.store {{.*}}, %[[SELIDX]]
// CHECK: scf.parallel
func.func @selected(%q: tensor<?x4x32xf32>, %k: tensor<?x4x32xf32>, %v: tensor<?x4x32xf32>,
                    %cq: tensor<?xi32>, %ck: tensor<?xi32>)
    -> (tensor<?x4x32xf32>, tensor<?x4x?xi32>, tensor<?x4x?x?xi32>) {
  %o, %n, %i = attn.varlen q(%q : tensor<?x4x32xf32>) k(%k : tensor<?x4x32xf32>) v(%v : tensor<?x4x32xf32>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>)
      {causal, sparsity = #attn.xattention<>} -> tensor<?x4x32xf32> selected tensor<?x4x?xi32>, tensor<?x4x?x?xi32>
  return %o, %n, %i : tensor<?x4x32xf32>, tensor<?x4x?xi32>, tensor<?x4x?x?xi32>
}
