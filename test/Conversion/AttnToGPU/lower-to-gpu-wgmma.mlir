// RUN: attn-opt %s --attn-lower-to-gpu=wgmma=true --canonicalize | FileCheck %s
// RUN: attn-opt %s --attn-lower-to-gpu --canonicalize | FileCheck %s --check-prefix=SYNC

// Dense causal prefill, GQA 32/8, D=128, bf16, with wgmma (sm_90a): two
// warpgroups (8 warps) own the 128 packed rows; Q, K and V tiles are
// 128-byte swizzled (128 x 128 Q, three 128-key K/V stages: 32 KiB + 3 x
// 64 KiB); after the copies land each thread fences them for the async
// proxy before the barrier; S = Q K^T is 8 m64n128k16 products from shared
// memory (transpose immediates 0, 0), P V 8 m64n128k16 products with P from
// registers and V transposed (immediate 1); each batch is fenced, committed
// and waited for.

// CHECK-LABEL: func.func @dense_gqa_causal(
// CHECK-SAME: attn.workspace_bytes = 229376
// CHECK: gpu.launch_func @dense_gqa_causal_device::@dense_gqa_causal blocks in ({{.*}}, %c8, %c1) threads in (%c256, %c1, %c1) dynamic_shared_memory_size %c229376_i32
// CHECK: llvm.mlir.global internal @attn_shared() {addr_space = 3 : i32, alignment = 1024 : i64
// CHECK: gpu.func @dense_gqa_causal(
// CHECK: nvvm.fence.proxy {kind = #nvvm.proxy_kind<async.shared>, space = #nvvm.shared_space<cta>}
// CHECK-NEXT: gpu.barrier
// CHECK: nvvm.wgmma.fence.aligned
// CHECK-COUNT-8: wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16 {{.*}}, 0, 0;
// CHECK: nvvm.wgmma.commit.group.sync.aligned
// CHECK-NEXT: nvvm.wgmma.wait.group.sync.aligned 0
// CHECK: nvvm.wgmma.fence.aligned
// CHECK-COUNT-8: wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16 {{.*}}, p, 1, 1, 1;
// CHECK: nvvm.wgmma.commit.group.sync.aligned
// CHECK-NOT: nvvm.mma.sync
// CHECK-NOT: nvvm.ldmatrix

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
