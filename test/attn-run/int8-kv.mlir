// int8 KV cache with dequantisation scales and offsets (SPEC §4): the
// reference computes on x = (x_q - offset) * scale, here per token for K and
// per channel for V.
//
// One query q = 1, two keys, scale = 1, D = 1, Dv = 2:
//   k_q = [2, 5], k_offset = [0, 5], k_scale = [0.5, 3] (per token [Tk]):
//     k = [(2 - 0) * 0.5, (5 - 5) * 3] = [1, 0]
//   v_q = [[5, 3], [1, -1]], v_offset = [[1, -1]], v_scale = [[0.25, 2]]
//     (per channel [Hkv, Dv]): v = [[1, 8], [0, 0]]
//   scores [1, 0], weights e/(e+1) = 0.731059, 1/(e+1):
//   out = [0.731059, 8 * 0.731059 = 5.848469], lse = ln(1 + e) = 1.313262
//
// A per-tensor K scale (scalar) with k_q = [2, 0] and k_scale = 0.5 gives
// the same keys.
//
// RUN: attn-run %s --function=per_token --print-values=2 \
// RUN:   --input=1x1x1xf32=1 --input=2x1x1xi8=2,5 --input=2x1x2xi8=5,3,1,-1 \
// RUN:   --input=2xi32=0,1 --input=2xi32=0,2 \
// RUN:   --input=2xf32=0.5,3 --input=2xf32=0,5 \
// RUN:   --input=1x2xf32=0.25,2 --input=1x2xf32=1,-1 | FileCheck %s
// RUN: attn-run %s --function=per_tensor --print-values=2 \
// RUN:   --input=1x1x1xf32=1 --input=2x1x1xi8=2,0 --input=2x1x2xi8=5,3,1,-1 \
// RUN:   --input=2xi32=0,1 --input=2xi32=0,2 \
// RUN:   --input=f32=0.5 --input=1x2xf32=0.25,2 --input=1x2xf32=1,-1 \
// RUN:   | FileCheck %s

// CHECK:      input #1 k 2x1x1xi8
// CHECK:      result #0 out 1x1x2xf32
// CHECK-NEXT: [0.7310{{[0-9]}}, 5.848{{[0-9]}}]
// CHECK-NEXT: result #1 lse 1x1xf32
// CHECK-NEXT: [1.313{{[0-9]}}]

func.func @per_token(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xi8>,
                     %v: tensor<?x1x2xi8>, %cu_q: tensor<?xi32>,
                     %cu_k: tensor<?xi32>, %ks: tensor<?xf32>,
                     %ko: tensor<?xf32>, %vs: tensor<1x2xf32>,
                     %vo: tensor<1x2xf32>)
    -> (tensor<?x1x2xf32>, tensor<1x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xi8>)
      v(%v : tensor<?x1x2xi8>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      k_scale(%ks : tensor<?xf32>) k_offset(%ko : tensor<?xf32>)
      v_scale(%vs : tensor<1x2xf32>) v_offset(%vo : tensor<1x2xf32>)
      {scale = 1.0 : f64, k_quant = #attn.granularity<per_token>,
       v_quant = #attn.granularity<per_channel>}
      -> tensor<?x1x2xf32> lse tensor<1x?xf32>
  return %out, %lse : tensor<?x1x2xf32>, tensor<1x?xf32>
}

func.func @per_tensor(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xi8>,
                      %v: tensor<?x1x2xi8>, %cu_q: tensor<?xi32>,
                      %cu_k: tensor<?xi32>, %ks: tensor<f32>,
                      %vs: tensor<1x2xf32>, %vo: tensor<1x2xf32>)
    -> (tensor<?x1x2xf32>, tensor<1x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xi8>)
      v(%v : tensor<?x1x2xi8>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) k_scale(%ks : tensor<f32>)
      v_scale(%vs : tensor<1x2xf32>) v_offset(%vo : tensor<1x2xf32>)
      {scale = 1.0 : f64, k_quant = #attn.granularity<per_tensor>,
       v_quant = #attn.granularity<per_channel>}
      -> tensor<?x1x2xf32> lse tensor<1x?xf32>
  return %out, %lse : tensor<?x1x2xf32>, tensor<1x?xf32>
}
