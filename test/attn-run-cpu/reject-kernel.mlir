// A kernel that does not fit the function is refused before it runs: a
// library that cannot be loaded, one without the function's kernel, and a
// kernel whose argument types differ from the function's.
//
// RUN: not attn-run %s --backend=cpu --kernel=%t.missing.so \
// RUN:   --function=varlen 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: attnc %S/Inputs/varlen-kernel.mlir -o %t.so
// RUN: not attn-run %s --backend=cpu --kernel=%t.so --function=other 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NAME
// RUN: not attn-run %s --backend=cpu --kernel=%t.so --function=varlen 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TYPE
// RUN: not attn-run %s --backend=cpu --function=varlen \
// RUN:   --kernel=%S/Inputs/missing.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=PARSE

// MISSING: attn-run: error: cannot load kernel library '{{.*}}missing.so': {{.*}}No such file
// NAME:    attn-run: error: '{{.*}}.so' has no kernel @other (no attnc_other_packed and attnc_other_signature)
// TYPE:    attn-run: error: kernel @varlen takes ?x2x4xf32 as input #0 (q), but the function's argument is ?x4x4xf32
// PARSE:   attn-run: error: cannot parse kernel file '{{.*}}missing.mlir'

func.func @varlen(%q: tensor<?x4x4xf32>, %k: tensor<?x1x4xf32>,
                  %v: tensor<?x1x4xf32>, %cu_q: tensor<?xi32>,
                  %cu_k: tensor<?xi32>) -> (tensor<?x4x4xf32>, tensor<4x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x4x4xf32>) k(%k : tensor<?x1x4xf32>)
      v(%v : tensor<?x1x4xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      -> tensor<?x4x4xf32> lse tensor<4x?xf32>
  return %out, %lse : tensor<?x4x4xf32>, tensor<4x?xf32>
}

func.func @other(%q: tensor<?x4x4xf32>, %k: tensor<?x1x4xf32>,
                 %v: tensor<?x1x4xf32>, %cu_q: tensor<?xi32>,
                 %cu_k: tensor<?xi32>) -> tensor<?x4x4xf32> {
  %out = attn.varlen q(%q : tensor<?x4x4xf32>) k(%k : tensor<?x1x4xf32>)
      v(%v : tensor<?x1x4xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) -> tensor<?x4x4xf32>
  return %out : tensor<?x4x4xf32>
}
