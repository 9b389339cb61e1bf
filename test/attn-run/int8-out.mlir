// int8 output (SPEC §4): o_i8 = clamp(round_half_to_even(o * scale +
// offset), -128, 127), per tensor or per channel [Hq, Dv].
//
// One query, one key (weight 1), so o = v = [1.25, 3.5, -2.5, 200, -300]:
//   per tensor, scale 1:                 [1.25, 3.5, -2.5, 200, -300]
//     -> [1, 4, -2, 127, -128]   (3.5 -> 4 and -2.5 -> -2: ties to even)
//   per channel, scale [2, 1, 1, 1, 1], offset [0, 0, 1, 0, 0]:
//                                        [2.5, 3.5, -1.5, 200, -300]
//     -> [2, 4, -2, 127, -128]
//
// DEFINE: %{run} = attn-run %s --input=1x1x1xf32=0 --input=1x1x1xf32=0 \
// DEFINE:   --input=1x1x5xf32=1.25,3.5,-2.5,200,-300 --input=2xi32=0,1 \
// DEFINE:   --input=2xi32=0,1
// RUN: %{run} --function=per_tensor --input=f32=1 \
// RUN:   | FileCheck %s --check-prefix=TENSOR
// RUN: %{run} --function=per_channel --input=1x5xf32=2,1,1,1,1 \
// RUN:   --input=1x5xf32=0,0,1,0,0 | FileCheck %s --check-prefix=CHANNEL

// TENSOR:      result #0 out 1x1x5xi8 min -128 max 127
// TENSOR-NEXT: [1, 4, -2, 127, -128]

// CHANNEL:      result #0 out 1x1x5xi8 min -128 max 127
// CHANNEL-NEXT: [2, 4, -2, 127, -128]

func.func @per_tensor(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                      %v: tensor<?x1x5xf32>, %cu_q: tensor<?xi32>,
                      %cu_k: tensor<?xi32>, %os: tensor<f32>)
    -> tensor<?x1x5xi8> {
  %out = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x5xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) out_scale(%os : tensor<f32>)
      -> tensor<?x1x5xi8>
  return %out : tensor<?x1x5xi8>
}

func.func @per_channel(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                       %v: tensor<?x1x5xf32>, %cu_q: tensor<?xi32>,
                       %cu_k: tensor<?xi32>, %os: tensor<1x5xf32>,
                       %oo: tensor<1x5xf32>) -> tensor<?x1x5xi8> {
  %out = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x5xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) out_scale(%os : tensor<1x5xf32>)
      out_offset(%oo : tensor<1x5xf32>) -> tensor<?x1x5xi8>
  return %out : tensor<?x1x5xi8>
}
