// RUN: attn-opt %s --attn-lower-to-gpu --canonicalize | FileCheck %s

// XAttention (SPEC §5.3), varlen GQA 8/2, bf16, with the `selected`
// results: the kernel function takes the block lists from the runtime's
// stream-ordered pool ([B, Hq, NQ] and [B, Hq, NQ, NK], NQ and NK bounded by
// the operand shapes), empties the `selected` results, launches the
// selection kernel (grid: (sequence, 128 strided rows) slots x query heads,
// shared memory growing with NK), then the attention kernel, per query head,
// on the lists, and frees the lists after it.

// CHECK-LABEL: func.func @xattention(
// CHECK-SAME: attn.xattention_list_bytes_per_block_pair = 32
// CHECK: %[[TOKEN:.*]] = gpu.wait async
// CHECK: %[[NUM:.*]], %[[T1:.*]] = gpu.alloc async [%[[TOKEN]]] ({{.*}}) : memref<?x8x?xi32>
// CHECK: %[[IDX:.*]], %[[T2:.*]] = gpu.alloc async [%[[T1]]] ({{.*}}) : memref<?x8x?x?xi32>
// CHECK: gpu.wait [%[[T2]]]
// CHECK: gpu.memset async {{.*}} %arg6, %c0_i32 : memref<?x8x?xi32>, i32
// CHECK: gpu.memset async {{.*}} %arg7, %c-1_i32 : memref<?x8x?x?xi32>, i32
// CHECK: %[[DONE:.*]] = gpu.launch_func async {{.*}} @xattention_device::@xattention_xattention blocks in ({{.*}}, %c8, %c1) threads in (%c256, %c1, %c1) dynamic_shared_memory_size
// CHECK-SAME: %[[NUM]] : memref<?x8x?xi32>, %[[IDX]] : memref<?x8x?x?xi32>)
// CHECK: gpu.wait [%[[DONE]]]
// CHECK: gpu.launch_func @xattention_device::@xattention blocks in ({{.*}}, %c8, %c1)
// CHECK-SAME: %[[NUM]] : memref<?x8x?xi32>, %[[IDX]] : memref<?x8x?x?xi32>)
// CHECK: gpu.dealloc async {{.*}} %[[NUM]]
// CHECK: gpu.dealloc async {{.*}} %[[IDX]]
// CHECK: call @attnc_cuda_launch_status()

// The attention kernel walks the lists like per-head block-mask lists.
// CHECK: gpu.func @xattention({{.*}}) kernel
// CHECK: memref.load %arg8
// CHECK: memref.load %arg9
// CHECK: nvvm.mma.sync

// The selection kernel: q and k rows of one s per step with cp.async, the
// strided scores on tensor cores, row statistics merged by shuffles, block
// masses added in shared memory, the lists and the `selected` results.
// CHECK: gpu.func @xattention_xattention({{.*}}) kernel
// CHECK-DAG: nvvm.cp.async.shared.global
// CHECK-DAG: nvvm.ldmatrix
// CHECK-DAG: nvvm.mma.sync
// CHECK-DAG: gpu.shuffle xor
// CHECK-DAG: llvm.atomicrmw fadd
// CHECK-DAG: gpu.barrier
// CHECK-DAG: memref.store {{.*}}, %arg8
// CHECK-DAG: memref.store {{.*}}, %arg9
// CHECK-DAG: memref.store {{.*}}, %arg6
// CHECK-DAG: memref.store {{.*}}, %arg7
func.func @xattention(%q: tensor<?x8x128xbf16>, %k: tensor<?x2x128xbf16>, %v: tensor<?x2x128xbf16>,
                      %cq: tensor<?xi32>, %ck: tensor<?xi32>)
    -> (tensor<?x8x128xbf16>, tensor<?x8x?xi32>, tensor<?x8x?x?xi32>) {
  %o, %n, %i = attn.varlen q(%q : tensor<?x8x128xbf16>) k(%k : tensor<?x2x128xbf16>) v(%v : tensor<?x2x128xbf16>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>)
      {causal, sparsity = #attn.xattention<threshold = 0.9, block = 64, stride = 8, dense_tail = 100>}
      -> tensor<?x8x128xbf16> selected tensor<?x8x?xi32>, tensor<?x8x?x?xi32>
  return %o, %n, %i : tensor<?x8x128xbf16>, tensor<?x8x?xi32>, tensor<?x8x?x?xi32>
}
