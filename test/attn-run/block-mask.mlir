// Block-mask sparsity (SPEC §5.1): query i sees the key blocks listed for
// its q-block i / bq; unused kv_indices entries (past kv_num_blocks) hold
// garbage and are ignored; in full blocks the element mask is not
// evaluated, and a block in both lists counts as full.
//
// One sequence, Lq = Lk = 4, bq = bk = 2, not causal, q = k = 0,
// v = [1, 2, 4, 8].
//
// @partial: kv_num_blocks = [1, 1], kv_indices = [[1, 99], [0, -5]]:
//   q-block 0 (queries 0, 1): block 1 = keys {2, 3}: out 6,   lse ln 2
//   q-block 1 (queries 2, 3): block 0 = keys {0, 1}: out 1.5, lse ln 2
//
// RUN: attn-run %s --function=partial --input=4x1x1xf32=0 \
// RUN:   --input=4x1x1xf32=0 --input=4x1x1xf32=1,2,4,8 --input=2xi32=0,4 \
// RUN:   --input=2xi32=0,4 --input=1x1x2xi32=1,1 \
// RUN:   --input=1x1x2x2xi32=1,99,0,-5 | FileCheck %s --check-prefix=PARTIAL

// PARTIAL:      result #0 out 4x1x1xf32
// PARTIAL-NEXT: [6, 6, 1.5, 1.5]
// PARTIAL-NEXT: result #1 lse 1x4xf32
// PARTIAL-NEXT: [0.6931{{[0-9]}}, 0.6931{{[0-9]}}, 0.6931{{[0-9]}}, 0.6931{{[0-9]}}]

// @full: the same partial lists, full_kv_num_blocks = [1, 1],
// full_kv_indices = [[0, -5], [0, 77]], and a keep_if_true mask [0, 1, 0, 1]
// for every query:
//   q-block 0: partial block 1 masked = {3}, full block 0 unmasked = {0, 1}:
//     keys {0, 1, 3}: out (1 + 2 + 8) / 3 = 3.666667, lse ln 3 = 1.098612
//   q-block 1: block 0 is partial and full, so full: keys {0, 1}: out 1.5,
//     lse ln 2 = 0.693147
//
// RUN: attn-run %s --function=full --input=4x1x1xf32=0 \
// RUN:   --input=4x1x1xf32=0 --input=4x1x1xf32=1,2,4,8 --input=2xi32=0,4 \
// RUN:   --input=2xi32=0,4 --input=1x1x1x4xi1=0,1,0,1 --input=1x1x2xi32=1,1 \
// RUN:   --input=1x1x2x2xi32=1,99,0,-5 --input=1x1x2xi32=1,1 \
// RUN:   --input=1x1x2x2xi32=0,-5,0,77 | FileCheck %s --check-prefix=FULL

// FULL:      result #0 out 4x1x1xf32
// FULL-NEXT: [3.666{{[0-9]}}, 3.666{{[0-9]}}, 1.5, 1.5]
// FULL-NEXT: result #1 lse 1x4xf32
// FULL-NEXT: [1.098{{[0-9]}}, 1.098{{[0-9]}}, 0.6931{{[0-9]}}, 0.6931{{[0-9]}}]

func.func @partial(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                   %v: tensor<?x1x1xf32>, %cu_q: tensor<?xi32>,
                   %cu_k: tensor<?xi32>, %num: tensor<1x1x2xi32>,
                   %idx: tensor<1x1x2x2xi32>)
    -> (tensor<?x1x1xf32>, tensor<1x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x1xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      kv_num_blocks(%num : tensor<1x1x2xi32>)
      kv_indices(%idx : tensor<1x1x2x2xi32>)
      {sparsity = #attn.block_mask<bq = 2, bk = 2>}
      -> tensor<?x1x1xf32> lse tensor<1x?xf32>
  return %out, %lse : tensor<?x1x1xf32>, tensor<1x?xf32>
}

func.func @full(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                %v: tensor<?x1x1xf32>, %cu_q: tensor<?xi32>,
                %cu_k: tensor<?xi32>, %mask: tensor<1x1x1x4xi1>,
                %num: tensor<1x1x2xi32>, %idx: tensor<1x1x2x2xi32>,
                %full_num: tensor<1x1x2xi32>, %full_idx: tensor<1x1x2x2xi32>)
    -> (tensor<?x1x1xf32>, tensor<1x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x1xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) mask(%mask : tensor<1x1x1x4xi1>)
      kv_num_blocks(%num : tensor<1x1x2xi32>)
      kv_indices(%idx : tensor<1x1x2x2xi32>)
      full_kv_num_blocks(%full_num : tensor<1x1x2xi32>)
      full_kv_indices(%full_idx : tensor<1x1x2x2xi32>)
      {mask_polarity = #attn.mask_polarity<keep_if_true>,
       sparsity = #attn.block_mask<bq = 2, bk = 2>}
      -> tensor<?x1x1xf32> lse tensor<1x?xf32>
  return %out, %lse : tensor<?x1x1xf32>, tensor<1x?xf32>
}
