// Results written with --output=@file.npy read back with --input=@file.npy
// give the same numbers: an f32 result and an i8 (quantised) result.
//
// @varlen (as in varlen.mlir) computes out = [[0.731059, 0.268941], [4, 6]]
// (2x1x2xf32) and lse; @identity gives each of two queries a single key, so
// its out is its v: fed the first out as v, it prints the same numbers.
//
// RUN: rm -f %t.out.npy %t.lse.npy %t.i8.npy
// RUN: attn-run %s --function=varlen --print-values=4 \
// RUN:   --input=2x1x1xf32=1,2 --input=4x1x1xf32=1,0,0,0 \
// RUN:   --input=4x1x2xf32=1,0,0,1,2,4,6,8 --input=4xi32=0,1,1,2 \
// RUN:   --input=4xi32=0,2,2,4 --output=@%t.out.npy --output=@%t.lse.npy \
// RUN:   | FileCheck %s --check-prefix=WRITE -DOUT=%t.out.npy -DLSE=%t.lse.npy
// RUN: attn-run %s --function=identity --print-values=4 \
// RUN:   --input=2x1x1xf32=0 --input=2x1x1xf32=0 --input=@%t.out.npy \
// RUN:   --input=3xi32=0,1,2 --input=3xi32=0,1,2 | FileCheck %s --check-prefix=READ

// WRITE:      result #0 out 2x1x2xf32
// WRITE-NEXT: [0.7310{{[0-9]}}, 0.2689{{[0-9]}}, 4, 6]
// WRITE:      wrote result #0 to [[OUT]]
// WRITE-NEXT: wrote result #1 to [[LSE]]

// READ:       input #2 v 2x1x2xf32 min 0.2689 max 6 mean 2.75
// READ:       result #0 out 2x1x2xf32
// READ-NEXT:  [0.7310{{[0-9]}}, 0.2689{{[0-9]}}, 4, 6]

// The int8 output of @quantise ([1, 4, -2, 127, -128], as in int8-out.mlir)
// goes through .npy ('|i1') into the i8 V cache of @dequantise (scale 1),
// whose single key returns it unchanged as f32.
//
// RUN: attn-run %s --function=quantise --input=1x1x1xf32=0 \
// RUN:   --input=1x1x1xf32=0 --input=1x1x5xf32=1.25,3.5,-2.5,200,-300 \
// RUN:   --input=2xi32=0,1 --input=2xi32=0,1 --input=f32=1 \
// RUN:   --output=@%t.i8.npy | FileCheck %s --check-prefix=QUANT
// RUN: attn-run %s --function=dequantise --input=1x1x1xf32=0 \
// RUN:   --input=1x1x1xi8=0 --input=@%t.i8.npy --input=2xi32=0,1 \
// RUN:   --input=2xi32=0,1 --input=f32=1 --input=f32=1 \
// RUN:   | FileCheck %s --check-prefix=DEQUANT

// QUANT:        result #0 out 1x1x5xi8
// QUANT-NEXT:   [1, 4, -2, 127, -128]
// DEQUANT:      input #2 v 1x1x5xi8 min -128 max 127
// DEQUANT:      result #0 out 1x1x5xf32
// DEQUANT-NEXT: [1, 4, -2, 127, -128]

func.func @varlen(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                  %v: tensor<?x1x2xf32>, %cu_q: tensor<?xi32>,
                  %cu_k: tensor<?xi32>) -> (tensor<?x1x2xf32>, tensor<1x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x2xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) {scale = 1.0 : f64}
      -> tensor<?x1x2xf32> lse tensor<1x?xf32>
  return %out, %lse : tensor<?x1x2xf32>, tensor<1x?xf32>
}

func.func @identity(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                    %v: tensor<?x1x2xf32>, %cu_q: tensor<?xi32>,
                    %cu_k: tensor<?xi32>) -> tensor<?x1x2xf32> {
  %out = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x2xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) -> tensor<?x1x2xf32>
  return %out : tensor<?x1x2xf32>
}

func.func @quantise(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                    %v: tensor<?x1x5xf32>, %cu_q: tensor<?xi32>,
                    %cu_k: tensor<?xi32>, %os: tensor<f32>)
    -> tensor<?x1x5xi8> {
  %out = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x5xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) out_scale(%os : tensor<f32>)
      -> tensor<?x1x5xi8>
  return %out : tensor<?x1x5xi8>
}

func.func @dequantise(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xi8>,
                      %v: tensor<?x1x5xi8>, %cu_q: tensor<?xi32>,
                      %cu_k: tensor<?xi32>, %ks: tensor<f32>, %vs: tensor<f32>)
    -> tensor<?x1x5xf32> {
  %out = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xi8>)
      v(%v : tensor<?x1x5xi8>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) k_scale(%ks : tensor<f32>)
      v_scale(%vs : tensor<f32>)
      {k_quant = #attn.granularity<per_tensor>,
       v_quant = #attn.granularity<per_tensor>}
      -> tensor<?x1x5xf32>
  return %out : tensor<?x1x5xf32>
}
