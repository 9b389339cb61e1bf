// Dense (bnsd) with actual_seq_lengths and kv_padding_size (SPEC §3): the
// valid keys of sequence b are slots [0, len_b), or with a padding size n
// slots [Skv - n - len_b, Skv - n); a range that starts below 0 gives out 0
// and lse -inf.
//
// B = 2, Hq = Hkv = 1, Sq = 1, Skv = 4, D = Dv = 1; k = 0 everywhere, so
// every valid key weighs the same and out is the mean of the valid values.
//   v slots: sequence 0 [1, 2, 3, 4], sequence 1 [10, 20, 30, 40]
//   actual_seq_lengths = [2, 3]
//   no padding operand: slots [0, 2) and [0, 3): out [1.5, 20]
//   n = 0:              slots [2, 4) and [1, 4): out [3.5, 30]
//   n = 1:              slots [1, 3) and [0, 3): out [2.5, 20]
//   n = 2:              slots [0, 2) and [-1, 2) (starts below 0): out [1.5, 0]
//   lse = ln 2 = 0.693147 and ln 3 = 1.098612 (-inf for the empty range)
//
// RUN: attn-run %s --function=lengths --print-values=2 \
// RUN:   --input=2x1x1x1xf32=1 --input=2x1x4x1xf32=0 \
// RUN:   --input=2x1x4x1xf32=1,2,3,4,10,20,30,40 --input=2xi32=2,3 \
// RUN:   | FileCheck %s --check-prefix=NONE
// RUN: attn-run %s --function=padded --print-values=2 \
// RUN:   --input=2x1x1x1xf32=1 --input=2x1x4x1xf32=0 \
// RUN:   --input=2x1x4x1xf32=1,2,3,4,10,20,30,40 --input=2xi32=2,3 \
// RUN:   --input=i64=0 | FileCheck %s --check-prefix=PAD0
// RUN: attn-run %s --function=padded --print-values=2 \
// RUN:   --input=2x1x1x1xf32=1 --input=2x1x4x1xf32=0 \
// RUN:   --input=2x1x4x1xf32=1,2,3,4,10,20,30,40 --input=2xi32=2,3 \
// RUN:   --input=i64=1 | FileCheck %s --check-prefix=PAD1
// RUN: attn-run %s --function=padded --print-values=2 \
// RUN:   --input=2x1x1x1xf32=1 --input=2x1x4x1xf32=0 \
// RUN:   --input=2x1x4x1xf32=1,2,3,4,10,20,30,40 --input=2xi32=2,3 \
// RUN:   --input=i64=2 | FileCheck %s --check-prefix=PAD2

// NONE:      result #0 out 2x1x1x1xf32
// NONE-NEXT: [1.5, 20]
// NONE-NEXT: result #1 lse 2x1x1xf32
// NONE-NEXT: [0.6931{{[0-9]}}, 1.098{{[0-9]}}]

// PAD0:      input #4 kv_padding_size i64 min 0 max 0
// PAD0:      result #0 out 2x1x1x1xf32
// PAD0-NEXT: [3.5, 30]
// PAD0-NEXT: result #1 lse 2x1x1xf32
// PAD0-NEXT: [0.6931{{[0-9]}}, 1.098{{[0-9]}}]

// PAD1:      result #0 out 2x1x1x1xf32
// PAD1-NEXT: [2.5, 20]
// PAD1-NEXT: result #1 lse 2x1x1xf32
// PAD1-NEXT: [0.6931{{[0-9]}}, 1.098{{[0-9]}}]

// PAD2:      result #0 out 2x1x1x1xf32
// PAD2-NEXT: [1.5, 0]
// PAD2-NEXT: result #1 lse 2x1x1xf32 min 0.6931 max 0.6931 mean 0.6931, 1 inf
// PAD2-NEXT: [0.6931{{[0-9]}}, -inf]

func.func @lengths(%q: tensor<2x1x1x1xf32>, %k: tensor<2x1x4x1xf32>,
                   %v: tensor<2x1x4x1xf32>, %len: tensor<2xi32>)
    -> (tensor<2x1x1x1xf32>, tensor<2x1x1xf32>) {
  %out, %lse = attn.dense layout(bnsd) q(%q : tensor<2x1x1x1xf32>)
      k(%k : tensor<2x1x4x1xf32>) v(%v : tensor<2x1x4x1xf32>)
      actual_seq_lengths(%len : tensor<2xi32>)
      -> tensor<2x1x1x1xf32> lse tensor<2x1x1xf32>
  return %out, %lse : tensor<2x1x1x1xf32>, tensor<2x1x1xf32>
}

func.func @padded(%q: tensor<2x1x1x1xf32>, %k: tensor<2x1x4x1xf32>,
                  %v: tensor<2x1x4x1xf32>, %len: tensor<2xi32>,
                  %pad: tensor<i64>)
    -> (tensor<2x1x1x1xf32>, tensor<2x1x1xf32>) {
  %out, %lse = attn.dense layout(bnsd) q(%q : tensor<2x1x1x1xf32>)
      k(%k : tensor<2x1x4x1xf32>) v(%v : tensor<2x1x4x1xf32>)
      actual_seq_lengths(%len : tensor<2xi32>)
      kv_padding_size(%pad : tensor<i64>)
      -> tensor<2x1x1x1xf32> lse tensor<2x1x1xf32>
  return %out, %lse : tensor<2x1x1x1xf32>, tensor<2x1x1xf32>
}
