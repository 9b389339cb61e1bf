// RUN: attn-opt %s --split-input-file --verify-diagnostics

// Options shared by every attention op (SPEC §2, §4, §8): scalar
// attributes, ALiBi, bias, element masks, quantised KV and output, extra
// results and hints. They are checked once for all families
// (AttnVerifier.cpp); most cases use attn.varlen.

// scale must be non-zero.
func.func @scale_zero(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{attribute 'scale' must be finite and non-zero, found 0.000000e+00}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {scale = 0.0} -> tensor<?x8x64xf16>
  return
}

// -----

// scale must be finite.
func.func @scale_inf(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{attribute 'scale' must be finite and non-zero, found INF}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {scale = 0x7FF0000000000000 : f64} -> tensor<?x8x64xf16>
  return
}

// -----

// softcap must be positive (omit it for no cap).
func.func @softcap_zero(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{attribute 'softcap' must be positive and finite (omit it for no cap), found 0.000000e+00}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {softcap = 0.0} -> tensor<?x8x64xf16>
  return
}

// -----

// softcap must be positive.
func.func @softcap_negative(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{attribute 'softcap' must be positive and finite (omit it for no cap), found -3.000000e+01}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {softcap = -30.0} -> tensor<?x8x64xf16>
  return
}

// -----

// window holds exactly (left, right).
func.func @window_count(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{attribute 'window' must hold two values (left, right), found 1}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {window = array<i64: 128>} -> tensor<?x8x64xf16>
  return
}

// -----

// window holds exactly (left, right).
func.func @window_count_three(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{attribute 'window' must hold two values (left, right), found 3}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {window = array<i64: 128, 0, 0>} -> tensor<?x8x64xf16>
  return
}

// -----

// window values are >= 0 or -1 (unbounded).
func.func @window_left(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{attribute 'window': left must be >= 0 or -1 (unbounded), found -2}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {window = array<i64: -2, 0>} -> tensor<?x8x64xf16>
  return
}

// -----

// window values are >= 0 or -1 (unbounded).
func.func @window_right(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{attribute 'window': right must be >= 0 or -1 (unbounded), found -5}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal, window = array<i64: 64, -5>} -> tensor<?x8x64xf16>
  return
}

// -----

// num_sink is >= 0.
func.func @num_sink_negative(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{attribute 'num_sink' must be >= 0, found -1}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {window = array<i64: 64, 0>, num_sink = -1} -> tensor<?x8x64xf16>
  return
}

// -----

// ALiBi slopes are f32.
func.func @alibi_type(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %alibi_slopes: tensor<8xf16>) {
  // expected-error @below {{operand 'alibi_slopes' must have element type f32, found 'f16'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) alibi_slopes(%alibi_slopes : tensor<8xf16>) -> tensor<?x8x64xf16>
  return
}

// -----

// ALiBi slopes [Hq] have one slope per query head.
func.func @alibi_heads(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %alibi_slopes: tensor<2xf32>) {
  // expected-error @below {{operand 'alibi_slopes' must have shape [8] ([Hq] or [B, Hq]), found 'tensor<2xf32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) alibi_slopes(%alibi_slopes : tensor<2xf32>) -> tensor<?x8x64xf16>
  return
}

// -----

// ALiBi slopes [B, Hq] have the batch B of cu_seqlens.
func.func @alibi_batch(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<4xi32>, %ck: tensor<4xi32>, %alibi_slopes: tensor<4x8xf32>) {
  // expected-error @below {{operand 'alibi_slopes' must have shape [3, 8] ([Hq] or [B, Hq]), found 'tensor<4x8xf32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<4xi32>) cu_seqlens_k(%ck : tensor<4xi32>) alibi_slopes(%alibi_slopes : tensor<4x8xf32>) -> tensor<?x8x64xf16>
  return
}

// -----

// ALiBi slopes are [Hq] or [B, Hq].
func.func @alibi_rank(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %alibi_slopes: tensor<1x1x8xf32>) {
  // expected-error @below {{operand 'alibi_slopes' must have shape [?, 8] ([Hq] or [B, Hq]), found 'tensor<1x1x8xf32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) alibi_slopes(%alibi_slopes : tensor<1x1x8xf32>) -> tensor<?x8x64xf16>
  return
}

// -----

// bias is rank 4.
func.func @bias_rank(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %bias: tensor<?x?xf32>) {
  // expected-error @below {{operand 'bias' must have rank 4 [B|1, Hq|1, Lq|1, Lk|1], found 'tensor<?x?xf32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) bias(%bias : tensor<?x?xf32>) -> tensor<?x8x64xf16>
  return
}

// -----

// bias dim 0 is B or 1 (B = 3 from cu_seqlens).
func.func @bias_batch(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<4xi32>, %ck: tensor<4xi32>, %bias: tensor<2x8x?x?xf32>) {
  // expected-error @below {{operand 'bias' dim 0 must be 1 or B = 3, found 2}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<4xi32>) cu_seqlens_k(%ck : tensor<4xi32>) bias(%bias : tensor<2x8x?x?xf32>) -> tensor<?x8x64xf16>
  return
}

// -----

// bias dim 1 is Hq or 1, not Hkv.
func.func @bias_heads(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %bias: tensor<1x2x?x?xf32>) {
  // expected-error @below {{operand 'bias' dim 1 must be 1 or Hq = 8, found 2}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) bias(%bias : tensor<1x2x?x?xf32>) -> tensor<?x8x64xf16>
  return
}

// -----

// bias is a float tensor.
func.func @bias_type(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %bias: tensor<1x8x?x?xi8>) {
  // expected-error @below {{operand 'bias' must have element type f16, bf16 or f32, found 'i8'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) bias(%bias : tensor<1x8x?x?xi8>) -> tensor<?x8x64xf16>
  return
}

// -----

// mask needs mask_polarity.
func.func @mask_no_polarity(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %mask: tensor<1x1x?x?xi1>) {
  // expected-error @below {{operand 'mask' requires the 'mask_polarity' attribute (keep_if_true or drop_if_nonzero)}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) mask(%mask : tensor<1x1x?x?xi1>) -> tensor<?x8x64xf16>
  return
}

// -----

// mask_polarity needs a mask.
func.func @polarity_no_mask(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{attribute 'mask_polarity' given without a 'mask' operand}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {mask_polarity = #attn.mask_polarity<keep_if_true>} -> tensor<?x8x64xf16>
  return
}

// -----

// mask is integer, i1 or float.
func.func @mask_type(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %mask: tensor<1x1x?x?xindex>) {
  // expected-error @below {{operand 'mask' must have an integer, i1 or float element type, found 'index'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) mask(%mask : tensor<1x1x?x?xindex>) {mask_polarity = #attn.mask_polarity<drop_if_nonzero>} -> tensor<?x8x64xf16>
  return
}

// -----

// mask is rank 4.
func.func @mask_rank(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %mask: tensor<?x?x?xi1>) {
  // expected-error @below {{operand 'mask' must have rank 4 [B|1, Hq|1, Lq|1, Lk|1], found 'tensor<?x?x?xi1>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) mask(%mask : tensor<?x?x?xi1>) {mask_polarity = #attn.mask_polarity<keep_if_true>} -> tensor<?x8x64xf16>
  return
}

// -----

// mask dim 1 is Hq or 1.
func.func @mask_heads(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %mask: tensor<1x4x?x?xi8>) {
  // expected-error @below {{operand 'mask' dim 1 must be 1 or Hq = 8, found 4}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) mask(%mask : tensor<1x4x?x?xi8>) {mask_polarity = #attn.mask_polarity<drop_if_nonzero>} -> tensor<?x8x64xf16>
  return
}

// -----

// int8 KV needs k_quant.
func.func @int8_no_k_quant(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xi8>, %v: tensor<?x2x64xi8>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %k_scale: tensor<f32>, %v_scale: tensor<f32>) {
  // expected-error @below {{int8 KV (operand 'k' is i8) requires attribute 'k_quant' (per_tensor, per_channel or per_token), found none}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xi8>) v(%v : tensor<?x2x64xi8>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%k_scale : tensor<f32>) v_scale(%v_scale : tensor<f32>) {v_quant = #attn.granularity<per_tensor>} -> tensor<?x8x64xf16>
  return
}

// -----

// int8 KV needs v_quant.
func.func @int8_no_v_quant(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xi8>, %v: tensor<?x2x64xi8>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %k_scale: tensor<f32>, %v_scale: tensor<f32>) {
  // expected-error @below {{int8 KV (operand 'v' is i8) requires attribute 'v_quant' (per_tensor, per_channel or per_token), found none}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xi8>) v(%v : tensor<?x2x64xi8>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%k_scale : tensor<f32>) v_scale(%v_scale : tensor<f32>) {k_quant = #attn.granularity<per_tensor>} -> tensor<?x8x64xf16>
  return
}

// -----

// int8 KV needs k_scale.
func.func @int8_no_k_scale(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xi8>, %v: tensor<?x2x64xi8>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %v_scale: tensor<f32>) {
  // expected-error @below {{quantised KV ('i8') requires operand 'k_scale'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xi8>) v(%v : tensor<?x2x64xi8>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) v_scale(%v_scale : tensor<f32>) {k_quant = #attn.granularity<per_tensor>, v_quant = #attn.granularity<per_tensor>} -> tensor<?x8x64xf16>
  return
}

// -----

// int8 KV needs v_scale (an offset alone is not enough).
func.func @int8_no_v_scale(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xi8>, %v: tensor<?x2x64xi8>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %k_scale: tensor<f32>, %v_offset: tensor<f32>) {
  // expected-error @below {{quantised KV ('i8') requires operand 'v_scale'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xi8>) v(%v : tensor<?x2x64xi8>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%k_scale : tensor<f32>) v_offset(%v_offset : tensor<f32>) {k_quant = #attn.granularity<per_tensor>, v_quant = #attn.granularity<per_tensor>} -> tensor<?x8x64xf16>
  return
}

// -----

// Scales are f32.
func.func @k_scale_type(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xi8>, %v: tensor<?x2x64xi8>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %k_scale: tensor<f16>, %v_scale: tensor<f32>) {
  // expected-error @below {{operand 'k_scale' must have element type f32, found 'f16'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xi8>) v(%v : tensor<?x2x64xi8>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%k_scale : tensor<f16>) v_scale(%v_scale : tensor<f32>) {k_quant = #attn.granularity<per_tensor>, v_quant = #attn.granularity<per_tensor>} -> tensor<?x8x64xf16>
  return
}

// -----

// Offsets are f32.
func.func @v_offset_type(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xi8>, %v: tensor<?x2x64xi8>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %k_scale: tensor<f32>, %v_scale: tensor<f32>, %v_offset: tensor<bf16>) {
  // expected-error @below {{operand 'v_offset' must have element type f32, found 'bf16'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xi8>) v(%v : tensor<?x2x64xi8>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%k_scale : tensor<f32>) v_scale(%v_scale : tensor<f32>) v_offset(%v_offset : tensor<bf16>) {k_quant = #attn.granularity<per_tensor>, v_quant = #attn.granularity<per_tensor>} -> tensor<?x8x64xf16>
  return
}

// -----

// A per-tensor scale is a scalar: tensor<f32> or tensor<1xf32>.
func.func @per_tensor_shape(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xi8>, %v: tensor<?x2x64xi8>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %k_scale: tensor<2xf32>, %v_scale: tensor<f32>) {
  // expected-error @below {{operand 'k_scale' must have shape [] (per_tensor: a scalar, tensor<f32> or tensor<1xf32>), found 'tensor<2xf32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xi8>) v(%v : tensor<?x2x64xi8>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%k_scale : tensor<2xf32>) v_scale(%v_scale : tensor<f32>) {k_quant = #attn.granularity<per_tensor>, v_quant = #attn.granularity<per_tensor>} -> tensor<?x8x64xf16>
  return
}

// -----

// A per-channel K scale is [Hkv, D].
func.func @per_channel_k(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xi8>, %v: tensor<?x2x64xi8>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %k_scale: tensor<8x64xf32>, %v_scale: tensor<2x64xf32>) {
  // expected-error @below {{operand 'k_scale' must have shape [2, 64] (per_channel: [Hkv, D]), found 'tensor<8x64xf32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xi8>) v(%v : tensor<?x2x64xi8>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%k_scale : tensor<8x64xf32>) v_scale(%v_scale : tensor<2x64xf32>) {k_quant = #attn.granularity<per_channel>, v_quant = #attn.granularity<per_channel>} -> tensor<?x8x64xf16>
  return
}

// -----

// A per-channel V scale is [Hkv, Dv] (Dv = 32 here), not [Hkv, D].
func.func @per_channel_v_dv(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xi8>, %v: tensor<?x2x32xi8>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %k_scale: tensor<2x64xf32>, %v_scale: tensor<2x64xf32>) {
  // expected-error @below {{operand 'v_scale' must have shape [2, 32] (per_channel: [Hkv, Dv]), found 'tensor<2x64xf32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xi8>) v(%v : tensor<?x2x32xi8>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%k_scale : tensor<2x64xf32>) v_scale(%v_scale : tensor<2x64xf32>) {k_quant = #attn.granularity<per_channel>, v_quant = #attn.granularity<per_channel>} -> tensor<?x8x32xf16>
  return
}

// -----

// A per-token varlen scale is [Tk].
func.func @per_token_varlen(%q: tensor<?x8x64xf16>, %k: tensor<100x2x64xi8>, %v: tensor<100x2x64xi8>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %k_scale: tensor<101xf32>, %v_scale: tensor<100xf32>) {
  // expected-error @below {{operand 'k_scale' must have shape [100] (per_token: [Tk]), found 'tensor<101xf32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<100x2x64xi8>) v(%v : tensor<100x2x64xi8>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%k_scale : tensor<101xf32>) v_scale(%v_scale : tensor<100xf32>) {k_quant = #attn.granularity<per_token>, v_quant = #attn.granularity<per_token>} -> tensor<?x8x64xf16>
  return
}

// -----

// An offset has the shape of its scale's granularity.
func.func @offset_shape(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xi8>, %v: tensor<?x2x64xi8>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %k_scale: tensor<2x64xf32>, %k_offset: tensor<f32>, %v_scale: tensor<f32>) {
  // expected-error @below {{operand 'k_offset' must have shape [2, 64] (per_channel: [Hkv, D]), found 'tensor<f32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xi8>) v(%v : tensor<?x2x64xi8>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%k_scale : tensor<2x64xf32>) k_offset(%k_offset : tensor<f32>) v_scale(%v_scale : tensor<f32>) {k_quant = #attn.granularity<per_channel>, v_quant = #attn.granularity<per_tensor>} -> tensor<?x8x64xf16>
  return
}

// -----

// fp8 KV takes per-tensor scales only.
func.func @fp8_per_channel(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf8E4M3FN>, %v: tensor<?x2x64xf8E4M3FN>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %k_scale: tensor<2x64xf32>, %v_scale: tensor<f32>) {
  // expected-error @below {{fp8 KV supports only per_tensor scales, found 'k_quant' = per_channel}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf8E4M3FN>) v(%v : tensor<?x2x64xf8E4M3FN>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%k_scale : tensor<2x64xf32>) v_scale(%v_scale : tensor<f32>) {k_quant = #attn.granularity<per_channel>} -> tensor<?x8x64xf16>
  return
}

// -----

// fp8 KV takes no offset.
func.func @fp8_offset(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf8E5M2>, %v: tensor<?x2x64xf8E5M2>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %k_scale: tensor<f32>, %v_scale: tensor<f32>, %v_offset: tensor<f32>) {
  // expected-error @below {{fp8 KV takes no offset, found operand 'v_offset'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf8E5M2>) v(%v : tensor<?x2x64xf8E5M2>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%k_scale : tensor<f32>) v_scale(%v_scale : tensor<f32>) v_offset(%v_offset : tensor<f32>) -> tensor<?x8x64xf16>
  return
}

// -----

// fp8 KV needs its scales.
func.func @fp8_no_scale(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf8E4M3FN>, %v: tensor<?x2x64xf8E4M3FN>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %k_scale: tensor<f32>) {
  // expected-error @below {{quantised KV ('f8E4M3FN') requires operand 'v_scale'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf8E4M3FN>) v(%v : tensor<?x2x64xf8E4M3FN>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%k_scale : tensor<f32>) -> tensor<?x8x64xf16>
  return
}

// -----

// Scales on an unquantised KV cache are rejected.
func.func @scale_unquantised(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %k_scale: tensor<f32>, %v_scale: tensor<f32>) {
  // expected-error @below {{operand 'k_scale' requires a quantised KV cache (i8 or fp8), found element type 'f16'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%k_scale : tensor<f32>) v_scale(%v_scale : tensor<f32>) -> tensor<?x8x64xf16>
  return
}

// -----

// Offsets on an unquantised KV cache are rejected.
func.func @offset_unquantised(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %v_offset: tensor<f32>) {
  // expected-error @below {{operand 'v_offset' requires a quantised KV cache (i8 or fp8), found element type 'f16'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) v_offset(%v_offset : tensor<f32>) -> tensor<?x8x64xf16>
  return
}

// -----

// A granularity on an unquantised KV cache is rejected.
func.func @quant_unquantised(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{attribute 'k_quant' requires a quantised KV cache (i8 or fp8), found element type 'f16'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {k_quant = #attn.granularity<per_token>} -> tensor<?x8x64xf16>
  return
}

// -----

// out_scale needs an i8 result.
func.func @out_scale_not_i8(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %out_scale: tensor<f32>) {
  // expected-error @below {{operand 'out_scale' requires an i8 result 'out', found element type 'f16'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) out_scale(%out_scale : tensor<f32>) -> tensor<?x8x64xf16>
  return
}

// -----

// out_offset needs an i8 result.
func.func @out_offset_not_i8(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %out_offset: tensor<f32>) {
  // expected-error @below {{operand 'out_offset' requires an i8 result 'out', found element type 'f16'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) out_offset(%out_offset : tensor<f32>) -> tensor<?x8x64xf16>
  return
}

// -----

// An i8 result needs out_scale.
func.func @i8_out_no_scale(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{an i8 result 'out' requires operand 'out_scale'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xi8>
  return
}

// -----

// An i8 result needs out_scale, not only out_offset.
func.func @i8_out_offset_only(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %out_offset: tensor<f32>) {
  // expected-error @below {{an i8 result 'out' requires operand 'out_scale'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) out_offset(%out_offset : tensor<f32>) -> tensor<?x8x64xi8>
  return
}

// -----

// A per-channel out_scale is [Hq, Dv].
func.func @out_scale_channel(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %out_scale: tensor<2x64xf32>) {
  // expected-error @below {{operand 'out_scale' must have shape [8, 64] (a scalar, tensor<f32> or tensor<1xf32>, or per channel [Hq, Dv]), found 'tensor<2x64xf32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) out_scale(%out_scale : tensor<2x64xf32>) -> tensor<?x8x64xi8>
  return
}

// -----

// out_scale is a scalar or [Hq, Dv]; [Hq] is neither.
func.func @out_scale_rank(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %out_scale: tensor<8xf32>) {
  // expected-error @below {{operand 'out_scale' must have shape [] (a scalar, tensor<f32> or tensor<1xf32>, or per channel [Hq, Dv]), found 'tensor<8xf32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) out_scale(%out_scale : tensor<8xf32>) -> tensor<?x8x64xi8>
  return
}

// -----

// out_scale is f32.
func.func @out_scale_type(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %out_scale: tensor<f16>) {
  // expected-error @below {{operand 'out_scale' must have element type f32, found 'f16'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) out_scale(%out_scale : tensor<f16>) -> tensor<?x8x64xi8>
  return
}

// -----

// out_offset has the type of out_scale.
func.func @out_offset_type(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %out_scale: tensor<8x64xf32>, %out_offset: tensor<f32>) {
  // expected-error @below {{operand 'out_offset' must have shape [8, 64] (a scalar, tensor<f32> or tensor<1xf32>, or per channel [Hq, Dv]), found 'tensor<f32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) out_scale(%out_scale : tensor<8x64xf32>) out_offset(%out_offset : tensor<f32>) -> tensor<?x8x64xi8>
  return
}

// -----

// skip_stats needs skip_softmax.
func.func @skip_stats_no_skip(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{result 'skip_stats' requires the 'skip_softmax' attribute}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf16> skip_stats tensor<2xi64>
  return
}

// -----

// skip_stats is tensor<2xi64> (skipped, visited).
func.func @skip_stats_type(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{result 'skip_stats' must be tensor<2xi64> (skipped, visited tiles), found 'tensor<2xi32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {skip_softmax = #attn.skip_softmax<>} -> tensor<?x8x64xf16> skip_stats tensor<2xi32>
  return
}

// -----

// skip_stats is tensor<2xi64>, not a scalar fraction.
func.func @skip_stats_shape(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{result 'skip_stats' must be tensor<2xi64> (skipped, visited tiles), found 'tensor<f64>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {skip_softmax = #attn.skip_softmax<>} -> tensor<?x8x64xf16> skip_stats tensor<f64>
  return
}

// -----

// The selected block mask needs XAttention.
func.func @selected_no_xattention(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{results 'selected' (the selected block mask) require sparsity #attn.xattention, found no 'sparsity' attribute}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal} -> tensor<?x8x64xf16> selected tensor<?x8x?xi32>, tensor<?x8x?x?xi32>
  return
}

// -----

// The selected block mask needs XAttention, not tri-shape.
func.func @selected_trishape(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{results 'selected' (the selected block mask) require sparsity #attn.xattention, found sparsity = #attn.trishape<bk = 64>}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {sparsity = #attn.trishape<bk = 64>} -> tensor<?x8x64xf16> selected tensor<?x8x?xi32>, tensor<?x8x?x?xi32>
  return
}

// -----

// selected_num_blocks is [B, Hq, nQB].
func.func @selected_heads(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{result 'selected_num_blocks' must have shape [?, 8, ?] ([B, Hq, nQB]), found 'tensor<?x2x?xi32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal, sparsity = #attn.xattention<>} -> tensor<?x8x64xf16> selected tensor<?x2x?xi32>, tensor<?x8x?x?xi32>
  return
}

// -----

// selected_indices has the nQB of selected_num_blocks.
func.func @selected_nqb(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{result 'selected_indices' must have shape [?, 8, 4, ?] ([B, Hq, nQB, nKB] with nQB of selected_num_blocks), found 'tensor<?x8x5x?xi32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal, sparsity = #attn.xattention<>} -> tensor<?x8x64xf16> selected tensor<?x8x4xi32>, tensor<?x8x5x?xi32>
  return
}

// -----

// selected results are i32.
func.func @selected_type(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{result 'selected_indices' must have element type i32, found 'i64'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal, sparsity = #attn.xattention<>} -> tensor<?x8x64xf16> selected tensor<?x8x?xi32>, tensor<?x8x?x?xi64>
  return
}

// -----

// Unknown hints are rejected.
func.func @hint_unknown(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{unknown hint 'block_q' (expected num_splits, pages_per_compute_block, megacore_mode or inner_precise)}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {hints = {block_q = 64}} -> tensor<?x8x64xf16>
  return
}

// -----

// num_splits is a positive integer.
func.func @hint_num_splits(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{hint 'num_splits' must be a positive integer, found 0 : i64}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {hints = {num_splits = 0}} -> tensor<?x8x64xf16>
  return
}

// -----

// num_splits is an integer.
func.func @hint_num_splits_type(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{hint 'num_splits' must be a positive integer, found "auto"}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {hints = {num_splits = "auto"}} -> tensor<?x8x64xf16>
  return
}

// -----

// megacore_mode is "kv_head" or "batch".
func.func @hint_megacore(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{hint 'megacore_mode' must be "kv_head" or "batch", found "heads"}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {hints = {megacore_mode = "heads"}} -> tensor<?x8x64xf16>
  return
}

// -----

// inner_precise is an integer or boolean.
func.func @hint_inner_precise(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{hint 'inner_precise' must be an integer or boolean, found "high"}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {hints = {inner_precise = "high"}} -> tensor<?x8x64xf16>
  return
}

// -----

// pages_per_compute_block applies to attn.paged only.
func.func @hint_pages_varlen(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{hint 'pages_per_compute_block' applies only to attn.paged, found it on attn.varlen}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {hints = {pages_per_compute_block = 4}} -> tensor<?x8x64xf16>
  return
}

// -----

// pages_per_compute_block is a positive integer.
func.func @hint_pages_negative(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{hint 'pages_per_compute_block' must be a positive integer, found -1 : i64}}
  attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) {hints = {pages_per_compute_block = -1}} -> tensor<?x8x64xf16>
  return
}

// -----

// Generic form: selected_num_blocks without selected_indices.
func.func @selected_count_only(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %cq: tensor<?xi32>) {
  // expected-error @below {{results 'selected_num_blocks' and 'selected_indices' must be given together, found only 'selected_num_blocks'}}
  %0:2 = "attn.varlen"(%q, %k, %k, %cq, %cq) <{causal, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 1, 0, 0>, sparsity = #attn.xattention<>}> ({
  }, {
  }) : (tensor<?x8x64xf16>, tensor<?x2x64xf16>, tensor<?x2x64xf16>, tensor<?xi32>, tensor<?xi32>) -> (tensor<?x8x64xf16>, tensor<?x8x?xi32>)
  return
}

// -----

// Generic form: selected_indices without selected_num_blocks.
func.func @selected_indices_only(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %cq: tensor<?xi32>) {
  // expected-error @below {{results 'selected_num_blocks' and 'selected_indices' must be given together, found only 'selected_indices'}}
  %0:2 = "attn.varlen"(%q, %k, %k, %cq, %cq) <{causal, operandSegmentSizes = array<i32: 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0>, resultSegmentSizes = array<i32: 1, 0, 0, 1, 0>, sparsity = #attn.xattention<>}> ({
  }, {
  }) : (tensor<?x8x64xf16>, tensor<?x2x64xf16>, tensor<?x2x64xf16>, tensor<?xi32>, tensor<?xi32>) -> (tensor<?x8x64xf16>, tensor<?x8x?x?xi32>)
  return
}
