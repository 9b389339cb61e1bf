// Paged decode: one query per sequence, a shuffled block table whose unused
// entries hold garbage (never read, never checked), and cache slots that no
// sequence owns filled with values that would wreck any result reading them.
//
// page_size = 2, 4 pages, Hq = Hkv = 1, D = Dv = 1, scale = 1.
//   k_cache by (page, slot): p0 [0.2, 100], p1 [1, 100], p2 [100, 100], p3 [0, 0]
//   v_cache by (page, slot): p0 [42, -1000], p1 [9, -1000], p2 [-1000, -1000],
//                            p3 [3, 6]
//   block_table = [[3, 1, 999], [0, -7, 12345]], context_lens = [3, 1]
//   sequence 0 (q = 1): tokens 0, 1 in page 3, token 2 in page 1 slot 0:
//     keys [0, 0, 1], values [3, 6, 9]; weights 1, 1, e over (2 + e):
//     out = (3 + 6 + 9e) / (2 + e) = 7.092526, lse = ln(2 + e) = 1.551445
//     (block_table[0, 2] = 999 is past ceil(3 / 2) = 2 pages: ignored)
//   sequence 1 (q = 5): token 0 in page 0 slot 0: key 0.2, value 42:
//     out = 42, lse = 5 * 0.2 = 1 (entries -7 and 12345 are unused)
//
// The three cache layouts hold the same flat data when Hkv = 1.
//
// RUN: attn-run %s --function=nhd --print-values=2 \
// RUN:   --input=2x1x1xf32=1,5 \
// RUN:   --input=4x2x1x1xf32=0.2,100,1,100,100,100,0,0 \
// RUN:   --input=4x2x1x1xf32=42,-1000,9,-1000,-1000,-1000,3,6 \
// RUN:   --input=2x3xi32=3,1,999,0,-7,12345 --input=2xi32=3,1 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,NHD
// RUN: attn-run %s --function=hnd --print-values=2 \
// RUN:   --input=2x1x1xf32=1,5 \
// RUN:   --input=4x1x2x1xf32=0.2,100,1,100,100,100,0,0 \
// RUN:   --input=4x1x2x1xf32=42,-1000,9,-1000,-1000,-1000,3,6 \
// RUN:   --input=2x3xi32=3,1,999,0,-7,12345 --input=2xi32=3,1 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,HND
// RUN: attn-run %s --function=hpnd --print-values=2 \
// RUN:   --input=2x1x1xf32=1,5 \
// RUN:   --input=1x4x2x1xf32=0.2,100,1,100,100,100,0,0 \
// RUN:   --input=1x4x2x1xf32=42,-1000,9,-1000,-1000,-1000,3,6 \
// RUN:   --input=2x3xi32=3,1,999,0,-7,12345 --input=2xi32=3,1 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,HPND

// NHD:        input #1 k_cache 4x2x1x1xf32
// HND:        input #1 k_cache 4x1x2x1xf32
// HPND:       input #1 k_cache 1x4x2x1xf32
// CHECK:      input #3 block_table 2x3xi32 min -7 max 12345
// CHECK:      result #0 out 2x1x1xf32
// CHECK-NEXT: [7.092{{[0-9]}}, 42]
// CHECK-NEXT: result #1 lse 1x2xf32
// CHECK-NEXT: [1.551{{[0-9]}}, 1]

func.func @nhd(%q: tensor<?x1x1xf32>, %kc: tensor<?x2x1x1xf32>,
               %vc: tensor<?x2x1x1xf32>, %bt: tensor<?x?xi32>,
               %cl: tensor<?xi32>) -> (tensor<?x1x1xf32>, tensor<1x?xf32>) {
  %out, %lse = attn.paged layout(nhd) q(%q : tensor<?x1x1xf32>)
      k_cache(%kc : tensor<?x2x1x1xf32>) v_cache(%vc : tensor<?x2x1x1xf32>)
      block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>)
      {scale = 1.0 : f64} -> tensor<?x1x1xf32> lse tensor<1x?xf32>
  return %out, %lse : tensor<?x1x1xf32>, tensor<1x?xf32>
}

func.func @hnd(%q: tensor<?x1x1xf32>, %kc: tensor<?x1x2x1xf32>,
               %vc: tensor<?x1x2x1xf32>, %bt: tensor<?x?xi32>,
               %cl: tensor<?xi32>) -> (tensor<?x1x1xf32>, tensor<1x?xf32>) {
  %out, %lse = attn.paged layout(hnd) q(%q : tensor<?x1x1xf32>)
      k_cache(%kc : tensor<?x1x2x1xf32>) v_cache(%vc : tensor<?x1x2x1xf32>)
      block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>)
      {scale = 1.0 : f64} -> tensor<?x1x1xf32> lse tensor<1x?xf32>
  return %out, %lse : tensor<?x1x1xf32>, tensor<1x?xf32>
}

func.func @hpnd(%q: tensor<?x1x1xf32>, %kc: tensor<1x?x2x1xf32>,
                %vc: tensor<1x?x2x1xf32>, %bt: tensor<?x?xi32>,
                %cl: tensor<?xi32>) -> (tensor<?x1x1xf32>, tensor<1x?xf32>) {
  %out, %lse = attn.paged layout(hpnd) q(%q : tensor<?x1x1xf32>)
      k_cache(%kc : tensor<1x?x2x1xf32>) v_cache(%vc : tensor<1x?x2x1xf32>)
      block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>)
      {scale = 1.0 : f64} -> tensor<?x1x1xf32> lse tensor<1x?xf32>
  return %out, %lse : tensor<?x1x1xf32>, tensor<1x?xf32>
}
