// RUN: attn-opt %s | attn-opt | FileCheck %s

// CHECK-LABEL: func.func @varlen
// CHECK: attn.varlen q(%{{.*}} : tensor<?x8x64xf16>)
func.func @varlen(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal} -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}
