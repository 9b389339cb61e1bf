// Varlen: a packed ragged batch with an empty sequence in the middle; each
// sequence reads only its own rows of q, k and v.
//
// cu_seqlens_q = [0, 1, 1, 2], cu_seqlens_k = [0, 2, 2, 4]; D = 1, Dv = 2,
// scale = 1.
//   sequence 0: q = 1, keys k = [1, 0], v = [[1, 0], [0, 1]]:
//     scores [1, 0], softmax weights e/(e+1) = 0.731059, 1/(e+1) = 0.268941
//     out = [0.731059, 0.268941], lse = ln(1 + e) = 1.313262
//   sequence 1: no queries, no keys (legal).
//   sequence 2: q = 2, keys k = [0, 0], v = [[2, 4], [6, 8]]:
//     scores [0, 0], weights 1/2, 1/2: out = [4, 6], lse = ln 2 = 0.693147
//
// RUN: attn-run %s --print-values=4 \
// RUN:   --input=2x1x1xf32=1,2 --input=4x1x1xf32=1,0,0,0 \
// RUN:   --input=4x1x2xf32=1,0,0,1,2,4,6,8 \
// RUN:   --input=4xi32=0,1,1,2 --input=4xi32=0,2,2,4 | FileCheck %s

// CHECK:      attn-run: @varlen on the reference backend (float64), inputs from the command line
// CHECK:      result #0 out 2x1x2xf32
// CHECK-NEXT: [0.7310{{[0-9]}}, 0.2689{{[0-9]}}, 4, 6]
// CHECK-NEXT: result #1 lse 1x2xf32
// CHECK-NEXT: [1.313{{[0-9]}}, 0.6931{{[0-9]}}]

func.func @varlen(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                  %v: tensor<?x1x2xf32>, %cu_q: tensor<?xi32>,
                  %cu_k: tensor<?xi32>) -> (tensor<?x1x2xf32>, tensor<1x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x2xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) {scale = 1.0 : f64}
      -> tensor<?x1x2xf32> lse tensor<1x?xf32>
  return %out, %lse : tensor<?x1x2xf32>, tensor<1x?xf32>
}
