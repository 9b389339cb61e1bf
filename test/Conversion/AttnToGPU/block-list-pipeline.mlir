// RUN: attn-opt %s --attn-lower-to-gpu --canonicalize | FileCheck %s

// A block mask on the GPU: each list (full, then partial) is walked in
// chunks of 256 entries. The threads first resolve a chunk's entries in
// parallel (in the sequence? a repeat of an earlier entry? for the partial
// list: on the full list?) into shared memory as a block index or -1; then
// one copy pipeline runs over the chunk's listed blocks' 32-key sub-blocks
// (128-key blocks: 4 iterations per entry), reading the resolved entries.

// CHECK-LABEL: gpu.func @block_sparse(
// Full list.
// CHECK: scf.for %{{.*}} = %c0 to %[[FULL:.*]] step %c256 {
// CHECK: scf.for %[[E:.*]] = %thread_id_x to %{{.*}} step %c128 {
// CHECK: scf.for {{.*}} iter_args
// CHECK: llvm.store %{{.*}}, %{{.*}} : i32, !llvm.ptr<3>
// CHECK: gpu.barrier
// CHECK: %[[ITERS:.*]] = arith.muli %{{.*}}, %c4 : index
// CHECK: llvm.load %{{.*}} : !llvm.ptr<3> -> i32
// CHECK: nvvm.cp.async.commit.group
// CHECK: scf.for %{{.*}} = %c0 to %[[ITERS]] step %c1 {
// CHECK: nvvm.cp.async.wait.group 1
// CHECK-NEXT: gpu.barrier
// CHECK: llvm.load %{{.*}} : !llvm.ptr<3> -> i32
// CHECK: nvvm.mma.sync
// Partial list.
// CHECK: scf.for %{{.*}} = %c0 to %{{.*}} step %c256 {
// CHECK-NOT: nvvm.vote.sync

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
