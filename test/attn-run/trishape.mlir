// Tri-shape sparsity (SPEC §5.2), per query: a query at position p with
// p >= prompt_len - dense_tail is dense (all causal keys); any other sees
// the first start / bk blocks and blocks [p / bk - recent / bk, p / bk],
// causally. prompt_lens defaults to Lk.
//
// One sequence, Lq = 4, Lk = 10 (queries at positions 6..9), bk = 2,
// start = 2, recent = 2, dense_tail = 2; q = k = 0, v = [0, 1, ..., 9], so
// out is the mean of the visible key indices and lse = ln(count).
//   prompt_len = Lk = 10 (dense from p = 8):
//     p = 6 (block 3): blocks 0, 2, 3: {0, 1, 4, 5, 6}    out 16/5 = 3.2
//     p = 7 (block 3):                 {0, 1, 4, 5, 6, 7} out 23/6 = 3.833333
//     p = 8: dense {0..8}  out 4    p = 9: dense {0..9}  out 4.5
//     lse [ln 5 = 1.609438, ln 6 = 1.791759, ln 9 = 2.197225, ln 10 = 2.302585]
//   prompt_lens = [12] (dense from p = 10: no query):
//     p = 8 (block 4): blocks 0, 3, 4: {0, 1, 6, 7, 8}     out 22/5 = 4.4
//     p = 9:                           {0, 1, 6, 7, 8, 9}  out 31/6 = 5.166667
//     lse [ln 5, ln 6, ln 5, ln 6]
//
// DEFINE: %{run} = attn-run %s --input=4x1x1xf32=0 --input=10x1x1xf32=0 \
// DEFINE:   --input=10x1x1xf32=0,1,2,3,4,5,6,7,8,9 --input=2xi32=0,4 \
// DEFINE:   --input=2xi32=0,10
// RUN: %{run} --function=default_prompt | FileCheck %s --check-prefix=DEFAULT
// RUN: %{run} --function=prompt_lens --input=1xi32=12 \
// RUN:   | FileCheck %s --check-prefix=PROMPT

// DEFAULT:      result #0 out 4x1x1xf32
// DEFAULT-NEXT: [3.2, 3.833{{[0-9]}}, 4, 4.5]
// DEFAULT-NEXT: result #1 lse 1x4xf32
// DEFAULT-NEXT: [1.609{{[0-9]}}, 1.791{{[0-9]}}, 2.197{{[0-9]}}, 2.302{{[0-9]}}]

// PROMPT:      input #5 prompt_lens 1xi32 min 12 max 12
// PROMPT:      result #0 out 4x1x1xf32
// PROMPT-NEXT: [3.2, 3.833{{[0-9]}}, 4.4, 5.166{{[0-9]}}]
// PROMPT-NEXT: result #1 lse 1x4xf32
// PROMPT-NEXT: [1.609{{[0-9]}}, 1.791{{[0-9]}}, 1.609{{[0-9]}}, 1.791{{[0-9]}}]

func.func @default_prompt(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                          %v: tensor<?x1x1xf32>, %cu_q: tensor<?xi32>,
                          %cu_k: tensor<?xi32>)
    -> (tensor<?x1x1xf32>, tensor<1x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x1xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      {sparsity = #attn.trishape<bk = 2, start = 2, recent = 2, dense_tail = 2>}
      -> tensor<?x1x1xf32> lse tensor<1x?xf32>
  return %out, %lse : tensor<?x1x1xf32>, tensor<1x?xf32>
}

func.func @prompt_lens(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                       %v: tensor<?x1x1xf32>, %cu_q: tensor<?xi32>,
                       %cu_k: tensor<?xi32>, %prompt: tensor<?xi32>)
    -> (tensor<?x1x1xf32>, tensor<1x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x1xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) prompt_lens(%prompt : tensor<?xi32>)
      {sparsity = #attn.trishape<bk = 2, start = 2, recent = 2, dense_tail = 2>}
      -> tensor<?x1x1xf32> lse tensor<1x?xf32>
  return %out, %lse : tensor<?x1x1xf32>, tensor<1x?xf32>
}
