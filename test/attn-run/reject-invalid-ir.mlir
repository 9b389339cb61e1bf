// IR that does not parse or verify is refused with the verifier's located
// diagnostic, before any input is read.
//
// RUN: not attn-run %s --input=@%t.missing.npy 2>&1 | FileCheck %s -DFILE=%s

func.func @bad(%q: tensor<?x4x8xf32>, %k: tensor<?x3x8xf32>,
               %v: tensor<?x3x8xf32>, %cu_q: tensor<?xi32>,
               %cu_k: tensor<?xi32>) -> tensor<?x4x8xf32> {
  // CHECK: [[FILE]]:[[# @LINE + 1]]:10: error: 'attn.varlen' op query heads Hq = 4
  %out = attn.varlen q(%q : tensor<?x4x8xf32>) k(%k : tensor<?x3x8xf32>)
      v(%v : tensor<?x3x8xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) -> tensor<?x4x8xf32>
  return %out : tensor<?x4x8xf32>
}
// CHECK-NOT: see current operation
// CHECK-NOT: missing.npy
