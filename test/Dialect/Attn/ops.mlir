// RUN: attn-opt %s | attn-opt | FileCheck %s
// RUN: attn-opt %s --mlir-print-op-generic | attn-opt | FileCheck %s

// Round trip of the attn dialect: every op family (varlen, paged in each
// cache layout, dense in each layout), every option operand and attribute,
// every optional result and both modifier regions. The second RUN line goes
// through the generic form, so the custom assembly and the generic form must
// describe the same op. CHECK lines pin the printed form; attributes print
// sorted by name and parameters equal to their default are elided.

//===----------------------------------------------------------------------===//
// attn.varlen
//===----------------------------------------------------------------------===//

// GQA (Hq = 8, Hkv = 2), dynamic token and batch counts, no options.
// CHECK-LABEL: func.func @varlen_gqa(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @varlen_gqa(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// Every scalar option and an LSE result, static sizes (B = 3).
// CHECK-LABEL: func.func @varlen_scalar_options(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<40x8x64xbf16>, %[[K:[a-z0-9_]+]]: tensor<96x8x64xbf16>, %[[V:[a-z0-9_]+]]: tensor<96x8x64xbf16>, %[[CQ:[a-z0-9_]+]]: tensor<4xi32>, %[[CK:[a-z0-9_]+]]: tensor<4xi32>) -> (tensor<40x8x64xbf16>, tensor<8x40xf32>) {
// CHECK:         %[[O:[a-z0-9_]+]], %[[LSE:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<40x8x64xbf16>)
// CHECK-SAME:    k(%[[K]] : tensor<96x8x64xbf16>)
// CHECK-SAME:    v(%[[V]] : tensor<96x8x64xbf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<4xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<4xi32>)
// CHECK-SAME:    {causal,
// CHECK-SAME:    num_sink = 4 : i64,
// CHECK-SAME:    scale = 1.250000e-01 : f64,
// CHECK-SAME:    softcap = 3.000000e+01 : f64,
// CHECK-SAME:    window = array<i64: 128, 0>}
// CHECK-SAME:    -> tensor<40x8x64xbf16>
// CHECK-SAME:    lse tensor<8x40xf32>
// CHECK:         return %[[O]], %[[LSE]] : tensor<40x8x64xbf16>, tensor<8x40xf32>
func.func @varlen_scalar_options(%q: tensor<40x8x64xbf16>, %k: tensor<96x8x64xbf16>, %v: tensor<96x8x64xbf16>, %cq: tensor<4xi32>, %ck: tensor<4xi32>) -> (tensor<40x8x64xbf16>, tensor<8x40xf32>) {
  %o, %lse = attn.varlen q(%q : tensor<40x8x64xbf16>) k(%k : tensor<96x8x64xbf16>) v(%v : tensor<96x8x64xbf16>) cu_seqlens_q(%cq : tensor<4xi32>) cu_seqlens_k(%ck : tensor<4xi32>) {scale = 0.125, causal, window = array<i64: 128, 0>, num_sink = 4, softcap = 30.0} -> tensor<40x8x64xbf16> lse tensor<8x40xf32>
  return %o, %lse : tensor<40x8x64xbf16>, tensor<8x40xf32>
}

// Window unbounded on the left, non-causal.
// CHECK-LABEL: func.func @varlen_window_unbounded(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf32>, %[[K:[a-z0-9_]+]]: tensor<?x8x64xf32>, %[[V:[a-z0-9_]+]]: tensor<?x8x64xf32>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>) -> tensor<?x8x64xf32> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf32>)
// CHECK-SAME:    k(%[[K]] : tensor<?x8x64xf32>)
// CHECK-SAME:    v(%[[V]] : tensor<?x8x64xf32>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    {window = array<i64: -1, 16>}
// CHECK-SAME:    -> tensor<?x8x64xf32>
// CHECK:         return %[[O]] : tensor<?x8x64xf32>
func.func @varlen_window_unbounded(%q: tensor<?x8x64xf32>, %k: tensor<?x8x64xf32>, %v: tensor<?x8x64xf32>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> tensor<?x8x64xf32> {
  %o = attn.varlen q(%q : tensor<?x8x64xf32>) k(%k : tensor<?x8x64xf32>) v(%v : tensor<?x8x64xf32>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {window = array<i64: -1, 16>} -> tensor<?x8x64xf32>
  return %o : tensor<?x8x64xf32>
}

// MQA (Hkv = 1) with Dv != D (MLA-style: D = 192, Dv = 128).
// CHECK-LABEL: func.func @varlen_mqa_dv(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x16x192xbf16>, %[[K:[a-z0-9_]+]]: tensor<?x1x192xbf16>, %[[V:[a-z0-9_]+]]: tensor<?x1x128xbf16>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>) -> (tensor<?x16x128xbf16>, tensor<16x?xf32>) {
// CHECK:         %[[O:[a-z0-9_]+]], %[[LSE:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x16x192xbf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x1x192xbf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x1x128xbf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    {causal}
// CHECK-SAME:    -> tensor<?x16x128xbf16>
// CHECK-SAME:    lse tensor<16x?xf32>
// CHECK:         return %[[O]], %[[LSE]] : tensor<?x16x128xbf16>, tensor<16x?xf32>
func.func @varlen_mqa_dv(%q: tensor<?x16x192xbf16>, %k: tensor<?x1x192xbf16>, %v: tensor<?x1x128xbf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> (tensor<?x16x128xbf16>, tensor<16x?xf32>) {
  %o, %lse = attn.varlen q(%q : tensor<?x16x192xbf16>) k(%k : tensor<?x1x192xbf16>) v(%v : tensor<?x1x128xbf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal} -> tensor<?x16x128xbf16> lse tensor<16x?xf32>
  return %o, %lse : tensor<?x16x128xbf16>, tensor<16x?xf32>
}

// ALiBi slopes per head: f32[Hq].
// CHECK-LABEL: func.func @varlen_alibi_per_head(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>, %[[SLOPES:[a-z0-9_]+]]: tensor<8xf32>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    alibi_slopes(%[[SLOPES]] : tensor<8xf32>)
// CHECK-SAME:    {causal}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @varlen_alibi_per_head(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %slopes: tensor<8xf32>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) alibi_slopes(%slopes : tensor<8xf32>) {causal} -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// ALiBi slopes per sequence and head: f32[B, Hq] with B = 3.
// CHECK-LABEL: func.func @varlen_alibi_per_sequence(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<4xi32>, %[[CK:[a-z0-9_]+]]: tensor<4xi32>, %[[SLOPES:[a-z0-9_]+]]: tensor<3x8xf32>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<4xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<4xi32>)
// CHECK-SAME:    alibi_slopes(%[[SLOPES]] : tensor<3x8xf32>)
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @varlen_alibi_per_sequence(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<4xi32>, %ck: tensor<4xi32>, %slopes: tensor<3x8xf32>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<4xi32>) cu_seqlens_k(%ck : tensor<4xi32>) alibi_slopes(%slopes : tensor<3x8xf32>) -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// Additive bias broadcast over the batch, padded to the longest sequence;
// its element type (f32) need not be q's.
// CHECK-LABEL: func.func @varlen_bias(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>, %[[BIAS:[a-z0-9_]+]]: tensor<1x8x?x?xf32>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    bias(%[[BIAS]] : tensor<1x8x?x?xf32>)
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @varlen_bias(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %bias: tensor<1x8x?x?xf32>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) bias(%bias : tensor<1x8x?x?xf32>) -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// Bias broadcast over heads and queries (a per-key bias, e.g. padding).
// CHECK-LABEL: func.func @varlen_bias_per_key(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<3xi32>, %[[CK:[a-z0-9_]+]]: tensor<3xi32>, %[[BIAS:[a-z0-9_]+]]: tensor<2x1x1x?xf16>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<3xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<3xi32>)
// CHECK-SAME:    bias(%[[BIAS]] : tensor<2x1x1x?xf16>)
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @varlen_bias_per_key(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<3xi32>, %ck: tensor<3xi32>, %bias: tensor<2x1x1x?xf16>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<3xi32>) cu_seqlens_k(%ck : tensor<3xi32>) bias(%bias : tensor<2x1x1x?xf16>) -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// Boolean mask, FlexAttention/FlashInfer polarity.
// CHECK-LABEL: func.func @varlen_mask_i1_keep(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>, %[[MASK:[a-z0-9_]+]]: tensor<1x1x?x?xi1>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    mask(%[[MASK]] : tensor<1x1x?x?xi1>)
// CHECK-SAME:    {mask_polarity = #attn.mask_polarity<keep_if_true>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @varlen_mask_i1_keep(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %mask: tensor<1x1x?x?xi1>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) mask(%mask : tensor<1x1x?x?xi1>) {mask_polarity = #attn.mask_polarity<keep_if_true>} -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// i8 mask, MindSpore/Ascend polarity.
// CHECK-LABEL: func.func @varlen_mask_i8_drop(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>, %[[MASK:[a-z0-9_]+]]: tensor<?x8x?x?xi8>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    mask(%[[MASK]] : tensor<?x8x?x?xi8>)
// CHECK-SAME:    {mask_polarity = #attn.mask_polarity<drop_if_nonzero>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @varlen_mask_i8_drop(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %mask: tensor<?x8x?x?xi8>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) mask(%mask : tensor<?x8x?x?xi8>) {mask_polarity = #attn.mask_polarity<drop_if_nonzero>} -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// f32 mask (non-zero is true) next to a bias.
// CHECK-LABEL: func.func @varlen_mask_f32_and_bias(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf32>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf32>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf32>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>, %[[BIAS:[a-z0-9_]+]]: tensor<?x1x?x?xf32>, %[[MASK:[a-z0-9_]+]]: tensor<1x1x1x?xf32>) -> tensor<?x8x64xf32> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf32>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf32>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf32>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    bias(%[[BIAS]] : tensor<?x1x?x?xf32>)
// CHECK-SAME:    mask(%[[MASK]] : tensor<1x1x1x?xf32>)
// CHECK-SAME:    {mask_polarity = #attn.mask_polarity<keep_if_true>}
// CHECK-SAME:    -> tensor<?x8x64xf32>
// CHECK:         return %[[O]] : tensor<?x8x64xf32>
func.func @varlen_mask_f32_and_bias(%q: tensor<?x8x64xf32>, %k: tensor<?x2x64xf32>, %v: tensor<?x2x64xf32>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %bias: tensor<?x1x?x?xf32>, %mask: tensor<1x1x1x?xf32>) -> tensor<?x8x64xf32> {
  %o = attn.varlen q(%q : tensor<?x8x64xf32>) k(%k : tensor<?x2x64xf32>) v(%v : tensor<?x2x64xf32>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) bias(%bias : tensor<?x1x?x?xf32>) mask(%mask : tensor<1x1x1x?xf32>) {mask_polarity = #attn.mask_polarity<keep_if_true>} -> tensor<?x8x64xf32>
  return %o : tensor<?x8x64xf32>
}

// int8 KV, per tensor, asymmetric; both scalar forms (tensor<f32>, tensor<1xf32>).
// CHECK-LABEL: func.func @varlen_int8_per_tensor(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xi8>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xi8>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>, %[[KS:[a-z0-9_]+]]: tensor<f32>, %[[KO:[a-z0-9_]+]]: tensor<f32>, %[[VS:[a-z0-9_]+]]: tensor<1xf32>, %[[VO:[a-z0-9_]+]]: tensor<1xf32>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xi8>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xi8>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    k_scale(%[[KS]] : tensor<f32>)
// CHECK-SAME:    k_offset(%[[KO]] : tensor<f32>)
// CHECK-SAME:    v_scale(%[[VS]] : tensor<1xf32>)
// CHECK-SAME:    v_offset(%[[VO]] : tensor<1xf32>)
// CHECK-SAME:    {k_quant = #attn.granularity<per_tensor>,
// CHECK-SAME:    v_quant = #attn.granularity<per_tensor>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @varlen_int8_per_tensor(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xi8>, %v: tensor<?x2x64xi8>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %ks: tensor<f32>, %ko: tensor<f32>, %vs: tensor<1xf32>, %vo: tensor<1xf32>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xi8>) v(%v : tensor<?x2x64xi8>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%ks : tensor<f32>) k_offset(%ko : tensor<f32>) v_scale(%vs : tensor<1xf32>) v_offset(%vo : tensor<1xf32>) {k_quant = #attn.granularity<per_tensor>, v_quant = #attn.granularity<per_tensor>} -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// int8 KV, per channel [Hkv, D] / [Hkv, Dv] with Dv != D; offset on K only.
// CHECK-LABEL: func.func @varlen_int8_per_channel(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xbf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xi8>, %[[V:[a-z0-9_]+]]: tensor<?x2x32xi8>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>, %[[KS:[a-z0-9_]+]]: tensor<2x64xf32>, %[[KO:[a-z0-9_]+]]: tensor<2x64xf32>, %[[VS:[a-z0-9_]+]]: tensor<2x32xf32>) -> tensor<?x8x32xbf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xbf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xi8>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x32xi8>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    k_scale(%[[KS]] : tensor<2x64xf32>)
// CHECK-SAME:    k_offset(%[[KO]] : tensor<2x64xf32>)
// CHECK-SAME:    v_scale(%[[VS]] : tensor<2x32xf32>)
// CHECK-SAME:    {k_quant = #attn.granularity<per_channel>,
// CHECK-SAME:    v_quant = #attn.granularity<per_channel>}
// CHECK-SAME:    -> tensor<?x8x32xbf16>
// CHECK:         return %[[O]] : tensor<?x8x32xbf16>
func.func @varlen_int8_per_channel(%q: tensor<?x8x64xbf16>, %k: tensor<?x2x64xi8>, %v: tensor<?x2x32xi8>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %ks: tensor<2x64xf32>, %ko: tensor<2x64xf32>, %vs: tensor<2x32xf32>) -> tensor<?x8x32xbf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xbf16>) k(%k : tensor<?x2x64xi8>) v(%v : tensor<?x2x32xi8>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%ks : tensor<2x64xf32>) k_offset(%ko : tensor<2x64xf32>) v_scale(%vs : tensor<2x32xf32>) {k_quant = #attn.granularity<per_channel>, v_quant = #attn.granularity<per_channel>} -> tensor<?x8x32xbf16>
  return %o : tensor<?x8x32xbf16>
}

// int8 KV, per token [Tk] for K (with offset), per channel for V: the
// granularities are independent.
// CHECK-LABEL: func.func @varlen_int8_per_token(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<100x2x64xi8>, %[[V:[a-z0-9_]+]]: tensor<100x2x64xi8>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>, %[[KS:[a-z0-9_]+]]: tensor<100xf32>, %[[KO:[a-z0-9_]+]]: tensor<100xf32>, %[[VS:[a-z0-9_]+]]: tensor<2x64xf32>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<100x2x64xi8>)
// CHECK-SAME:    v(%[[V]] : tensor<100x2x64xi8>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    k_scale(%[[KS]] : tensor<100xf32>)
// CHECK-SAME:    k_offset(%[[KO]] : tensor<100xf32>)
// CHECK-SAME:    v_scale(%[[VS]] : tensor<2x64xf32>)
// CHECK-SAME:    {k_quant = #attn.granularity<per_token>,
// CHECK-SAME:    v_quant = #attn.granularity<per_channel>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @varlen_int8_per_token(%q: tensor<?x8x64xf16>, %k: tensor<100x2x64xi8>, %v: tensor<100x2x64xi8>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %ks: tensor<100xf32>, %ko: tensor<100xf32>, %vs: tensor<2x64xf32>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<100x2x64xi8>) v(%v : tensor<100x2x64xi8>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%ks : tensor<100xf32>) k_offset(%ko : tensor<100xf32>) v_scale(%vs : tensor<2x64xf32>) {k_quant = #attn.granularity<per_token>, v_quant = #attn.granularity<per_channel>} -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// fp8 KV (f8E4M3FN), per-tensor scales; k_quant may be omitted.
// CHECK-LABEL: func.func @varlen_fp8_e4m3(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xbf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf8E4M3FN>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf8E4M3FN>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>, %[[KS:[a-z0-9_]+]]: tensor<f32>, %[[VS:[a-z0-9_]+]]: tensor<f32>) -> tensor<?x8x64xbf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xbf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf8E4M3FN>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf8E4M3FN>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    k_scale(%[[KS]] : tensor<f32>)
// CHECK-SAME:    v_scale(%[[VS]] : tensor<f32>)
// CHECK-SAME:    {causal}
// CHECK-SAME:    -> tensor<?x8x64xbf16>
// CHECK:         return %[[O]] : tensor<?x8x64xbf16>
func.func @varlen_fp8_e4m3(%q: tensor<?x8x64xbf16>, %k: tensor<?x2x64xf8E4M3FN>, %v: tensor<?x2x64xf8E4M3FN>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %ks: tensor<f32>, %vs: tensor<f32>) -> tensor<?x8x64xbf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xbf16>) k(%k : tensor<?x2x64xf8E4M3FN>) v(%v : tensor<?x2x64xf8E4M3FN>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%ks : tensor<f32>) v_scale(%vs : tensor<f32>) {causal} -> tensor<?x8x64xbf16>
  return %o : tensor<?x8x64xbf16>
}

// fp8 KV (f8E5M2) with explicit per_tensor granularity.
// CHECK-LABEL: func.func @varlen_fp8_e5m2(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf8E5M2>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf8E5M2>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>, %[[KS:[a-z0-9_]+]]: tensor<1xf32>, %[[VS:[a-z0-9_]+]]: tensor<1xf32>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf8E5M2>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf8E5M2>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    k_scale(%[[KS]] : tensor<1xf32>)
// CHECK-SAME:    v_scale(%[[VS]] : tensor<1xf32>)
// CHECK-SAME:    {k_quant = #attn.granularity<per_tensor>,
// CHECK-SAME:    v_quant = #attn.granularity<per_tensor>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @varlen_fp8_e5m2(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf8E5M2>, %v: tensor<?x2x64xf8E5M2>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %ks: tensor<1xf32>, %vs: tensor<1xf32>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf8E5M2>) v(%v : tensor<?x2x64xf8E5M2>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%ks : tensor<1xf32>) v_scale(%vs : tensor<1xf32>) {k_quant = #attn.granularity<per_tensor>, v_quant = #attn.granularity<per_tensor>} -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// int8 output, per tensor, with offset.
// CHECK-LABEL: func.func @varlen_int8_out_per_tensor(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>, %[[OS:[a-z0-9_]+]]: tensor<f32>, %[[OO:[a-z0-9_]+]]: tensor<f32>) -> tensor<?x8x64xi8> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    out_scale(%[[OS]] : tensor<f32>)
// CHECK-SAME:    out_offset(%[[OO]] : tensor<f32>)
// CHECK-SAME:    -> tensor<?x8x64xi8>
// CHECK:         return %[[O]] : tensor<?x8x64xi8>
func.func @varlen_int8_out_per_tensor(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %os: tensor<f32>, %oo: tensor<f32>) -> tensor<?x8x64xi8> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) out_scale(%os : tensor<f32>) out_offset(%oo : tensor<f32>) -> tensor<?x8x64xi8>
  return %o : tensor<?x8x64xi8>
}

// int8 output, per channel [Hq, Dv], without offset, with LSE.
// CHECK-LABEL: func.func @varlen_int8_out_per_channel(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x32xf16>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>, %[[OS:[a-z0-9_]+]]: tensor<8x32xf32>) -> (tensor<?x8x32xi8>, tensor<8x?xf32>) {
// CHECK:         %[[O:[a-z0-9_]+]], %[[LSE:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x32xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    out_scale(%[[OS]] : tensor<8x32xf32>)
// CHECK-SAME:    -> tensor<?x8x32xi8>
// CHECK-SAME:    lse tensor<8x?xf32>
// CHECK:         return %[[O]], %[[LSE]] : tensor<?x8x32xi8>, tensor<8x?xf32>
func.func @varlen_int8_out_per_channel(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x32xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %os: tensor<8x32xf32>) -> (tensor<?x8x32xi8>, tensor<8x?xf32>) {
  %o, %lse = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x32xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) out_scale(%os : tensor<8x32xf32>) -> tensor<?x8x32xi8> lse tensor<8x?xf32>
  return %o, %lse : tensor<?x8x32xi8>, tensor<8x?xf32>
}

// int8 output, per channel with offset, from an int8 KV cache.
// CHECK-LABEL: func.func @varlen_int8_kv_and_out(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xi8>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xi8>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>, %[[KS:[a-z0-9_]+]]: tensor<f32>, %[[VS:[a-z0-9_]+]]: tensor<f32>, %[[OS:[a-z0-9_]+]]: tensor<8x64xf32>, %[[OO:[a-z0-9_]+]]: tensor<8x64xf32>) -> tensor<?x8x64xi8> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xi8>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xi8>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    k_scale(%[[KS]] : tensor<f32>)
// CHECK-SAME:    v_scale(%[[VS]] : tensor<f32>)
// CHECK-SAME:    out_scale(%[[OS]] : tensor<8x64xf32>)
// CHECK-SAME:    out_offset(%[[OO]] : tensor<8x64xf32>)
// CHECK-SAME:    {k_quant = #attn.granularity<per_tensor>,
// CHECK-SAME:    v_quant = #attn.granularity<per_tensor>}
// CHECK-SAME:    -> tensor<?x8x64xi8>
// CHECK:         return %[[O]] : tensor<?x8x64xi8>
func.func @varlen_int8_kv_and_out(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xi8>, %v: tensor<?x2x64xi8>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %ks: tensor<f32>, %vs: tensor<f32>, %os: tensor<8x64xf32>, %oo: tensor<8x64xf32>) -> tensor<?x8x64xi8> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xi8>) v(%v : tensor<?x2x64xi8>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%ks : tensor<f32>) v_scale(%vs : tensor<f32>) out_scale(%os : tensor<8x64xf32>) out_offset(%oo : tensor<8x64xf32>) {k_quant = #attn.granularity<per_tensor>, v_quant = #attn.granularity<per_tensor>} -> tensor<?x8x64xi8>
  return %o : tensor<?x8x64xi8>
}

// Block mask without full blocks, broadcast over the batch.
// CHECK-LABEL: func.func @varlen_block_mask(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>, %[[NUM:[a-z0-9_]+]]: tensor<1x8x?xi32>, %[[IDX:[a-z0-9_]+]]: tensor<1x8x?x?xi32>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    kv_num_blocks(%[[NUM]] : tensor<1x8x?xi32>)
// CHECK-SAME:    kv_indices(%[[IDX]] : tensor<1x8x?x?xi32>)
// CHECK-SAME:    {sparsity = #attn.block_mask<bq = 128, bk = 64>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @varlen_block_mask(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %num: tensor<1x8x?xi32>, %idx: tensor<1x8x?x?xi32>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) kv_num_blocks(%num : tensor<1x8x?xi32>) kv_indices(%idx : tensor<1x8x?x?xi32>) {sparsity = #attn.block_mask<bq = 128, bk = 64>} -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// Block mask with full blocks (mask not evaluated there), a mask_mod and an
// element mask; the kv_indices broadcast independently of kv_num_blocks.
// CHECK-LABEL: func.func @varlen_block_mask_full(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<3xi32>, %[[CK:[a-z0-9_]+]]: tensor<3xi32>, %[[NUM:[a-z0-9_]+]]: tensor<2x8x4xi32>, %[[IDX:[a-z0-9_]+]]: tensor<2x1x4x16xi32>, %[[FNUM:[a-z0-9_]+]]: tensor<1x1x4xi32>, %[[FIDX:[a-z0-9_]+]]: tensor<1x1x4x16xi32>, %[[MASK:[a-z0-9_]+]]: tensor<1x1x?x?xi1>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<3xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<3xi32>)
// CHECK-SAME:    mask(%[[MASK]] : tensor<1x1x?x?xi1>)
// CHECK-SAME:    kv_num_blocks(%[[NUM]] : tensor<2x8x4xi32>)
// CHECK-SAME:    kv_indices(%[[IDX]] : tensor<2x1x4x16xi32>)
// CHECK-SAME:    full_kv_num_blocks(%[[FNUM]] : tensor<1x1x4xi32>)
// CHECK-SAME:    full_kv_indices(%[[FIDX]] : tensor<1x1x4x16xi32>)
// CHECK-SAME:    {causal,
// CHECK-SAME:    mask_polarity = #attn.mask_polarity<keep_if_true>,
// CHECK-SAME:    sparsity = #attn.block_mask<bq = 64, bk = 64>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @varlen_block_mask_full(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<3xi32>, %ck: tensor<3xi32>, %num: tensor<2x8x4xi32>, %idx: tensor<2x1x4x16xi32>, %fnum: tensor<1x1x4xi32>, %fidx: tensor<1x1x4x16xi32>, %mask: tensor<1x1x?x?xi1>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<3xi32>) cu_seqlens_k(%ck : tensor<3xi32>) mask(%mask : tensor<1x1x?x?xi1>) kv_num_blocks(%num : tensor<2x8x4xi32>) kv_indices(%idx : tensor<2x1x4x16xi32>) full_kv_num_blocks(%fnum : tensor<1x1x4xi32>) full_kv_indices(%fidx : tensor<1x1x4x16xi32>) {causal, mask_polarity = #attn.mask_polarity<keep_if_true>, sparsity = #attn.block_mask<bq = 64, bk = 64>} -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// Tri-shape with every parameter and prompt_lens; bk is required on varlen.
// CHECK-LABEL: func.func @varlen_trishape(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>, %[[PL:[a-z0-9_]+]]: tensor<?xi32>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    prompt_lens(%[[PL]] : tensor<?xi32>)
// CHECK-SAME:    {sparsity = #attn.trishape<bk = 64, start = 256, recent = 1024, dense_tail = 32>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @varlen_trishape(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %pl: tensor<?xi32>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) prompt_lens(%pl : tensor<?xi32>) {sparsity = #attn.trishape<bk = 64, start = 256, recent = 1024, dense_tail = 32>} -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// Tri-shape with only bk: start, recent and dense_tail take their defaults
// (128, 1920, 100) and are not printed.
// CHECK-LABEL: func.func @varlen_trishape_defaults(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    {sparsity = #attn.trishape<bk = 64>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @varlen_trishape_defaults(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {sparsity = #attn.trishape<bk = 64>} -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// XAttention (must be causal) returning the selected block mask and LSE.
// CHECK-LABEL: func.func @varlen_xattention_selected(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>) -> (tensor<?x8x64xf16>, tensor<8x?xf32>, tensor<?x8x?xi32>, tensor<?x8x?x?xi32>) {
// CHECK:         %[[O:[a-z0-9_]+]], %[[LSE:[a-z0-9_]+]], %[[NUM:[a-z0-9_]+]], %[[IDX:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    {causal,
// CHECK-SAME:    sparsity = #attn.xattention<threshold = 9.000000e-01, block = 128, stride = 16, dense_tail = 64>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK-SAME:    lse tensor<8x?xf32>
// CHECK-SAME:    selected tensor<?x8x?xi32>, tensor<?x8x?x?xi32>
// CHECK:         return %[[O]], %[[LSE]], %[[NUM]], %[[IDX]] : tensor<?x8x64xf16>, tensor<8x?xf32>, tensor<?x8x?xi32>, tensor<?x8x?x?xi32>
func.func @varlen_xattention_selected(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> (tensor<?x8x64xf16>, tensor<8x?xf32>, tensor<?x8x?xi32>, tensor<?x8x?x?xi32>) {
  %o, %lse, %num, %idx = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal, sparsity = #attn.xattention<threshold = 0.9, block = 128, stride = 16, dense_tail = 64>} -> tensor<?x8x64xf16> lse tensor<8x?xf32> selected tensor<?x8x?xi32>, tensor<?x8x?x?xi32>
  return %o, %lse, %num, %idx : tensor<?x8x64xf16>, tensor<8x?xf32>, tensor<?x8x?xi32>, tensor<?x8x?x?xi32>
}

// XAttention with every parameter defaulted (threshold 0.8, block 64,
// stride 8, dense_tail 100); threshold 1 is the inclusive bound.
// CHECK-LABEL: func.func @varlen_xattention_defaults(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>) -> (tensor<?x8x64xf16>, tensor<?x8x64xf16>) {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    {causal,
// CHECK-SAME:    sparsity = #attn.xattention<>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         %[[O1:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    {causal,
// CHECK-SAME:    sparsity = #attn.xattention<threshold = 1.000000e+00>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]], %[[O1]] : tensor<?x8x64xf16>, tensor<?x8x64xf16>
func.func @varlen_xattention_defaults(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> (tensor<?x8x64xf16>, tensor<?x8x64xf16>) {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal, sparsity = #attn.xattention<>} -> tensor<?x8x64xf16>
  %o1 = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal, sparsity = #attn.xattention<threshold = 1.0>} -> tensor<?x8x64xf16>
  return %o, %o1 : tensor<?x8x64xf16>, tensor<?x8x64xf16>
}

// Skip-softmax with fixed thresholds and the skip_stats result.
// CHECK-LABEL: func.func @varlen_skip_softmax_fixed(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>) -> (tensor<?x8x64xf16>, tensor<2xi64>) {
// CHECK:         %[[O:[a-z0-9_]+]], %[[STATS:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    {causal,
// CHECK-SAME:    skip_softmax = #attn.skip_softmax<br = 64, bc = 32, prefill = 1.000000e-03 : f64, decode = 1.000000e-04 : f64>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK-SAME:    skip_stats tensor<2xi64>
// CHECK:         return %[[O]], %[[STATS]] : tensor<?x8x64xf16>, tensor<2xi64>
func.func @varlen_skip_softmax_fixed(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> (tensor<?x8x64xf16>, tensor<2xi64>) {
  %o, %stats = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal, skip_softmax = #attn.skip_softmax<br = 64, bc = 32, prefill = 1.0e-3, decode = 1.0e-4>} -> tensor<?x8x64xf16> skip_stats tensor<2xi64>
  return %o, %stats : tensor<?x8x64xf16>, tensor<2xi64>
}

// Skip-softmax with calibrated thresholds for both phases, and with all
// defaults.
// CHECK-LABEL: func.func @varlen_skip_softmax_calibrated(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>) -> (tensor<?x8x64xf16>, tensor<?x8x64xf16>) {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    {skip_softmax = #attn.skip_softmax<prefill = #attn.calibrated<a = 2.500000e+00, b = 6.000000e+00, target = 5.000000e-01>, decode = #attn.calibrated<a = 2.500000e-01, b = -1.500000e+00, target = 0.000000e+00>>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         %[[O1:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    {skip_softmax = #attn.skip_softmax<>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]], %[[O1]] : tensor<?x8x64xf16>, tensor<?x8x64xf16>
func.func @varlen_skip_softmax_calibrated(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> (tensor<?x8x64xf16>, tensor<?x8x64xf16>) {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {skip_softmax = #attn.skip_softmax<prefill = #attn.calibrated<a = 2.5, b = 6.0, target = 0.5>, decode = #attn.calibrated<a = 0.25, b = -1.5, target = 0.0>>} -> tensor<?x8x64xf16>
  %o1 = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {skip_softmax = #attn.skip_softmax<>} -> tensor<?x8x64xf16>
  return %o, %o1 : tensor<?x8x64xf16>, tensor<?x8x64xf16>
}

// Skip-softmax combined with a block mask.
// CHECK-LABEL: func.func @varlen_skip_softmax_block_mask(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>, %[[NUM:[a-z0-9_]+]]: tensor<?x8x?xi32>, %[[IDX:[a-z0-9_]+]]: tensor<?x8x?x?xi32>) -> (tensor<?x8x64xf16>, tensor<2xi64>) {
// CHECK:         %[[O:[a-z0-9_]+]], %[[STATS:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    kv_num_blocks(%[[NUM]] : tensor<?x8x?xi32>)
// CHECK-SAME:    kv_indices(%[[IDX]] : tensor<?x8x?x?xi32>)
// CHECK-SAME:    {skip_softmax = #attn.skip_softmax<prefill = #attn.calibrated<a = 2.000000e+00, b = 5.000000e+00, target = 6.000000e-01>>,
// CHECK-SAME:    sparsity = #attn.block_mask<bq = 128, bk = 128>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK-SAME:    skip_stats tensor<2xi64>
// CHECK:         return %[[O]], %[[STATS]] : tensor<?x8x64xf16>, tensor<2xi64>
func.func @varlen_skip_softmax_block_mask(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %num: tensor<?x8x?xi32>, %idx: tensor<?x8x?x?xi32>) -> (tensor<?x8x64xf16>, tensor<2xi64>) {
  %o, %stats = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) kv_num_blocks(%num : tensor<?x8x?xi32>) kv_indices(%idx : tensor<?x8x?x?xi32>) {sparsity = #attn.block_mask<bq = 128, bk = 128>, skip_softmax = #attn.skip_softmax<prefill = #attn.calibrated<a = 2.0, b = 5.0, target = 0.6>>} -> tensor<?x8x64xf16> skip_stats tensor<2xi64>
  return %o, %stats : tensor<?x8x64xf16>, tensor<2xi64>
}

// Speed hints that apply to every family.
// CHECK-LABEL: func.func @varlen_hints(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    {hints = {inner_precise = true, megacore_mode = "batch", num_splits = 4 : i64}}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @varlen_hints(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {hints = {num_splits = 4, megacore_mode = "batch", inner_precise = true}} -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// score_mod: a tanh soft cap written by hand, plus a relative-position bias.
// CHECK-LABEL: func.func @varlen_score_mod(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf32>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf32>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf32>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>) -> tensor<?x8x64xf32> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf32>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf32>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf32>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    {causal}
// CHECK-SAME:    score_mod {
// CHECK-NEXT:      ^bb0(%[[S:[a-z0-9_]+]]: f32, %[[B:[a-z0-9_]+]]: index, %[[H:[a-z0-9_]+]]: index, %[[QPOS:[a-z0-9_]+]]: index, %[[KVPOS:[a-z0-9_]+]]: index):
// CHECK-NEXT:      %[[CAP:[a-z0-9_]+]] = arith.constant 5.000000e+01 : f32
// CHECK-NEXT:      %[[X:[a-z0-9_]+]] = arith.divf %[[S]], %[[CAP]] : f32
// CHECK-NEXT:      %[[T:[a-z0-9_]+]] = math.tanh %[[X]] : f32
// CHECK-NEXT:      %[[C:[a-z0-9_]+]] = arith.mulf %[[T]], %[[CAP]] : f32
// CHECK-NEXT:      %[[D:[a-z0-9_]+]] = arith.subi %[[QPOS]], %[[KVPOS]] : index
// CHECK-NEXT:      %[[DI:[a-z0-9_]+]] = arith.index_cast %[[D]] : index to i64
// CHECK-NEXT:      %[[DF:[a-z0-9_]+]] = arith.sitofp %[[DI]] : i64 to f32
// CHECK-NEXT:      %[[R:[a-z0-9_]+]] = arith.subf %[[C]], %[[DF]] : f32
// CHECK-NEXT:      attn.yield %[[R]] : f32
// CHECK-NEXT:    } -> tensor<?x8x64xf32>
// CHECK:         return %[[O]] : tensor<?x8x64xf32>
func.func @varlen_score_mod(%q: tensor<?x8x64xf32>, %k: tensor<?x2x64xf32>, %v: tensor<?x2x64xf32>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> tensor<?x8x64xf32> {
  %o = attn.varlen q(%q : tensor<?x8x64xf32>) k(%k : tensor<?x2x64xf32>) v(%v : tensor<?x2x64xf32>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal} score_mod {
  ^bb0(%s: f32, %b: index, %h: index, %qpos: index, %kvpos: index):
    %cap = arith.constant 50.0 : f32
    %x = arith.divf %s, %cap : f32
    %t = math.tanh %x : f32
    %c = arith.mulf %t, %cap : f32
    %d = arith.subi %qpos, %kvpos : index
    %di = arith.index_cast %d : index to i64
    %df = arith.sitofp %di : i64 to f32
    %r = arith.subf %c, %df : f32
    attn.yield %r : f32
  } -> tensor<?x8x64xf32>
  return %o : tensor<?x8x64xf32>
}

// mask_mod with a capture: document masking, reading a document id per
// packed token with tensor.extract.
// CHECK-LABEL: func.func @varlen_mask_mod_document(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>, %[[DOC:[a-z0-9_]+]]: tensor<?xi32>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    captures(%[[DOC]] : tensor<?xi32>)
// CHECK-SAME:    {causal}
// CHECK-SAME:    mask_mod {
// CHECK-NEXT:      ^bb0(%[[B:[a-z0-9_]+]]: index, %[[H:[a-z0-9_]+]]: index, %[[QPOS:[a-z0-9_]+]]: index, %[[KVPOS:[a-z0-9_]+]]: index, %[[IDS:[a-z0-9_]+]]: tensor<?xi32>):
// CHECK-NEXT:      %[[DQ:[a-z0-9_]+]] = tensor.extract %[[IDS]][%[[QPOS]]] : tensor<?xi32>
// CHECK-NEXT:      %[[DK:[a-z0-9_]+]] = tensor.extract %[[IDS]][%[[KVPOS]]] : tensor<?xi32>
// CHECK-NEXT:      %[[SAME:[a-z0-9_]+]] = arith.cmpi eq, %[[DQ]], %[[DK]] : i32
// CHECK-NEXT:      attn.yield %[[SAME]] : i1
// CHECK-NEXT:    } -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @varlen_mask_mod_document(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %doc: tensor<?xi32>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) captures(%doc : tensor<?xi32>) {causal} mask_mod {
  ^bb0(%b: index, %h: index, %qpos: index, %kvpos: index, %ids: tensor<?xi32>):
    %dq = tensor.extract %ids[%qpos] : tensor<?xi32>
    %dk = tensor.extract %ids[%kvpos] : tensor<?xi32>
    %same = arith.cmpi eq, %dq, %dk : i32
    attn.yield %same : i1
  } -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// Both regions share two captures (a per-head scale table and document ids).
// CHECK-LABEL: func.func @varlen_both_regions(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x64xf16>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[CK:[a-z0-9_]+]]: tensor<?xi32>, %[[HS:[a-z0-9_]+]]: tensor<8xf32>, %[[DOC:[a-z0-9_]+]]: tensor<?xi32>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.varlen q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x64xf16>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_k(%[[CK]] : tensor<?xi32>)
// CHECK-SAME:    captures(%[[HS]], %[[DOC]] : tensor<8xf32>, tensor<?xi32>)
// CHECK-SAME:    score_mod {
// CHECK-NEXT:      ^bb0(%[[S:[a-z0-9_]+]]: f32, %[[B:[a-z0-9_]+]]: index, %[[H:[a-z0-9_]+]]: index, %[[QPOS:[a-z0-9_]+]]: index, %[[KVPOS:[a-z0-9_]+]]: index, %[[TABLE:[a-z0-9_]+]]: tensor<8xf32>, %[[IDS:[a-z0-9_]+]]: tensor<?xi32>):
// CHECK-NEXT:      %[[W:[a-z0-9_]+]] = tensor.extract %[[TABLE]][%[[H]]] : tensor<8xf32>
// CHECK-NEXT:      %[[R:[a-z0-9_]+]] = arith.mulf %[[S]], %[[W]] : f32
// CHECK-NEXT:      attn.yield %[[R]] : f32
// CHECK-NEXT:    } mask_mod {
// CHECK-NEXT:      ^bb0(%[[B:[a-z0-9_]+]]: index, %[[H:[a-z0-9_]+]]: index, %[[QPOS:[a-z0-9_]+]]: index, %[[KVPOS:[a-z0-9_]+]]: index, %[[TABLE:[a-z0-9_]+]]: tensor<8xf32>, %[[IDS:[a-z0-9_]+]]: tensor<?xi32>):
// CHECK-NEXT:      %[[DQ:[a-z0-9_]+]] = tensor.extract %[[IDS]][%[[QPOS]]] : tensor<?xi32>
// CHECK-NEXT:      %[[DK:[a-z0-9_]+]] = tensor.extract %[[IDS]][%[[KVPOS]]] : tensor<?xi32>
// CHECK-NEXT:      %[[SAME:[a-z0-9_]+]] = arith.cmpi eq, %[[DQ]], %[[DK]] : i32
// CHECK-NEXT:      %[[CAUSAL:[a-z0-9_]+]] = arith.cmpi uge, %[[QPOS]], %[[KVPOS]] : index
// CHECK-NEXT:      %[[KEEP:[a-z0-9_]+]] = arith.andi %[[SAME]], %[[CAUSAL]] : i1
// CHECK-NEXT:      attn.yield %[[KEEP]] : i1
// CHECK-NEXT:    } -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @varlen_both_regions(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %hs: tensor<8xf32>, %doc: tensor<?xi32>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) captures(%hs, %doc : tensor<8xf32>, tensor<?xi32>) score_mod {
  ^bb0(%s: f32, %b: index, %h: index, %qpos: index, %kvpos: index, %table: tensor<8xf32>, %ids: tensor<?xi32>):
    %w = tensor.extract %table[%h] : tensor<8xf32>
    %r = arith.mulf %s, %w : f32
    attn.yield %r : f32
  } mask_mod {
  ^bb0(%b: index, %h: index, %qpos: index, %kvpos: index, %table: tensor<8xf32>, %ids: tensor<?xi32>):
    %dq = tensor.extract %ids[%qpos] : tensor<?xi32>
    %dk = tensor.extract %ids[%kvpos] : tensor<?xi32>
    %same = arith.cmpi eq, %dq, %dk : i32
    %causal = arith.cmpi uge, %qpos, %kvpos : index
    %keep = arith.andi %same, %causal : i1
    attn.yield %keep : i1
  } -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

//===----------------------------------------------------------------------===//
// attn.paged
//===----------------------------------------------------------------------===//

// nhd decode: no cu_seqlens_q, Tq = B = 4.
// CHECK-LABEL: func.func @paged_nhd_decode(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<4x8x64xf16>, %[[KC:[a-z0-9_]+]]: tensor<?x16x2x64xf16>, %[[VC:[a-z0-9_]+]]: tensor<?x16x2x64xf16>, %[[BT:[a-z0-9_]+]]: tensor<4x?xi32>, %[[CL:[a-z0-9_]+]]: tensor<4xi32>) -> tensor<4x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.paged layout(nhd)
// CHECK-SAME:    q(%[[Q]] : tensor<4x8x64xf16>)
// CHECK-SAME:    k_cache(%[[KC]] : tensor<?x16x2x64xf16>)
// CHECK-SAME:    v_cache(%[[VC]] : tensor<?x16x2x64xf16>)
// CHECK-SAME:    block_table(%[[BT]] : tensor<4x?xi32>)
// CHECK-SAME:    context_lens(%[[CL]] : tensor<4xi32>)
// CHECK-SAME:    -> tensor<4x8x64xf16>
// CHECK:         return %[[O]] : tensor<4x8x64xf16>
func.func @paged_nhd_decode(%q: tensor<4x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<4x?xi32>, %cl: tensor<4xi32>) -> tensor<4x8x64xf16> {
  %o = attn.paged layout(nhd) q(%q : tensor<4x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<4x?xi32>) context_lens(%cl : tensor<4xi32>) -> tensor<4x8x64xf16>
  return %o : tensor<4x8x64xf16>
}

// nhd chunked prefill: cu_seqlens_q [B+1], LSE.
// CHECK-LABEL: func.func @paged_nhd_prefill(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[KC:[a-z0-9_]+]]: tensor<?x16x2x64xf16>, %[[VC:[a-z0-9_]+]]: tensor<?x16x2x64xf16>, %[[BT:[a-z0-9_]+]]: tensor<?x?xi32>, %[[CL:[a-z0-9_]+]]: tensor<?xi32>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>) -> (tensor<?x8x64xf16>, tensor<8x?xf32>) {
// CHECK:         %[[O:[a-z0-9_]+]], %[[LSE:[a-z0-9_]+]] = attn.paged layout(nhd)
// CHECK-SAME:    q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k_cache(%[[KC]] : tensor<?x16x2x64xf16>)
// CHECK-SAME:    v_cache(%[[VC]] : tensor<?x16x2x64xf16>)
// CHECK-SAME:    block_table(%[[BT]] : tensor<?x?xi32>)
// CHECK-SAME:    context_lens(%[[CL]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    {causal}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK-SAME:    lse tensor<8x?xf32>
// CHECK:         return %[[O]], %[[LSE]] : tensor<?x8x64xf16>, tensor<8x?xf32>
func.func @paged_nhd_prefill(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) -> (tensor<?x8x64xf16>, tensor<8x?xf32>) {
  %o, %lse = attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) {causal} -> tensor<?x8x64xf16> lse tensor<8x?xf32>
  return %o, %lse : tensor<?x8x64xf16>, tensor<8x?xf32>
}

// hnd decode with a dynamic batch.
// CHECK-LABEL: func.func @paged_hnd_decode(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x128xbf16>, %[[KC:[a-z0-9_]+]]: tensor<?x2x32x128xbf16>, %[[VC:[a-z0-9_]+]]: tensor<?x2x32x128xbf16>, %[[BT:[a-z0-9_]+]]: tensor<?x?xi32>, %[[CL:[a-z0-9_]+]]: tensor<?xi32>) -> tensor<?x8x128xbf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.paged layout(hnd)
// CHECK-SAME:    q(%[[Q]] : tensor<?x8x128xbf16>)
// CHECK-SAME:    k_cache(%[[KC]] : tensor<?x2x32x128xbf16>)
// CHECK-SAME:    v_cache(%[[VC]] : tensor<?x2x32x128xbf16>)
// CHECK-SAME:    block_table(%[[BT]] : tensor<?x?xi32>)
// CHECK-SAME:    context_lens(%[[CL]] : tensor<?xi32>)
// CHECK-SAME:    -> tensor<?x8x128xbf16>
// CHECK:         return %[[O]] : tensor<?x8x128xbf16>
func.func @paged_hnd_decode(%q: tensor<?x8x128xbf16>, %kc: tensor<?x2x32x128xbf16>, %vc: tensor<?x2x32x128xbf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>) -> tensor<?x8x128xbf16> {
  %o = attn.paged layout(hnd) q(%q : tensor<?x8x128xbf16>) k_cache(%kc : tensor<?x2x32x128xbf16>) v_cache(%vc : tensor<?x2x32x128xbf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) -> tensor<?x8x128xbf16>
  return %o : tensor<?x8x128xbf16>
}

// hnd chunked prefill, static sizes (B = 2, P = 10).
// CHECK-LABEL: func.func @paged_hnd_prefill(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<24x8x128xbf16>, %[[KC:[a-z0-9_]+]]: tensor<10x2x32x128xbf16>, %[[VC:[a-z0-9_]+]]: tensor<10x2x32x128xbf16>, %[[BT:[a-z0-9_]+]]: tensor<2x5xi32>, %[[CL:[a-z0-9_]+]]: tensor<2xi32>, %[[CQ:[a-z0-9_]+]]: tensor<3xi32>) -> tensor<24x8x128xbf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.paged layout(hnd)
// CHECK-SAME:    q(%[[Q]] : tensor<24x8x128xbf16>)
// CHECK-SAME:    k_cache(%[[KC]] : tensor<10x2x32x128xbf16>)
// CHECK-SAME:    v_cache(%[[VC]] : tensor<10x2x32x128xbf16>)
// CHECK-SAME:    block_table(%[[BT]] : tensor<2x5xi32>)
// CHECK-SAME:    context_lens(%[[CL]] : tensor<2xi32>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<3xi32>)
// CHECK-SAME:    {causal,
// CHECK-SAME:    window = array<i64: 256, -1>}
// CHECK-SAME:    -> tensor<24x8x128xbf16>
// CHECK:         return %[[O]] : tensor<24x8x128xbf16>
func.func @paged_hnd_prefill(%q: tensor<24x8x128xbf16>, %kc: tensor<10x2x32x128xbf16>, %vc: tensor<10x2x32x128xbf16>, %bt: tensor<2x5xi32>, %cl: tensor<2xi32>, %cq: tensor<3xi32>) -> tensor<24x8x128xbf16> {
  %o = attn.paged layout(hnd) q(%q : tensor<24x8x128xbf16>) k_cache(%kc : tensor<10x2x32x128xbf16>) v_cache(%vc : tensor<10x2x32x128xbf16>) block_table(%bt : tensor<2x5xi32>) context_lens(%cl : tensor<2xi32>) cu_seqlens_q(%cq : tensor<3xi32>) {causal, window = array<i64: 256, -1>} -> tensor<24x8x128xbf16>
  return %o : tensor<24x8x128xbf16>
}

// hpnd (ejkernel) decode, MQA, Dv != D.
// CHECK-LABEL: func.func @paged_hpnd_decode(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf32>, %[[KC:[a-z0-9_]+]]: tensor<1x?x16x64xf32>, %[[VC:[a-z0-9_]+]]: tensor<1x?x16x32xf32>, %[[BT:[a-z0-9_]+]]: tensor<?x?xi32>, %[[CL:[a-z0-9_]+]]: tensor<?xi32>) -> tensor<?x8x32xf32> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.paged layout(hpnd)
// CHECK-SAME:    q(%[[Q]] : tensor<?x8x64xf32>)
// CHECK-SAME:    k_cache(%[[KC]] : tensor<1x?x16x64xf32>)
// CHECK-SAME:    v_cache(%[[VC]] : tensor<1x?x16x32xf32>)
// CHECK-SAME:    block_table(%[[BT]] : tensor<?x?xi32>)
// CHECK-SAME:    context_lens(%[[CL]] : tensor<?xi32>)
// CHECK-SAME:    -> tensor<?x8x32xf32>
// CHECK:         return %[[O]] : tensor<?x8x32xf32>
func.func @paged_hpnd_decode(%q: tensor<?x8x64xf32>, %kc: tensor<1x?x16x64xf32>, %vc: tensor<1x?x16x32xf32>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>) -> tensor<?x8x32xf32> {
  %o = attn.paged layout(hpnd) q(%q : tensor<?x8x64xf32>) k_cache(%kc : tensor<1x?x16x64xf32>) v_cache(%vc : tensor<1x?x16x32xf32>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) -> tensor<?x8x32xf32>
  return %o : tensor<?x8x32xf32>
}

// hpnd chunked prefill with ALiBi, soft cap and LSE.
// CHECK-LABEL: func.func @paged_hpnd_prefill(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[KC:[a-z0-9_]+]]: tensor<2x?x16x64xf16>, %[[VC:[a-z0-9_]+]]: tensor<2x?x16x64xf16>, %[[BT:[a-z0-9_]+]]: tensor<?x?xi32>, %[[CL:[a-z0-9_]+]]: tensor<?xi32>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[SLOPES:[a-z0-9_]+]]: tensor<8xf32>) -> (tensor<?x8x64xf16>, tensor<8x?xf32>) {
// CHECK:         %[[O:[a-z0-9_]+]], %[[LSE:[a-z0-9_]+]] = attn.paged layout(hpnd)
// CHECK-SAME:    q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k_cache(%[[KC]] : tensor<2x?x16x64xf16>)
// CHECK-SAME:    v_cache(%[[VC]] : tensor<2x?x16x64xf16>)
// CHECK-SAME:    block_table(%[[BT]] : tensor<?x?xi32>)
// CHECK-SAME:    context_lens(%[[CL]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    alibi_slopes(%[[SLOPES]] : tensor<8xf32>)
// CHECK-SAME:    {causal,
// CHECK-SAME:    softcap = 5.000000e+01 : f64}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK-SAME:    lse tensor<8x?xf32>
// CHECK:         return %[[O]], %[[LSE]] : tensor<?x8x64xf16>, tensor<8x?xf32>
func.func @paged_hpnd_prefill(%q: tensor<?x8x64xf16>, %kc: tensor<2x?x16x64xf16>, %vc: tensor<2x?x16x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>, %slopes: tensor<8xf32>) -> (tensor<?x8x64xf16>, tensor<8x?xf32>) {
  %o, %lse = attn.paged layout(hpnd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<2x?x16x64xf16>) v_cache(%vc : tensor<2x?x16x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) alibi_slopes(%slopes : tensor<8xf32>) {causal, softcap = 50.0} -> tensor<?x8x64xf16> lse tensor<8x?xf32>
  return %o, %lse : tensor<?x8x64xf16>, tensor<8x?xf32>
}

// int8 paged cache, per token [P, page_size], with an offset for K and
// without one for V.
// CHECK-LABEL: func.func @paged_int8_per_token(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[KC:[a-z0-9_]+]]: tensor<?x16x2x64xi8>, %[[VC:[a-z0-9_]+]]: tensor<?x16x2x64xi8>, %[[BT:[a-z0-9_]+]]: tensor<?x?xi32>, %[[CL:[a-z0-9_]+]]: tensor<?xi32>, %[[KS:[a-z0-9_]+]]: tensor<?x16xf32>, %[[KO:[a-z0-9_]+]]: tensor<?x16xf32>, %[[VS:[a-z0-9_]+]]: tensor<?x16xf32>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.paged layout(nhd)
// CHECK-SAME:    q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k_cache(%[[KC]] : tensor<?x16x2x64xi8>)
// CHECK-SAME:    v_cache(%[[VC]] : tensor<?x16x2x64xi8>)
// CHECK-SAME:    block_table(%[[BT]] : tensor<?x?xi32>)
// CHECK-SAME:    context_lens(%[[CL]] : tensor<?xi32>)
// CHECK-SAME:    k_scale(%[[KS]] : tensor<?x16xf32>)
// CHECK-SAME:    k_offset(%[[KO]] : tensor<?x16xf32>)
// CHECK-SAME:    v_scale(%[[VS]] : tensor<?x16xf32>)
// CHECK-SAME:    {k_quant = #attn.granularity<per_token>,
// CHECK-SAME:    v_quant = #attn.granularity<per_token>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @paged_int8_per_token(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xi8>, %vc: tensor<?x16x2x64xi8>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %ks: tensor<?x16xf32>, %ko: tensor<?x16xf32>, %vs: tensor<?x16xf32>) -> tensor<?x8x64xf16> {
  %o = attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xi8>) v_cache(%vc : tensor<?x16x2x64xi8>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) k_scale(%ks : tensor<?x16xf32>) k_offset(%ko : tensor<?x16xf32>) v_scale(%vs : tensor<?x16xf32>) {k_quant = #attn.granularity<per_token>, v_quant = #attn.granularity<per_token>} -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// int8 paged cache in hpnd, per channel without offsets.
// CHECK-LABEL: func.func @paged_int8_per_channel(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[KC:[a-z0-9_]+]]: tensor<2x?x16x64xi8>, %[[VC:[a-z0-9_]+]]: tensor<2x?x16x64xi8>, %[[BT:[a-z0-9_]+]]: tensor<?x?xi32>, %[[CL:[a-z0-9_]+]]: tensor<?xi32>, %[[KS:[a-z0-9_]+]]: tensor<2x64xf32>, %[[VS:[a-z0-9_]+]]: tensor<2x64xf32>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.paged layout(hpnd)
// CHECK-SAME:    q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k_cache(%[[KC]] : tensor<2x?x16x64xi8>)
// CHECK-SAME:    v_cache(%[[VC]] : tensor<2x?x16x64xi8>)
// CHECK-SAME:    block_table(%[[BT]] : tensor<?x?xi32>)
// CHECK-SAME:    context_lens(%[[CL]] : tensor<?xi32>)
// CHECK-SAME:    k_scale(%[[KS]] : tensor<2x64xf32>)
// CHECK-SAME:    v_scale(%[[VS]] : tensor<2x64xf32>)
// CHECK-SAME:    {k_quant = #attn.granularity<per_channel>,
// CHECK-SAME:    v_quant = #attn.granularity<per_channel>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @paged_int8_per_channel(%q: tensor<?x8x64xf16>, %kc: tensor<2x?x16x64xi8>, %vc: tensor<2x?x16x64xi8>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %ks: tensor<2x64xf32>, %vs: tensor<2x64xf32>) -> tensor<?x8x64xf16> {
  %o = attn.paged layout(hpnd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<2x?x16x64xi8>) v_cache(%vc : tensor<2x?x16x64xi8>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) k_scale(%ks : tensor<2x64xf32>) v_scale(%vs : tensor<2x64xf32>) {k_quant = #attn.granularity<per_channel>, v_quant = #attn.granularity<per_channel>} -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// fp8 paged cache (f8E5M2) in hnd.
// CHECK-LABEL: func.func @paged_fp8(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xbf16>, %[[KC:[a-z0-9_]+]]: tensor<?x2x16x64xf8E5M2>, %[[VC:[a-z0-9_]+]]: tensor<?x2x16x64xf8E5M2>, %[[BT:[a-z0-9_]+]]: tensor<?x?xi32>, %[[CL:[a-z0-9_]+]]: tensor<?xi32>, %[[KS:[a-z0-9_]+]]: tensor<f32>, %[[VS:[a-z0-9_]+]]: tensor<f32>) -> tensor<?x8x64xbf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.paged layout(hnd)
// CHECK-SAME:    q(%[[Q]] : tensor<?x8x64xbf16>)
// CHECK-SAME:    k_cache(%[[KC]] : tensor<?x2x16x64xf8E5M2>)
// CHECK-SAME:    v_cache(%[[VC]] : tensor<?x2x16x64xf8E5M2>)
// CHECK-SAME:    block_table(%[[BT]] : tensor<?x?xi32>)
// CHECK-SAME:    context_lens(%[[CL]] : tensor<?xi32>)
// CHECK-SAME:    k_scale(%[[KS]] : tensor<f32>)
// CHECK-SAME:    v_scale(%[[VS]] : tensor<f32>)
// CHECK-SAME:    -> tensor<?x8x64xbf16>
// CHECK:         return %[[O]] : tensor<?x8x64xbf16>
func.func @paged_fp8(%q: tensor<?x8x64xbf16>, %kc: tensor<?x2x16x64xf8E5M2>, %vc: tensor<?x2x16x64xf8E5M2>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %ks: tensor<f32>, %vs: tensor<f32>) -> tensor<?x8x64xbf16> {
  %o = attn.paged layout(hnd) q(%q : tensor<?x8x64xbf16>) k_cache(%kc : tensor<?x2x16x64xf8E5M2>) v_cache(%vc : tensor<?x2x16x64xf8E5M2>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) k_scale(%ks : tensor<f32>) v_scale(%vs : tensor<f32>) -> tensor<?x8x64xbf16>
  return %o : tensor<?x8x64xbf16>
}

// Tri-shape on attn.paged: bk defaults to the page size (16), so start and
// recent need only be multiples of 16; prompt_lens for chunked prefill.
// CHECK-LABEL: func.func @paged_trishape(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[KC:[a-z0-9_]+]]: tensor<?x16x2x64xf16>, %[[VC:[a-z0-9_]+]]: tensor<?x16x2x64xf16>, %[[BT:[a-z0-9_]+]]: tensor<?x?xi32>, %[[CL:[a-z0-9_]+]]: tensor<?xi32>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[PL:[a-z0-9_]+]]: tensor<?xi32>) -> tensor<?x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.paged layout(nhd)
// CHECK-SAME:    q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k_cache(%[[KC]] : tensor<?x16x2x64xf16>)
// CHECK-SAME:    v_cache(%[[VC]] : tensor<?x16x2x64xf16>)
// CHECK-SAME:    block_table(%[[BT]] : tensor<?x?xi32>)
// CHECK-SAME:    context_lens(%[[CL]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    prompt_lens(%[[PL]] : tensor<?xi32>)
// CHECK-SAME:    {sparsity = #attn.trishape<start = 48, recent = 96, dense_tail = 16>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x64xf16>
func.func @paged_trishape(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>, %pl: tensor<?xi32>) -> tensor<?x8x64xf16> {
  %o = attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) prompt_lens(%pl : tensor<?xi32>) {sparsity = #attn.trishape<start = 48, recent = 96, dense_tail = 16>} -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// Paged decode with the paged-only hint, skip-softmax and its statistics.
// CHECK-LABEL: func.func @paged_hints_skip_softmax(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[KC:[a-z0-9_]+]]: tensor<?x16x2x64xf16>, %[[VC:[a-z0-9_]+]]: tensor<?x16x2x64xf16>, %[[BT:[a-z0-9_]+]]: tensor<?x?xi32>, %[[CL:[a-z0-9_]+]]: tensor<?xi32>) -> (tensor<?x8x64xf16>, tensor<2xi64>) {
// CHECK:         %[[O:[a-z0-9_]+]], %[[STATS:[a-z0-9_]+]] = attn.paged layout(nhd)
// CHECK-SAME:    q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k_cache(%[[KC]] : tensor<?x16x2x64xf16>)
// CHECK-SAME:    v_cache(%[[VC]] : tensor<?x16x2x64xf16>)
// CHECK-SAME:    block_table(%[[BT]] : tensor<?x?xi32>)
// CHECK-SAME:    context_lens(%[[CL]] : tensor<?xi32>)
// CHECK-SAME:    {hints = {inner_precise = 1 : i32, megacore_mode = "kv_head", num_splits = 2 : i64, pages_per_compute_block = 8 : i64},
// CHECK-SAME:    skip_softmax = #attn.skip_softmax<decode = 5.000000e-05 : f64>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK-SAME:    skip_stats tensor<2xi64>
// CHECK:         return %[[O]], %[[STATS]] : tensor<?x8x64xf16>, tensor<2xi64>
func.func @paged_hints_skip_softmax(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>) -> (tensor<?x8x64xf16>, tensor<2xi64>) {
  %o, %stats = attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) {hints = {pages_per_compute_block = 8, megacore_mode = "kv_head", num_splits = 2, inner_precise = 1 : i32}, skip_softmax = #attn.skip_softmax<decode = 5.0e-5>} -> tensor<?x8x64xf16> skip_stats tensor<2xi64>
  return %o, %stats : tensor<?x8x64xf16>, tensor<2xi64>
}

// Paged block mask with a mask_mod and XAttention in the same function.
// CHECK-LABEL: func.func @paged_sparse(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x64xf16>, %[[KC:[a-z0-9_]+]]: tensor<?x16x2x64xf16>, %[[VC:[a-z0-9_]+]]: tensor<?x16x2x64xf16>, %[[BT:[a-z0-9_]+]]: tensor<?x?xi32>, %[[CL:[a-z0-9_]+]]: tensor<?xi32>, %[[CQ:[a-z0-9_]+]]: tensor<?xi32>, %[[NUM:[a-z0-9_]+]]: tensor<?x1x?xi32>, %[[IDX:[a-z0-9_]+]]: tensor<?x1x?x?xi32>) -> (tensor<?x8x64xf16>, tensor<?x8x64xf16>, tensor<?x8x?xi32>, tensor<?x8x?x?xi32>) {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.paged layout(nhd)
// CHECK-SAME:    q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k_cache(%[[KC]] : tensor<?x16x2x64xf16>)
// CHECK-SAME:    v_cache(%[[VC]] : tensor<?x16x2x64xf16>)
// CHECK-SAME:    block_table(%[[BT]] : tensor<?x?xi32>)
// CHECK-SAME:    context_lens(%[[CL]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    kv_num_blocks(%[[NUM]] : tensor<?x1x?xi32>)
// CHECK-SAME:    kv_indices(%[[IDX]] : tensor<?x1x?x?xi32>)
// CHECK-SAME:    {sparsity = #attn.block_mask<bq = 16, bk = 16>}
// CHECK-SAME:    mask_mod {
// CHECK-NEXT:      ^bb0(%[[B:[a-z0-9_]+]]: index, %[[H:[a-z0-9_]+]]: index, %[[QPOS:[a-z0-9_]+]]: index, %[[KVPOS:[a-z0-9_]+]]: index):
// CHECK-NEXT:      %[[KEEP:[a-z0-9_]+]] = arith.cmpi uge, %[[QPOS]], %[[KVPOS]] : index
// CHECK-NEXT:      attn.yield %[[KEEP]] : i1
// CHECK-NEXT:    } -> tensor<?x8x64xf16>
// CHECK:         %[[O1:[a-z0-9_]+]], %[[SN:[a-z0-9_]+]], %[[SI:[a-z0-9_]+]] = attn.paged layout(nhd)
// CHECK-SAME:    q(%[[Q]] : tensor<?x8x64xf16>)
// CHECK-SAME:    k_cache(%[[KC]] : tensor<?x16x2x64xf16>)
// CHECK-SAME:    v_cache(%[[VC]] : tensor<?x16x2x64xf16>)
// CHECK-SAME:    block_table(%[[BT]] : tensor<?x?xi32>)
// CHECK-SAME:    context_lens(%[[CL]] : tensor<?xi32>)
// CHECK-SAME:    cu_seqlens_q(%[[CQ]] : tensor<?xi32>)
// CHECK-SAME:    {causal,
// CHECK-SAME:    sparsity = #attn.xattention<threshold = 0.94999999999999996, block = 32, stride = 4>}
// CHECK-SAME:    -> tensor<?x8x64xf16>
// CHECK-SAME:    selected tensor<?x8x?xi32>, tensor<?x8x?x?xi32>
// CHECK:         return %[[O]], %[[O1]], %[[SN]], %[[SI]] : tensor<?x8x64xf16>, tensor<?x8x64xf16>, tensor<?x8x?xi32>, tensor<?x8x?x?xi32>
func.func @paged_sparse(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>, %num: tensor<?x1x?xi32>, %idx: tensor<?x1x?x?xi32>) -> (tensor<?x8x64xf16>, tensor<?x8x64xf16>, tensor<?x8x?xi32>, tensor<?x8x?x?xi32>) {
  %o = attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) kv_num_blocks(%num : tensor<?x1x?xi32>) kv_indices(%idx : tensor<?x1x?x?xi32>) {sparsity = #attn.block_mask<bq = 16, bk = 16>} mask_mod {
  ^bb0(%b: index, %h: index, %qpos: index, %kvpos: index):
    %keep = arith.cmpi uge, %qpos, %kvpos : index
    attn.yield %keep : i1
  } -> tensor<?x8x64xf16>
  %o1, %sn, %si = attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) {causal, sparsity = #attn.xattention<threshold = 0.95, block = 32, stride = 4>} -> tensor<?x8x64xf16> selected tensor<?x8x?xi32>, tensor<?x8x?x?xi32>
  return %o, %o1, %sn, %si : tensor<?x8x64xf16>, tensor<?x8x64xf16>, tensor<?x8x?xi32>, tensor<?x8x?x?xi32>
}

//===----------------------------------------------------------------------===//
// attn.dense
//===----------------------------------------------------------------------===//

// bnsd incremental decode (Sq = 1) with actual_seq_lengths and LSE.
// CHECK-LABEL: func.func @dense_bnsd(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x1x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x?x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x2x?x64xf16>, %[[LEN:[a-z0-9_]+]]: tensor<?xi32>) -> (tensor<?x8x1x64xf16>, tensor<?x8x1xf32>) {
// CHECK:         %[[O:[a-z0-9_]+]], %[[LSE:[a-z0-9_]+]] = attn.dense layout(bnsd)
// CHECK-SAME:    q(%[[Q]] : tensor<?x8x1x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x?x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x?x64xf16>)
// CHECK-SAME:    actual_seq_lengths(%[[LEN]] : tensor<?xi32>)
// CHECK-SAME:    -> tensor<?x8x1x64xf16>
// CHECK-SAME:    lse tensor<?x8x1xf32>
// CHECK:         return %[[O]], %[[LSE]] : tensor<?x8x1x64xf16>, tensor<?x8x1xf32>
func.func @dense_bnsd(%q: tensor<?x8x1x64xf16>, %k: tensor<?x2x?x64xf16>, %v: tensor<?x2x?x64xf16>, %len: tensor<?xi32>) -> (tensor<?x8x1x64xf16>, tensor<?x8x1xf32>) {
  %o, %lse = attn.dense layout(bnsd) q(%q : tensor<?x8x1x64xf16>) k(%k : tensor<?x2x?x64xf16>) v(%v : tensor<?x2x?x64xf16>) actual_seq_lengths(%len : tensor<?xi32>) -> tensor<?x8x1x64xf16> lse tensor<?x8x1xf32>
  return %o, %lse : tensor<?x8x1x64xf16>, tensor<?x8x1xf32>
}

// bnsd with consistent num_heads / num_kv_heads (optional outside bsh).
// CHECK-LABEL: func.func @dense_bnsd_head_attrs(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<2x8x16x64xf32>, %[[K:[a-z0-9_]+]]: tensor<2x8x32x64xf32>, %[[V:[a-z0-9_]+]]: tensor<2x8x32x64xf32>) -> tensor<2x8x16x64xf32> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.dense layout(bnsd)
// CHECK-SAME:    q(%[[Q]] : tensor<2x8x16x64xf32>)
// CHECK-SAME:    k(%[[K]] : tensor<2x8x32x64xf32>)
// CHECK-SAME:    v(%[[V]] : tensor<2x8x32x64xf32>)
// CHECK-SAME:    {causal,
// CHECK-SAME:    num_heads = 8 : i64,
// CHECK-SAME:    num_kv_heads = 8 : i64}
// CHECK-SAME:    -> tensor<2x8x16x64xf32>
// CHECK:         return %[[O]] : tensor<2x8x16x64xf32>
func.func @dense_bnsd_head_attrs(%q: tensor<2x8x16x64xf32>, %k: tensor<2x8x32x64xf32>, %v: tensor<2x8x32x64xf32>) -> tensor<2x8x16x64xf32> {
  %o = attn.dense layout(bnsd) q(%q : tensor<2x8x16x64xf32>) k(%k : tensor<2x8x32x64xf32>) v(%v : tensor<2x8x32x64xf32>) {causal, num_heads = 8, num_kv_heads = 8} -> tensor<2x8x16x64xf32>
  return %o : tensor<2x8x16x64xf32>
}

// bsnd with left-padded keys: actual_seq_lengths and kv_padding_size.
// CHECK-LABEL: func.func @dense_bsnd_padding(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x4x8x64xbf16>, %[[K:[a-z0-9_]+]]: tensor<?x128x2x64xbf16>, %[[V:[a-z0-9_]+]]: tensor<?x128x2x64xbf16>, %[[LEN:[a-z0-9_]+]]: tensor<?xi32>, %[[PAD:[a-z0-9_]+]]: tensor<i64>) -> tensor<?x4x8x64xbf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.dense layout(bsnd)
// CHECK-SAME:    q(%[[Q]] : tensor<?x4x8x64xbf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x128x2x64xbf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x128x2x64xbf16>)
// CHECK-SAME:    actual_seq_lengths(%[[LEN]] : tensor<?xi32>)
// CHECK-SAME:    kv_padding_size(%[[PAD]] : tensor<i64>)
// CHECK-SAME:    {causal}
// CHECK-SAME:    -> tensor<?x4x8x64xbf16>
// CHECK:         return %[[O]] : tensor<?x4x8x64xbf16>
func.func @dense_bsnd_padding(%q: tensor<?x4x8x64xbf16>, %k: tensor<?x128x2x64xbf16>, %v: tensor<?x128x2x64xbf16>, %len: tensor<?xi32>, %pad: tensor<i64>) -> tensor<?x4x8x64xbf16> {
  %o = attn.dense layout(bsnd) q(%q : tensor<?x4x8x64xbf16>) k(%k : tensor<?x128x2x64xbf16>) v(%v : tensor<?x128x2x64xbf16>) actual_seq_lengths(%len : tensor<?xi32>) kv_padding_size(%pad : tensor<i64>) {causal} -> tensor<?x4x8x64xbf16>
  return %o : tensor<?x4x8x64xbf16>
}

// bsh: [B, S, H*D] with the head counts as attributes; GQA and Dv != D
// (q 8*64, k 2*64, v 2*32, out 8*32), LSE [B, Hq, Sq].
// CHECK-LABEL: func.func @dense_bsh(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x1x512xf16>, %[[K:[a-z0-9_]+]]: tensor<?x?x128xf16>, %[[V:[a-z0-9_]+]]: tensor<?x?x64xf16>, %[[LEN:[a-z0-9_]+]]: tensor<?xi32>) -> (tensor<?x1x256xf16>, tensor<?x8x1xf32>) {
// CHECK:         %[[O:[a-z0-9_]+]], %[[LSE:[a-z0-9_]+]] = attn.dense layout(bsh)
// CHECK-SAME:    q(%[[Q]] : tensor<?x1x512xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x?x128xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x?x64xf16>)
// CHECK-SAME:    actual_seq_lengths(%[[LEN]] : tensor<?xi32>)
// CHECK-SAME:    {num_heads = 8 : i64,
// CHECK-SAME:    num_kv_heads = 2 : i64}
// CHECK-SAME:    -> tensor<?x1x256xf16>
// CHECK-SAME:    lse tensor<?x8x1xf32>
// CHECK:         return %[[O]], %[[LSE]] : tensor<?x1x256xf16>, tensor<?x8x1xf32>
func.func @dense_bsh(%q: tensor<?x1x512xf16>, %k: tensor<?x?x128xf16>, %v: tensor<?x?x64xf16>, %len: tensor<?xi32>) -> (tensor<?x1x256xf16>, tensor<?x8x1xf32>) {
  %o, %lse = attn.dense layout(bsh) q(%q : tensor<?x1x512xf16>) k(%k : tensor<?x?x128xf16>) v(%v : tensor<?x?x64xf16>) actual_seq_lengths(%len : tensor<?xi32>) {num_heads = 8, num_kv_heads = 2} -> tensor<?x1x256xf16> lse tensor<?x8x1xf32>
  return %o, %lse : tensor<?x1x256xf16>, tensor<?x8x1xf32>
}

// Static bias and masks [B|1, Hq|1, Sq|1, Skv|1] indexed by storage slot.
// CHECK-LABEL: func.func @dense_bias_mask(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<2x8x16x64xf16>, %[[K:[a-z0-9_]+]]: tensor<2x2x32x64xf16>, %[[V:[a-z0-9_]+]]: tensor<2x2x32x64xf16>, %[[BIAS:[a-z0-9_]+]]: tensor<2x1x16x32xf16>, %[[MASK:[a-z0-9_]+]]: tensor<1x8x1x32xi8>) -> tensor<2x8x16x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.dense layout(bnsd)
// CHECK-SAME:    q(%[[Q]] : tensor<2x8x16x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<2x2x32x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<2x2x32x64xf16>)
// CHECK-SAME:    bias(%[[BIAS]] : tensor<2x1x16x32xf16>)
// CHECK-SAME:    mask(%[[MASK]] : tensor<1x8x1x32xi8>)
// CHECK-SAME:    {mask_polarity = #attn.mask_polarity<drop_if_nonzero>}
// CHECK-SAME:    -> tensor<2x8x16x64xf16>
// CHECK:         return %[[O]] : tensor<2x8x16x64xf16>
func.func @dense_bias_mask(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>, %v: tensor<2x2x32x64xf16>, %bias: tensor<2x1x16x32xf16>, %mask: tensor<1x8x1x32xi8>) -> tensor<2x8x16x64xf16> {
  %o = attn.dense layout(bnsd) q(%q : tensor<2x8x16x64xf16>) k(%k : tensor<2x2x32x64xf16>) v(%v : tensor<2x2x32x64xf16>) bias(%bias : tensor<2x1x16x32xf16>) mask(%mask : tensor<1x8x1x32xi8>) {mask_polarity = #attn.mask_polarity<drop_if_nonzero>} -> tensor<2x8x16x64xf16>
  return %o : tensor<2x8x16x64xf16>
}

// ALiBi [B, Hq] with a static batch, window and sink tokens.
// CHECK-LABEL: func.func @dense_alibi_window_sink(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<2x16x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<2x64x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<2x64x2x64xf16>, %[[SLOPES:[a-z0-9_]+]]: tensor<2x8xf32>) -> tensor<2x16x8x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.dense layout(bsnd)
// CHECK-SAME:    q(%[[Q]] : tensor<2x16x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<2x64x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<2x64x2x64xf16>)
// CHECK-SAME:    alibi_slopes(%[[SLOPES]] : tensor<2x8xf32>)
// CHECK-SAME:    {causal,
// CHECK-SAME:    num_sink = 0 : i64,
// CHECK-SAME:    window = array<i64: 32, 0>}
// CHECK-SAME:    -> tensor<2x16x8x64xf16>
// CHECK:         return %[[O]] : tensor<2x16x8x64xf16>
func.func @dense_alibi_window_sink(%q: tensor<2x16x8x64xf16>, %k: tensor<2x64x2x64xf16>, %v: tensor<2x64x2x64xf16>, %slopes: tensor<2x8xf32>) -> tensor<2x16x8x64xf16> {
  %o = attn.dense layout(bsnd) q(%q : tensor<2x16x8x64xf16>) k(%k : tensor<2x64x2x64xf16>) v(%v : tensor<2x64x2x64xf16>) alibi_slopes(%slopes : tensor<2x8xf32>) {causal, window = array<i64: 32, 0>, num_sink = 0} -> tensor<2x16x8x64xf16>
  return %o : tensor<2x16x8x64xf16>
}

// int8 dense cache, per token [B, Skv] with offsets.
// CHECK-LABEL: func.func @dense_int8_per_token(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x8x1x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x2x256x64xi8>, %[[V:[a-z0-9_]+]]: tensor<?x2x256x64xi8>, %[[KS:[a-z0-9_]+]]: tensor<?x256xf32>, %[[KO:[a-z0-9_]+]]: tensor<?x256xf32>, %[[VS:[a-z0-9_]+]]: tensor<?x256xf32>, %[[VO:[a-z0-9_]+]]: tensor<?x256xf32>) -> tensor<?x8x1x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.dense layout(bnsd)
// CHECK-SAME:    q(%[[Q]] : tensor<?x8x1x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x2x256x64xi8>)
// CHECK-SAME:    v(%[[V]] : tensor<?x2x256x64xi8>)
// CHECK-SAME:    k_scale(%[[KS]] : tensor<?x256xf32>)
// CHECK-SAME:    k_offset(%[[KO]] : tensor<?x256xf32>)
// CHECK-SAME:    v_scale(%[[VS]] : tensor<?x256xf32>)
// CHECK-SAME:    v_offset(%[[VO]] : tensor<?x256xf32>)
// CHECK-SAME:    {k_quant = #attn.granularity<per_token>,
// CHECK-SAME:    v_quant = #attn.granularity<per_token>}
// CHECK-SAME:    -> tensor<?x8x1x64xf16>
// CHECK:         return %[[O]] : tensor<?x8x1x64xf16>
func.func @dense_int8_per_token(%q: tensor<?x8x1x64xf16>, %k: tensor<?x2x256x64xi8>, %v: tensor<?x2x256x64xi8>, %ks: tensor<?x256xf32>, %ko: tensor<?x256xf32>, %vs: tensor<?x256xf32>, %vo: tensor<?x256xf32>) -> tensor<?x8x1x64xf16> {
  %o = attn.dense layout(bnsd) q(%q : tensor<?x8x1x64xf16>) k(%k : tensor<?x2x256x64xi8>) v(%v : tensor<?x2x256x64xi8>) k_scale(%ks : tensor<?x256xf32>) k_offset(%ko : tensor<?x256xf32>) v_scale(%vs : tensor<?x256xf32>) v_offset(%vo : tensor<?x256xf32>) {k_quant = #attn.granularity<per_token>, v_quant = #attn.granularity<per_token>} -> tensor<?x8x1x64xf16>
  return %o : tensor<?x8x1x64xf16>
}

// fp8 dense cache (f8E4M3FN) in bsh with int8 output per channel.
// CHECK-LABEL: func.func @dense_fp8_int8_out(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x1x512xf16>, %[[K:[a-z0-9_]+]]: tensor<?x?x128xf8E4M3FN>, %[[V:[a-z0-9_]+]]: tensor<?x?x128xf8E4M3FN>, %[[KS:[a-z0-9_]+]]: tensor<f32>, %[[VS:[a-z0-9_]+]]: tensor<f32>, %[[OS:[a-z0-9_]+]]: tensor<8x64xf32>, %[[OO:[a-z0-9_]+]]: tensor<8x64xf32>) -> tensor<?x1x512xi8> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.dense layout(bsh)
// CHECK-SAME:    q(%[[Q]] : tensor<?x1x512xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x?x128xf8E4M3FN>)
// CHECK-SAME:    v(%[[V]] : tensor<?x?x128xf8E4M3FN>)
// CHECK-SAME:    k_scale(%[[KS]] : tensor<f32>)
// CHECK-SAME:    v_scale(%[[VS]] : tensor<f32>)
// CHECK-SAME:    out_scale(%[[OS]] : tensor<8x64xf32>)
// CHECK-SAME:    out_offset(%[[OO]] : tensor<8x64xf32>)
// CHECK-SAME:    {num_heads = 8 : i64,
// CHECK-SAME:    num_kv_heads = 2 : i64}
// CHECK-SAME:    -> tensor<?x1x512xi8>
// CHECK:         return %[[O]] : tensor<?x1x512xi8>
func.func @dense_fp8_int8_out(%q: tensor<?x1x512xf16>, %k: tensor<?x?x128xf8E4M3FN>, %v: tensor<?x?x128xf8E4M3FN>, %ks: tensor<f32>, %vs: tensor<f32>, %os: tensor<8x64xf32>, %oo: tensor<8x64xf32>) -> tensor<?x1x512xi8> {
  %o = attn.dense layout(bsh) q(%q : tensor<?x1x512xf16>) k(%k : tensor<?x?x128xf8E4M3FN>) v(%v : tensor<?x?x128xf8E4M3FN>) k_scale(%ks : tensor<f32>) v_scale(%vs : tensor<f32>) out_scale(%os : tensor<8x64xf32>) out_offset(%oo : tensor<8x64xf32>) {num_heads = 8, num_kv_heads = 2} -> tensor<?x1x512xi8>
  return %o : tensor<?x1x512xi8>
}

// Dense block mask: nQB = ceil(Sq / bq) = 2.
// CHECK-LABEL: func.func @dense_block_mask(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<2x8x100x64xf16>, %[[K:[a-z0-9_]+]]: tensor<2x2x256x64xf16>, %[[V:[a-z0-9_]+]]: tensor<2x2x256x64xf16>, %[[NUM:[a-z0-9_]+]]: tensor<2x8x2xi32>, %[[IDX:[a-z0-9_]+]]: tensor<2x8x2x4xi32>, %[[FNUM:[a-z0-9_]+]]: tensor<2x8x2xi32>, %[[FIDX:[a-z0-9_]+]]: tensor<2x8x2x4xi32>) -> tensor<2x8x100x64xf16> {
// CHECK:         %[[O:[a-z0-9_]+]] = attn.dense layout(bnsd)
// CHECK-SAME:    q(%[[Q]] : tensor<2x8x100x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<2x2x256x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<2x2x256x64xf16>)
// CHECK-SAME:    kv_num_blocks(%[[NUM]] : tensor<2x8x2xi32>)
// CHECK-SAME:    kv_indices(%[[IDX]] : tensor<2x8x2x4xi32>)
// CHECK-SAME:    full_kv_num_blocks(%[[FNUM]] : tensor<2x8x2xi32>)
// CHECK-SAME:    full_kv_indices(%[[FIDX]] : tensor<2x8x2x4xi32>)
// CHECK-SAME:    {sparsity = #attn.block_mask<bq = 64, bk = 64>}
// CHECK-SAME:    -> tensor<2x8x100x64xf16>
// CHECK:         return %[[O]] : tensor<2x8x100x64xf16>
func.func @dense_block_mask(%q: tensor<2x8x100x64xf16>, %k: tensor<2x2x256x64xf16>, %v: tensor<2x2x256x64xf16>, %num: tensor<2x8x2xi32>, %idx: tensor<2x8x2x4xi32>, %fnum: tensor<2x8x2xi32>, %fidx: tensor<2x8x2x4xi32>) -> tensor<2x8x100x64xf16> {
  %o = attn.dense layout(bnsd) q(%q : tensor<2x8x100x64xf16>) k(%k : tensor<2x2x256x64xf16>) v(%v : tensor<2x2x256x64xf16>) kv_num_blocks(%num : tensor<2x8x2xi32>) kv_indices(%idx : tensor<2x8x2x4xi32>) full_kv_num_blocks(%fnum : tensor<2x8x2xi32>) full_kv_indices(%fidx : tensor<2x8x2x4xi32>) {sparsity = #attn.block_mask<bq = 64, bk = 64>} -> tensor<2x8x100x64xf16>
  return %o : tensor<2x8x100x64xf16>
}

// Dense XAttention with the selected block mask, tri-shape, and a mask_mod
// reading a capture.
// CHECK-LABEL: func.func @dense_sparse(
// CHECK-SAME:    %[[Q:[a-z0-9_]+]]: tensor<?x?x8x64xf16>, %[[K:[a-z0-9_]+]]: tensor<?x?x2x64xf16>, %[[V:[a-z0-9_]+]]: tensor<?x?x2x64xf16>, %[[PL:[a-z0-9_]+]]: tensor<?xi32>, %[[WINDOW:[a-z0-9_]+]]: tensor<2xindex>) -> (tensor<?x?x8x64xf16>, tensor<?x8x?xi32>, tensor<?x8x?x?xi32>, tensor<?x?x8x64xf16>) {
// CHECK:         %[[O:[a-z0-9_]+]], %[[SN:[a-z0-9_]+]], %[[SI:[a-z0-9_]+]] = attn.dense layout(bsnd)
// CHECK-SAME:    q(%[[Q]] : tensor<?x?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x?x2x64xf16>)
// CHECK-SAME:    {causal,
// CHECK-SAME:    sparsity = #attn.xattention<threshold = 8.500000e-01, stride = 16>}
// CHECK-SAME:    -> tensor<?x?x8x64xf16>
// CHECK-SAME:    selected tensor<?x8x?xi32>, tensor<?x8x?x?xi32>
// CHECK:         %[[O1:[a-z0-9_]+]] = attn.dense layout(bsnd)
// CHECK-SAME:    q(%[[Q]] : tensor<?x?x8x64xf16>)
// CHECK-SAME:    k(%[[K]] : tensor<?x?x2x64xf16>)
// CHECK-SAME:    v(%[[V]] : tensor<?x?x2x64xf16>)
// CHECK-SAME:    prompt_lens(%[[PL]] : tensor<?xi32>)
// CHECK-SAME:    captures(%[[WINDOW]] : tensor<2xindex>)
// CHECK-SAME:    {sparsity = #attn.trishape<bk = 32, start = 64, recent = 256>}
// CHECK-SAME:    mask_mod {
// CHECK-NEXT:      ^bb0(%[[B:[a-z0-9_]+]]: index, %[[H:[a-z0-9_]+]]: index, %[[QPOS:[a-z0-9_]+]]: index, %[[KVPOS:[a-z0-9_]+]]: index, %[[W:[a-z0-9_]+]]: tensor<2xindex>):
// CHECK-NEXT:      %[[C0:[a-z0-9_]+]] = arith.constant 0 : index
// CHECK-NEXT:      %[[LO:[a-z0-9_]+]] = tensor.extract %[[W]][%[[C0]]] : tensor<2xindex>
// CHECK-NEXT:      %[[KEEP:[a-z0-9_]+]] = arith.cmpi uge, %[[KVPOS]], %[[LO]] : index
// CHECK-NEXT:      attn.yield %[[KEEP]] : i1
// CHECK-NEXT:    } -> tensor<?x?x8x64xf16>
// CHECK:         return %[[O]], %[[SN]], %[[SI]], %[[O1]] : tensor<?x?x8x64xf16>, tensor<?x8x?xi32>, tensor<?x8x?x?xi32>, tensor<?x?x8x64xf16>
func.func @dense_sparse(%q: tensor<?x?x8x64xf16>, %k: tensor<?x?x2x64xf16>, %v: tensor<?x?x2x64xf16>, %pl: tensor<?xi32>, %window: tensor<2xindex>) -> (tensor<?x?x8x64xf16>, tensor<?x8x?xi32>, tensor<?x8x?x?xi32>, tensor<?x?x8x64xf16>) {
  %o, %sn, %si = attn.dense layout(bsnd) q(%q : tensor<?x?x8x64xf16>) k(%k : tensor<?x?x2x64xf16>) v(%v : tensor<?x?x2x64xf16>) {causal, sparsity = #attn.xattention<threshold = 0.85, block = 64, stride = 16>} -> tensor<?x?x8x64xf16> selected tensor<?x8x?xi32>, tensor<?x8x?x?xi32>
  %o1 = attn.dense layout(bsnd) q(%q : tensor<?x?x8x64xf16>) k(%k : tensor<?x?x2x64xf16>) v(%v : tensor<?x?x2x64xf16>) prompt_lens(%pl : tensor<?xi32>) captures(%window : tensor<2xindex>) {sparsity = #attn.trishape<bk = 32, start = 64, recent = 256>} mask_mod {
  ^bb0(%b: index, %h: index, %qpos: index, %kvpos: index, %w: tensor<2xindex>):
    %c0 = arith.constant 0 : index
    %lo = tensor.extract %w[%c0] : tensor<2xindex>
    %keep = arith.cmpi uge, %kvpos, %lo : index
    attn.yield %keep : i1
  } -> tensor<?x?x8x64xf16>
  return %o, %sn, %si, %o1 : tensor<?x?x8x64xf16>, tensor<?x8x?xi32>, tensor<?x8x?x?xi32>, tensor<?x?x8x64xf16>
}
