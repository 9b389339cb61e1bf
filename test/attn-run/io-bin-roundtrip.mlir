// Results written with --output=@file.bin (raw little-endian) read back with
// --input=SHAPExTYPE=@file.bin give the same numbers; .bin is how bf16 (and
// fp8) leave attn-run, since NumPy has no such dtype. The shape of a .bin is
// given when reading it, so the bytes may be read with another shape.
//
// @varlen_bf16 computes out = [[0.731059, 0.268941], [4, 6]] rounded to
// bf16: 187/256 = 0.730469 and 138/512 = 0.269531; lse stays f32:
// [ln(1 + e) = 1.313262, ln 2 = 0.693147]. The @identity functions give each
// query a single key, so their out is their v.
//
// RUN: rm -f %t.out.bin %t.lse.bin
// RUN: attn-run %s --function=varlen_bf16 --print-values=4 \
// RUN:   --input=2x1x1xbf16=1,2 --input=4x1x1xbf16=1,0,0,0 \
// RUN:   --input=4x1x2xbf16=1,0,0,1,2,4,6,8 --input=4xi32=0,1,1,2 \
// RUN:   --input=4xi32=0,2,2,4 --output=@%t.out.bin --output=@%t.lse.bin \
// RUN:   | FileCheck %s --check-prefix=WRITE
// RUN: attn-run %s --function=identity_bf16 --print-values=4 \
// RUN:   --input=2x1x1xbf16=0 --input=2x1x1xbf16=0 \
// RUN:   --input=2x1x2xbf16=@%t.out.bin --input=3xi32=0,1,2 \
// RUN:   --input=3xi32=0,1,2 | FileCheck %s --check-prefix=READ-OUT
// RUN: attn-run %s --function=identity_f32 --print-values=2 \
// RUN:   --input=1x1x1xf32=0 --input=1x1x1xf32=0 --input=1x1x2xf32=@%t.lse.bin \
// RUN:   --input=2xi32=0,1 --input=2xi32=0,1 | FileCheck %s --check-prefix=READ-LSE

// WRITE:      result #0 out 2x1x2xbf16
// WRITE-NEXT: [0.73047, 0.26953, 4, 6]
// WRITE-NEXT: result #1 lse 1x2xf32
// WRITE-NEXT: [1.313{{[0-9]}}, 0.6931{{[0-9]}}]

// READ-OUT:      input #2 v 2x1x2xbf16
// READ-OUT:      result #0 out 2x1x2xbf16
// READ-OUT-NEXT: [0.73047, 0.26953, 4, 6]

// READ-LSE:      result #0 out 1x1x2xf32
// READ-LSE-NEXT: [1.313{{[0-9]}}, 0.6931{{[0-9]}}]

func.func @varlen_bf16(%q: tensor<?x1x1xbf16>, %k: tensor<?x1x1xbf16>,
                       %v: tensor<?x1x2xbf16>, %cu_q: tensor<?xi32>,
                       %cu_k: tensor<?xi32>)
    -> (tensor<?x1x2xbf16>, tensor<1x?xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<?x1x1xbf16>) k(%k : tensor<?x1x1xbf16>)
      v(%v : tensor<?x1x2xbf16>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) {scale = 1.0 : f64}
      -> tensor<?x1x2xbf16> lse tensor<1x?xf32>
  return %out, %lse : tensor<?x1x2xbf16>, tensor<1x?xf32>
}

func.func @identity_bf16(%q: tensor<?x1x1xbf16>, %k: tensor<?x1x1xbf16>,
                         %v: tensor<?x1x2xbf16>, %cu_q: tensor<?xi32>,
                         %cu_k: tensor<?xi32>) -> tensor<?x1x2xbf16> {
  %out = attn.varlen q(%q : tensor<?x1x1xbf16>) k(%k : tensor<?x1x1xbf16>)
      v(%v : tensor<?x1x2xbf16>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) -> tensor<?x1x2xbf16>
  return %out : tensor<?x1x2xbf16>
}

func.func @identity_f32(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                        %v: tensor<?x1x2xf32>, %cu_q: tensor<?xi32>,
                        %cu_k: tensor<?xi32>) -> tensor<?x1x2xf32> {
  %out = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x2xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) -> tensor<?x1x2xf32>
  return %out : tensor<?x1x2xf32>
}
