// RUN: attn-opt %s --attn-lower-to-gpu --canonicalize | FileCheck %s

// Paged decode, GQA 32/8, bf16: the kernel function checks its device
// operands through the runtime, splits each sequence's KV range over
// enough thread blocks to fill the GPU (split-KV), gets their workspace from
// the runtime, launches the attention kernel (sequence, kv head, split) and
// the combine kernel (sequence, query head), and returns the launch status;
// the gpu.func stages K/V with cp.async and multiplies on tensor cores.

// CHECK-DAG: func.func private @attnc_cuda_launch_status() -> i32
// CHECK-DAG: func.func private @attnc_rt_check_attention_device(memref<154xi64>) -> i32
// CHECK-LABEL: func.func @paged_decode(
// CHECK-SAME: %[[CHECK:arg[0-9]+]]: i1) -> i32
// CHECK-SAME: attn.kernel
// CHECK-SAME: attn.workspace_bytes = 78336
// CHECK: scf.if %[[CHECK]]
// CHECK: call @attnc_rt_check_attention_device
// CHECK: %[[SEQS:.*]] = memref.dim %arg3, %c0
// CHECK: %[[WANT:.*]] = arith.ceildivsi %c1584
// CHECK: %[[SPLITS:.*]] = arith.minsi %[[WANT]], %c32
// CHECK: %[[WS:.*]] = func.call @attnc_cuda_workspace
// CHECK: gpu.launch_func @paged_decode_device::@paged_decode blocks in (%[[SEQS]], %c8, %[[SPLITS]]) threads in (%c64, %c1, %c1) dynamic_shared_memory_size %c78336_i32
// CHECK-SAME: %[[WS]] : i64, %[[SPLITS]] : index
// CHECK: gpu.launch_func @paged_decode_device::@paged_decode_combine blocks in ({{.*}}, %c32, %c1) threads in (%c128, %c1, %c1)
// CHECK: call @attnc_cuda_launch_status()
// CHECK-NOT: attn.paged

// CHECK: gpu.module @paged_decode_device
// CHECK: llvm.mlir.global internal @attn_shared() {addr_space = 3 : i32
// CHECK: gpu.func @paged_decode({{.*}}) kernel
// CHECK: nvvm.cp.async.shared.global {{.*}}, 16, cache = cg
// CHECK: nvvm.cp.async.commit.group
// CHECK: nvvm.cp.async.wait.group 0
// CHECK: gpu.barrier
// CHECK: nvvm.ldmatrix {{.*}} {eltType = #nvvm.ld_st_matrix_elt_type<b16>, layout = #nvvm.mma_layout<row>, num = 4 : i32
// CHECK: nvvm.mma.sync {{.*}}multiplicandAPtxType = #nvvm.mma_type<bf16>{{.*}}shape = #nvvm.shape<m = 16, n = 8, k = 16>
// CHECK: gpu.shuffle xor
// CHECK: math.exp2
// CHECK: nvvm.ldmatrix {{.*}}layout = #nvvm.mma_layout<col>, num = 4 : i32
// CHECK: gpu.return
// CHECK: gpu.func @paged_decode_combine({{.*}}) kernel
// CHECK: math.exp
func.func @paged_decode(%q: tensor<?x32x128xbf16>,
                        %k_cache: tensor<?x16x8x128xbf16>,
                        %v_cache: tensor<?x16x8x128xbf16>,
                        %block_table: tensor<?x?xi32>,
                        %context_lens: tensor<?xi32>) -> tensor<?x32x128xbf16> {
  %out = attn.paged layout(nhd) q(%q : tensor<?x32x128xbf16>)
      k_cache(%k_cache : tensor<?x16x8x128xbf16>)
      v_cache(%v_cache : tensor<?x16x8x128xbf16>)
      block_table(%block_table : tensor<?x?xi32>)
      context_lens(%context_lens : tensor<?xi32>) -> tensor<?x32x128xbf16>
  return %out : tensor<?x32x128xbf16>
}
