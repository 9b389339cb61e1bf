// RUN: attn-opt %s --attn-lower-to-gpu --canonicalize | FileCheck %s

// A block mask on the GPU: the full and the partial list are walked as
// one list (the full entries first, then the partial ones), in chunks of 256
// entries, so that one copy pipeline runs over both. The threads first
// resolve a chunk's entries in parallel (which list? in the sequence? a
// repeat of an earlier entry? for a partial entry: on the full list?) into
// shared memory as a block index, tagged with 1 << 30 when it is full, or
// -1; then one copy pipeline runs over the chunk's listed blocks' 32-key
// sub-blocks (128-key blocks: 4 iterations per entry), reading the resolved
// entries and choosing the full or the partial rules per block.

// CHECK-LABEL: gpu.func @block_sparse(
// CHECK: scf.for %[[START:.*]] = %c0 to %{{.*}} step %c256 {
// CHECK: scf.for %[[E:.*]] = %thread_id_x to %{{.*}} step %c128 {
// CHECK: %[[T:.*]] = arith.addi %[[START]], %[[E]] : index
// CHECK: %[[IS_FULL:.*]] = arith.cmpi slt, %[[T]], %{{.*}} : index
// CHECK: scf.if %[[IS_FULL]] -> (index, i1) {
// CHECK: llvm.store %{{.*}}, %{{.*}} : i32, !llvm.ptr<3>
// CHECK: gpu.barrier
// CHECK: %[[ITERS:.*]] = arith.muli %{{.*}}, %c4 : index
// CHECK: arith.cmpi sge, %{{.*}}, %c1073741824 : index
// CHECK: nvvm.cp.async.commit.group
// CHECK: scf.for %{{.*}} = %c0 to %[[ITERS]] step %c1 {
// CHECK: nvvm.cp.async.wait.group 1
// CHECK: nvvm.barrier #nvvm.reduction<or>
// CHECK: llvm.load %{{.*}} : !llvm.ptr<3> -> i32
// CHECK: nvvm.mma.sync
// No second list walk.
// CHECK-NOT: step %c256 {
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
