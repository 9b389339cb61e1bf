// fp8 KV caches on the CPU: attn-expand-fp8 decodes f8E4M3FN and f8E5M2
// exactly (LLVM has no fp8 types), checked against the reference on random
// caches; unittests/Target/CPU checks every one of the 256 bytes.
//
// RUN: attn-run %s --function=e4m3 --backend=cpu --check --seed=5 \
// RUN:   | FileCheck %s
// RUN: attn-run %s --function=e5m2 --backend=cpu --check --seed=6 \
// RUN:   | FileCheck %s

// CHECK: check  #0  out {{ *}}relative error {{.*}} (tolerance 1e-05): ok

func.func @e4m3(%q: tensor<?x2x16xf32>, %k: tensor<?x1x16xf8E4M3FN>,
                %v: tensor<?x1x16xf8E4M3FN>, %cu_q: tensor<?xi32>,
                %cu_k: tensor<?xi32>, %ks: tensor<f32>, %vs: tensor<f32>)
    -> tensor<?x2x16xf32> {
  %out = attn.varlen q(%q : tensor<?x2x16xf32>)
      k(%k : tensor<?x1x16xf8E4M3FN>) v(%v : tensor<?x1x16xf8E4M3FN>)
      cu_seqlens_q(%cu_q : tensor<?xi32>) cu_seqlens_k(%cu_k : tensor<?xi32>)
      k_scale(%ks : tensor<f32>) v_scale(%vs : tensor<f32>) {causal}
      -> tensor<?x2x16xf32>
  return %out : tensor<?x2x16xf32>
}

func.func @e5m2(%q: tensor<?x2x16xf32>, %k: tensor<?x1x16xf8E5M2>,
                %v: tensor<?x1x16xf8E5M2>, %cu_q: tensor<?xi32>,
                %cu_k: tensor<?xi32>, %ks: tensor<f32>, %vs: tensor<f32>)
    -> tensor<?x2x16xf32> {
  %out = attn.varlen q(%q : tensor<?x2x16xf32>)
      k(%k : tensor<?x1x16xf8E5M2>) v(%v : tensor<?x1x16xf8E5M2>)
      cu_seqlens_q(%cu_q : tensor<?xi32>) cu_seqlens_k(%cu_k : tensor<?xi32>)
      k_scale(%ks : tensor<f32>) v_scale(%vs : tensor<f32>) {causal}
      -> tensor<?x2x16xf32>
  return %out : tensor<?x2x16xf32>
}
