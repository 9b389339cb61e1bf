// RUN: attn-opt %s --attn-lower-to-loops --canonicalize | FileCheck %s

// The tensor function becomes a kernel in destination-passing style: the
// arguments, then one memref per result, then the check flag; it returns
// the check status and writes nothing when the runtime check fails.

// CHECK: func.func private @attnc_rt_check_attention(memref<154xi64>) -> i32
// CHECK-LABEL: func.func @varlen(
// CHECK-SAME: %[[Q:[^:]*]]: memref<?x8x64xf16>, %{{.*}}: memref<?x2x64xf16>, %{{.*}}: memref<?x2x64xf16>,
// CHECK-SAME: %[[CUQ:[^:]*]]: memref<?xi32>, %[[CUK:[^:]*]]: memref<?xi32>,
// CHECK-SAME: %[[OUT:[^:]*]]: memref<?x8x64xf16>, %[[LSE:[^:]*]]: memref<8x?xf32>, %[[CHECK:[^:]*]]: i1) -> i32
// CHECK-SAME: attn.arg_roles = ["q", "k", "v", "cu_seqlens_q", "cu_seqlens_k"]
// CHECK-SAME: attn.kernel, attn.result_names = ["out", "lse"]
// CHECK-SAME: attn.workspace_bytes =
// CHECK-SAME: llvm.emit_c_interface
// CHECK: %[[STATUS:.*]] = scf.if %[[CHECK]] -> (i32) {
// CHECK:   %[[RECORD:.*]] = memref.alloca() : memref<154xi64>
// CHECK:   memref.extract_aligned_pointer_as_index %[[CUQ]]
// CHECK:   func.call @attnc_rt_check_attention(%[[RECORD]])
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[STATUS]], %{{.*}} : i32
// CHECK: scf.if %[[OK]] {
// CHECK:   memref.load %[[CUQ]]
// CHECK:   scf.parallel
// CHECK:     %[[TILE:.*]] = memref.alloc() {alignment = 64 : i64} : memref<64x64xf32>
// CHECK:     math.exp
// CHECK:     memref.store %{{.*}}, %[[OUT]]
// CHECK:     math.log
// CHECK:     memref.store %{{.*}}, %[[LSE]]
// CHECK:     memref.dealloc %[[TILE]]
// CHECK: return %[[STATUS]] : i32
func.func @varlen(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>,
                  %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> (tensor<?x8x64xf16>, tensor<8x?xf32>) {
  %o, %lse = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal}
      -> tensor<?x8x64xf16> lse tensor<8x?xf32>
  return %o, %lse : tensor<?x8x64xf16>, tensor<8x?xf32>
}

// Functions without attention ops are left alone.
// CHECK-LABEL: func.func @other(%{{.*}}: tensor<4xf32>) -> tensor<4xf32>
func.func @other(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
