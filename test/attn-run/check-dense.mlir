// SPEC §6 runtime checks of the dense operands: actual_seq_lengths must lie
// in [0, Skv] (without kv_padding_size), kv_padding_size must be >= 0. With
// a padding size a length past the slots is legal: the range starts below
// 0 and the sequence's output is 0 (SPEC §3).
//
// B = 2, Skv = 4.
// DEFINE: %{args} = --input=2x1x1x1xf32=1 --input=2x1x4x1xf32=0 \
// DEFINE:   --input=2x1x4x1xf32=1,2,3,4,10,20,30,40
//
// RUN: not attn-run %s --function=lengths %{args} --input=2xi32=2,5 2>&1 \
// RUN:   | FileCheck %s --check-prefix=LONG
// LONG: attn-run: error: {{.+}}: actual_seq_lengths: sequence 1: actual_seq_lengths[1] = 5 exceeds the 4 key slots (Skv)
//
// RUN: not attn-run %s --function=lengths %{args} --input=2xi32=-2,3 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NEGATIVE
// NEGATIVE: attn-run: error: {{.+}}: actual_seq_lengths: sequence 0: actual_seq_lengths[0] = -2 is negative
//
// RUN: not attn-run %s --function=padded %{args} --input=2xi32=2,3 \
// RUN:   --input=i64=-1 2>&1 | FileCheck %s --check-prefix=PADDING
// PADDING: attn-run: error: {{.+}}: kv_padding_size: -1 is negative
//
// RUN: attn-run %s --function=padded %{args} --input=2xi32=2,5 --input=i64=0 \
// RUN:   | FileCheck %s --check-prefix=PADDED-LONG
// PADDED-LONG:      result #0 out 2x1x1x1xf32
// PADDED-LONG-NEXT: [3.5, 0]

func.func @lengths(%q: tensor<2x1x1x1xf32>, %k: tensor<2x1x4x1xf32>,
                   %v: tensor<2x1x4x1xf32>, %len: tensor<2xi32>)
    -> tensor<2x1x1x1xf32> {
  %out = attn.dense layout(bnsd) q(%q : tensor<2x1x1x1xf32>)
      k(%k : tensor<2x1x4x1xf32>) v(%v : tensor<2x1x4x1xf32>)
      actual_seq_lengths(%len : tensor<2xi32>) -> tensor<2x1x1x1xf32>
  return %out : tensor<2x1x1x1xf32>
}

func.func @padded(%q: tensor<2x1x1x1xf32>, %k: tensor<2x1x4x1xf32>,
                  %v: tensor<2x1x4x1xf32>, %len: tensor<2xi32>,
                  %pad: tensor<i64>) -> tensor<2x1x1x1xf32> {
  %out = attn.dense layout(bnsd) q(%q : tensor<2x1x1x1xf32>)
      k(%k : tensor<2x1x4x1xf32>) v(%v : tensor<2x1x4x1xf32>)
      actual_seq_lengths(%len : tensor<2xi32>)
      kv_padding_size(%pad : tensor<i64>) -> tensor<2x1x1x1xf32>
  return %out : tensor<2x1x1x1xf32>
}
