// RUN: attn-opt %s --split-input-file --verify-diagnostics

// attn.varlen layout checks (SPEC §3): q [Tq, Hq, D], k [Tk, Hkv, D],
// v [Tk, Hkv, Dv], cu_seqlens [B+1] (i32), out [Tq, Hq, Dv], lse [Hq, Tq].

// q must be rank 3.
func.func @q_rank(%q: tensor<?x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{operand 'q' must have rank 3 [Tq, Hq, D], found 'tensor<?x64xf16>'}}
  attn.varlen q(%q : tensor<?x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// k must be rank 3.
func.func @k_rank(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64x1xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{operand 'k' must have rank 3 [Tk, Hkv, D], found 'tensor<?x2x64x1xf16>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64x1xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// v must be rank 3.
func.func @v_rank(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x128xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{operand 'v' must have rank 3 [Tk, Hkv, Dv], found 'tensor<?x128xf16>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x128xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// k must have the head dim D of q.
func.func @k_head_dim(%q: tensor<?x8x64xf16>, %k: tensor<?x2x32xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{operand 'k' must have shape [?, 2, 64] ([Tk, Hkv, D] with D of q), found 'tensor<?x2x32xf16>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x32xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// v must have the token count Tk of k.
func.func @v_tokens(%q: tensor<?x8x64xf16>, %k: tensor<100x2x64xf16>, %v: tensor<90x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{operand 'v' must have shape [100, 2, 64] ([Tk, Hkv, Dv] with Tk and Hkv of k), found 'tensor<90x2x64xf16>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<100x2x64xf16>) v(%v : tensor<90x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// v must have the kv head count of k.
func.func @v_heads(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x4x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{operand 'v' must have shape [?, 2, 64] ([Tk, Hkv, Dv] with Tk and Hkv of k), found 'tensor<?x4x64xf16>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x4x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// cu_seqlens_q must be rank 1.
func.func @cu_seqlens_q_rank(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?x2xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{operand 'cu_seqlens_q' must have shape [?] ([B+1]), found 'tensor<?x2xi32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?x2xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// Index operands are i32, not i64.
func.func @cu_seqlens_q_i64(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi64>, %ck: tensor<?xi32>) {
  // expected-error @below {{operand 'cu_seqlens_q' must have element type i32, found 'i64'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi64>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// Index operands are i32, not i64.
func.func @cu_seqlens_k_i64(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi64>) {
  // expected-error @below {{operand 'cu_seqlens_k' must have element type i32, found 'i64'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi64>) -> tensor<?x8x64xf16>
  return
}

// -----

// cu_seqlens_q and cu_seqlens_k describe the same batch.
func.func @cu_seqlens_sizes(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<4xi32>, %ck: tensor<5xi32>) {
  // expected-error @below {{operand 'cu_seqlens_k' must have shape [4] ([B+1] with B of cu_seqlens_q), found 'tensor<5xi32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<4xi32>) cu_seqlens_k(%ck : tensor<5xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// cu_seqlens hold B+1 >= 1 offsets.
func.func @cu_seqlens_q_empty(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<0xi32>, %ck: tensor<0xi32>) {
  // expected-error @below {{operand 'cu_seqlens_q' must have B+1 >= 1 elements, found 'tensor<0xi32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<0xi32>) cu_seqlens_k(%ck : tensor<0xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// cu_seqlens hold B+1 >= 1 offsets, also when only cu_seqlens_k is static.
func.func @cu_seqlens_k_empty(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<0xi32>) {
  // expected-error @below {{operand 'cu_seqlens_k' must have B+1 >= 1 elements, found 'tensor<0xi32>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<0xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// out must have the token count Tq of q.
func.func @out_tokens(%q: tensor<40x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{result 'out' must have shape [40, 8, 64] ([Tq, Hq, Dv]), found 'tensor<41x8x64xf16>'}}
  attn.varlen q(%q : tensor<40x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<41x8x64xf16>
  return
}

// -----

// out must have the query head count Hq.
func.func @out_heads(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{result 'out' must have shape [?, 8, 64] ([Tq, Hq, Dv]), found 'tensor<?x2x64xf16>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x2x64xf16>
  return
}

// -----

// out must have the head dim Dv of v, not D of q.
func.func @out_dv(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x32xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{result 'out' must have shape [?, 8, 32] ([Tq, Hq, Dv]), found 'tensor<?x8x64xf16>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x32xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// lse is [Hq, Tq], not [Tq, Hq].
func.func @lse_shape(%q: tensor<40x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{result 'lse' must have shape [8, 40] ([Hq, Tq]), found 'tensor<40x8xf32>'}}
  attn.varlen q(%q : tensor<40x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<40x8x64xf16> lse tensor<40x8xf32>
  return
}

// -----

// lse is f32.
func.func @lse_type(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{result 'lse' must have element type f32, found 'f16'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf16> lse tensor<8x?xf16>
  return
}

// -----

// Head counts are static.
func.func @q_heads_dynamic(%q: tensor<?x?x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{operand 'q' must have a static positive head count Hq, found 'tensor<?x?x64xf16>'}}
  attn.varlen q(%q : tensor<?x?x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x?x64xf16>
  return
}

// -----

// Head counts are static: the message names k and shows its type.
func.func @k_heads_dynamic(%q: tensor<?x8x64xf16>, %k: tensor<?x?x64xf16>, %v: tensor<?x?x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{kv head count Hkv (from operand 'k') must be static and positive, found 'tensor<?x?x64xf16>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x?x64xf16>) v(%v : tensor<?x?x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// Head dims are static.
func.func @q_head_dim_dynamic(%q: tensor<?x8x?xf16>, %k: tensor<?x2x?xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{operand 'q' must have a static positive head dim D, found 'tensor<?x8x?xf16>'}}
  attn.varlen q(%q : tensor<?x8x?xf16>) k(%k : tensor<?x2x?xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// Head dims are static: the message names v and shows its type.
func.func @v_head_dim_dynamic(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x?xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{operand 'v' must have a static positive head dim Dv, found 'tensor<?x2x?xf16>'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x?xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x?xf16>
  return
}

// -----

// Hq must be a multiple of Hkv.
func.func @gqa_divisibility(%q: tensor<?x8x64xf16>, %k: tensor<?x3x64xf16>, %v: tensor<?x3x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{query heads Hq = 8 (from operand 'q') must be a multiple of kv heads Hkv = 3 (from operand 'k')}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x3x64xf16>) v(%v : tensor<?x3x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// A head count of 0 is rejected.
func.func @zero_heads(%q: tensor<?x0x64xf16>, %k: tensor<?x0x64xf16>, %v: tensor<?x0x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{operand 'q' must have a static positive head count Hq, found 'tensor<?x0x64xf16>'}}
  attn.varlen q(%q : tensor<?x0x64xf16>) k(%k : tensor<?x0x64xf16>) v(%v : tensor<?x0x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x0x64xf16>
  return
}

// -----

// q is f16, bf16 or f32.
func.func @q_type(%q: tensor<?x8x64xf64>, %k: tensor<?x2x64xf64>, %v: tensor<?x2x64xf64>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{operand 'q' must have element type f16, bf16 or f32, found 'f64'}}
  attn.varlen q(%q : tensor<?x8x64xf64>) k(%k : tensor<?x2x64xf64>) v(%v : tensor<?x2x64xf64>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf64>
  return
}

// -----

// Unquantised k has q's element type.
func.func @k_type(%q: tensor<?x8x64xbf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{operand 'k' must have q's element type ('bf16'), i8 or f8E4M3FN/f8E5M2, found 'f16'}}
  attn.varlen q(%q : tensor<?x8x64xbf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xbf16>
  return
}

// -----

// k and v share one element type.
func.func @kv_type_mismatch(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xi8>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{operand 'v' must have the element type of 'k' ('i8'), found 'f16'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xi8>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// k and v share one element type (both quantised).
func.func @kv_quant_type_mismatch(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf8E4M3FN>, %v: tensor<?x2x64xf8E5M2>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{operand 'v' must have the element type of 'k' ('f8E4M3FN'), found 'f8E5M2'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf8E4M3FN>) v(%v : tensor<?x2x64xf8E5M2>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}

// -----

// out has q's element type or i8.
func.func @out_type(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  // expected-error @below {{result 'out' must have q's element type ('f16') or i8 (quantised output), found 'f32'}}
  attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf32>
  return
}
