// Skip-softmax compiled for the CPU skips the tiles the reference skips and
// computes the same output over the tiles it keeps.
// RUN: attn-run %s --backend=reference --seed=2 --q-len=100 --kv-extra=100 --print-values=2 | FileCheck %s --check-prefix=REF
// RUN: attn-run %s --backend=cpu --check --seed=2 --q-len=100 --kv-extra=100 --print-values=2 | FileCheck %s --check-prefix=CPU
// REF: result #1  skip_stats
// REF-NEXT: [[[SKIPPED:[0-9]+]], [[VISITED:[0-9]+]]]
// CPU: result #1  skip_stats
// CPU-NEXT: [[[SKIPPED:[0-9]+]], [[VISITED:[0-9]+]]]
// CPU: check  #0  out {{.*}}: ok
// CPU: check  #1  skip_stats         mismatches 0
func.func @skip(%q: tensor<?x4x64xf32>, %k: tensor<?x2x64xf32>, %v: tensor<?x2x64xf32>,
                %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> (tensor<?x4x64xf32>, tensor<2xi64>) {
  %o, %s = attn.varlen q(%q : tensor<?x4x64xf32>) k(%k : tensor<?x2x64xf32>) v(%v : tensor<?x2x64xf32>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>)
      {causal, skip_softmax = #attn.skip_softmax<br = 16, bc = 16, prefill = 0.9 : f64, decode = 0.5 : f64>}
      -> tensor<?x4x64xf32> skip_stats tensor<2xi64>
  return %o, %s : tensor<?x4x64xf32>, tensor<2xi64>
}
