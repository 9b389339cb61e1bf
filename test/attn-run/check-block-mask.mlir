// SPEC §6 runtime checks of the block-mask operands: every used count lies
// in [0, maxKVB] and every used index (t < count) in [0, ceil(max Lk / bk));
// unused index slots may hold anything.
//
// One sequence, Lq = Lk = 4, bq = bk = 2: 2 q-blocks, 2 key blocks.
// DEFINE: %{args} = --input=4x1x1xf32=0 --input=4x1x1xf32=0 \
// DEFINE:   --input=4x1x1xf32=1,2,4,8 --input=2xi32=0,4 --input=2xi32=0,4
//
// RUN: attn-run %s --function=partial %{args} --input=1x1x2xi32=1,0 \
// RUN:   --input=1x1x2x2xi32=1,-2147483648,2147483647,-1 \
// RUN:   | FileCheck %s --check-prefix=UNUSED
// UNUSED:      result #0 out 4x1x1xf32
// UNUSED-NEXT: [6, 6, 0, 0]
//
// RUN: not attn-run %s --function=partial %{args} --input=1x1x2xi32=1,1 \
// RUN:   --input=1x1x2x2xi32=2,99,0,-5 2>&1 | FileCheck %s --check-prefix=INDEX
// INDEX: attn-run: error: {{.+}}: kv_indices: sequence 0: kv_indices[0, 0, 0, 0] = 2 is outside [0, 2) (key blocks of 2 for the longest sequence)
//
// RUN: not attn-run %s --function=partial %{args} --input=1x1x2xi32=1,1 \
// RUN:   --input=1x1x2x2xi32=1,99,-1,-5 2>&1 | FileCheck %s --check-prefix=NEGATIVE
// NEGATIVE: attn-run: error: {{.+}}: kv_indices: sequence 0: kv_indices[0, 0, 1, 0] = -1 is outside [0, 2) (key blocks of 2 for the longest sequence)
//
// RUN: not attn-run %s --function=partial %{args} --input=1x1x2xi32=1,3 \
// RUN:   --input=1x1x2x2xi32=1,99,0,-5 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: attn-run: error: {{.+}}: kv_num_blocks: sequence 0: kv_num_blocks[0, 0, 1] = 3 is outside [0, 2]
//
// RUN: not attn-run %s --function=partial %{args} --input=1x1x2xi32=-1,1 \
// RUN:   --input=1x1x2x2xi32=1,99,0,-5 2>&1 | FileCheck %s --check-prefix=NEGATIVE-COUNT
// NEGATIVE-COUNT: attn-run: error: {{.+}}: kv_num_blocks: sequence 0: kv_num_blocks[0, 0, 0] = -1 is outside [0, 2]
//
// RUN: not attn-run %s --function=partial %{args} --input=1x1x1xi32=1 \
// RUN:   --input=1x1x1x2xi32=1,99 2>&1 | FileCheck %s --check-prefix=QBLOCKS
// QBLOCKS: attn-run: error: {{.+}}: kv_num_blocks: sequence 0: 4 queries need 2 q-blocks of 2 but kv_num_blocks has 1

func.func @partial(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                   %v: tensor<?x1x1xf32>, %cu_q: tensor<?xi32>,
                   %cu_k: tensor<?xi32>, %num: tensor<1x1x?xi32>,
                   %idx: tensor<1x1x?x?xi32>) -> tensor<?x1x1xf32> {
  %out = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x1xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      kv_num_blocks(%num : tensor<1x1x?xi32>)
      kv_indices(%idx : tensor<1x1x?x?xi32>)
      {sparsity = #attn.block_mask<bq = 2, bk = 2>} -> tensor<?x1x1xf32>
  return %out : tensor<?x1x1xf32>
}
