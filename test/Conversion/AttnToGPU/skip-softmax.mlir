// RUN: attn-opt %s --attn-lower-to-gpu --canonicalize | FileCheck %s

// Skip-softmax on the GPU (SPEC 5.4), varlen GQA 8/2 with br = 64, bc = 64:
// the tile geometry follows the SPEC tiles (two heads of 64 rows per
// thread block, 4 warps of two m-tiles, 64-key blocks); the host zeroes
// skip_stats before the launch; per block each warp votes per head (does a
// valid row see a key,
// is every such row below its running max plus log2 lambda), the votes
// meet in shared memory behind a barrier, thread 0 counts skipped and
// visited tiles atomically, and the softmax and P V run only when some head
// still needs the block.

// CHECK-LABEL: func.func @varlen_skip(
// CHECK: gpu.memcpy async
// CHECK: gpu.launch_func @varlen_skip_device::@varlen_skip blocks in ({{.*}}, %c4, %c1) threads in (%c128, %c1, %c1)
// CHECK: gpu.func @varlen_skip(
// CHECK: math.log
// CHECK-COUNT-2: nvvm.vote.sync  any
// CHECK: nvvm.vote.sync  all
// CHECK: gpu.barrier
// CHECK: memref.atomic_rmw addi
// CHECK: memref.atomic_rmw addi
// CHECK: scf.if
// CHECK: nvvm.mma.sync

func.func @varlen_skip(%q: tensor<?x8x64xbf16>, %k: tensor<?x2x64xbf16>,
    %v: tensor<?x2x64xbf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>)
    -> (tensor<?x8x64xbf16>, tensor<2xi64>) {
  %o, %stats = attn.varlen q(%q : tensor<?x8x64xbf16>)
      k(%k : tensor<?x2x64xbf16>) v(%v : tensor<?x2x64xbf16>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>)
      {causal, skip_softmax = #attn.skip_softmax<br = 64, bc = 64,
                                                 prefill = 0.01 : f64>}
      -> tensor<?x8x64xbf16> skip_stats tensor<2xi64>
  return %o, %stats : tensor<?x8x64xbf16>, tensor<2xi64>
}
