// XAttention's `selected` results on the CPU (SPEC §5.3: the selected block
// mask is obtainable): the kernel's block lists match a NumPy float64
// selection on the same inputs except at borderline decisions, which are
// counted. K and V are int8 (K' rows staged and dequantised a vector at a
// time),
// four sequences, one without queries; the outputs agree with the reference.
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %attnc_python %S/Inputs/xattention_select.py write %t
// RUN: attn-run %s --backend=cpu --check --input=@%t/q.npy --input=@%t/k.npy \
// RUN:   --input=@%t/v.npy --input=@%t/cu_q.npy --input=@%t/cu_k.npy \
// RUN:   --input=@%t/k_scale.npy --input=@%t/v_scale.npy \
// RUN:   --output=@%t/out.npy --output=@%t/num.npy --output=@%t/idx.npy \
// RUN:   | FileCheck %s --check-prefix=ATTN
// RUN: %attnc_python %S/Inputs/xattention_select.py check %t | FileCheck %s

// ATTN: result #1  selected_num_blocks 4x4x7xi32
// ATTN: result #2  selected_indices 4x4x7x9xi32
// ATTN: check  #0  out {{.*}}: ok
// CHECK: selection: 112 q-block rows, {{[0-9]+}} blocks kept, {{[0-9]+}} differ, {{[0-9]+}} with a borderline decision, 0 failures

func.func @selected(%q: tensor<?x4x64xf32>, %k: tensor<?x2x64xi8>,
                    %v: tensor<?x2x64xi8>, %cu_q: tensor<?xi32>,
                    %cu_k: tensor<?xi32>, %ks: tensor<f32>, %vs: tensor<f32>)
    -> (tensor<?x4x64xf32>, tensor<?x4x?xi32>, tensor<?x4x?x?xi32>) {
  %o, %n, %i = attn.varlen q(%q : tensor<?x4x64xf32>) k(%k : tensor<?x2x64xi8>)
      v(%v : tensor<?x2x64xi8>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) k_scale(%ks : tensor<f32>)
      v_scale(%vs : tensor<f32>)
      {causal, k_quant = #attn.granularity<per_tensor>,
       v_quant = #attn.granularity<per_tensor>,
       sparsity = #attn.xattention<threshold = 0.6, block = 32, stride = 4, dense_tail = 3>}
      -> tensor<?x4x64xf32> selected tensor<?x4x?xi32>, tensor<?x4x?x?xi32>
  return %o, %n, %i : tensor<?x4x64xf32>, tensor<?x4x?xi32>, tensor<?x4x?x?xi32>
}
