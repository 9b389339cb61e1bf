// RUN: attn-opt %s --attn-lower-to-gpu=wgmma=true --canonicalize | FileCheck %s
// RUN: attn-opt %s --attn-lower-to-gpu="wgmma=true tma=false" --canonicalize \
// RUN:   | FileCheck %s --check-prefix=CPASYNC
// RUN: attn-opt %s --attn-lower-to-gpu --canonicalize | FileCheck %s --check-prefix=SYNC

// Dense causal prefill, GQA 32/8, D=128, bf16, with wgmma (sm_90a): two
// warpgroups (8 warps) own the 128 packed rows; Q, K and V tiles are
// 128-byte swizzled (128 x 128 Q, three 128-key K/V stages: 32 KiB + 3 x
// 64 KiB, then three 8-byte mbarriers); S = Q K^T is 8 m64n128k16 products
// from shared memory (transpose immediates 0, 0), P V 8 m64n128k16 products
// with P from registers and V transposed (immediate 1); each batch is
// fenced, committed and waited for.
//
// K and V come by TMA. The host asks the runtime for a tensor map of each
// (an 18-word request: address, 2-byte elements, rank 4, then sizes,
// strides and boxes innermost first: 64 columns by 128 keys of one head of
// one sequence) and passes both addresses to the kernel. Thread 0 of the
// kernel sets up one mbarrier per stage, and per staged block arms one
// with the 64 KiB of a K and a V tile and issues four boxes (two 64-column
// halves each of K and V) at (column, key, kv head, batch). Every thread
// waits on the stage's mbarrier; Q's cp.async copies are waited for and
// fenced before the first block.
//
// NaN guard: a block that masks no key (here: full and inside the
// sequence) takes the plain barrier. Where a block may mask keys, each
// thread looks at its chunks of the landed V tile for a NaN or an infinity
// (16-byte loads), and the block's barrier ORs the votes. A block that has
// one first takes the guarded path: its scores once more (8 wgmma),
// kept in local memory, the non-finite values its rows see noted (lane
// shuffles of the scores), then those values zeroed (stores, fenced for the
// async proxy, barrier). Then the normal path, which has no guard code;
// finalize turns the noted elements into NaN or the infinity.

// CHECK-LABEL: func.func private @attnc_cuda_tensor_map(i64) -> i64
// CHECK-LABEL: func.func @dense_gqa_causal(
// CHECK-SAME: attn.workspace_bytes = 229400
// CHECK: memref.extract_strided_metadata %arg1
// CHECK: memref.alloca() : memref<18xi64>
// CHECK-DAG: memref.store %c2_i64, %alloca[%c1]
// CHECK-DAG: memref.store %c4_i64, %alloca[%c2]
// CHECK-DAG: memref.store %c64_i64, %alloca[%c13]
// CHECK-DAG: memref.store %c128_i64, %alloca[%c14]
// CHECK-DAG: memref.store %c1_i64, %alloca[%c15]
// CHECK-DAG: memref.store %c1_i64, %alloca[%c16]
// CHECK: %[[KMAP:.*]] = func.call @attnc_cuda_tensor_map
// CHECK: memref.extract_strided_metadata %arg2
// CHECK: %[[VMAP:.*]] = func.call @attnc_cuda_tensor_map
// CHECK: gpu.launch_func @dense_gqa_causal_device::@dense_gqa_causal blocks in ({{.*}}, %c8, %c1) threads in (%c256, %c1, %c1) dynamic_shared_memory_size %c229400_i32 args({{.*}}, %[[KMAP]] : i64, %[[VMAP]] : i64)
// CHECK: llvm.mlir.global internal @attn_shared() {addr_space = 3 : i32, alignment = 1024 : i64
// CHECK: gpu.func @dense_gqa_causal({{.*}}, %[[KARG:.*]]: i64, %[[VARG:.*]]: i64) kernel
// CHECK-COUNT-3: nvvm.mbarrier.init {{.*}}, %c1_i32
// CHECK-NEXT: nvvm.fence.mbarrier.init
// CHECK: gpu.barrier
// CHECK: nvvm.mbarrier.arrive.expect_tx %[[BAR:.*]], %c65536_i32
// CHECK-NEXT: llvm.inttoptr %[[KARG]]
// CHECK: nvvm.cp.async.bulk.tensor.shared.cluster.global {{.*}}, %[[BAR]], box[%c0_i32, %c0_i32, {{.*}}] : !llvm.ptr<7>, !llvm.ptr
// CHECK: nvvm.cp.async.bulk.tensor.shared.cluster.global {{.*}}, %[[BAR]], box[%c64_i32, %c0_i32, {{.*}}]
// CHECK: llvm.inttoptr %[[VARG]]
// CHECK-COUNT-2: nvvm.cp.async.bulk.tensor.shared.cluster.global
// CHECK: scf.for
// CHECK: nvvm.mbarrier.try_wait.parity
// CHECK: nvvm.cp.async.wait.group 0
// CHECK-NEXT: nvvm.fence.proxy
// CHECK: %[[GUARDED:.*]] = scf.if %{{.*}} -> (i1) {
// CHECK-NEXT: gpu.barrier
// CHECK-NEXT: scf.yield %false : i1
// CHECK-NEXT: } else {
// CHECK: llvm.load {{.*}} : !llvm.ptr<3> -> vector<4xi32>
// CHECK: %[[ANY:.*]] = nvvm.barrier #nvvm.reduction<or> %{{.*}} -> i32
// CHECK-NEXT: %[[VOTE:.*]] = arith.cmpi ne, %[[ANY]], %c0_i32
// CHECK-NEXT: scf.yield %[[VOTE]] : i1
// CHECK: nvvm.mbarrier.arrive.expect_tx
// CHECK: scf.if %[[GUARDED]] {
// CHECK: nvvm.wgmma.fence.aligned
// CHECK-COUNT-8: wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16 {{.*}}, 0, 0;
// CHECK: gpu.shuffle  idx
// CHECK: llvm.store {{.*}} : vector<4xi32>, !llvm.ptr<3>
// CHECK: nvvm.fence.proxy {kind = #nvvm.proxy_kind<async.shared>, space = #nvvm.shared_space<cta>}
// CHECK-NEXT: gpu.barrier
// CHECK-NEXT: }
// CHECK-NOT: gpu.shuffle  idx
// CHECK: nvvm.wgmma.fence.aligned
// CHECK-COUNT-8: wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16 {{.*}}, 0, 0;
// CHECK: nvvm.wgmma.commit.group.sync.aligned
// CHECK-NEXT: nvvm.wgmma.wait.group.sync.aligned 0
// CHECK-NOT: gpu.shuffle  idx
// CHECK: nvvm.wgmma.fence.aligned
// CHECK-COUNT-8: wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16 {{.*}}, p, 1, 1, 1;
// CHECK: nvvm.wgmma.commit.group.sync.aligned
// CHECK-NOT: gpu.shuffle  idx
// CHECK-NOT: nvvm.mma.sync
// CHECK-NOT: nvvm.ldmatrix

// tma=false stages K and V with cp.async: after they land each thread
// fences them for the async proxy before the (voting) barrier; no tensor
// maps.
// CPASYNC-LABEL: func.func @dense_gqa_causal(
// CPASYNC-SAME: attn.workspace_bytes = 229376
// CPASYNC-NOT: attnc_cuda_tensor_map
// CPASYNC: gpu.launch_func {{.*}} dynamic_shared_memory_size %c229376_i32
// CPASYNC: gpu.func @dense_gqa_causal(
// CPASYNC-NOT: mbarrier
// CPASYNC: nvvm.cp.async.wait.group 1
// CPASYNC-NEXT: nvvm.fence.proxy {kind = #nvvm.proxy_kind<async.shared>, space = #nvvm.shared_space<cta>}
// CPASYNC: nvvm.barrier #nvvm.reduction<or>
// CPASYNC-NOT: cp.async.bulk
// CPASYNC: wgmma.mma_async

// Without the option (sm_90, sm_80) the same op uses mma.sync.
// SYNC-LABEL: func.func @dense_gqa_causal(
// SYNC: threads in (%c128, %c1, %c1)
// SYNC-NOT: wgmma
// SYNC: nvvm.mma.sync
// SYNC-NOT: wgmma

func.func @dense_gqa_causal(%q: tensor<?x32x?x128xbf16>,
    %k: tensor<?x8x?x128xbf16>, %v: tensor<?x8x?x128xbf16>)
    -> tensor<?x32x?x128xbf16> {
  %o = attn.dense layout(bnsd) q(%q : tensor<?x32x?x128xbf16>)
      k(%k : tensor<?x8x?x128xbf16>) v(%v : tensor<?x8x?x128xbf16>) {causal}
      -> tensor<?x32x?x128xbf16>
  return %o : tensor<?x32x?x128xbf16>
}
