// A kernel that finds bad index operands (SPEC §6) returns nonzero before
// writing anything; attn-run reports the runtime's message, which names the
// operand, the sequence and the value, and writes no output file.
//
// RUN: rm -rf %t && mkdir %t
// RUN: not attn-run %s --backend=cpu --kernel=%S/Inputs/varlen-kernel.mlir \
// RUN:   --input=2x2x4xf32=0 --input=4x1x4xf32=0 --input=4x1x4xf32=1 \
// RUN:   --input=4xi32=0,1,1,3 --input=4xi32=0,2,2,4 \
// RUN:   --output=@%t/out.npy 2>&1 | FileCheck %s --check-prefix=TOTAL
// RUN: not ls %t/out.npy
// RUN: not attn-run %s --backend=cpu --kernel=%S/Inputs/varlen-kernel.mlir \
// RUN:   --input=2x2x4xf32=0 --input=4x1x4xf32=0 --input=4x1x4xf32=1 \
// RUN:   --input=4xi32=0,1,1,2 --input=4xi32=0,3,2,4 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ORDER
// RUN: not attn-run %s --backend=cpu --kernel=%S/Inputs/varlen-kernel.mlir \
// RUN:   --input=2x2x4xf32=0 --input=4x1x4xf32=0 --input=3x1x4xf32=1 \
// RUN:   --input=4xi32=0,1,1,2 --input=4xi32=0,2,2,4 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SHAPE

// TOTAL: attn-run: error: kernel @varlen returned 1: cu_seqlens_q: sequence 2: cu_seqlens_q[3] = 3 is not the packed row count 2
// ORDER: attn-run: error: kernel @varlen returned 1: cu_seqlens_k: sequence 1: cu_seqlens_k[2] = 2 is less than cu_seqlens_k[1] = 3
// SHAPE: attn-run: error: kernel @varlen returned 1: v: expected [Tk, Hkv, Dv] = [4, *, *], got [3, 1, 4]

func.func @varlen(%q: tensor<?x2x4xf32>, %k: tensor<?x1x4xf32>,
                  %v: tensor<?x1x4xf32>, %cu_q: tensor<?xi32>,
                  %cu_k: tensor<?xi32>) -> (tensor<?x2x4xf32>, tensor<2x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x2x4xf32>) k(%k : tensor<?x1x4xf32>)
      v(%v : tensor<?x1x4xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      -> tensor<?x2x4xf32> lse tensor<2x?xf32>
  return %out, %lse : tensor<?x2x4xf32>, tensor<2x?xf32>
}
