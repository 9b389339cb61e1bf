// Skip-softmax (SPEC §5.4) with the skip_stats result: a visited k-tile is
// skipped when every row's tile maximum lies below its running maximum plus
// ln(lambda); prefill sequences use the prefill threshold and br, decode
// sequences (Lq = 1) the decode threshold and br = 1.
//
// br = bc = 2, prefill lambda = 1e-3 (ln = -6.908), decode lambda = 1e-4
// (ln = -9.210); D = 1, scale = 1, q = 1 everywhere, so s_j = k_j.
//   sequence 0 (prefill, 2 queries): k = [10, 10, 0, 0], v = [1, 3, 100, 100]
//     tile 0 (keys 0, 1) is processed: m = 10; tile 1 has max 0 < 10 - 6.908
//     for both rows: skipped. out = (1 + 3) / 2 = 2 (2.004449 without the
//     skip), lse = 10 + ln 2 = 10.693147
//   sequence 1 (decode, 1 query): k = [10, 10, 3, 3], v = [1, 3, 100, 100]
//     tile 1 max 3 >= 10 - 9.210 = 0.790: processed (the prefill threshold
//     would have skipped it: 3 < 3.092). out = (4e^10 + 200e^3) /
//     (2e^10 + 2e^3) = 2.089283, lse = ln(2e^10 + 2e^3) = 10.694059
//   tiles: 2 visited in sequence 0 (one skipped), 2 in sequence 1:
//   skip_stats = [1, 4]
//
// RUN: attn-run %s --print-values=3 --input=3x1x1xf32=1 \
// RUN:   --input=8x1x1xf32=10,10,0,0,10,10,3,3 \
// RUN:   --input=8x1x1xf32=1,3,100,100,1,3,100,100 \
// RUN:   --input=3xi32=0,2,3 --input=3xi32=0,4,8 | FileCheck %s

// CHECK:      result #0 out 3x1x1xf32
// CHECK-NEXT: [2, 2, 2.089{{[0-9]}}]
// CHECK-NEXT: result #1 lse 1x3xf32
// CHECK-NEXT: [10.693, 10.693, 10.694]
// CHECK-NEXT: result #2 skip_stats 2xi64
// CHECK-NEXT: [1, 4]
// CHECK-NEXT: skip-softmax: 1 of 4 visited tiles skipped (25.0%)

func.func @skip_softmax(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                        %v: tensor<?x1x1xf32>, %cu_q: tensor<?xi32>,
                        %cu_k: tensor<?xi32>)
    -> (tensor<?x1x1xf32>, tensor<1x?xf32>, tensor<2xi64>) {
  %out, %lse, %stats = attn.varlen q(%q : tensor<?x1x1xf32>)
      k(%k : tensor<?x1x1xf32>) v(%v : tensor<?x1x1xf32>)
      cu_seqlens_q(%cu_q : tensor<?xi32>) cu_seqlens_k(%cu_k : tensor<?xi32>)
      {scale = 1.0 : f64,
       skip_softmax = #attn.skip_softmax<br = 2, bc = 2, prefill = 1.0e-3 : f64,
                                         decode = 1.0e-4 : f64>}
      -> tensor<?x1x1xf32> lse tensor<1x?xf32> skip_stats tensor<2xi64>
  return %out, %lse, %stats : tensor<?x1x1xf32>, tensor<1x?xf32>, tensor<2xi64>
}
