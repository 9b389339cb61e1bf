// SPEC §5.3 / §6: XAttention needs Lq <= Lk and (Lk - Lq) a multiple of the
// block in every sequence; the runtime check names cu_seqlens_k (where the
// key lengths come from), the sequence and the lengths.
//
// block = 2; sequence 0 is fine (Lq = Lk = 2), sequence 1 is not.
// RUN: not attn-run %s --input=10x1x1xf32=1 --input=11x1x1xf32=0 \
// RUN:   --input=11x1x1xf32=0 --input=3xi32=0,2,10 --input=3xi32=0,2,11 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MULTIPLE
// MULTIPLE: attn-run: error: {{.+}}: cu_seqlens_k: sequence 1: XAttention needs Lk - Lq = 9 - 8 = 1 to be a multiple of the block 2
//
// RUN: not attn-run %s --input=10x1x1xf32=1 --input=8x1x1xf32=0 \
// RUN:   --input=8x1x1xf32=0 --input=3xi32=0,2,10 --input=3xi32=0,2,8 2>&1 \
// RUN:   | FileCheck %s --check-prefix=LONGER
// LONGER: attn-run: error: {{.+}}: cu_seqlens_k: sequence 1: XAttention needs Lq <= Lk, got 8 queries and 6 keys
//
// Lk - Lq = 2 (one block) is accepted:
// RUN: attn-run %s --input=10x1x1xf32=1 --input=12x1x1xf32=0 \
// RUN:   --input=12x1x1xf32=0 --input=3xi32=0,2,10 --input=3xi32=0,2,12 \
// RUN:   | FileCheck %s --check-prefix=OK
// OK: result #0 out 10x1x1xf32

func.func @xattention(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                      %v: tensor<?x1x1xf32>, %cu_q: tensor<?xi32>,
                      %cu_k: tensor<?xi32>) -> tensor<?x1x1xf32> {
  %out = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x1xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      {causal, sparsity = #attn.xattention<block = 2, stride = 1>}
      -> tensor<?x1x1xf32>
  return %out : tensor<?x1x1xf32>
}
