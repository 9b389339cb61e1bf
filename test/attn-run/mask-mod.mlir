// A mask_mod region (SPEC §2 step 6) with a capture: document masking on a
// packed sequence, reading a document id per token with tensor.extract,
// combined with causality.
//
// One sequence of 4 queries and 4 keys (positions 0..3), q = k = 0,
// v = [1, 3, 5, 9], document ids [0, 0, 1, 1], causal:
//   p = 0: keys {0}     out 1  lse 0
//   p = 1: keys {0, 1}  out 2  lse ln 2 = 0.693147
//   p = 2: keys {2}     out 5  lse 0
//   p = 3: keys {2, 3}  out 7  lse ln 2
//
// RUN: attn-run %s --input=4x1x1xf32=0 --input=4x1x1xf32=0 \
// RUN:   --input=4x1x1xf32=1,3,5,9 --input=2xi32=0,4 --input=2xi32=0,4 \
// RUN:   --input=4xi32=0,0,1,1 | FileCheck %s

// CHECK:      input #5 captures 4xi32 min 0 max 1
// CHECK:      result #0 out 4x1x1xf32
// CHECK-NEXT: [1, 2, 5, 7]
// CHECK-NEXT: result #1 lse 1x4xf32
// CHECK-NEXT: [0, 0.6931{{[0-9]}}, 0, 0.6931{{[0-9]}}]

func.func @document(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                    %v: tensor<?x1x1xf32>, %cu_q: tensor<?xi32>,
                    %cu_k: tensor<?xi32>, %doc: tensor<?xi32>)
    -> (tensor<?x1x1xf32>, tensor<1x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x1xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) captures(%doc : tensor<?xi32>)
      {causal} mask_mod {
  ^bb0(%b: index, %h: index, %qpos: index, %kvpos: index, %ids: tensor<?xi32>):
    %dq = tensor.extract %ids[%qpos] : tensor<?xi32>
    %dk = tensor.extract %ids[%kvpos] : tensor<?xi32>
    %same = arith.cmpi eq, %dq, %dk : i32
    attn.yield %same : i1
  } -> tensor<?x1x1xf32> lse tensor<1x?xf32>
  return %out, %lse : tensor<?x1x1xf32>, tensor<1x?xf32>
}
