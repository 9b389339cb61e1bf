// XAttention compiled for the CPU (paged, GQA, bf16, LSE) selects the blocks
// the float64 reference selects: outputs agree within SPEC §7.
// RUN: attn-run %s --backend=cpu --check --seed=1 --q-len=150 --kv-extra=200 | FileCheck %s
// RUN: attn-run %s --backend=cpu --check --seed=2 --q-len=150 --kv-extra=200 | FileCheck %s
// CHECK: check  #0  out {{.*}}: ok
// CHECK: check  #1  lse {{.*}}: ok
func.func @xa2(%q: tensor<?x8x64xbf16>, %kc: tensor<?x16x2x64xbf16>, %vc: tensor<?x16x2x64xbf16>,
               %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) -> (tensor<?x8x64xbf16>, tensor<8x?xf32>) {
  %o, %l = attn.paged layout(nhd) q(%q : tensor<?x8x64xbf16>) k_cache(%kc : tensor<?x16x2x64xbf16>)
      v_cache(%vc : tensor<?x16x2x64xbf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>)
      cu_seqlens_q(%cq : tensor<?xi32>)
      {causal, sparsity = #attn.xattention<threshold = 0.9, block = 32, stride = 8, dense_tail = 3>}
      -> tensor<?x8x64xbf16> lse tensor<8x?xf32>
  return %o, %l : tensor<?x8x64xbf16>, tensor<8x?xf32>
}
