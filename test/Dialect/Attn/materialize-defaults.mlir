// RUN: attn-opt %s --attn-materialize-defaults | FileCheck %s --check-prefixes=CHECK,MAT
// RUN: attn-opt %s --attn-materialize-defaults --attn-materialize-defaults | FileCheck %s --check-prefixes=CHECK,MAT
// RUN: attn-opt %s --attn-normalize | FileCheck %s --check-prefixes=CHECK,NORM

// attn-materialize-defaults writes the defaults of SPEC.md explicitly:
// scale = 1/sqrt(D), window (-1, -1) and num_sink = 0 dropped, tri-shape bk
// = page size on attn.paged, skip-softmax thresholds 1e-3 (prefill) and 1e-4
// (decode). The second RUN line checks that the pass is idempotent; the third
// runs the attn-normalize pipeline (the pass, then the canonicalizer, which
// also erases attention ops whose results are unused: they are Pure).

// scale = 1/sqrt(64). The whole attribute dictionary is pinned, so nothing
// else was added.
// CHECK-LABEL: func.func @scale_from_head_dim(
// CHECK:         attn.varlen
// CHECK-SAME:    {scale = 1.250000e-01 : f64} -> tensor<?x8x64xf16>
func.func @scale_from_head_dim(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// The scale uses D of q and k (192), not Dv (128).
// CHECK-LABEL: func.func @scale_uses_d_not_dv(
// CHECK:         attn.varlen
// CHECK-SAME:    {causal, scale = 0.07216878364870323 : f64} -> tensor<?x16x128xbf16>
func.func @scale_uses_d_not_dv(%q: tensor<?x16x192xbf16>, %k: tensor<?x1x192xbf16>, %v: tensor<?x1x128xbf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> tensor<?x16x128xbf16> {
  %o = attn.varlen q(%q : tensor<?x16x192xbf16>) k(%k : tensor<?x1x192xbf16>) v(%v : tensor<?x1x128xbf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal} -> tensor<?x16x128xbf16>
  return %o : tensor<?x16x128xbf16>
}

// An explicit scale is kept.
// CHECK-LABEL: func.func @scale_kept(
// CHECK:         attn.varlen
// CHECK-SAME:    {scale = 1.000000e+00 : f64} -> tensor<?x8x64xf16>
func.func @scale_kept(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {scale = 1.0} -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// bsh: D is the q width over num_heads (1536 / 8 = 192).
// CHECK-LABEL: func.func @scale_bsh(
// CHECK:         attn.dense layout(bsh)
// CHECK-SAME:    {num_heads = 8 : i64, num_kv_heads = 2 : i64, scale = 0.07216878364870323 : f64} -> tensor<?x1x1536xf16>
func.func @scale_bsh(%q: tensor<?x1x1536xf16>, %k: tensor<?x?x384xf16>, %v: tensor<?x?x384xf16>) -> tensor<?x1x1536xf16> {
  %o = attn.dense layout(bsh) q(%q : tensor<?x1x1536xf16>) k(%k : tensor<?x?x384xf16>) v(%v : tensor<?x?x384xf16>) {num_heads = 8, num_kv_heads = 2} -> tensor<?x1x1536xf16>
  return %o : tensor<?x1x1536xf16>
}

// An unbounded window (-1, -1) and num_sink = 0 are the defaults: dropped.
// CHECK-LABEL: func.func @window_and_sink_dropped(
// CHECK:         attn.paged layout(nhd)
// CHECK-SAME:    {causal, scale = 1.250000e-01 : f64} -> tensor<?x8x64xf16>
func.func @window_and_sink_dropped(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %vc: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>) -> tensor<?x8x64xf16> {
  %o = attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%vc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) {causal, window = array<i64: -1, -1>, num_sink = 0} -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// A window bounded on one side and a non-zero num_sink are kept.
// CHECK-LABEL: func.func @window_and_sink_kept(
// CHECK:         attn.dense layout(bnsd)
// CHECK-SAME:    {causal, num_sink = 4 : i64, scale = 1.250000e-01 : f64, window = array<i64: 128, -1>} -> tensor<?x8x1x64xf16>
// CHECK-LABEL: func.func @window_partly_bounded(
// CHECK:         attn.dense layout(bnsd)
// CHECK-SAME:    {scale = 1.250000e-01 : f64, window = array<i64: -1, 0>} -> tensor<?x8x1x64xf16>
func.func @window_and_sink_kept(%q: tensor<?x8x1x64xf16>, %k: tensor<?x2x?x64xf16>, %v: tensor<?x2x?x64xf16>) -> tensor<?x8x1x64xf16> {
  %o = attn.dense layout(bnsd) q(%q : tensor<?x8x1x64xf16>) k(%k : tensor<?x2x?x64xf16>) v(%v : tensor<?x2x?x64xf16>) {causal, window = array<i64: 128, -1>, num_sink = 4} -> tensor<?x8x1x64xf16>
  return %o : tensor<?x8x1x64xf16>
}
func.func @window_partly_bounded(%q: tensor<?x8x1x64xf16>, %k: tensor<?x2x?x64xf16>, %v: tensor<?x2x?x64xf16>) -> tensor<?x8x1x64xf16> {
  %o = attn.dense layout(bnsd) q(%q : tensor<?x8x1x64xf16>) k(%k : tensor<?x2x?x64xf16>) v(%v : tensor<?x2x?x64xf16>) {window = array<i64: -1, 0>} -> tensor<?x8x1x64xf16>
  return %o : tensor<?x8x1x64xf16>
}

// Tri-shape on attn.paged without bk gets the page size (16 in nhd, 32 in
// hpnd); other parameters keep their values (defaults stay elided).
// CHECK-LABEL: func.func @trishape_bk_from_page_size(
// CHECK:         attn.paged layout(nhd)
// CHECK-SAME:    sparsity = #attn.trishape<bk = 16, start = 48, recent = 96>}
// CHECK:         attn.paged layout(hpnd)
// CHECK-SAME:    sparsity = #attn.trishape<bk = 32>}
func.func @trishape_bk_from_page_size(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %kc2: tensor<2x?x32x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %pl: tensor<?xi32>) -> (tensor<?x8x64xf16>, tensor<?x8x64xf16>) {
  %o = attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%kc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) prompt_lens(%pl : tensor<?xi32>) {sparsity = #attn.trishape<start = 48, recent = 96>} -> tensor<?x8x64xf16>
  %o1 = attn.paged layout(hpnd) q(%q : tensor<?x8x64xf16>) k_cache(%kc2 : tensor<2x?x32x64xf16>) v_cache(%kc2 : tensor<2x?x32x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) {sparsity = #attn.trishape<>} -> tensor<?x8x64xf16>
  return %o, %o1 : tensor<?x8x64xf16>, tensor<?x8x64xf16>
}

// An explicit bk is kept, on attn.paged (even if it differs from the page
// size) and elsewhere.
// CHECK-LABEL: func.func @trishape_bk_kept(
// CHECK:         attn.paged layout(nhd)
// CHECK-SAME:    sparsity = #attn.trishape<bk = 64>}
// CHECK:         attn.varlen
// CHECK-SAME:    sparsity = #attn.trishape<bk = 128, dense_tail = 0>}
func.func @trishape_bk_kept(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>, %k: tensor<?x2x64xf16>, %cq: tensor<?xi32>) -> (tensor<?x8x64xf16>, tensor<?x8x64xf16>) {
  %o = attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%kc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) {sparsity = #attn.trishape<bk = 64>} -> tensor<?x8x64xf16>
  %o1 = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%k : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%cq : tensor<?xi32>) {sparsity = #attn.trishape<bk = 128, dense_tail = 0>} -> tensor<?x8x64xf16>
  return %o, %o1 : tensor<?x8x64xf16>, tensor<?x8x64xf16>
}

// Skip-softmax thresholds get the per-phase defaults; tile sizes keep theirs
// (elided when default).
// CHECK-LABEL: func.func @skip_softmax_defaults(
// CHECK:         attn.varlen
// CHECK-SAME:    skip_softmax = #attn.skip_softmax<prefill = 1.000000e-03 : f64, decode = 1.000000e-04 : f64>}
// CHECK-SAME:    -> tensor<?x8x64xf16> skip_stats tensor<2xi64>
func.func @skip_softmax_defaults(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> (tensor<?x8x64xf16>, tensor<2xi64>) {
  %o, %stats = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {skip_softmax = #attn.skip_softmax<>} -> tensor<?x8x64xf16> skip_stats tensor<2xi64>
  return %o, %stats : tensor<?x8x64xf16>, tensor<2xi64>
}

// A given threshold (fixed or calibrated) is kept; only the missing phase is
// filled.
// CHECK-LABEL: func.func @skip_softmax_partial(
// CHECK:         attn.paged layout(nhd)
// CHECK-SAME:    skip_softmax = #attn.skip_softmax<br = 64, bc = 32, prefill = #attn.calibrated<a = 2.500000e+00, b = 6.000000e+00, target = 5.000000e-01>, decode = 1.000000e-04 : f64>}
// CHECK:         attn.paged layout(nhd)
// CHECK-SAME:    skip_softmax = #attn.skip_softmax<prefill = 1.000000e-03 : f64, decode = 5.000000e-05 : f64>}
func.func @skip_softmax_partial(%q: tensor<?x8x64xf16>, %kc: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi32>, %cl: tensor<?xi32>) -> (tensor<?x8x64xf16>, tensor<?x8x64xf16>) {
  %o = attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%kc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) {skip_softmax = #attn.skip_softmax<br = 64, bc = 32, prefill = #attn.calibrated<a = 2.5, b = 6.0, target = 0.5>>} -> tensor<?x8x64xf16>
  %o1 = attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>) k_cache(%kc : tensor<?x16x2x64xf16>) v_cache(%kc : tensor<?x16x2x64xf16>) block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>) {skip_softmax = #attn.skip_softmax<decode = 5.0e-5>} -> tensor<?x8x64xf16>
  return %o, %o1 : tensor<?x8x64xf16>, tensor<?x8x64xf16>
}

// Every default at once, on an op with a region: the region is untouched.
// CHECK-LABEL: func.func @all_defaults(
// CHECK:         attn.varlen
// CHECK-SAME:    {causal, scale = 1.250000e-01 : f64, skip_softmax = #attn.skip_softmax<prefill = 1.000000e-03 : f64, decode = 1.000000e-04 : f64>} mask_mod {
// CHECK-NEXT:    ^bb0(%[[B:.+]]: index, %[[H:.+]]: index, %[[QPOS:.+]]: index, %[[KVPOS:.+]]: index):
// CHECK-NEXT:      %[[KEEP:.+]] = arith.cmpi uge, %[[QPOS]], %[[KVPOS]] : index
// CHECK-NEXT:      attn.yield %[[KEEP]] : i1
// CHECK-NEXT:    } -> tensor<?x8x64xf16>
func.func @all_defaults(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) -> tensor<?x8x64xf16> {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) {causal, window = array<i64: -1, -1>, num_sink = 0, skip_softmax = #attn.skip_softmax<>} mask_mod {
  ^bb0(%b: index, %h: index, %qpos: index, %kvpos: index):
    %keep = arith.cmpi uge, %qpos, %kvpos : index
    attn.yield %keep : i1
  } -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}

// An attention op whose result is unused is Pure: the pass keeps it,
// attn-normalize's canonicalizer erases it.
// CHECK-LABEL: func.func @unused_result(
// MAT:           attn.varlen
// MAT-SAME:      {scale = 1.250000e-01 : f64}
// NORM-NOT:      attn.varlen
// CHECK:         return
func.func @unused_result(%q: tensor<?x8x64xf16>, %k: tensor<?x2x64xf16>, %v: tensor<?x2x64xf16>, %cq: tensor<?xi32>, %ck: tensor<?xi32>) {
  %o = attn.varlen q(%q : tensor<?x8x64xf16>) k(%k : tensor<?x2x64xf16>) v(%v : tensor<?x2x64xf16>) cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x8x64xf16>
  return
}
