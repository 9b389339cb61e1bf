// Tile sizes of the lowering must be positive.
// RUN: not attn-opt %s --attn-lower-to-loops=block-q=0 2>&1 | FileCheck %s
// RUN: not attn-opt %s "--attn-lower-to-loops=vector-width=-8" 2>&1 | FileCheck %s
// CHECK: attn-lower-to-loops: block-q, block-k and vector-width must be positive
func.func @f(%q: tensor<?x4x32xf32>, %k: tensor<?x4x32xf32>, %v: tensor<?x4x32xf32>,
             %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> tensor<?x4x32xf32> {
  %o = attn.varlen q(%q : tensor<?x4x32xf32>) k(%k : tensor<?x4x32xf32>) v(%v : tensor<?x4x32xf32>)
      cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x4x32xf32>
  return %o : tensor<?x4x32xf32>
}
