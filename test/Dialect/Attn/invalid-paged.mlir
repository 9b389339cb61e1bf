// RUN: attn-opt %s --split-input-file --verify-diagnostics

// attn.paged layout checks (SPEC §3): q [Tq, Hq, D] with optional
// cu_seqlens_q [B+1] (decode without it: Tq = B); caches in nhd
// [P, page_size, Hkv, D], hnd [P, Hkv, page_size, D] or hpnd
// [Hkv, P, page_size, D]; block_table [B, max_pages] and context_lens [B]
// (i32).

// q must be rank 3.
func.func @q_rank(%q: tensor<?x1x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{operand 'q' must have rank 3 [Tq, Hq, D], found 'tensor<?x1x8x64xf16>'}}
  attn.paged layout(nhd) q(%q : tensor<?x1x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// k_cache must be rank 4 in every layout.
func.func @k_cache_rank(%q: tensor<?x8x64xf16>, %kc: tensor<?x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{operand 'k_cache' must have rank 4 [P, page_size, Hkv, D], found 'tensor<?x2x64xf16>'}}
  attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// v_cache must be rank 4.
func.func @v_cache_rank(%q: tensor<?x8x64xf16>, %kc: tensor<2x?x16x64xf16>, %vc: tensor<2x?x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{operand 'v_cache' must have rank 4 [Hkv, P, page_size, Dv], found 'tensor<2x?x64xf16>'}}
  attn.paged layout(hpnd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<2x?x16x64xf16>) v_cache(%vc : tensor<2x?x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// The page size is static.
func.func @page_size_dynamic(%q: tensor<?x8x64xf16>, %kc: tensor<?x2x?x64xf16>, %vc: tensor<?x2x?x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{operand 'k_cache' must have a static page size (dim 2), found 'tensor<?x2x?x64xf16>'}}
  attn.paged layout(hnd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x2x?x64xf16>) v_cache(%vc : tensor<?x2x?x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// The page size is positive (a zero page size used to crash the verifier
// of a tri-shape op without bk).
func.func @page_size_zero(%q: tensor<?x8x64xf16>, %kc: tensor<?x0x2x64xf16>, %vc: tensor<?x0x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{operand 'k_cache' must have a positive page size (dim 1 in layout nhd [P, page_size, Hkv, D]), found 'tensor<?x0x2x64xf16>'}}
  attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x0x2x64xf16>) v_cache(%vc : tensor<?x0x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) {sparsity = #attn.trishape<start = 128>} -> tensor<?x8x64xf16>
  return
}

// -----

// nhd: v_cache has the page size of k_cache.
func.func @nhd_v_page_size(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x32x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{operand 'v_cache' must have shape [?, 16, 2, 64] ([P, page_size, Hkv, Dv] with P, page_size and Hkv of k_cache), found 'tensor<?x32x2x64xf16>'}}
  attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x32x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// nhd: v_cache has the page count P of k_cache.
func.func @nhd_v_pages(%q: tensor<?x8x64xf16>, %kc: tensor<10x16x2x64xf16>, %vc: tensor<12x16x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{operand 'v_cache' must have shape [10, 16, 2, 64] ([P, page_size, Hkv, Dv] with P, page_size and Hkv of k_cache), found 'tensor<12x16x2x64xf16>'}}
  attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<10x16x2x64xf16>) v_cache(%vc : tensor<12x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// nhd: a cache written in hnd order ([P, 2, 16, 64]) reads as page_size = 2
// and Hkv = 16.
func.func @nhd_layout_mismatch(%q: tensor<?x8x64xf16>, %kc: tensor<?x2x16x64xf16>, %vc: tensor<?x2x16x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{query heads Hq = 8 (from operand 'q') must be a multiple of kv heads Hkv = 16 (from operand 'k_cache' dim 2 in layout nhd [P, page_size, Hkv, D])}}
  attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x2x16x64xf16>) v_cache(%vc : tensor<?x2x16x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// A per-tensor scale of a paged cache is a scalar, not [4].
func.func @per_tensor_scale(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xi8>, %vc: tensor<?x16x2x64xi8>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>, %k_scale: tensor<f32>, %v_scale: tensor<4xf32>) {
  // expected-error @below {{operand 'v_scale' must have shape [] (per_tensor: a scalar, tensor<f32> or tensor<1xf32>), found 'tensor<4xf32>'}}
  attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xi8>) v_cache(%vc : tensor<?x16x2x64xi8>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) k_scale(%k_scale : tensor<f32>) v_scale(%v_scale : tensor<4xf32>) {k_quant = #attn.granularity<per_tensor>, v_quant = #attn.granularity<per_tensor>} -> tensor<?x8x64xf16>
  return
}

// -----

// hnd: a cache written in nhd order ([P, 16, 2, 64]) reads as Hkv = 16 and
// page_size = 2; the diagnostic says where Hkv came from.
func.func @hnd_layout_mismatch(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{query heads Hq = 8 (from operand 'q') must be a multiple of kv heads Hkv = 16 (from operand 'k_cache' dim 1 in layout hnd [P, Hkv, page_size, D])}}
  attn.paged layout(hnd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// hnd: v_cache has the kv head count of k_cache.
func.func @hnd_v_heads(%q: tensor<?x8x64xf16>, %kc: tensor<?x2x16x64xf16>, %vc: tensor<?x1x16x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{operand 'v_cache' must have shape [?, 2, 16, 64] ([P, Hkv, page_size, Dv] with P, page_size and Hkv of k_cache), found 'tensor<?x1x16x64xf16>'}}
  attn.paged layout(hnd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x2x16x64xf16>) v_cache(%vc : tensor<?x1x16x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// hpnd: a cache in nhd order has a dynamic head dim 0 in hpnd.
func.func @hpnd_layout_mismatch(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{kv head count Hkv (from operand 'k_cache' dim 0 in layout hpnd [Hkv, P, page_size, D]) must be static and positive, found 'tensor<?x16x2x64xf16>'}}
  attn.paged layout(hpnd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// hpnd: v_cache has the page count P (dim 1) of k_cache.
func.func @hpnd_v_pages(%q: tensor<?x8x64xf16>, %kc: tensor<2x10x16x64xf16>, %vc: tensor<2x12x16x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{operand 'v_cache' must have shape [2, 10, 16, 64] ([Hkv, P, page_size, Dv] with P, page_size and Hkv of k_cache), found 'tensor<2x12x16x64xf16>'}}
  attn.paged layout(hpnd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<2x10x16x64xf16>) v_cache(%vc : tensor<2x12x16x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// k_cache has the head dim D of q.
func.func @k_cache_head_dim(%q: tensor<?x8x64xf16>, %kc: tensor<?x2x16x128xf16>, %vc: tensor<?x2x16x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{operand 'k_cache' must have shape [?, 2, 16, 64] ([P, Hkv, page_size, D] with D of q), found 'tensor<?x2x16x128xf16>'}}
  attn.paged layout(hnd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x2x16x128xf16>) v_cache(%vc : tensor<?x2x16x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// out has the head dim Dv of v_cache.
func.func @out_dv(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x32xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{result 'out' must have shape [?, 8, 32] ([Tq, Hq, Dv]), found 'tensor<?x8x64xf16>'}}
  attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x32xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// block_table is [B, max_pages].
func.func @block_table_rank(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{operand 'block_table' must have shape [?, ?] ([B, max_pages]), found 'tensor<?xi32>'}}
  attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// block_table is i32.
func.func @block_table_i64(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi64>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{operand 'block_table' must have element type i32, found 'i64'}}
  attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi64>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// context_lens has the batch B of block_table.
func.func @context_lens_batch(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<4x?xi32>, %cl: tensor<3xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{operand 'context_lens' must have shape [4] ([B] with B of block_table), found 'tensor<3xi32>'}}
  attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<4x?xi32>) context_lens(%cl : tensor<3xi32>) cu_seqlens_q(%cq : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// context_lens is i32.
func.func @context_lens_i64(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi64>, %cq: tensor<?xi32>) {
  // expected-error @below {{operand 'context_lens' must have element type i32, found 'i64'}}
  attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi64>) cu_seqlens_q(%cq : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// cu_seqlens_q is [B+1] with B of block_table.
func.func @cu_seqlens_q_batch(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<4x?xi32>, %cl: tensor<4xi32>, %cq: tensor<4xi32>) {
  // expected-error @below {{operand 'cu_seqlens_q' must have shape [5] ([B+1] with B of block_table), found 'tensor<4xi32>'}}
  attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<4x?xi32>) context_lens(%cl : tensor<4xi32>) cu_seqlens_q(%cq : tensor<4xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// cu_seqlens_q holds B+1 >= 1 offsets.
func.func @cu_seqlens_q_empty(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<0xi32>) {
  // expected-error @below {{operand 'cu_seqlens_q' must have B+1 >= 1 elements, found 'tensor<0xi32>'}}
  attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<0xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// cu_seqlens_q is i32.
func.func @cu_seqlens_q_i64(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi64>) {
  // expected-error @below {{operand 'cu_seqlens_q' must have element type i32, found 'i64'}}
  attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi64>) -> tensor<?x8x64xf16>
  return
}

// -----

// Decode (no cu_seqlens_q) has one query per sequence: Tq = B.
func.func @decode_tq(%q: tensor<5x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<4x?xi32>, %cl: tensor<4xi32>) {
  // expected-error @below {{decode (no 'cu_seqlens_q') needs one query per sequence: operand 'q' has Tq = 5 but 'block_table' has B = 4}}
  attn.paged layout(nhd) q(%q : tensor<5x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<4x?xi32>) context_lens(%cl : tensor<4xi32>) -> tensor<5x8x64xf16>
  return
}

// -----

// lse is [Hq, Tq].
func.func @lse_shape(%q: tensor<4x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<4x?xi32>, %cl: tensor<4xi32>) {
  // expected-error @below {{result 'lse' must have shape [8, 4] ([Hq, Tq]), found 'tensor<4x8xf32>'}}
  attn.paged layout(nhd) q(%q : tensor<4x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<4x?xi32>) context_lens(%cl : tensor<4xi32>) -> tensor<4x8x64xf16> lse tensor<4x8xf32>
  return
}

// -----

// Per-token scales of a paged cache are [P, page_size], not [Tk].
func.func @per_token_scale(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xi8>, %vc: tensor<?x16x2x64xi8>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>, %k_scale: tensor<?xf32>, %v_scale: tensor<?x16xf32>) {
  // expected-error @below {{operand 'k_scale' must have shape [?, 16] (per_token: [P, page_size]), found 'tensor<?xf32>'}}
  attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xi8>) v_cache(%vc : tensor<?x16x2x64xi8>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) k_scale(%k_scale : tensor<?xf32>) v_scale(%v_scale : tensor<?x16xf32>) {k_quant = #attn.granularity<per_token>, v_quant = #attn.granularity<per_token>} -> tensor<?x8x64xf16>
  return
}

// -----

// Per-token scales have the page size of the cache.
func.func @per_token_scale_page(%q: tensor<?x8x64xf16>, %kc: tensor<2x10x16x64xi8>, %vc: tensor<2x10x16x64xi8>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>, %k_scale: tensor<10x16xf32>, %v_scale: tensor<10x32xf32>) {
  // expected-error @below {{operand 'v_scale' must have shape [10, 16] (per_token: [P, page_size]), found 'tensor<10x32xf32>'}}
  attn.paged layout(hpnd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<2x10x16x64xi8>) v_cache(%vc : tensor<2x10x16x64xi8>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) k_scale(%k_scale : tensor<10x16xf32>) v_scale(%v_scale : tensor<10x32xf32>) {k_quant = #attn.granularity<per_token>, v_quant = #attn.granularity<per_token>} -> tensor<?x8x64xf16>
  return
}

// -----

// Per-channel scales are [Hkv, D].
func.func @per_channel_scale(%q: tensor<?x8x64xf16>, %kc: tensor<?x2x16x64xi8>, %vc: tensor<?x2x16x64xi8>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>, %k_scale: tensor<8x64xf32>, %v_scale: tensor<2x64xf32>) {
  // expected-error @below {{operand 'k_scale' must have shape [2, 64] (per_channel: [Hkv, D]), found 'tensor<8x64xf32>'}}
  attn.paged layout(hnd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x2x16x64xi8>) v_cache(%vc : tensor<?x2x16x64xi8>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) k_scale(%k_scale : tensor<8x64xf32>) v_scale(%v_scale : tensor<2x64xf32>) {k_quant = #attn.granularity<per_channel>, v_quant = #attn.granularity<per_channel>} -> tensor<?x8x64xf16>
  return
}

// -----

// Tri-shape without bk takes the page size (16) as bk: start must be a
// multiple of it.
func.func @trishape_page_multiple(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{sparsity #attn.trishape without bk uses the page size 16 as bk: start must be a multiple of 16, found 40}}
  attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) {sparsity = #attn.trishape<start = 40>} -> tensor<?x8x64xf16>
  return
}

// -----

// Tri-shape without bk: recent must be a multiple of the page size.
func.func @trishape_page_multiple_recent(%q: tensor<?x8x64xf16>, %kc: tensor<2x?x32x64xf16>, %vc: tensor<2x?x32x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %cq: tensor<?xi32>) {
  // expected-error @below {{sparsity #attn.trishape without bk uses the page size 32 as bk: recent must be a multiple of 32, found 48}}
  attn.paged layout(hpnd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<2x?x32x64xf16>) v_cache(%vc : tensor<2x?x32x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) cu_seqlens_q(%cq : tensor<?xi32>) {sparsity = #attn.trishape<start = 64, recent = 48>} -> tensor<?x8x64xf16>
  return
}
