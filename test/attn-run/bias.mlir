// Additive bias (SPEC §2 step 4, §3): varlen bias is [B|1, Hq|1, maxLq|1,
// maxLk|1] padded to the longest sequence and indexed relative to each
// sequence; dense bias is indexed by storage slot. A row whose visible keys
// all score -inf gets out 0 and lse -inf (SPEC §2 step 8).
//
// varlen: cu_seqlens_q = [0, 1, 3], cu_seqlens_k = [0, 2, 5], q = k = 0,
// v = [4, 8 | 3, 6, 1000], bias [2, 1, 2, 3] (Hq broadcast; 1000 marks
// padding entries that no query reads):
//   seq 0, q0: bias [ln 3, 0]: weights [3/4, 1/4], out = 5, lse = ln 4 = 1.386294
//   seq 1, q0: bias [0, ln 2, -inf]: weights [1/3, 2/3, 0], out = 5,
//              lse = ln 3 = 1.098612
//   seq 1, q1: bias [-inf, -inf, -inf]: out = 0, lse = -inf
//
// RUN: attn-run %s --function=varlen --print-values=3 \
// RUN:   --input=3x1x1xf32=0 --input=5x1x1xf32=0 \
// RUN:   --input=5x1x1xf32=4,8,3,6,1000 --input=3xi32=0,1,3 \
// RUN:   --input=3xi32=0,2,5 \
// RUN:   --input=2x1x2x3xf32=1.0986123,0,1000,1000,1000,1000,0,0.6931472,-inf,-inf,-inf,-inf \
// RUN:   | FileCheck %s --check-prefix=VARLEN

// VARLEN:      input #5 bias 2x1x2x3xf32 min 0 max 1000 mean {{.*}}, 4 inf
// VARLEN:      result #0 out 3x1x1xf32
// VARLEN-NEXT: [5, 5, 0]
// VARLEN-NEXT: result #1 lse 1x3xf32
// VARLEN-NEXT: [1.386{{[0-9]}}, 1.098{{[0-9]}}, -inf]

// dense, Skv = 3, actual_seq_lengths = [1], kv_padding_size = 1: the one
// valid key is storage slot 3 - 1 - 1 = 1, so bias [100, 2.5, -100] adds 2.5
// (not bias[..., 0] = 100): out = v[1] = 8, lse = 2.5.
//
// RUN: attn-run %s --function=dense --print-values=1 \
// RUN:   --input=1x1x1x1xf32=0 --input=1x1x3x1xf32=0 \
// RUN:   --input=1x1x3x1xf32=7,8,9 --input=1xi32=1 --input=i64=1 \
// RUN:   --input=1x1x1x3xf32=100,2.5,-100 | FileCheck %s --check-prefix=DENSE

// DENSE:      result #0 out 1x1x1x1xf32
// DENSE-NEXT: [8]
// DENSE-NEXT: result #1 lse 1x1x1xf32
// DENSE-NEXT: [2.5]

func.func @varlen(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                  %v: tensor<?x1x1xf32>, %cu_q: tensor<?xi32>,
                  %cu_k: tensor<?xi32>, %bias: tensor<?x1x?x?xf32>)
    -> (tensor<?x1x1xf32>, tensor<1x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x1xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) bias(%bias : tensor<?x1x?x?xf32>)
      -> tensor<?x1x1xf32> lse tensor<1x?xf32>
  return %out, %lse : tensor<?x1x1xf32>, tensor<1x?xf32>
}

func.func @dense(%q: tensor<1x1x1x1xf32>, %k: tensor<1x1x3x1xf32>,
                 %v: tensor<1x1x3x1xf32>, %len: tensor<1xi32>,
                 %pad: tensor<i64>, %bias: tensor<1x1x1x3xf32>)
    -> (tensor<1x1x1x1xf32>, tensor<1x1x1xf32>) {
  %out, %lse = attn.dense layout(bnsd) q(%q : tensor<1x1x1x1xf32>)
      k(%k : tensor<1x1x3x1xf32>) v(%v : tensor<1x1x3x1xf32>)
      actual_seq_lengths(%len : tensor<1xi32>) kv_padding_size(%pad : tensor<i64>)
      bias(%bias : tensor<1x1x1x3xf32>)
      -> tensor<1x1x1x1xf32> lse tensor<1x1x1xf32>
  return %out, %lse : tensor<1x1x1x1xf32>, tensor<1x1x1xf32>
}
