// --backend=cpu with a hand-written kernel (Inputs/varlen-kernel.mlir)
// standing in for attn-lower-to-loops: compiled on the fly (--kernel=.mlir)
// or prebuilt by attnc (--kernel=.so), run on random inputs and compared
// with the float64 reference (SPEC §7: f32 relative error <= 1e-5, LSE
// absolute error <= 1e-3).
//
// RUN: attn-run %s --backend=cpu --kernel=%S/Inputs/varlen-kernel.mlir \
// RUN:   --check --seed=3 | FileCheck %s
// RUN: attn-run %s --backend=cpu --kernel=%S/Inputs/varlen-kernel.mlir \
// RUN:   --check --seed=11 --batch=6 --q-len=9 --kv-extra=30 -O1 \
// RUN:   | FileCheck %s
// RUN: attnc %S/Inputs/varlen-kernel.mlir -o %t.so
// RUN: attn-run %s --backend=cpu --kernel=%t.so --check --seed=5 \
// RUN:   | FileCheck %s
// RUN: attn-run %s --backend=cpu --kernel=%t.so --check --seed=5 --quiet \
// RUN:   | count 0

// CHECK:      attn-run: @varlen on the cpu backend, random inputs, seed
// CHECK:      input  #3  cu_seqlens_q
// CHECK:      result #0  out {{ *}}[[TQ:[0-9]+]]x2x4xf32
// CHECK:      result #1  lse {{ *}}2x[[TQ]]xf32
// CHECK:      check  #0  out {{ *}}relative error {{.*}} (tolerance 1e-05): ok
// CHECK-NEXT: check  #1  lse {{ *}}absolute error {{.*}} (tolerance 0.001): ok

func.func @varlen(%q: tensor<?x2x4xf32>, %k: tensor<?x1x4xf32>,
                  %v: tensor<?x1x4xf32>, %cu_q: tensor<?xi32>,
                  %cu_k: tensor<?xi32>) -> (tensor<?x2x4xf32>, tensor<2x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x2x4xf32>) k(%k : tensor<?x1x4xf32>)
      v(%v : tensor<?x1x4xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      -> tensor<?x2x4xf32> lse tensor<2x?xf32>
  return %out, %lse : tensor<?x2x4xf32>, tensor<2x?xf32>
}
