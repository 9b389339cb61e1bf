// Element masks in both polarities (SPEC §2 step 6): keep_if_true keeps a
// key where the mask is true (non-zero), drop_if_nonzero hides it there; a
// numeric mask's "true" is any non-zero value.
//
// One query, three keys, q = k = 0, v = [1, 2, 4]:
//   keep_if_true, i1 [1, 0, 1]:       keys {0, 2}: out = 2.5, lse = ln 2 = 0.693147
//   drop_if_nonzero, i1 [1, 0, 1]:    key {1}:     out = 2,   lse = 0
//   keep_if_true, f32 [0.5, 0, -3]:   keys {0, 2}: out = 2.5, lse = ln 2
//   drop_if_nonzero, i8 [7, 0, -1]:   key {1}:     out = 2,   lse = 0
//
// DEFINE: %{run} = attn-run %s --input=1x1x1xf32=0 --input=3x1x1xf32=0 \
// DEFINE:   --input=3x1x1xf32=1,2,4 --input=2xi32=0,1 --input=2xi32=0,3
// RUN: %{run} --function=keep_i1 --input=1x1x1x3xi1=1,0,1 \
// RUN:   | FileCheck %s --check-prefix=KEEP
// RUN: %{run} --function=drop_i1 --input=1x1x1x3xi1=1,0,1 \
// RUN:   | FileCheck %s --check-prefix=DROP
// RUN: %{run} --function=keep_f32 --input=1x1x1x3xf32=0.5,0,-3 \
// RUN:   | FileCheck %s --check-prefix=KEEP
// RUN: %{run} --function=drop_i8 --input=1x1x1x3xi8=7,0,-1 \
// RUN:   | FileCheck %s --check-prefix=DROP

// KEEP:      result #0 out 1x1x1xf32
// KEEP-NEXT: [2.5]
// KEEP-NEXT: result #1 lse 1x1xf32
// KEEP-NEXT: [0.6931{{[0-9]}}]

// DROP:      result #0 out 1x1x1xf32
// DROP-NEXT: [2]
// DROP-NEXT: result #1 lse 1x1xf32
// DROP-NEXT: [0]

func.func @keep_i1(%q: tensor<1x1x1xf32>, %k: tensor<3x1x1xf32>,
    %v: tensor<3x1x1xf32>, %cu_q: tensor<2xi32>, %cu_k: tensor<2xi32>,
    %mask: tensor<1x1x1x3xi1>) -> (tensor<1x1x1xf32>, tensor<1x1xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<1x1x1xf32>) k(%k : tensor<3x1x1xf32>)
      v(%v : tensor<3x1x1xf32>) cu_seqlens_q(%cu_q : tensor<2xi32>)
      cu_seqlens_k(%cu_k : tensor<2xi32>) mask(%mask : tensor<1x1x1x3xi1>)
      {mask_polarity = #attn.mask_polarity<keep_if_true>}
      -> tensor<1x1x1xf32> lse tensor<1x1xf32>
  return %out, %lse : tensor<1x1x1xf32>, tensor<1x1xf32>
}

func.func @drop_i1(%q: tensor<1x1x1xf32>, %k: tensor<3x1x1xf32>,
    %v: tensor<3x1x1xf32>, %cu_q: tensor<2xi32>, %cu_k: tensor<2xi32>,
    %mask: tensor<1x1x1x3xi1>) -> (tensor<1x1x1xf32>, tensor<1x1xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<1x1x1xf32>) k(%k : tensor<3x1x1xf32>)
      v(%v : tensor<3x1x1xf32>) cu_seqlens_q(%cu_q : tensor<2xi32>)
      cu_seqlens_k(%cu_k : tensor<2xi32>) mask(%mask : tensor<1x1x1x3xi1>)
      {mask_polarity = #attn.mask_polarity<drop_if_nonzero>}
      -> tensor<1x1x1xf32> lse tensor<1x1xf32>
  return %out, %lse : tensor<1x1x1xf32>, tensor<1x1xf32>
}

func.func @keep_f32(%q: tensor<1x1x1xf32>, %k: tensor<3x1x1xf32>,
    %v: tensor<3x1x1xf32>, %cu_q: tensor<2xi32>, %cu_k: tensor<2xi32>,
    %mask: tensor<1x1x1x3xf32>) -> (tensor<1x1x1xf32>, tensor<1x1xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<1x1x1xf32>) k(%k : tensor<3x1x1xf32>)
      v(%v : tensor<3x1x1xf32>) cu_seqlens_q(%cu_q : tensor<2xi32>)
      cu_seqlens_k(%cu_k : tensor<2xi32>) mask(%mask : tensor<1x1x1x3xf32>)
      {mask_polarity = #attn.mask_polarity<keep_if_true>}
      -> tensor<1x1x1xf32> lse tensor<1x1xf32>
  return %out, %lse : tensor<1x1x1xf32>, tensor<1x1xf32>
}

func.func @drop_i8(%q: tensor<1x1x1xf32>, %k: tensor<3x1x1xf32>,
    %v: tensor<3x1x1xf32>, %cu_q: tensor<2xi32>, %cu_k: tensor<2xi32>,
    %mask: tensor<1x1x1x3xi8>) -> (tensor<1x1x1xf32>, tensor<1x1xf32>) {
  %out, %lse = attn.varlen q(%q : tensor<1x1x1xf32>) k(%k : tensor<3x1x1xf32>)
      v(%v : tensor<3x1x1xf32>) cu_seqlens_q(%cu_q : tensor<2xi32>)
      cu_seqlens_k(%cu_k : tensor<2xi32>) mask(%mask : tensor<1x1x1x3xi8>)
      {mask_polarity = #attn.mask_polarity<drop_if_nonzero>}
      -> tensor<1x1x1xf32> lse tensor<1x1xf32>
  return %out, %lse : tensor<1x1x1xf32>, tensor<1x1xf32>
}
