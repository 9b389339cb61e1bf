// Inputs that do not match the function's argument types are refused before
// anything runs; the message names the argument, its role (the operand it
// feeds) and the expected and actual types.
//
// DEFINE: %{q} = --input=2x1x1xf32=1,2
// DEFINE: %{k} = --input=4x1x1xf32=1,0,0,0
// DEFINE: %{v} = --input=4x1x2xf32=1,0,0,1,2,4,6,8
// DEFINE: %{cu} = --input=4xi32=0,1,1,2 --input=4xi32=0,2,2,4
//
// RUN: not attn-run %s %{q} %{k} %{v} 2>&1 | FileCheck %s --check-prefix=FEWER
// RUN: not attn-run %s %{q} %{k} %{v} %{cu} --input=2xi32=0,1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MORE
// RUN: not attn-run %s %{q} %{k} --input=4x1x3xf32=0 %{cu} 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DIM
// RUN: not attn-run %s %{q} %{k} --input=4x2xf32=0 %{cu} 2>&1 \
// RUN:   | FileCheck %s --check-prefix=RANK
// RUN: not attn-run %s %{q} %{k} --input=4x1x2xf16=0 %{cu} 2>&1 \
// RUN:   | FileCheck %s --check-prefix=FLOAT
// RUN: not attn-run %s %{q} %{k} %{v} --input=4xi64=0,1,1,2 \
// RUN:   --input=4xi32=0,2,2,4 2>&1 | FileCheck %s --check-prefix=INDEX

// FEWER: attn-run: error: @varlen takes 5 arguments (q, k, v, cu_seqlens_q, cu_seqlens_k) but 3 inputs were given
// MORE:  attn-run: error: @varlen takes 5 arguments (q, k, v, cu_seqlens_q, cu_seqlens_k) but 6 inputs were given
// DIM:   attn-run: error: argument #2 (v): expected shape ?x1x2xf32, got 4x1x3xf32
// RANK:  attn-run: error: argument #2 (v): expected shape ?x1x2xf32, got 4x2xf32
// FLOAT: attn-run: error: argument #2 (v): expected element type f32 (?x1x2xf32), got 4x1x2xf16
// INDEX: attn-run: error: argument #3 (cu_seqlens_q): expected element type i32 (?xi32), got 4xi64

func.func @varlen(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                  %v: tensor<?x1x2xf32>, %cu_q: tensor<?xi32>,
                  %cu_k: tensor<?xi32>) -> tensor<?x1x2xf32> {
  %out = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x2xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) -> tensor<?x1x2xf32>
  return %out : tensor<?x1x2xf32>
}
