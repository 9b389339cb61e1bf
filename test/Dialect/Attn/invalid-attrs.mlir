// RUN: attn-opt %s --split-input-file --verify-diagnostics

// Attribute-local checks (AttnAttrs.cpp) and the layout and enum keywords:
// the diagnostics come from the parser, at the attribute.

// block_mask: bq is positive.
func.func @block_mask_bq(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{block_mask: bq must be positive, found 0}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {sparsity = #attn.block_mask<bq = 0, bk = 64>} -> tensor<?x8x64xf16>
  return
}

// -----

// block_mask: bk is positive.
func.func @block_mask_bk(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{block_mask: bk must be positive, found -64}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {sparsity = #attn.block_mask<bq = 64, bk = -64>} -> tensor<?x8x64xf16>
  return
}

// -----

// trishape: bk is positive.
func.func @trishape_bk(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{trishape: bk must be positive, found 0}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {sparsity = #attn.trishape<bk = 0>} -> tensor<?x8x64xf16>
  return
}

// -----

// trishape: start is a multiple of bk.
func.func @trishape_start_multiple(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{trishape: start (100) must be a multiple of bk (64)}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {sparsity = #attn.trishape<bk = 64, start = 100>} -> tensor<?x8x64xf16>
  return
}

// -----

// trishape: recent is a multiple of bk (default recent = 1920 is not a
// multiple of 256).
func.func @trishape_recent_multiple(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{trishape: recent (1920) must be a multiple of bk (256)}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {sparsity = #attn.trishape<bk = 256, start = 256>} -> tensor<?x8x64xf16>
  return
}

// -----

// trishape: start is >= 0.
func.func @trishape_start_negative(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{trishape: start must be >= 0, found -64}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {sparsity = #attn.trishape<bk = 64, start = -64>} -> tensor<?x8x64xf16>
  return
}

// -----

// trishape: recent is >= 0.
func.func @trishape_recent_negative(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{trishape: recent must be >= 0, found -64}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {sparsity = #attn.trishape<bk = 64, recent = -64>} -> tensor<?x8x64xf16>
  return
}

// -----

// trishape: dense_tail is >= 0.
func.func @trishape_dense_tail(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{trishape: dense_tail must be >= 0, found -1}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {sparsity = #attn.trishape<bk = 64, dense_tail = -1>} -> tensor<?x8x64xf16>
  return
}

// -----

// xattention: threshold lies in (0, 1]; 0 is excluded.
func.func @xattention_threshold_zero(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{xattention: threshold must lie in (0, 1], found 0.000000e+00}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal, sparsity = #attn.xattention<threshold = 0.0>} -> tensor<?x8x64xf16>
  return
}

// -----

// xattention: threshold lies in (0, 1].
func.func @xattention_threshold_large(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{xattention: threshold must lie in (0, 1], found 1.500000e+00}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal, sparsity = #attn.xattention<threshold = 1.5>} -> tensor<?x8x64xf16>
  return
}

// -----

// xattention: threshold lies in (0, 1].
func.func @xattention_threshold_negative(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{xattention: threshold must lie in (0, 1], found -5.000000e-01}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal, sparsity = #attn.xattention<threshold = -0.5>} -> tensor<?x8x64xf16>
  return
}

// -----

// xattention: stride divides block.
func.func @xattention_stride_divides(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{xattention: stride (24) must divide block (64)}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal, sparsity = #attn.xattention<block = 64, stride = 24>} -> tensor<?x8x64xf16>
  return
}

// -----

// xattention: stride divides the default block (64).
func.func @xattention_stride_default_block(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{xattention: stride (48) must divide block (64)}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal, sparsity = #attn.xattention<stride = 48>} -> tensor<?x8x64xf16>
  return
}

// -----

// xattention: block is positive.
func.func @xattention_block(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{xattention: block must be positive, found 0}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal, sparsity = #attn.xattention<block = 0>} -> tensor<?x8x64xf16>
  return
}

// -----

// xattention: stride is positive.
func.func @xattention_stride(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{xattention: stride must be positive, found 0}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal, sparsity = #attn.xattention<stride = 0>} -> tensor<?x8x64xf16>
  return
}

// -----

// xattention: dense_tail is >= 0.
func.func @xattention_dense_tail(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{xattention: dense_tail must be >= 0, found -100}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal, sparsity = #attn.xattention<dense_tail = -100>} -> tensor<?x8x64xf16>
  return
}

// -----

// skip_softmax: br is positive.
func.func @skip_br(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{skip_softmax: br must be positive, found 0}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {skip_softmax = #attn.skip_softmax<br = 0>} -> tensor<?x8x64xf16>
  return
}

// -----

// skip_softmax: bc is positive.
func.func @skip_bc(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{skip_softmax: bc must be positive, found -128}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {skip_softmax = #attn.skip_softmax<bc = -128>} -> tensor<?x8x64xf16>
  return
}

// -----

// skip_softmax: a fixed threshold lies in (0, 1); 0 is excluded.
func.func @skip_prefill_zero(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{skip_softmax: prefill threshold must lie in (0, 1), found 0.000000e+00}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {skip_softmax = #attn.skip_softmax<prefill = 0.0>} -> tensor<?x8x64xf16>
  return
}

// -----

// skip_softmax: a fixed threshold lies in (0, 1); 1 is excluded.
func.func @skip_prefill_one(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{skip_softmax: prefill threshold must lie in (0, 1), found 1.000000e+00}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {skip_softmax = #attn.skip_softmax<prefill = 1.0>} -> tensor<?x8x64xf16>
  return
}

// -----

// skip_softmax: decode threshold lies in (0, 1).
func.func @skip_decode_large(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{skip_softmax: decode threshold must lie in (0, 1), found 1.500000e+00}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {skip_softmax = #attn.skip_softmax<decode = 1.5>} -> tensor<?x8x64xf16>
  return
}

// -----

// skip_softmax: a threshold is a float or #attn.calibrated, not an integer.
func.func @skip_decode_integer(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{skip_softmax: decode must be a float or #attn.calibrated<...>, found 1 : i64}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {skip_softmax = #attn.skip_softmax<decode = 1 : i64>} -> tensor<?x8x64xf16>
  return
}

// -----

// skip_softmax: a threshold is a float or #attn.calibrated, not a string.
func.func @skip_prefill_string(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{skip_softmax: prefill must be a float or #attn.calibrated<...>, found "auto"}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {skip_softmax = #attn.skip_softmax<prefill = "auto">} -> tensor<?x8x64xf16>
  return
}

// -----

// calibrated: a is positive.
func.func @calibrated_a_zero(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{calibrated: a must be positive and finite, found 0.000000e+00}}
  // expected-error @below {{failed to parse Attn_SkipSoftmaxAttr parameter 'prefill' which is to be a `::mlir::Attribute`}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {skip_softmax = #attn.skip_softmax<prefill = #attn.calibrated<a = 0.0, b = 5.0, target = 0.5>>} -> tensor<?x8x64xf16>
  return
}

// -----

// calibrated: a is positive.
func.func @calibrated_a_negative(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{calibrated: a must be positive and finite, found -2.000000e+00}}
  // expected-error @below {{failed to parse Attn_SkipSoftmaxAttr parameter 'decode' which is to be a `::mlir::Attribute`}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {skip_softmax = #attn.skip_softmax<decode = #attn.calibrated<a = -2.0, b = 5.0, target = 0.5>>} -> tensor<?x8x64xf16>
  return
}

// -----

// calibrated: target lies in [0, 1); 1 is excluded.
func.func @calibrated_target_one(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{calibrated: target must lie in [0, 1), found 1.000000e+00}}
  // expected-error @below {{failed to parse Attn_SkipSoftmaxAttr parameter 'prefill' which is to be a `::mlir::Attribute`}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {skip_softmax = #attn.skip_softmax<prefill = #attn.calibrated<a = 2.0, b = 5.0, target = 1.0>>} -> tensor<?x8x64xf16>
  return
}

// -----

// calibrated: target lies in [0, 1).
func.func @calibrated_target_negative(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{calibrated: target must lie in [0, 1), found -1.000000e-01}}
  // expected-error @below {{failed to parse Attn_SkipSoftmaxAttr parameter 'prefill' which is to be a `::mlir::Attribute`}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {skip_softmax = #attn.skip_softmax<prefill = #attn.calibrated<a = 2.0, b = 5.0, target = -0.1>>} -> tensor<?x8x64xf16>
  return
}

// -----

// Unknown cache layout keyword.
func.func @paged_unknown_layout(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{custom op 'attn.paged' unknown layout 'nchw', expected one of nhd, hnd, hpnd}}
  attn.paged layout(nchw) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// Unknown dense layout keyword (a cache layout is not a dense layout).
func.func @dense_unknown_layout(%q: tensor<?x8x1x64xf16>, %k: tensor<?x2x?x64xf16>, %v: tensor<?x2x?x64xf16>) {
  // expected-error @below {{custom op 'attn.dense' unknown layout 'nhd', expected one of bnsd, bsnd, bsh}}
  attn.dense layout(nhd) q(%q : tensor<?x8x1x64xf16>) k(%k : tensor<?x2x?x64xf16>) v(%v : tensor<?x2x?x64xf16>) -> tensor<?x8x1x64xf16>
  return
}

// -----

// Unknown mask polarity.
func.func @mask_polarity_unknown(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %mask: tensor<1x1x?x?xi1>) {
  // expected-error @below {{expected ::attnc::attn::MaskPolarity to be one of: keep_if_true, drop_if_nonzero}}
  // expected-error @below {{failed to parse Attn_MaskPolarityAttr parameter 'value' which is to be a `::attnc::attn::MaskPolarity`}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) mask(%mask : tensor<1x1x?x?xi1>) {mask_polarity = #attn.mask_polarity<keep>} -> tensor<?x8x64xf16>
  return
}

// -----

// Unknown granularity.
func.func @granularity_unknown(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xi8>, %v: tensor<?x2x64xi8>, %cq: tensor<?xi32>, %ck: tensor<?xi32>, %k_scale: tensor<f32>, %v_scale: tensor<f32>) {
  // expected-error @below {{expected ::attnc::attn::Granularity to be one of: per_tensor, per_channel, per_token}}
  // expected-error @below {{failed to parse Attn_GranularityAttr parameter 'value' which is to be a `::attnc::attn::Granularity`}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xi8>) v(%v : tensor<?x2x64xi8>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) k_scale(%k_scale : tensor<f32>) v_scale(%v_scale : tensor<f32>) {k_quant = #attn.granularity<per_head>, v_quant = #attn.granularity<per_tensor>} -> tensor<?x8x64xf16>
  return
}

// -----

// sparsity takes only the three sparsity attributes.
func.func @sparsity_wrong_attr(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{custom op 'attn.varlen' 'attn.varlen' op attribute 'sparsity' failed to satisfy constraint: Block-sparse visibility read from block-mask operands or Tri-shape sparsity: sink blocks, recent blocks, dense tail or XAttention antidiagonal block selection}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {sparsity = #attn.skip_softmax<>} -> tensor<?x8x64xf16>
  return
}

// -----

// scale is an f64 attribute.
func.func @scale_type(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{custom op 'attn.varlen' 'attn.varlen' op attribute 'scale' failed to satisfy constraint: 64-bit float attribute}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {scale = 1 : i64} -> tensor<?x8x64xf16>
  return
}
