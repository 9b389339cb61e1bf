// --emit=mlir stops after the front (attn-normalize, attn-lower-to-loops):
// attention functions become kernels in loop form; already-lowered kernels
// pass through unchanged.
//
// RUN: attnc %s --emit=mlir | FileCheck %s
// RUN: attnc %S/Inputs/scale-kernel.mlir --emit=mlir \
// RUN:   | FileCheck %s --check-prefix=KERNEL

// CHECK:      func.func private @attnc_rt_check_attention(memref<154xi64>) -> i32
// CHECK:      func.func @varlen(%{{.*}}: memref<?x2x4xf32>, %{{.*}}: memref<?x1x4xf32>, %{{.*}}: memref<?x1x4xf32>, %{{.*}}: memref<?xi32>, %{{.*}}: memref<?xi32>, %{{.*}}: memref<?x2x4xf32>, %{{.*}}: memref<2x?xf32>, %{{.*}}: i1) -> i32
// CHECK-SAME: attn.arg_roles = ["q", "k", "v", "cu_seqlens_q", "cu_seqlens_k"]
// CHECK-SAME: attn.kernel
// CHECK-SAME: attn.result_names = ["out", "lse"]
// CHECK-NOT:  attn.varlen

// KERNEL:      func.func @scale(%{{.*}}: memref<?x4xf32>, %{{.*}}: memref<?x4xf32>, %{{.*}}: i1) -> i32
// KERNEL:        scf.parallel

func.func @varlen(%q: tensor<?x2x4xf32>, %k: tensor<?x1x4xf32>,
                  %v: tensor<?x1x4xf32>, %cu_q: tensor<?xi32>,
                  %cu_k: tensor<?xi32>) -> (tensor<?x2x4xf32>, tensor<2x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x2x4xf32>) k(%k : tensor<?x1x4xf32>)
      v(%v : tensor<?x1x4xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      -> tensor<?x2x4xf32> lse tensor<2x?xf32>
  return %out, %lse : tensor<?x2x4xf32>, tensor<2x?xf32>
}
