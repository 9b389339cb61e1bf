// RUN: attn-opt %s --attn-lower-to-loops --canonicalize --split-input-file | FileCheck %s

// Paged: a key's page comes from the block table (token j is in page
// block_table[b, j / page_size], slot j % page_size). Decode reads the K
// rows of both kv heads in place, a vector at a time, with packed scores
// (2 keys x 2 kv heads x 4 query heads per vector).
// CHECK-LABEL: func.func @paged(
// CHECK-SAME: %[[KC:[^:]*]]: memref<?x16x2x64xf32>, %{{.*}}: memref<?x16x2x64xf32>, %[[BT:[^:]*]]: memref<?x?xi32>
// CHECK: memref.collapse_shape %{{.*}} : memref<64x8xf32> into memref<512xf32>
// CHECK: %[[PAGE:.*]] = memref.load %[[BT]]
// CHECK: arith.index_cast %[[PAGE]]
// CHECK: memref.prefetch %[[KC]]
// CHECK: vector.load %[[KC]]{{.*}} : memref<?x16x2x64xf32>, vector<16xf32>
func.func @paged(%q: tensor<?x8x64xf32>, %kc: tensor<?x16x2x64xf32>, %vc: tensor<?x16x2x64xf32>,
                 %bt: tensor<?x?xi32>, %cl: tensor<?xi32>) -> tensor<?x8x64xf32> {
  %o = attn.paged layout(nhd) q(%q : tensor<?x8x64xf32>) k_cache(%kc : tensor<?x16x2x64xf32>)
      v_cache(%vc : tensor<?x16x2x64xf32>) block_table(%bt : tensor<?x?xi32>)
      context_lens(%cl : tensor<?xi32>) -> tensor<?x8x64xf32>
  return %o : tensor<?x8x64xf32>
}

// -----

// Dense with int8 KV: every K element is dequantised (x - offset) * scale
// before the dot product; soft cap uses tanh.
// CHECK-LABEL: func.func @dense_int8(
// CHECK: arith.sitofp %{{.*}} : i8 to f32
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK: vector.fma
// CHECK: math.tanh
func.func @dense_int8(%q: tensor<2x4x3x32xf32>, %k: tensor<2x4x9x32xi8>, %v: tensor<2x4x9x32xi8>,
                      %ks: tensor<4x32xf32>, %ko: tensor<4x32xf32>, %vs: tensor<f32>) -> tensor<2x4x3x32xf32> {
  %o = attn.dense layout(bnsd) q(%q : tensor<2x4x3x32xf32>) k(%k : tensor<2x4x9x32xi8>) v(%v : tensor<2x4x9x32xi8>)
      k_scale(%ks : tensor<4x32xf32>) k_offset(%ko : tensor<4x32xf32>) v_scale(%vs : tensor<f32>)
      {k_quant = #attn.granularity<per_channel>, v_quant = #attn.granularity<per_tensor>, softcap = 20.0 : f64}
      -> tensor<2x4x3x32xf32>
  return %o : tensor<2x4x3x32xf32>
}

// -----

// Block mask: the listed blocks are visited; mask_mod and the element mask
// are inlined into partial blocks only.
// CHECK-LABEL: func.func @block_mask(
// CHECK-SAME: %[[NUM:[^:]*]]: memref<1x1x?xi32>, %[[IDX:[^:]*]]: memref<1x1x?x?xi32>
// CHECK: memref.load %[[NUM]]
// CHECK: memref.load %[[IDX]]
// CHECK: arith.cmpi sle
func.func @block_mask(%q: tensor<?x4x32xf32>, %k: tensor<?x4x32xf32>, %v: tensor<?x4x32xf32>,
                      %cq: tensor<?xi32>, %ck: tensor<?xi32>, %num: tensor<1x1x?xi32>,
                      %idx: tensor<1x1x?x?xi32>) -> tensor<?x4x32xf32> {
  %o = attn.varlen q(%q : tensor<?x4x32xf32>) k(%k : tensor<?x4x32xf32>) v(%v : tensor<?x4x32xf32>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>)
      kv_num_blocks(%num : tensor<1x1x?xi32>) kv_indices(%idx : tensor<1x1x?x?xi32>)
      {sparsity = #attn.block_mask<bq = 32, bk = 32>}
      mask_mod {
      ^bb0(%b: index, %h: index, %qp: index, %kp: index):
        %c = arith.cmpi sle, %kp, %qp : index
        attn.yield %c : i1
      } -> tensor<?x4x32xf32>
  return %o : tensor<?x4x32xf32>
}
