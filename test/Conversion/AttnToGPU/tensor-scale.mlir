// RUN: attn-opt %s --attn-lower-to-gpu --canonicalize | FileCheck %s

// An fp8 cache with per-tensor scales on the GPU: the staged elements are
// the 8-bit values converted exactly to the tensor cores' f16 (no product
// with the scale to round); k_scale joins the score scale and v_scale the
// final 1/l instead (one load each per work item).

// CHECK-LABEL: gpu.func @fp8_tensor_scale(
// CHECK: %[[KS:.*]] = memref.load %arg3[] : memref<f32>
// CHECK: %[[VS:.*]] = memref.load %arg4[] : memref<f32>
// CHECK: %[[X:.*]] = arith.extf %{{.*}} : f8E5M2 to f32
// CHECK-NEXT: %[[Y:.*]] = arith.select %{{.*}}, %[[X]], %{{.*}} : f32
// CHECK-NEXT: arith.truncf %[[Y]] : f32 to f16
// CHECK: arith.mulf %[[KS]], %{{.*}} : f32
// CHECK: arith.divf %[[VS]], %{{.*}} : f32

func.func @fp8_tensor_scale(%q: tensor<?x8x?x64xf16>, %k: tensor<?x2x?x64xf8E5M2>,
    %v: tensor<?x2x?x64xf8E5M2>, %k_scale: tensor<f32>, %v_scale: tensor<f32>)
    -> tensor<?x8x?x64xf16> {
  %o = attn.dense layout(bnsd) q(%q : tensor<?x8x?x64xf16>)
      k(%k : tensor<?x2x?x64xf8E5M2>) v(%v : tensor<?x2x?x64xf8E5M2>)
      k_scale(%k_scale : tensor<f32>) v_scale(%v_scale : tensor<f32>)
      -> tensor<?x8x?x64xf16>
  return %o : tensor<?x8x?x64xf16>
}
