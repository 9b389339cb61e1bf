// Causal, sliding window and sink tokens (SPEC §1, §2 step 6): queries are
// the last Lq of the Lk keys (bottom-right alignment), the window applies on
// both sides whether or not the op is causal, and sink keys j < n_sink are
// exempt from the window only (causality still applies to them).
//
// Two sequences, cu_seqlens_q = [0, 2, 4], cu_seqlens_k = [0, 5, 7]; q = k = 0,
// so the visible keys weigh the same: out is the mean of their values and
// lse = ln(number of visible keys).
//   sequence 0: Lq = 2, Lk = 5, queries at positions 3 and 4, v = [1, 2, 3, 4, 5]
//   sequence 1: Lq = 2, Lk = 2, queries at positions 0 and 1, v = [10, 20]
//
// Visible keys of the rows (seq 0 p=3, seq 0 p=4, seq 1 p=0, seq 1 p=1):
//   causal:                    {0..3} {0..4} {0} {0,1}  out [2.5, 3, 10, 15]
//                              lse [ln 4 = 1.386294, ln 5 = 1.609438, 0, ln 2 = 0.693147]
//   window (1, 0):             {2,3} {3,4} {0} {0,1}    out [3.5, 4.5, 10, 15]
//   window (1, 1):             {2,3,4} {3,4} {0,1} {0,1}  out [4, 4.5, 15, 15]
//                              lse [ln 3 = 1.098612, ln 2, ln 2, ln 2]
//   window (0, -1):            {3,4} {4} {0,1} {1}      out [4.5, 5, 15, 20]
//   window (1, 0), 1 sink:     {0,2,3} {0,3,4} {0} {0,1}
//                              out [8/3 = 2.666667, 10/3 = 3.333333, 10, 15]
//   causal, window (0, 0), 2 sinks: {0,1,3} {0,1,4} {0} {0,1}
//                              (sink key 1 is not causal for p = 0)
//                              out [7/3 = 2.333333, 8/3 = 2.666667, 10, 15]
//
// DEFINE: %{run} = attn-run %s --print-values=4 --input=4x1x1xf32=0 \
// DEFINE:   --input=7x1x1xf32=0 --input=7x1x1xf32=1,2,3,4,5,10,20 \
// DEFINE:   --input=3xi32=0,2,4 --input=3xi32=0,5,7
// RUN: %{run} --function=causal | FileCheck %s --check-prefix=CAUSAL
// RUN: %{run} --function=window_1_0 | FileCheck %s --check-prefix=W10
// RUN: %{run} --function=window_1_1 | FileCheck %s --check-prefix=W11
// RUN: %{run} --function=window_0_unbounded | FileCheck %s --check-prefix=W0U
// RUN: %{run} --function=window_sink | FileCheck %s --check-prefix=SINK
// RUN: %{run} --function=causal_window_sink | FileCheck %s --check-prefix=CSINK

// CAUSAL:      result #0 out 4x1x1xf32
// CAUSAL-NEXT: [2.5, 3, 10, 15]
// CAUSAL-NEXT: result #1 lse 1x4xf32
// CAUSAL-NEXT: [1.386{{[0-9]}}, 1.609{{[0-9]}}, 0, 0.6931{{[0-9]}}]

// W10:      result #0 out 4x1x1xf32
// W10-NEXT: [3.5, 4.5, 10, 15]
// W10-NEXT: result #1 lse 1x4xf32
// W10-NEXT: [0.6931{{[0-9]}}, 0.6931{{[0-9]}}, 0, 0.6931{{[0-9]}}]

// W11:      result #0 out 4x1x1xf32
// W11-NEXT: [4, 4.5, 15, 15]
// W11-NEXT: result #1 lse 1x4xf32
// W11-NEXT: [1.098{{[0-9]}}, 0.6931{{[0-9]}}, 0.6931{{[0-9]}}, 0.6931{{[0-9]}}]

// W0U:      result #0 out 4x1x1xf32
// W0U-NEXT: [4.5, 5, 15, 20]
// W0U-NEXT: result #1 lse 1x4xf32
// W0U-NEXT: [0.6931{{[0-9]}}, 0, 0.6931{{[0-9]}}, 0]

// SINK:      result #0 out 4x1x1xf32
// SINK-NEXT: [2.666{{[0-9]}}, 3.333{{[0-9]}}, 10, 15]
// SINK-NEXT: result #1 lse 1x4xf32
// SINK-NEXT: [1.098{{[0-9]}}, 1.098{{[0-9]}}, 0, 0.6931{{[0-9]}}]

// CSINK:      result #0 out 4x1x1xf32
// CSINK-NEXT: [2.333{{[0-9]}}, 2.666{{[0-9]}}, 10, 15]
// CSINK-NEXT: result #1 lse 1x4xf32
// CSINK-NEXT: [1.098{{[0-9]}}, 1.098{{[0-9]}}, 0, 0.6931{{[0-9]}}]

func.func @causal(%q: tensor<4x1x1xf32>, %k: tensor<7x1x1xf32>,
    %v: tensor<7x1x1xf32>, %cu_q: tensor<3xi32>, %cu_k: tensor<3xi32>)
    -> (tensor<4x1x1xf32>, tensor<1x4xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<4x1x1xf32>) k(%k : tensor<7x1x1xf32>)
      v(%v : tensor<7x1x1xf32>) cu_seqlens_q(%cu_q : tensor<3xi32>)
      cu_seqlens_k(%cu_k : tensor<3xi32>) {causal}
      -> tensor<4x1x1xf32> lse tensor<1x4xf32>
  return %out, %lse : tensor<4x1x1xf32>, tensor<1x4xf32>
}

func.func @window_1_0(%q: tensor<4x1x1xf32>, %k: tensor<7x1x1xf32>,
    %v: tensor<7x1x1xf32>, %cu_q: tensor<3xi32>, %cu_k: tensor<3xi32>)
    -> (tensor<4x1x1xf32>, tensor<1x4xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<4x1x1xf32>) k(%k : tensor<7x1x1xf32>)
      v(%v : tensor<7x1x1xf32>) cu_seqlens_q(%cu_q : tensor<3xi32>)
      cu_seqlens_k(%cu_k : tensor<3xi32>) {window = array<i64: 1, 0>}
      -> tensor<4x1x1xf32> lse tensor<1x4xf32>
  return %out, %lse : tensor<4x1x1xf32>, tensor<1x4xf32>
}

func.func @window_1_1(%q: tensor<4x1x1xf32>, %k: tensor<7x1x1xf32>,
    %v: tensor<7x1x1xf32>, %cu_q: tensor<3xi32>, %cu_k: tensor<3xi32>)
    -> (tensor<4x1x1xf32>, tensor<1x4xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<4x1x1xf32>) k(%k : tensor<7x1x1xf32>)
      v(%v : tensor<7x1x1xf32>) cu_seqlens_q(%cu_q : tensor<3xi32>)
      cu_seqlens_k(%cu_k : tensor<3xi32>) {window = array<i64: 1, 1>}
      -> tensor<4x1x1xf32> lse tensor<1x4xf32>
  return %out, %lse : tensor<4x1x1xf32>, tensor<1x4xf32>
}

func.func @window_0_unbounded(%q: tensor<4x1x1xf32>, %k: tensor<7x1x1xf32>,
    %v: tensor<7x1x1xf32>, %cu_q: tensor<3xi32>, %cu_k: tensor<3xi32>)
    -> (tensor<4x1x1xf32>, tensor<1x4xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<4x1x1xf32>) k(%k : tensor<7x1x1xf32>)
      v(%v : tensor<7x1x1xf32>) cu_seqlens_q(%cu_q : tensor<3xi32>)
      cu_seqlens_k(%cu_k : tensor<3xi32>) {window = array<i64: 0, -1>}
      -> tensor<4x1x1xf32> lse tensor<1x4xf32>
  return %out, %lse : tensor<4x1x1xf32>, tensor<1x4xf32>
}

func.func @window_sink(%q: tensor<4x1x1xf32>, %k: tensor<7x1x1xf32>,
    %v: tensor<7x1x1xf32>, %cu_q: tensor<3xi32>, %cu_k: tensor<3xi32>)
    -> (tensor<4x1x1xf32>, tensor<1x4xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<4x1x1xf32>) k(%k : tensor<7x1x1xf32>)
      v(%v : tensor<7x1x1xf32>) cu_seqlens_q(%cu_q : tensor<3xi32>)
      cu_seqlens_k(%cu_k : tensor<3xi32>) {window = array<i64: 1, 0>, num_sink = 1}
      -> tensor<4x1x1xf32> lse tensor<1x4xf32>
  return %out, %lse : tensor<4x1x1xf32>, tensor<1x4xf32>
}

func.func @causal_window_sink(%q: tensor<4x1x1xf32>, %k: tensor<7x1x1xf32>,
    %v: tensor<7x1x1xf32>, %cu_q: tensor<3xi32>, %cu_k: tensor<3xi32>)
    -> (tensor<4x1x1xf32>, tensor<1x4xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<4x1x1xf32>) k(%k : tensor<7x1x1xf32>)
      v(%v : tensor<7x1x1xf32>) cu_seqlens_q(%cu_q : tensor<3xi32>)
      cu_seqlens_k(%cu_k : tensor<3xi32>) {causal, window = array<i64: 0, 0>, num_sink = 2}
      -> tensor<4x1x1xf32> lse tensor<1x4xf32>
  return %out, %lse : tensor<4x1x1xf32>, tensor<1x4xf32>
}
