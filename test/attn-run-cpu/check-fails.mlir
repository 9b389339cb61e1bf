// --check fails, and attn-run exits 1, when the kernel computes something
// else: Inputs/varlen-copy-kernel.mlir copies q into out and writes LSE 0.
//
// RUN: not attn-run %s --backend=cpu \
// RUN:   --kernel=%S/Inputs/varlen-copy-kernel.mlir --check --seed=3 \
// RUN:   > %t.out 2> %t.err
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=ERR < %t.err
// RUN: not attn-run %s --backend=cpu \
// RUN:   --kernel=%S/Inputs/varlen-copy-kernel.mlir --check --seed=3 --quiet \
// RUN:   2>&1 | FileCheck %s --check-prefix=QUIET

// CHECK:      check  #0  out {{ *}}relative error {{.*}} (tolerance 1e-05): FAIL
// CHECK-NEXT: check  #1  lse {{ *}}absolute error {{.*}} (tolerance 0.001): FAIL
// ERR: attn-run: error: --check: results beyond SPEC §7's tolerance

// --quiet prints only the failures, on stderr.
// QUIET-NOT:  attn-run: @varlen
// QUIET:      check  #0  out {{.*}}: FAIL
// QUIET-NEXT: check  #1  lse {{.*}}: FAIL

func.func @varlen(%q: tensor<?x2x4xf32>, %k: tensor<?x1x4xf32>,
                  %v: tensor<?x1x4xf32>, %cu_q: tensor<?xi32>,
                  %cu_k: tensor<?xi32>) -> (tensor<?x2x4xf32>, tensor<2x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x2x4xf32>) k(%k : tensor<?x1x4xf32>)
      v(%v : tensor<?x1x4xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      -> tensor<?x2x4xf32> lse tensor<2x?xf32>
  return %out, %lse : tensor<?x2x4xf32>, tensor<2x?xf32>
}
