// Random inputs (no --input) respect every static dim of the argument types
// and the operand relations of each family: a static query count with a
// block table too short for the drawn contexts (the contexts shrink, the
// queries stay), block-mask counts and indices that broadcast differently,
// the bsh layout with padding, and an int8 hpnd cache with per-token
// scales; XAttention lengths (Lk - Lq in whole blocks) with dense
// actual_seq_lengths and with a static Tk. The generator's options must be
// meaningful.
//
// RUN: attn-run %s --function=paged_short_table --seed=1 | FileCheck %s --check-prefix=PAGED
// RUN: attn-run %s --function=paged_short_table --seed=2 | FileCheck %s --check-prefix=PAGED
// RUN: attn-run %s --function=block_mask_broadcast --seed=1 | FileCheck %s --check-prefix=BLOCK
// RUN: attn-run %s --function=block_mask_broadcast --seed=2 | FileCheck %s --check-prefix=BLOCK
// RUN: attn-run %s --function=dense_bsh --seed=1 | FileCheck %s --check-prefix=BSH
// RUN: attn-run %s --function=dense_bsh --seed=2 --batch=1 | FileCheck %s --check-prefix=BSH
// RUN: attn-run %s --function=paged_int8 --seed=1 | FileCheck %s --check-prefix=INT8
// RUN: attn-run %s --function=paged_int8 --seed=2 | FileCheck %s --check-prefix=INT8
// RUN: attn-run %s --function=dense_xattention --seed=1 | FileCheck %s --check-prefix=XDENSE
// RUN: attn-run %s --function=dense_xattention --seed=2 | FileCheck %s --check-prefix=XDENSE
// RUN: attn-run %s --function=varlen_xattention --seed=1 --q-len=8 | FileCheck %s --check-prefix=XVARLEN
// RUN: attn-run %s --function=varlen_xattention --seed=2 --q-len=8 | FileCheck %s --check-prefix=XVARLEN
// RUN: not attn-run %s --function=dense_bsh --batch=0 2>&1 | FileCheck %s --check-prefix=OPTIONS
// RUN: not attn-run %s --function=dense_bsh --q-len=0 2>&1 | FileCheck %s --check-prefix=OPTIONS
// RUN: not attn-run %s --function=dense_bsh --kv-extra=-1 2>&1 | FileCheck %s --check-prefix=OPTIONS

// PAGED-NOT:  NaN
// PAGED:      input #0 q 5x2x8xf32
// PAGED-NEXT: input #1 k_cache [[P:[0-9]+]]x4x1x8xf32
// PAGED-NEXT: input #2 v_cache [[P]]x4x1x8xf32
// PAGED-NEXT: input #3 block_table 2x1xi32
// PAGED-NEXT: input #4 context_lens 2xi32 min {{[0-4]}} max {{[0-4]}} mean
// PAGED-NEXT: input #5 cu_seqlens_q 3xi32 min 0 max 5 mean
// PAGED-NEXT: result #0 out 5x2x8xf32
func.func @paged_short_table(%q: tensor<5x2x8xf32>, %kc: tensor<?x4x1x8xf32>,
                             %vc: tensor<?x4x1x8xf32>, %bt: tensor<?x1xi32>,
                             %cl: tensor<?xi32>, %cu: tensor<3xi32>)
    -> tensor<5x2x8xf32> {
  %o = attn.paged layout(nhd) q(%q : tensor<5x2x8xf32>)
      k_cache(%kc : tensor<?x4x1x8xf32>) v_cache(%vc : tensor<?x4x1x8xf32>)
      block_table(%bt : tensor<?x1xi32>) context_lens(%cl : tensor<?xi32>)
      cu_seqlens_q(%cu : tensor<3xi32>) {causal} -> tensor<5x2x8xf32>
  return %o : tensor<5x2x8xf32>
}

// BLOCK-NOT:  NaN
// BLOCK:      input #0 q [[B:[0-9]+]]x2x[[SQ:[0-9]+]]x8xf32
// BLOCK:      input #3 kv_num_blocks 1x2x[[NQB:[0-9]+]]xi32
// BLOCK-NEXT: input #4 kv_indices [[B]]x1x[[NQB]]x{{[0-9]+}}xi32
// BLOCK-NEXT: result #0 out [[B]]x2x[[SQ]]x8xf32
func.func @block_mask_broadcast(%q: tensor<?x2x?x8xf32>, %k: tensor<?x2x?x8xf32>,
                                %v: tensor<?x2x?x8xf32>, %n: tensor<1x2x?xi32>,
                                %i: tensor<?x1x?x?xi32>) -> tensor<?x2x?x8xf32> {
  %o = attn.dense layout(bnsd) q(%q : tensor<?x2x?x8xf32>)
      k(%k : tensor<?x2x?x8xf32>) v(%v : tensor<?x2x?x8xf32>)
      kv_num_blocks(%n : tensor<1x2x?xi32>) kv_indices(%i : tensor<?x1x?x?xi32>)
      {sparsity = #attn.block_mask<bq = 4, bk = 8>} -> tensor<?x2x?x8xf32>
  return %o : tensor<?x2x?x8xf32>
}

// BSH-NOT:  NaN
// BSH:      input #0 q [[B:[0-9]+]]x[[SQ:[0-9]+]]x64xf16
// BSH-NEXT: input #1 k [[B]]x[[SKV:[0-9]+]]x32xf16
// BSH-NEXT: input #2 v [[B]]x[[SKV]]x32xf16
// BSH-NEXT: input #3 actual_seq_lengths [[B]]xi32
// BSH-NEXT: input #4 kv_padding_size i64
// BSH-NEXT: result #0 out [[B]]x[[SQ]]x64xf16
// BSH-NEXT: [{{.+}}]
// BSH-NEXT: result #1 lse [[B]]x4x[[SQ]]xf32
func.func @dense_bsh(%q: tensor<?x?x64xf16>, %k: tensor<?x?x32xf16>,
                     %v: tensor<?x?x32xf16>, %len: tensor<?xi32>,
                     %pad: tensor<i64>) -> (tensor<?x?x64xf16>, tensor<?x4x?xf32>) {
  %o, %l = attn.dense layout(bsh) q(%q : tensor<?x?x64xf16>)
      k(%k : tensor<?x?x32xf16>) v(%v : tensor<?x?x32xf16>)
      actual_seq_lengths(%len : tensor<?xi32>) kv_padding_size(%pad : tensor<i64>)
      {num_heads = 4 : i64, num_kv_heads = 2 : i64, causal}
      -> tensor<?x?x64xf16> lse tensor<?x4x?xf32>
  return %o, %l : tensor<?x?x64xf16>, tensor<?x4x?xf32>
}

// INT8-NOT:  NaN
// INT8:      input #0 q [[TQ:[0-9]+]]x4x16xf16
// INT8-NEXT: input #1 k_cache 2x[[P:[0-9]+]]x8x16xi8 min {{-?[0-9]+}} max {{[0-9]+}}
// INT8-NEXT: input #2 v_cache 2x[[P]]x8x16xi8
// INT8-NEXT: input #3 block_table 3x{{[0-9]+}}xi32
// INT8-NEXT: input #4 context_lens 3xi32
// INT8-NEXT: input #5 cu_seqlens_q 4xi32 min 0 max [[TQ]] mean
// INT8-NEXT: input #6 k_scale [[P]]x8xf32
// INT8-NEXT: input #7 v_scale 2x16xf32
// INT8-NEXT: input #8 v_offset 2x16xf32
// INT8-NEXT: result #0 out [[TQ]]x4x16xf16
func.func @paged_int8(%q: tensor<?x4x16xf16>, %kc: tensor<2x?x8x16xi8>,
                      %vc: tensor<2x?x8x16xi8>, %bt: tensor<?x?xi32>,
                      %cl: tensor<?xi32>, %cu: tensor<?xi32>,
                      %ks: tensor<?x8xf32>, %vs: tensor<2x16xf32>,
                      %vo: tensor<2x16xf32>) -> tensor<?x4x16xf16> {
  %o = attn.paged layout(hpnd) q(%q : tensor<?x4x16xf16>)
      k_cache(%kc : tensor<2x?x8x16xi8>) v_cache(%vc : tensor<2x?x8x16xi8>)
      block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>)
      cu_seqlens_q(%cu : tensor<?xi32>) k_scale(%ks : tensor<?x8xf32>)
      v_scale(%vs : tensor<2x16xf32>) v_offset(%vo : tensor<2x16xf32>)
      {causal, k_quant = #attn.granularity<per_token>,
       v_quant = #attn.granularity<per_channel>} -> tensor<?x4x16xf16>
  return %o : tensor<?x4x16xf16>
}

// XDENSE-NOT:  NaN
// XDENSE:      input #3 actual_seq_lengths
// XDENSE:      result #0 out
func.func @dense_xattention(%q: tensor<?x2x?x8xf32>, %k: tensor<?x2x?x8xf32>,
                            %v: tensor<?x2x?x8xf32>, %len: tensor<?xi32>)
    -> tensor<?x2x?x8xf32> {
  %o = attn.dense layout(bnsd) q(%q : tensor<?x2x?x8xf32>)
      k(%k : tensor<?x2x?x8xf32>) v(%v : tensor<?x2x?x8xf32>)
      actual_seq_lengths(%len : tensor<?xi32>)
      {causal, sparsity = #attn.xattention<block = 4, stride = 2>}
      -> tensor<?x2x?x8xf32>
  return %o : tensor<?x2x?x8xf32>
}

// XVARLEN-NOT:  NaN
// XVARLEN:      input #1 k 30x2x8xf32
// XVARLEN:      input #4 cu_seqlens_k 4xi32 min 0 max 30
// XVARLEN:      result #0 out
func.func @varlen_xattention(%q: tensor<?x2x8xf32>, %k: tensor<30x2x8xf32>,
                             %v: tensor<30x2x8xf32>, %cq: tensor<4xi32>,
                             %ck: tensor<4xi32>) -> tensor<?x2x8xf32> {
  %o = attn.varlen q(%q : tensor<?x2x8xf32>) k(%k : tensor<30x2x8xf32>)
      v(%v : tensor<30x2x8xf32>) cu_seqlens_q(%cq : tensor<4xi32>)
      cu_seqlens_k(%ck : tensor<4xi32>)
      {causal, sparsity = #attn.xattention<block = 4, stride = 2>}
      -> tensor<?x2x8xf32>
  return %o : tensor<?x2x8xf32>
}

// OPTIONS: attn-run: error: random inputs need --batch >= 1, --q-len >= 1 and --kv-extra >= 0, got
