// score_mod regions (SPEC §2 step 5) run through the float64 evaluator: a
// capture read with tensor.extract, and the (b, h, q_pos, kv_pos) arguments.
//
// @capture: one query, three keys, q = k = 0, v = [0, 8, 16]; the region
// adds table[kv_pos] with table = [0, ln 2, ln 5]: weights 1 : 2 : 5 over 8,
// out = (0 + 16 + 80) / 8 = 12, lse = ln 8 = 2.079442.
//
// RUN: attn-run %s --function=capture --input=1x1x1xf32=0 \
// RUN:   --input=3x1x1xf32=0 --input=3x1x1xf32=0,8,16 --input=2xi32=0,1 \
// RUN:   --input=2xi32=0,3 --input=3xf32=0,0.6931472,1.6094379 \
// RUN:   | FileCheck %s --check-prefix=CAPTURE

// CAPTURE:      input #5 captures 3xf32
// CAPTURE:      result #0 out 1x1x1xf32
// CAPTURE-NEXT: [12]
// CAPTURE-NEXT: result #1 lse 1x1xf32
// CAPTURE-NEXT: [2.079{{[0-9]}}]

// @positions: the region hides kv_pos > q_pos (causality from positions)
// and adds 10 * b + h to every other score, which leaves out unchanged and
// shifts lse by 10 * b + h. Hq = 2, Hkv = 1; cu_seqlens_q = [0, 2, 3],
// cu_seqlens_k = [0, 3, 4]; q = k = 0; v = [1, 2, 6 | 5].
//   seq 0, q0 at p = 1: keys {0, 1}: out 1.5, lse ln 2 + h = 0.693147 + h
//   seq 0, q1 at p = 2: keys {0, 1, 2}: out 3, lse ln 3 + h = 1.098612 + h
//   seq 1, q0 at p = 0: key {0}: out 5, lse 10 + h
//
// RUN: attn-run %s --function=positions --print-values=6 \
// RUN:   --input=3x2x1xf32=0 --input=4x1x1xf32=0 --input=4x1x1xf32=1,2,6,5 \
// RUN:   --input=3xi32=0,2,3 --input=3xi32=0,3,4 \
// RUN:   | FileCheck %s --check-prefix=POSITIONS

// POSITIONS:      result #0 out 3x2x1xf32
// POSITIONS-NEXT: [1.5, 1.5, 3, 3, 5, 5]
// POSITIONS-NEXT: result #1 lse 2x3xf32
// POSITIONS-NEXT: [0.6931{{[0-9]}}, 1.098{{[0-9]}}, 10, 1.693{{[0-9]}}, 2.098{{[0-9]}}, 11]

func.func @capture(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                   %v: tensor<?x1x1xf32>, %cu_q: tensor<?xi32>,
                   %cu_k: tensor<?xi32>, %table: tensor<3xf32>)
    -> (tensor<?x1x1xf32>, tensor<1x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x1xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) captures(%table : tensor<3xf32>)
      score_mod {
  ^bb0(%s: f32, %b: index, %h: index, %qpos: index, %kvpos: index,
       %t: tensor<3xf32>):
    %x = tensor.extract %t[%kvpos] : tensor<3xf32>
    %r = arith.addf %s, %x : f32
    attn.yield %r : f32
  } -> tensor<?x1x1xf32> lse tensor<1x?xf32>
  return %out, %lse : tensor<?x1x1xf32>, tensor<1x?xf32>
}

func.func @positions(%q: tensor<?x2x1xf32>, %k: tensor<?x1x1xf32>,
                     %v: tensor<?x1x1xf32>, %cu_q: tensor<?xi32>,
                     %cu_k: tensor<?xi32>)
    -> (tensor<?x2x1xf32>, tensor<2x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x2x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x1xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) score_mod {
  ^bb0(%s: f32, %b: index, %h: index, %qpos: index, %kvpos: index):
    %ten = arith.constant 10 : index
    %ninf = arith.constant 0xFF800000 : f32
    %b10 = arith.muli %b, %ten : index
    %off = arith.addi %b10, %h : index
    %offi = arith.index_cast %off : index to i64
    %offf = arith.sitofp %offi : i64 to f32
    %shifted = arith.addf %s, %offf : f32
    %future = arith.cmpi ugt, %kvpos, %qpos : index
    %r = arith.select %future, %ninf, %shifted : f32
    attn.yield %r : f32
  } -> tensor<?x2x1xf32> lse tensor<2x?xf32>
  return %out, %lse : tensor<?x2x1xf32>, tensor<2x?xf32>
}
