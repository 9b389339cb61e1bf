// The float64 modifier evaluator follows the arith semantics that a
// compiled kernel would: maxnumf ignores a NaN operand, extsi of an i1 true
// is -1, trunci wraps, uitofp reads the bits as unsigned. Each region below
// is written so that the correct semantics keep both keys with their score
// unchanged, and a wrong one hides them (out 0, lse -inf) or poisons them
// (NaN).
//
// One query, two keys, q = k = 0, v = [1, 3]: out = 2, lse = ln 2 = 0.693147.
//
// DEFINE: %{run} = attn-run %s --input=1x1x1xf32=0 --input=2x1x1xf32=0 \
// DEFINE:   --input=2x1x1xf32=1,3 --input=2xi32=0,1 --input=2xi32=0,2
// RUN: %{run} --function=maxnumf | FileCheck %s
// RUN: %{run} --function=extsi_i1 | FileCheck %s
// RUN: %{run} --function=trunci | FileCheck %s
// RUN: %{run} --function=uitofp | FileCheck %s

// CHECK-NOT:  NaN
// CHECK:      result #0 out 1x1x1xf32
// CHECK-NEXT: [2]
// CHECK-NEXT: result #1 lse 1x1xf32
// CHECK-NEXT: [0.6931{{[0-9]}}]

// s' = maxnumf(NaN, s) = s.
func.func @maxnumf(%q: tensor<1x1x1xf32>, %k: tensor<2x1x1xf32>,
                   %v: tensor<2x1x1xf32>, %cu_q: tensor<2xi32>,
                   %cu_k: tensor<2xi32>) -> (tensor<1x1x1xf32>, tensor<1x1xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<1x1x1xf32>) k(%k : tensor<2x1x1xf32>)
      v(%v : tensor<2x1x1xf32>) cu_seqlens_q(%cu_q : tensor<2xi32>)
      cu_seqlens_k(%cu_k : tensor<2xi32>) score_mod {
  ^bb0(%s: f32, %b: index, %h: index, %qpos: index, %kvpos: index):
    %nan = arith.constant 0x7FC00000 : f32
    %r = arith.maxnumf %nan, %s : f32
    attn.yield %r : f32
  } -> tensor<1x1x1xf32> lse tensor<1x1xf32>
  return %out, %lse : tensor<1x1x1xf32>, tensor<1x1xf32>
}

// keep iff extsi(true : i1) : i32 == -1.
func.func @extsi_i1(%q: tensor<1x1x1xf32>, %k: tensor<2x1x1xf32>,
                    %v: tensor<2x1x1xf32>, %cu_q: tensor<2xi32>,
                    %cu_k: tensor<2xi32>) -> (tensor<1x1x1xf32>, tensor<1x1xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<1x1x1xf32>) k(%k : tensor<2x1x1xf32>)
      v(%v : tensor<2x1x1xf32>) cu_seqlens_q(%cu_q : tensor<2xi32>)
      cu_seqlens_k(%cu_k : tensor<2xi32>) mask_mod {
  ^bb0(%b: index, %h: index, %qpos: index, %kvpos: index):
    %true = arith.cmpi eq, %kvpos, %kvpos : index
    %e = arith.extsi %true : i1 to i32
    %m1 = arith.constant -1 : i32
    %keep = arith.cmpi eq, %e, %m1 : i32
    attn.yield %keep : i1
  } -> tensor<1x1x1xf32> lse tensor<1x1xf32>
  return %out, %lse : tensor<1x1x1xf32>, tensor<1x1xf32>
}

// keep iff trunci(kv_pos + 256) : i8 == trunci(kv_pos) : i8 (wrapping, not
// saturating: 256 and 257 become 0 and 1).
func.func @trunci(%q: tensor<1x1x1xf32>, %k: tensor<2x1x1xf32>,
                  %v: tensor<2x1x1xf32>, %cu_q: tensor<2xi32>,
                  %cu_k: tensor<2xi32>) -> (tensor<1x1x1xf32>, tensor<1x1xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<1x1x1xf32>) k(%k : tensor<2x1x1xf32>)
      v(%v : tensor<2x1x1xf32>) cu_seqlens_q(%cu_q : tensor<2xi32>)
      cu_seqlens_k(%cu_k : tensor<2xi32>) mask_mod {
  ^bb0(%b: index, %h: index, %qpos: index, %kvpos: index):
    %x = arith.index_cast %kvpos : index to i32
    %c256 = arith.constant 256 : i32
    %y = arith.addi %x, %c256 : i32
    %x8 = arith.trunci %x : i32 to i8
    %y8 = arith.trunci %y : i32 to i8
    %keep = arith.cmpi eq, %x8, %y8 : i8
    attn.yield %keep : i1
  } -> tensor<1x1x1xf32> lse tensor<1x1xf32>
  return %out, %lse : tensor<1x1x1xf32>, tensor<1x1xf32>
}

// s' = s, or -inf unless uitofp(-1 : i32) = 4294967295 > 0.
func.func @uitofp(%q: tensor<1x1x1xf32>, %k: tensor<2x1x1xf32>,
                  %v: tensor<2x1x1xf32>, %cu_q: tensor<2xi32>,
                  %cu_k: tensor<2xi32>) -> (tensor<1x1x1xf32>, tensor<1x1xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<1x1x1xf32>) k(%k : tensor<2x1x1xf32>)
      v(%v : tensor<2x1x1xf32>) cu_seqlens_q(%cu_q : tensor<2xi32>)
      cu_seqlens_k(%cu_k : tensor<2xi32>) score_mod {
  ^bb0(%s: f32, %b: index, %h: index, %qpos: index, %kvpos: index):
    %m1 = arith.constant -1 : i32
    %u = arith.uitofp %m1 : i32 to f32
    %zero = arith.constant 0.0 : f32
    %ninf = arith.constant 0xFF800000 : f32
    %positive = arith.cmpf ogt, %u, %zero : f32
    %r = arith.select %positive, %s, %ninf : f32
    attn.yield %r : f32
  } -> tensor<1x1x1xf32> lse tensor<1x1xf32>
  return %out, %lse : tensor<1x1x1xf32>, tensor<1x1xf32>
}
