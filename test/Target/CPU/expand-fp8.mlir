// attn-expand-fp8 rewrites arith.extf from fp8 (no LLVM type) into integer
// and bit-cast arithmetic, for scalars and vectors; other extensions stay.
//
// RUN: attn-opt %s --attn-expand-fp8 | FileCheck %s

// CHECK-LABEL: func.func @e5m2(
// CHECK:         %[[B:.*]] = arith.bitcast %{{.*}} : f8E5M2 to i8
// CHECK:         %[[W:.*]] = arith.extui %[[B]] : i8 to i16
// CHECK:         %[[S:.*]] = arith.shli %[[W]], %{{.*}} : i16
// CHECK:         %[[H:.*]] = arith.bitcast %[[S]] : i16 to f16
// CHECK:         arith.extf %[[H]] : f16 to f32
func.func @e5m2(%x: f8E5M2) -> f32 {
  %y = arith.extf %x : f8E5M2 to f32
  return %y : f32
}

// CHECK-LABEL: func.func @e4m3fn_vector(
// CHECK:         arith.bitcast %{{.*}} : vector<8xf8E4M3FN> to vector<8xi8>
// CHECK:         arith.uitofp %{{.*}} : vector<8xi32> to vector<8xf32>
// CHECK:         arith.select
// CHECK:         %[[F:.*]] = arith.bitcast %{{.*}} : vector<8xi32> to vector<8xf32>
// CHECK:         arith.truncf %[[F]] : vector<8xf32> to vector<8xbf16>
// CHECK-NOT:     f8E4M3FN to
func.func @e4m3fn_vector(%x: vector<8xf8E4M3FN>) -> vector<8xbf16> {
  %y = arith.extf %x : vector<8xf8E4M3FN> to vector<8xbf16>
  return %y : vector<8xbf16>
}

// CHECK-LABEL: func.func @f16(
// CHECK-NEXT:    arith.extf %{{.*}} : f16 to f32
func.func @f16(%x: f16) -> f32 {
  %y = arith.extf %x : f16 to f32
  return %y : f32
}
