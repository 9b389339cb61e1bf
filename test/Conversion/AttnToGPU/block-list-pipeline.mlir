// RUN: attn-opt %s --attn-lower-to-gpu --canonicalize | FileCheck %s

// A block mask on the GPU: each list (full, then partial) is one copy
// pipeline over its listed blocks' 32-key sub-blocks (128-key blocks, so 4
// iterations per entry), not a pipeline per listed block. Whether an entry
// repeats an earlier one (or, for the partial list, is on the full list) is
// searched by the warp's lanes in parallel, 32 entries apart, then voted.

// CHECK-LABEL: gpu.func @block_sparse(
// Full list: count x 4 iterations, the prologue stages two ahead.
// CHECK: %[[FULL:.*]] = arith.muli %{{.*}}, %c4 : index
// CHECK: scf.if
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c32 iter_args
// CHECK: nvvm.vote.sync any %c-1_i32
// CHECK: nvvm.cp.async.commit.group
// CHECK: scf.for %[[U:.*]] = %c0 to %[[FULL]] step %c1 {
// CHECK: nvvm.cp.async.wait.group 1
// CHECK-NEXT: gpu.barrier
// CHECK: nvvm.vote.sync any
// CHECK: nvvm.mma.sync
// Partial list: the same, also searching the full list.
// CHECK: %[[PART:.*]] = arith.muli %{{.*}}, %c4 : index
// CHECK: scf.for %{{.*}} = %c0 to %[[PART]] step %c1 {

func.func @block_sparse(%q: tensor<?x8x?x128xbf16>,
    %k: tensor<?x8x?x128xbf16>, %v: tensor<?x8x?x128xbf16>,
    %num: tensor<?x8x?xi32>, %idx: tensor<?x8x?x?xi32>,
    %full_num: tensor<?x8x?xi32>, %full_idx: tensor<?x8x?x?xi32>)
    -> tensor<?x8x?x128xbf16> {
  %o = attn.dense layout(bnsd) q(%q : tensor<?x8x?x128xbf16>)
      k(%k : tensor<?x8x?x128xbf16>) v(%v : tensor<?x8x?x128xbf16>)
      kv_num_blocks(%num : tensor<?x8x?xi32>)
      kv_indices(%idx : tensor<?x8x?x?xi32>)
      full_kv_num_blocks(%full_num : tensor<?x8x?xi32>)
      full_kv_indices(%full_idx : tensor<?x8x?x?xi32>)
      {causal, sparsity = #attn.block_mask<bq = 128, bk = 128>}
      -> tensor<?x8x?x128xbf16>
  return %o : tensor<?x8x?x128xbf16>
}
