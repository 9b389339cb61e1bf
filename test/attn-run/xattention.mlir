// XAttention (SPEC §5.3) with the `selected` results: the antidiagonal
// estimate picks key blocks per q-block, and the attention runs on them.
//
// One sequence, Lq = Lk = 8, block = 2, stride = 2, threshold = 0.5,
// dense_tail = 0, causal, D = 1; q = 1, k = [0, 0, 2, 2, 0, 0, 0, 0],
// v = [0, 1, ..., 7].
// With stride = block every block is one strided row/column and
//   A[r, c] = (q[2r+1] k[2c] + q[2r] k[2c+1]) / (sqrt(1) * 2) = mean of k-block c
// = [0, 2, 0, 0] in every row, -inf for c > r (causal).
//   q-block 3: W = softmax([0, 2, 0, 0]) = [0.0963, 0.7112, 0.0963, 0.0963];
//     keep 0 and the diagonal 3 (mass 0.1925 < 0.5), then block 1 (the
//     largest; mass 0.1925 < 0.5 so kept, now 0.9037), block 2 not (0.9037
//     >= 0.5): blocks {0, 1, 3}
//   q-block 2: 0 and 2 (0.2130 < 0.5), then 1: {0, 1, 2}
//   q-blocks 1 and 0: {0, 1} and {0}
// selected_num_blocks = [1, 2, 3, 3], selected_indices (ascending, -1
// padded) = [[0,-1,-1,-1], [0,1,-1,-1], [0,1,2,-1], [0,1,3,-1]].
// Attention (scale 1, scores s_j = k_j), causal on the kept blocks; rows 6
// and 7 lose keys 4 and 5:
//   row 0: {0}            out 0         lse 0
//   row 1: {0,1}          out 0.5       lse ln 2 = 0.693147
//   row 2: {0,1,2}        out 2e^2/(2+e^2) = 1.680479          lse 2.239545
//   row 3: {0..3}         out 5e^2/(2+2e^2) = 2.261594         lse 2.820075
//   row 4: {0..4}         out (4+5e^2)/(3+2e^2) = 2.359378     lse 2.877968
//   row 5: {0..5}         out 2.5                              lse 2.932692
//   row 6: {0..3, 6}      out (7+5e^2)/(3+2e^2) = 2.471876     lse 2.877968
//   row 7: {0..3, 6, 7}   out (14+5e^2)/(4+2e^2) = 2.713014    lse 2.932692
//
// RUN: attn-run %s --print-values=16 --input=8x1x1xf32=1 \
// RUN:   --input=8x1x1xf32=0,0,2,2,0,0,0,0 --input=8x1x1xf32=0,1,2,3,4,5,6,7 \
// RUN:   --input=2xi32=0,8 --input=2xi32=0,8 | FileCheck %s

// CHECK:      result #0 out 8x1x1xf32
// CHECK-NEXT: [0, 0.5, 1.680{{[0-9]}}, 2.261{{[0-9]}}, 2.359{{[0-9]}}, 2.5, 2.471{{[0-9]}}, 2.713{{[0-9]*}}]
// CHECK-NEXT: result #1 lse 1x8xf32
// CHECK-NEXT: [0, 0.6931{{[0-9]}}, 2.239{{[0-9]}}, 2.820{{[0-9]}}, 2.87{{[0-9]+}}, 2.932{{[0-9]}}, 2.87{{[0-9]+}}, 2.932{{[0-9]}}]
// CHECK-NEXT: result #2 selected_num_blocks 1x1x4xi32
// CHECK-NEXT: [1, 2, 3, 3]
// CHECK-NEXT: result #3 selected_indices 1x1x4x4xi32
// CHECK-NEXT: [0, -1, -1, -1, 0, 1, -1, -1, 0, 1, 2, -1, 0, 1, 3, -1]

func.func @xattention(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                      %v: tensor<?x1x1xf32>, %cu_q: tensor<?xi32>,
                      %cu_k: tensor<?xi32>)
    -> (tensor<?x1x1xf32>, tensor<1x?xf32>, tensor<1x1x?xi32>,
        tensor<1x1x?x?xi32>) {
  %out, %lse, %num, %idx = attn.varlen q(%q : tensor<?x1x1xf32>)
      k(%k : tensor<?x1x1xf32>) v(%v : tensor<?x1x1xf32>)
      cu_seqlens_q(%cu_q : tensor<?xi32>) cu_seqlens_k(%cu_k : tensor<?xi32>)
      {causal, scale = 1.0 : f64,
       sparsity = #attn.xattention<threshold = 0.5, block = 2, stride = 2, dense_tail = 0>}
      -> tensor<?x1x1xf32> lse tensor<1x?xf32>
      selected tensor<1x1x?xi32>, tensor<1x1x?x?xi32>
  return %out, %lse, %num, %idx : tensor<?x1x1xf32>, tensor<1x?xf32>,
      tensor<1x1x?xi32>, tensor<1x1x?x?xi32>
}
