// --backend=cpu on inputs from the command line, with results written to
// files: q = k = 0, so each query weighs its sequence's values equally.
//   cu_seqlens_q = [0, 1, 1, 2], cu_seqlens_k = [0, 1, 1, 4]
//   sequence 0: one key, v = 1: out = 1, lse = ln 1 = 0
//   sequence 1: no queries, no keys
//   sequence 2: keys v = 3, 5, 7: out = 5, lse = ln 3 = 1.0986
// Results land in the files whatever the backend; .bin is raw f32.
//
// RUN: rm -rf %t && mkdir %t
// RUN: attn-run %s --backend=cpu --kernel=%S/Inputs/varlen-kernel.mlir \
// RUN:   --print-values=16 --input=2x2x4xf32=0 --input=4x1x4xf32=0 \
// RUN:   --input=4x1x4xf32=1,1,1,1,3,3,3,3,5,5,5,5,7,7,7,7 \
// RUN:   --input=4xi32=0,1,1,2 --input=4xi32=0,1,1,4 \
// RUN:   --output=@%t/out.bin --output=@%t/lse.npy | FileCheck %s
// RUN: od -A n -t f4 -v %t/out.bin | FileCheck %s --check-prefix=BIN

// CHECK:      attn-run: @varlen on the cpu backend, inputs from the command line
// CHECK:      result #0  out {{ *}}2x2x4xf32
// CHECK-NEXT: [1, 1, 1, 1, 1, 1, 1, 1, 5, 5, 5, 5, 5, 5, 5, 5]
// CHECK-NEXT: result #1  lse {{ *}}2x2xf32
// CHECK-NEXT: [0, 1.0986, 0, 1.0986]
// CHECK:      wrote result #0 to {{.*}}out.bin
// CHECK-NEXT: wrote result #1 to {{.*}}lse.npy

// BIN-COUNT-2: 1 1 1 1
// BIN-COUNT-2: 5 5 5 5

func.func @varlen(%q: tensor<?x2x4xf32>, %k: tensor<?x1x4xf32>,
                  %v: tensor<?x1x4xf32>, %cu_q: tensor<?xi32>,
                  %cu_k: tensor<?xi32>) -> (tensor<?x2x4xf32>, tensor<2x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x2x4xf32>) k(%k : tensor<?x1x4xf32>)
      v(%v : tensor<?x1x4xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      -> tensor<?x2x4xf32> lse tensor<2x?xf32>
  return %out, %lse : tensor<?x2x4xf32>, tensor<2x?xf32>
}
