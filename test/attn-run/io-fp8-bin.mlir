// fp8 KV caches come in as raw .bin bytes (NumPy has no fp8 dtype), decoded
// exactly and dequantised with per-tensor scales (SPEC §4).
//
// f8E4M3FN bytes: 0x40 = 2, 0x00 = 0, 0x38 = 1, 0xB8 = -1;
// f8E5M2 bytes:   0x40 = 2, 0x00 = 0, 0x3C = 1, 0xBC = -1.
// One query q = 1, scale = 1; k = [2, 0] * k_scale 0.5 = [1, 0];
// v = [1, -1] * v_scale 4 = [4, -4]. Weights e/(e+1) = 0.731059 and
// 1/(e+1) = 0.268941: out = 4 * (0.731059 - 0.268941) = 1.848469,
// lse = ln(1 + e) = 1.313262.
//
// RUN: printf '\x40\x00' > %t.k.bin
// RUN: printf '\x38\xb8' > %t.v-e4m3.bin
// RUN: printf '\x3c\xbc' > %t.v-e5m2.bin
// RUN: attn-run %s --function=e4m3 --input=1x1x1xf32=1 \
// RUN:   --input=2x1x1xf8E4M3FN=@%t.k.bin --input=2x1x1xf8E4M3FN=@%t.v-e4m3.bin \
// RUN:   --input=2xi32=0,1 --input=2xi32=0,2 --input=f32=0.5 --input=f32=4 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,E4M3
// RUN: attn-run %s --function=e5m2 --input=1x1x1xf32=1 \
// RUN:   --input=2x1x1xf8E5M2=@%t.k.bin --input=2x1x1xf8E5M2=@%t.v-e5m2.bin \
// RUN:   --input=2xi32=0,1 --input=2xi32=0,2 --input=f32=0.5 --input=f32=4 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,E5M2

// E4M3:       input #1 k 2x1x1xf8E4M3FN min 0 max 2
// E4M3-NEXT:  input #2 v 2x1x1xf8E4M3FN min -1 max 1
// E5M2:       input #1 k 2x1x1xf8E5M2 min 0 max 2
// E5M2-NEXT:  input #2 v 2x1x1xf8E5M2 min -1 max 1
// CHECK:      result #0 out 1x1x1xf32
// CHECK-NEXT: [1.848{{[0-9]}}]
// CHECK-NEXT: result #1 lse 1x1xf32
// CHECK-NEXT: [1.313{{[0-9]}}]

func.func @e4m3(%q: tensor<1x1x1xf32>, %k: tensor<2x1x1xf8E4M3FN>,
                %v: tensor<2x1x1xf8E4M3FN>, %cu_q: tensor<2xi32>,
                %cu_k: tensor<2xi32>, %ks: tensor<f32>, %vs: tensor<f32>)
    -> (tensor<1x1x1xf32>, tensor<1x1xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<1x1x1xf32>)
      k(%k : tensor<2x1x1xf8E4M3FN>) v(%v : tensor<2x1x1xf8E4M3FN>)
      cu_seqlens_q(%cu_q : tensor<2xi32>) cu_seqlens_k(%cu_k : tensor<2xi32>)
      k_scale(%ks : tensor<f32>) v_scale(%vs : tensor<f32>) {scale = 1.0 : f64}
      -> tensor<1x1x1xf32> lse tensor<1x1xf32>
  return %out, %lse : tensor<1x1x1xf32>, tensor<1x1xf32>
}

func.func @e5m2(%q: tensor<1x1x1xf32>, %k: tensor<2x1x1xf8E5M2>,
                %v: tensor<2x1x1xf8E5M2>, %cu_q: tensor<2xi32>,
                %cu_k: tensor<2xi32>, %ks: tensor<f32>, %vs: tensor<f32>)
    -> (tensor<1x1x1xf32>, tensor<1x1xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<1x1x1xf32>)
      k(%k : tensor<2x1x1xf8E5M2>) v(%v : tensor<2x1x1xf8E5M2>)
      cu_seqlens_q(%cu_q : tensor<2xi32>) cu_seqlens_k(%cu_k : tensor<2xi32>)
      k_scale(%ks : tensor<f32>) v_scale(%vs : tensor<f32>) {scale = 1.0 : f64}
      -> tensor<1x1x1xf32> lse tensor<1x1xf32>
  return %out, %lse : tensor<1x1x1xf32>, tensor<1x1xf32>
}
