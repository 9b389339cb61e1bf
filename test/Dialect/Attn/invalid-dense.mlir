// RUN: attn-opt %s --split-input-file --verify-diagnostics

// attn.dense layout checks (SPEC §3): bnsd [B, H, S, D], bsnd [B, S, H, D],
// bsh [B, S, H*D] with num_heads / num_kv_heads; output in q's layout with
// Dv; actual_seq_lengths [B] (i32); kv_padding_size tensor<i64>;
// lse [B, Hq, Sq].

// bnsd operands are rank 4.
func.func @bnsd_q_rank(%q: tensor<?x1x512xf16>, %k: tensor<?x2x?x64xf16>, %v: tensor<?x2x?x64xf16>) {
  // expected-error @below {{operand 'q' must have rank 4 [B, Hq, Sq, D], found 'tensor<?x1x512xf16>'}}
  attn.dense layout(bnsd) q(%q : tensor<?x1x512xf16>) k(%k : tensor<?x2x?x64xf16>) v(%v : tensor<?x2x?x64xf16>) -> tensor<?x8x1x64xf16>
  return
}

// -----

// bsh operands are rank 3.
func.func @bsh_k_rank(%q: tensor<?x1x512xf16>, %k: tensor<?x?x2x64xf16>, %v: tensor<?x?x128xf16>) {
  // expected-error @below {{operand 'k' must have rank 3 [B, Skv, Hkv*D], found 'tensor<?x?x2x64xf16>'}}
  attn.dense layout(bsh) q(%q : tensor<?x1x512xf16>) k(%k : tensor<?x?x2x64xf16>) v(%v : tensor<?x?x128xf16>) {num_heads = 8, num_kv_heads = 2} -> tensor<?x1x512xf16>
  return
}

// -----

// bsh needs num_heads.
func.func @bsh_no_num_heads(%q: tensor<?x1x512xf16>, %k: tensor<?x?x128xf16>, %v: tensor<?x?x128xf16>) {
  // expected-error @below {{layout bsh [B, S, H*D] requires attribute 'num_heads' (the head count), found none}}
  attn.dense layout(bsh) q(%q : tensor<?x1x512xf16>) k(%k : tensor<?x?x128xf16>) v(%v : tensor<?x?x128xf16>) {num_kv_heads = 2} -> tensor<?x1x512xf16>
  return
}

// -----

// bsh needs num_kv_heads.
func.func @bsh_no_num_kv_heads(%q: tensor<?x1x512xf16>, %k: tensor<?x?x128xf16>, %v: tensor<?x?x128xf16>) {
  // expected-error @below {{layout bsh [B, S, H*D] requires attribute 'num_kv_heads' (the head count), found none}}
  attn.dense layout(bsh) q(%q : tensor<?x1x512xf16>) k(%k : tensor<?x?x128xf16>) v(%v : tensor<?x?x128xf16>) {num_heads = 8} -> tensor<?x1x512xf16>
  return
}

// -----

// bsh head counts are positive.
func.func @bsh_zero_heads(%q: tensor<?x1x512xf16>, %k: tensor<?x?x128xf16>, %v: tensor<?x?x128xf16>) {
  // expected-error @below {{attributes 'num_heads' and 'num_kv_heads' must be positive, found 0 and 2}}
  attn.dense layout(bsh) q(%q : tensor<?x1x512xf16>) k(%k : tensor<?x?x128xf16>) v(%v : tensor<?x?x128xf16>) {num_heads = 0, num_kv_heads = 2} -> tensor<?x1x512xf16>
  return
}

// -----

// bsh: the q width must split into num_heads heads.
func.func @bsh_q_width(%q: tensor<?x1x500xf16>, %k: tensor<?x?x128xf16>, %v: tensor<?x?x128xf16>) {
  // expected-error @below {{operand 'q' in layout bsh must have a last dim divisible by num_heads = 8, found 500}}
  attn.dense layout(bsh) q(%q : tensor<?x1x500xf16>) k(%k : tensor<?x?x128xf16>) v(%v : tensor<?x?x128xf16>) {num_heads = 8, num_kv_heads = 2} -> tensor<?x1x500xf16>
  return
}

// -----

// bsh: the k width must split into num_kv_heads heads.
func.func @bsh_k_width(%q: tensor<?x1x512xf16>, %k: tensor<?x?x129xf16>, %v: tensor<?x?x128xf16>) {
  // expected-error @below {{operand 'k' in layout bsh must have a last dim divisible by num_kv_heads = 2, found 129}}
  attn.dense layout(bsh) q(%q : tensor<?x1x512xf16>) k(%k : tensor<?x?x129xf16>) v(%v : tensor<?x?x128xf16>) {num_heads = 8, num_kv_heads = 2} -> tensor<?x1x512xf16>
  return
}

// -----

// bsh: k width = num_kv_heads * D with D of q (512 / 8 = 64).
func.func @bsh_k_head_dim(%q: tensor<?x1x512xf16>, %k: tensor<?x?x96xf16>, %v: tensor<?x?x128xf16>) {
  // expected-error @below {{operand 'k' must have shape [?, ?, 128] ([B, Skv, Hkv*D] with B and D of q), found 'tensor<?x?x96xf16>'}}
  attn.dense layout(bsh) q(%q : tensor<?x1x512xf16>) k(%k : tensor<?x?x96xf16>) v(%v : tensor<?x?x128xf16>) {num_heads = 8, num_kv_heads = 2} -> tensor<?x1x512xf16>
  return
}

// -----

// bsh: the widths are static.
func.func @bsh_dynamic_width(%q: tensor<?x1x?xf16>, %k: tensor<?x?x128xf16>, %v: tensor<?x?x128xf16>) {
  // expected-error @below {{operand 'q' must have a static H*D (dim 2), found 'tensor<?x1x?xf16>'}}
  attn.dense layout(bsh) q(%q : tensor<?x1x?xf16>) k(%k : tensor<?x?x128xf16>) v(%v : tensor<?x?x128xf16>) {num_heads = 8, num_kv_heads = 2} -> tensor<?x1x?xf16>
  return
}

// -----

// bsh: Hq must be a multiple of Hkv (from the attributes).
func.func @bsh_gqa(%q: tensor<?x1x512xf16>, %k: tensor<?x?x192xf16>, %v: tensor<?x?x192xf16>) {
  // expected-error @below {{query heads Hq = 8 (from attribute 'num_heads') must be a multiple of kv heads Hkv = 3 (from attribute 'num_kv_heads')}}
  attn.dense layout(bsh) q(%q : tensor<?x1x512xf16>) k(%k : tensor<?x?x192xf16>) v(%v : tensor<?x?x192xf16>) {num_heads = 8, num_kv_heads = 3} -> tensor<?x1x512xf16>
  return
}

// -----

// bsh: out is [B, Sq, Hq*Dv].
func.func @bsh_out_width(%q: tensor<?x1x512xf16>, %k: tensor<?x?x128xf16>, %v: tensor<?x?x64xf16>) {
  // expected-error @below {{result 'out' must have shape [?, 1, 256] ([B, Sq, Hq*Dv], q's layout with Dv of v), found 'tensor<?x1x512xf16>'}}
  attn.dense layout(bsh) q(%q : tensor<?x1x512xf16>) k(%k : tensor<?x?x128xf16>) v(%v : tensor<?x?x64xf16>) {num_heads = 8, num_kv_heads = 2} -> tensor<?x1x512xf16>
  return
}

// -----

// Outside bsh, num_heads must agree with q.
func.func @bnsd_num_heads(%q: tensor<?x8x1x64xf16>, %k: tensor<?x2x?x64xf16>, %v: tensor<?x2x?x64xf16>) {
  // expected-error @below {{attribute 'num_heads' = 4 contradicts operand 'q' with Hq = 8}}
  attn.dense layout(bnsd) q(%q : tensor<?x8x1x64xf16>) k(%k : tensor<?x2x?x64xf16>) v(%v : tensor<?x2x?x64xf16>) {num_heads = 4} -> tensor<?x8x1x64xf16>
  return
}

// -----

// Outside bsh, num_kv_heads must agree with k.
func.func @bsnd_num_kv_heads(%q: tensor<?x1x8x64xf16>, %k: tensor<?x?x2x64xf16>, %v: tensor<?x?x2x64xf16>) {
  // expected-error @below {{attribute 'num_kv_heads' = 4 contradicts operand 'k' with Hkv = 2}}
  attn.dense layout(bsnd) q(%q : tensor<?x1x8x64xf16>) k(%k : tensor<?x?x2x64xf16>) v(%v : tensor<?x?x2x64xf16>) {num_kv_heads = 4} -> tensor<?x1x8x64xf16>
  return
}

// -----

// bnsd: a k written in bsnd order ([B, Skv, Hkv, D]) reads as Hkv = 32.
func.func @bnsd_layout_mismatch(%q: tensor<2x8x16x64xf16>, %k: tensor<2x32x2x64xf16>, %v: tensor<2x32x2x64xf16>) {
  // expected-error @below {{query heads Hq = 8 (from operand 'q') must be a multiple of kv heads Hkv = 32 (from operand 'k')}}
  attn.dense layout(bnsd) q(%q : tensor<2x8x16x64xf16>) k(%k : tensor<2x32x2x64xf16>) v(%v : tensor<2x32x2x64xf16>) -> tensor<2x8x16x64xf16>
  return
}

// -----

// bsnd: a q written in bnsd order ([B, Hq, Sq, D]) gives out the wrong shape.
func.func @bsnd_layout_mismatch(%q: tensor<2x8x16x64xf16>, %k: tensor<2x32x2x64xf16>, %v: tensor<2x32x2x64xf16>) {
  // expected-error @below {{result 'out' must have shape [2, 8, 16, 64] ([B, Sq, Hq, Dv], q's layout with Dv of v), found 'tensor<2x16x8x64xf16>'}}
  attn.dense layout(bsnd) q(%q : tensor<2x8x16x64xf16>) k(%k : tensor<2x32x2x64xf16>) v(%v : tensor<2x32x2x64xf16>) -> tensor<2x16x8x64xf16>
  return
}

// -----

// k has the batch of q.
func.func @k_batch(%q: tensor<2x8x1x64xf16>, %k: tensor<3x2x?x64xf16>, %v: tensor<3x2x?x64xf16>) {
  // expected-error @below {{operand 'k' must have shape [2, 2, ?, 64] ([B, Hkv, Skv, D] with B and D of q), found 'tensor<3x2x?x64xf16>'}}
  attn.dense layout(bnsd) q(%q : tensor<2x8x1x64xf16>) k(%k : tensor<3x2x?x64xf16>) v(%v : tensor<3x2x?x64xf16>) -> tensor<2x8x1x64xf16>
  return
}

// -----

// v has Skv of k.
func.func @v_seq(%q: tensor<?x1x8x64xf16>, %k: tensor<?x128x2x64xf16>, %v: tensor<?x64x2x64xf16>) {
  // expected-error @below {{operand 'v' must have shape [?, 128, 2, 64] ([B, Skv, Hkv, Dv] with B, Skv and Hkv of k), found 'tensor<?x64x2x64xf16>'}}
  attn.dense layout(bsnd) q(%q : tensor<?x1x8x64xf16>) k(%k : tensor<?x128x2x64xf16>) v(%v : tensor<?x64x2x64xf16>) -> tensor<?x1x8x64xf16>
  return
}

// -----

// out has Dv of v.
func.func @out_dv(%q: tensor<?x1x8x64xf16>, %k: tensor<?x?x2x64xf16>, %v: tensor<?x?x2x32xf16>) {
  // expected-error @below {{result 'out' must have shape [?, 1, 8, 32] ([B, Sq, Hq, Dv], q's layout with Dv of v), found 'tensor<?x1x8x64xf16>'}}
  attn.dense layout(bsnd) q(%q : tensor<?x1x8x64xf16>) k(%k : tensor<?x?x2x64xf16>) v(%v : tensor<?x?x2x32xf16>) -> tensor<?x1x8x64xf16>
  return
}

// -----

// out is in the layout of q.
func.func @out_layout(%q: tensor<?x4x8x64xf16>, %k: tensor<?x?x2x64xf16>, %v: tensor<?x?x2x64xf16>) {
  // expected-error @below {{result 'out' must have shape [?, 4, 8, 64] ([B, Sq, Hq, Dv], q's layout with Dv of v), found 'tensor<?x8x4x64xf16>'}}
  attn.dense layout(bsnd) q(%q : tensor<?x4x8x64xf16>) k(%k : tensor<?x?x2x64xf16>) v(%v : tensor<?x?x2x64xf16>) -> tensor<?x8x4x64xf16>
  return
}

// -----

// actual_seq_lengths is [B] with B of q.
func.func @actual_seq_lengths_batch(%q: tensor<2x8x1x64xf16>, %k: tensor<2x2x?x64xf16>, %v: tensor<2x2x?x64xf16>, %lens: tensor<3xi32>) {
  // expected-error @below {{operand 'actual_seq_lengths' must have shape [2] ([B] with B of q), found 'tensor<3xi32>'}}
  attn.dense layout(bnsd) q(%q : tensor<2x8x1x64xf16>) k(%k : tensor<2x2x?x64xf16>) v(%v : tensor<2x2x?x64xf16>) actual_seq_lengths(%lens : tensor<3xi32>) -> tensor<2x8x1x64xf16>
  return
}

// -----

// actual_seq_lengths is i32.
func.func @actual_seq_lengths_i64(%q: tensor<?x8x1x64xf16>, %k: tensor<?x2x?x64xf16>, %v: tensor<?x2x?x64xf16>, %lens: tensor<?xi64>) {
  // expected-error @below {{operand 'actual_seq_lengths' must have element type i32, found 'i64'}}
  attn.dense layout(bnsd) q(%q : tensor<?x8x1x64xf16>) k(%k : tensor<?x2x?x64xf16>) v(%v : tensor<?x2x?x64xf16>) actual_seq_lengths(%lens : tensor<?xi64>) -> tensor<?x8x1x64xf16>
  return
}

// -----

// kv_padding_size is a 0-d tensor.
func.func @kv_padding_size_rank(%q: tensor<?x8x1x64xf16>, %k: tensor<?x2x?x64xf16>, %v: tensor<?x2x?x64xf16>, %pad: tensor<1xi64>) {
  // expected-error @below {{operand 'kv_padding_size' must be a 0-d i64 tensor (tensor<i64>), found 'tensor<1xi64>'}}
  attn.dense layout(bnsd) q(%q : tensor<?x8x1x64xf16>) k(%k : tensor<?x2x?x64xf16>) v(%v : tensor<?x2x?x64xf16>) kv_padding_size(%pad : tensor<1xi64>) -> tensor<?x8x1x64xf16>
  return
}

// -----

// kv_padding_size is i64.
func.func @kv_padding_size_i32(%q: tensor<?x8x1x64xf16>, %k: tensor<?x2x?x64xf16>, %v: tensor<?x2x?x64xf16>, %pad: tensor<i32>) {
  // expected-error @below {{operand 'kv_padding_size' must be a 0-d i64 tensor (tensor<i64>), found 'tensor<i32>'}}
  attn.dense layout(bnsd) q(%q : tensor<?x8x1x64xf16>) k(%k : tensor<?x2x?x64xf16>) v(%v : tensor<?x2x?x64xf16>) kv_padding_size(%pad : tensor<i32>) -> tensor<?x8x1x64xf16>
  return
}

// -----

// lse is [B, Hq, Sq].
func.func @lse_shape(%q: tensor<?x4x8x64xf16>, %k: tensor<?x?x2x64xf16>, %v: tensor<?x?x2x64xf16>) {
  // expected-error @below {{result 'lse' must have shape [?, 8, 4] ([B, Hq, Sq]), found 'tensor<?x4x8xf32>'}}
  attn.dense layout(bsnd) q(%q : tensor<?x4x8x64xf16>) k(%k : tensor<?x?x2x64xf16>) v(%v : tensor<?x?x2x64xf16>) -> tensor<?x4x8x64xf16> lse tensor<?x4x8xf32>
  return
}

// -----

// Per-token scales of a dense cache are [B, Skv].
func.func @per_token_scale(%q: tensor<2x8x1x64xf16>, %k: tensor<2x2x128x64xi8>, %v: tensor<2x2x128x64xi8>, %k_scale: tensor<2x128xf32>, %v_scale: tensor<128xf32>) {
  // expected-error @below {{operand 'v_scale' must have shape [2, 128] (per_token: [B, Skv]), found 'tensor<128xf32>'}}
  attn.dense layout(bnsd) q(%q : tensor<2x8x1x64xf16>) k(%k : tensor<2x2x128x64xi8>) v(%v : tensor<2x2x128x64xi8>) k_scale(%k_scale : tensor<2x128xf32>) v_scale(%v_scale : tensor<128xf32>) {k_quant = #attn.granularity<per_token>, v_quant = #attn.granularity<per_token>} -> tensor<2x8x1x64xf16>
  return
}

// -----

// Per-channel scales of a dense cache are [Hkv, D], not [Hq, D].
func.func @per_channel_scale(%q: tensor<?x8x1x64xf16>, %k: tensor<?x2x?x64xi8>, %v: tensor<?x2x?x64xi8>, %k_scale: tensor<8x64xf32>, %v_scale: tensor<2x64xf32>) {
  // expected-error @below {{operand 'k_scale' must have shape [2, 64] (per_channel: [Hkv, D]), found 'tensor<8x64xf32>'}}
  attn.dense layout(bnsd) q(%q : tensor<?x8x1x64xf16>) k(%k : tensor<?x2x?x64xi8>) v(%v : tensor<?x2x?x64xi8>) k_scale(%k_scale : tensor<8x64xf32>) v_scale(%v_scale : tensor<2x64xf32>) {k_quant = #attn.granularity<per_channel>, v_quant = #attn.granularity<per_channel>} -> tensor<?x8x1x64xf16>
  return
}

// -----

// bsh: per-channel V scales are [Hkv, Dv] with Dv = width / num_kv_heads.
func.func @bsh_per_channel_scale(%q: tensor<?x1x512xf16>, %k: tensor<?x?x128xi8>, %v: tensor<?x?x64xi8>, %k_scale: tensor<2x64xf32>, %v_scale: tensor<2x64xf32>) {
  // expected-error @below {{operand 'v_scale' must have shape [2, 32] (per_channel: [Hkv, Dv]), found 'tensor<2x64xf32>'}}
  attn.dense layout(bsh) q(%q : tensor<?x1x512xf16>) k(%k : tensor<?x?x128xi8>) v(%v : tensor<?x?x64xi8>) k_scale(%k_scale : tensor<2x64xf32>) v_scale(%v_scale : tensor<2x64xf32>) {num_heads = 8, num_kv_heads = 2, k_quant = #attn.granularity<per_channel>, v_quant = #attn.granularity<per_channel>} -> tensor<?x1x256xf16>
  return
}

// -----

// Bias dim 2 is Sq or 1.
func.func @bias_sq(%q: tensor<2x8x16x64xf16>, %k: tensor<2x2x32x64xf16>, %v: tensor<2x2x32x64xf16>, %bias: tensor<2x8x8x32xf16>) {
  // expected-error @below {{operand 'bias' dim 2 must be 1 or Sq = 16, found 8}}
  attn.dense layout(bnsd) q(%q : tensor<2x8x16x64xf16>) k(%k : tensor<2x2x32x64xf16>) v(%v : tensor<2x2x32x64xf16>) bias(%bias : tensor<2x8x8x32xf16>) -> tensor<2x8x16x64xf16>
  return
}

// -----

// Mask dim 3 is Skv or 1 (masks are indexed by storage slot).
func.func @mask_skv(%q: tensor<2x16x8x64xf16>, %k: tensor<2x32x2x64xf16>, %v: tensor<2x32x2x64xf16>, %mask: tensor<1x1x16x31xi1>) {
  // expected-error @below {{operand 'mask' dim 3 must be 1 or Skv = 32, found 31}}
  attn.dense layout(bsnd) q(%q : tensor<2x16x8x64xf16>) k(%k : tensor<2x32x2x64xf16>) v(%v : tensor<2x32x2x64xf16>) mask(%mask : tensor<1x1x16x31xi1>) {mask_polarity = #attn.mask_polarity<keep_if_true>} -> tensor<2x16x8x64xf16>
  return
}

// -----

// Dense block masks need a row per query block: nQB >= ceil(Sq / bq).
func.func @block_mask_nqb(%q: tensor<2x8x100x64xf16>, %k: tensor<2x2x256x64xf16>, %v: tensor<2x2x256x64xf16>, %kv_num_blocks: tensor<2x8x1xi32>, %kv_indices: tensor<2x8x1x4xi32>) {
  // expected-error @below {{operand 'kv_num_blocks' dim 2 (nQB) must be at least ceil(Sq / bq) = 2 (Sq = 100, bq = 64), found 1}}
  attn.dense layout(bnsd) q(%q : tensor<2x8x100x64xf16>) k(%k : tensor<2x2x256x64xf16>) v(%v : tensor<2x2x256x64xf16>) kv_num_blocks(%kv_num_blocks : tensor<2x8x1xi32>) kv_indices(%kv_indices : tensor<2x8x1x4xi32>) {sparsity = #attn.block_mask<bq = 64, bk = 64>} -> tensor<2x8x100x64xf16>
  return
}

// -----

// Trishape needs bk on attn.dense.
func.func @trishape_no_bk(%q: tensor<?x8x1x64xf16>, %k: tensor<?x2x?x64xf16>, %v: tensor<?x2x?x64xf16>) {
  // expected-error @below {{sparsity #attn.trishape needs 'bk' on attn.dense (it defaults to the page size only on attn.paged)}}
  attn.dense layout(bnsd) q(%q : tensor<?x8x1x64xf16>) k(%k : tensor<?x2x?x64xf16>) v(%v : tensor<?x2x?x64xf16>) {sparsity = #attn.trishape<start = 128>} -> tensor<?x8x1x64xf16>
  return
}
