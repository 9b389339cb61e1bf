// Choosing the function: with several public functions --function is
// required; an unknown name is refused; --function may pick any function
// by name, and a file without a public function is refused.
//
// RUN: not attn-run %s 2>&1 | FileCheck %s --check-prefix=SEVERAL -DFILE=%s
// RUN: not attn-run %s --function=missing 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNKNOWN -DFILE=%s
// RUN: attn-run %s --function=second --seed=3 | FileCheck %s --check-prefix=PICK
// RUN: attn-run %s --function=helper --seed=3 | FileCheck %s --check-prefix=PRIVATE
// RUN: echo 'func.func private @decl(tensor<4xf32>)' > %t.mlir
// RUN: not attn-run %t.mlir 2>&1 | FileCheck %s --check-prefix=NONE -DFILE=%t.mlir

// SEVERAL: attn-run: error: '[[FILE]]' has several public functions (@first, @second); choose one with --function=NAME
// UNKNOWN: attn-run: error: no function @missing in '[[FILE]]'
// PICK:    attn-run: @second on the reference backend (float64), random inputs, seed 3
// PICK:    result #0 out {{[0-9]+}}x1x8xf32
// PRIVATE: attn-run: @helper on the reference backend (float64), random inputs, seed 3
// NONE:    attn-run: error: '[[FILE]]' has no public function

func.func @first(%q: tensor<?x1x8xf32>, %k: tensor<?x1x8xf32>,
                 %v: tensor<?x1x8xf32>, %cu_q: tensor<?xi32>,
                 %cu_k: tensor<?xi32>) -> tensor<?x1x8xf32> {
  %out = attn.varlen q(%q : tensor<?x1x8xf32>) k(%k : tensor<?x1x8xf32>)
      v(%v : tensor<?x1x8xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) -> tensor<?x1x8xf32>
  return %out : tensor<?x1x8xf32>
}

func.func @second(%q: tensor<?x1x8xf32>, %k: tensor<?x1x8xf32>,
                  %v: tensor<?x1x8xf32>, %cu_q: tensor<?xi32>,
                  %cu_k: tensor<?xi32>) -> tensor<?x1x8xf32> {
  %out = attn.varlen q(%q : tensor<?x1x8xf32>) k(%k : tensor<?x1x8xf32>)
      v(%v : tensor<?x1x8xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) {causal} -> tensor<?x1x8xf32>
  return %out : tensor<?x1x8xf32>
}

func.func private @helper(%q: tensor<?x1x8xf32>, %k: tensor<?x1x8xf32>,
                          %v: tensor<?x1x8xf32>, %cu_q: tensor<?xi32>,
                          %cu_k: tensor<?xi32>) -> tensor<?x1x8xf32> {
  %out = attn.varlen q(%q : tensor<?x1x8xf32>) k(%k : tensor<?x1x8xf32>)
      v(%v : tensor<?x1x8xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) -> tensor<?x1x8xf32>
  return %out : tensor<?x1x8xf32>
}
