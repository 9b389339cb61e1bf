// RUN: attn-opt %s --split-input-file --attn-lower-to-loops --canonicalize | FileCheck %s

// Decode tiles read int8 and fp8 caches in place, a vector at a time,
// converted and dequantised in registers ((x - offset) scale: per token a
// value of the row, per channel a vector of the [Hkv, D] table), so a tile
// holds every kv head (both heads' rows read for one key) and each
// sequence's keys are split over work items (split-KV).
// CHECK-LABEL: func.func @decode_int8(
// CHECK: scf.parallel (%{{.*}}, %{{.*}}) =
// CHECK: %[[K0:.*]] = vector.load %arg1[{{.*}}, %c0, %c0] : memref<?x16x2x64xi8>, vector<16xi8>
// CHECK: arith.sitofp %[[K0]] : vector<16xi8> to vector<16xf32>
// CHECK: memref.load %arg5[{{.*}}] : memref<?x16xf32>
// CHECK: vector.load %arg1[{{.*}}, %c1, %c0] : memref<?x16x2x64xi8>, vector<16xi8>
// CHECK: vector.load %arg2[{{.*}}] : memref<?x16x2x64xi8>, vector<16xi8>
// CHECK: vector.load %arg6[{{.*}}] : memref<2x64xf32>, vector<16xf32>
func.func @decode_int8(%q: tensor<?x8x64xf32>, %kc: tensor<?x16x2x64xi8>,
                       %vc: tensor<?x16x2x64xi8>, %bt: tensor<?x?xi32>,
                       %cl: tensor<?xi32>, %ks: tensor<?x16xf32>,
                       %vs: tensor<2x64xf32>) -> tensor<?x8x64xf32> {
  %o = attn.paged layout(nhd) q(%q : tensor<?x8x64xf32>)
      k_cache(%kc : tensor<?x16x2x64xi8>) v_cache(%vc : tensor<?x16x2x64xi8>)
      block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>)
      k_scale(%ks : tensor<?x16xf32>) v_scale(%vs : tensor<2x64xf32>)
      {k_quant = #attn.granularity<per_token>, v_quant = #attn.granularity<per_channel>}
      -> tensor<?x8x64xf32>
  return %o : tensor<?x8x64xf32>
}

// -----

// CHECK-LABEL: func.func @decode_fp8(
// CHECK: scf.parallel (%{{.*}}, %{{.*}}) =
// CHECK: %[[K:.*]] = vector.load %arg1[{{.*}}] : memref<?x16x2x64xf8E4M3FN>, vector<16xf8E4M3FN>
// CHECK: arith.extf %[[K]] : vector<16xf8E4M3FN> to vector<16xf32>
func.func @decode_fp8(%q: tensor<?x8x64xf32>, %kc: tensor<?x16x2x64xf8E4M3FN>,
                      %vc: tensor<?x16x2x64xf8E4M3FN>, %bt: tensor<?x?xi32>,
                      %cl: tensor<?xi32>, %ks: tensor<f32>, %vs: tensor<f32>)
    -> tensor<?x8x64xf32> {
  %o = attn.paged layout(nhd) q(%q : tensor<?x8x64xf32>)
      k_cache(%kc : tensor<?x16x2x64xf8E4M3FN>) v_cache(%vc : tensor<?x16x2x64xf8E4M3FN>)
      block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>)
      k_scale(%ks : tensor<f32>) v_scale(%vs : tensor<f32>)
      -> tensor<?x8x64xf32>
  return %o : tensor<?x8x64xf32>
}
