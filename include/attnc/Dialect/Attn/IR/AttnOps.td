//===- AttnOps.td - attn operations ------------------------*- tablegen -*-===//

#ifndef ATTNC_DIALECT_ATTN_IR_ATTNOPS_TD
#define ATTNC_DIALECT_ATTN_IR_ATTNOPS_TD

include "attnc/Dialect/Attn/IR/AttnBase.td"
include "attnc/Dialect/Attn/IR/AttnAttrs.td"
include "attnc/Dialect/Attn/IR/AttnInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"

//===----------------------------------------------------------------------===//
// Pieces every attention op shares
//===----------------------------------------------------------------------===//

// Option operands of SPEC §2, §4, §5, in this order on every op.
defvar Attn_OptionOperands = (ins
  Optional<AnyRankedTensor>:$alibi_slopes,
  Optional<AnyRankedTensor>:$bias,
  Optional<AnyRankedTensor>:$mask,
  Optional<AnyRankedTensor>:$k_scale,
  Optional<AnyRankedTensor>:$k_offset,
  Optional<AnyRankedTensor>:$v_scale,
  Optional<AnyRankedTensor>:$v_offset,
  Optional<AnyRankedTensor>:$out_scale,
  Optional<AnyRankedTensor>:$out_offset,
  Optional<AnyRankedTensor>:$kv_num_blocks,
  Optional<AnyRankedTensor>:$kv_indices,
  Optional<AnyRankedTensor>:$full_kv_num_blocks,
  Optional<AnyRankedTensor>:$full_kv_indices,
  Optional<AnyRankedTensor>:$prompt_lens,
  Variadic<AnyType>:$captures
);

defvar Attn_OptionAttributes = (ins
  OptionalAttr<F64Attr>:$scale,
  UnitAttr:$causal,
  OptionalAttr<DenseI64ArrayAttr>:$window,
  OptionalAttr<I64Attr>:$num_sink,
  OptionalAttr<F64Attr>:$softcap,
  OptionalAttr<Attn_MaskPolarityAttr>:$mask_polarity,
  OptionalAttr<Attn_GranularityAttr>:$k_quant,
  OptionalAttr<Attn_GranularityAttr>:$v_quant,
  OptionalAttr<AnyAttrOf<[Attn_BlockMaskAttr, Attn_TriShapeAttr,
                          Attn_XAttentionAttr]>>:$sparsity,
  OptionalAttr<Attn_SkipSoftmaxAttr>:$skip_softmax,
  OptionalAttr<DictionaryAttr>:$hints
);

// The textual form of the option operands, regions and results.
defvar Attn_OptionFormat = [{
  (`alibi_slopes` `(` $alibi_slopes^ `:` type($alibi_slopes) `)`)?
  (`bias` `(` $bias^ `:` type($bias) `)`)?
  (`mask` `(` $mask^ `:` type($mask) `)`)?
  (`k_scale` `(` $k_scale^ `:` type($k_scale) `)`)?
  (`k_offset` `(` $k_offset^ `:` type($k_offset) `)`)?
  (`v_scale` `(` $v_scale^ `:` type($v_scale) `)`)?
  (`v_offset` `(` $v_offset^ `:` type($v_offset) `)`)?
  (`out_scale` `(` $out_scale^ `:` type($out_scale) `)`)?
  (`out_offset` `(` $out_offset^ `:` type($out_offset) `)`)?
  (`kv_num_blocks` `(` $kv_num_blocks^ `:` type($kv_num_blocks) `)`)?
  (`kv_indices` `(` $kv_indices^ `:` type($kv_indices) `)`)?
  (`full_kv_num_blocks` `(` $full_kv_num_blocks^ `:` type($full_kv_num_blocks) `)`)?
  (`full_kv_indices` `(` $full_kv_indices^ `:` type($full_kv_indices) `)`)?
  (`prompt_lens` `(` $prompt_lens^ `:` type($prompt_lens) `)`)?
  (`captures` `(` $captures^ `:` type($captures) `)`)?
  attr-dict
  (`score_mod` $score_mod^)?
  (`mask_mod` $mask_mod^)?
  `->` type($out)
  (`lse` type($lse)^)?
  (`selected` type($selected_num_blocks)^ `,` type($selected_indices))?
  (`skip_stats` type($skip_stats)^)?
}];

defvar Attn_OptionDescription = [{

    Options (all optional; SPEC.md §2 gives the order in which they apply):

    - `scale` (f64, default `1/sqrt(D)`), `softcap` (f64 > 0): `s = scale *
      q.k`, then `s = softcap * tanh(s / softcap)`.
    - `alibi_slopes` (`f32[Hq]` or `f32[B, Hq]`): `s += -slope * |p_i - j|`.
    - `bias` (`[B|1, Hq|1, Lq|1, Lk|1]`, float): `s += bias[b, h, i, j]`.
    - `score_mod` region: `^bb0(%s: f32, %b: index, %h: index, %q_pos:
      index, %kv_pos: index, captures...)`, yields the new f32 score.
    - `causal`, `window = array<i64: left, right>` (each `>= 0` or `-1`),
      `num_sink`: keys `j < num_sink` are exempt from the window only.
    - `mask` (same shape rules as `bias`; `i1`, integer or float) read with
      `mask_polarity` (`#attn.mask_polarity<keep_if_true>` or
      `<drop_if_nonzero>`, required with `mask`).
    - `mask_mod` region: `^bb0(%b: index, %h: index, %q_pos: index,
      %kv_pos: index, captures...)`, yields `i1`, true keeps the key.
    - `captures`: values the regions read (e.g. a document-id tensor with
      `tensor.extract`); they arrive as trailing block arguments, as the
      op is isolated from above.
    - Quantised KV: `k`/`v` of element type `i8` (with `k_quant`/`v_quant`
      granularity, `k_scale`, `v_scale` and optional offsets) or
      `f8E4M3FN`/`f8E5M2` (per-tensor scales).
    - int8 output: result element type `i8` with `out_scale` (scalar or
      `[Hq, Dv]`) and optional `out_offset`.
    - `sparsity`: `#attn.block_mask<...>` (with the `kv_num_blocks`,
      `kv_indices` and optional `full_kv_*` operands), `#attn.trishape<...>`
      (with optional `prompt_lens`) or `#attn.xattention<...>` (optional
      `selected` results give the chosen block mask).
    - `skip_softmax = #attn.skip_softmax<...>`; the optional `skip_stats`
      result (`tensor<2xi64>`) holds skipped and visited tile counts.
    - `hints`: speed-only dictionary (`num_splits`, `pages_per_compute_block`,
      `megacore_mode` = `"kv_head"` or `"batch"`, `inner_precise`); never
      changes results.
    - Results: `out`, optional `lse` (f32, natural log), optional XAttention
      `selected` counts `[B, Hq, nQB]` and indices `[B, Hq, nQB, nKB]` (i32),
      optional `skip_stats`.
}];

class Attn_AttentionOp<string mnemonic, list<Trait> traits = []>
    : Attn_Op<mnemonic, !listconcat(traits, [
        Pure, IsolatedFromAbove, AttrSizedOperandSegments,
        AttrSizedResultSegments,
        DeclareOpInterfaceMethods<Attn_AttentionOpInterface,
                                  ["getAttentionShape", "getFamily"]>])> {
  let results = (outs
    AnyRankedTensor:$out,
    Optional<AnyRankedTensor>:$lse,
    Optional<AnyRankedTensor>:$selected_num_blocks,
    Optional<AnyRankedTensor>:$selected_indices,
    Optional<AnyRankedTensor>:$skip_stats);
  let regions = (region MaxSizedRegion<1>:$score_mod,
                        MaxSizedRegion<1>:$mask_mod);
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
}

//===----------------------------------------------------------------------===//
// attn.varlen
//===----------------------------------------------------------------------===//

def Attn_VarlenOp : Attn_AttentionOp<"varlen"> {
  let summary = "Attention over a packed ragged batch (cu_seqlens)";
  let description = !strconcat([{
    `flash_attn_varlen_func` layout (SPEC §3): `q [Tq, Hq, D]`,
    `k [Tk, Hkv, D]`, `v [Tk, Hkv, Dv]`, `cu_seqlens_q`/`cu_seqlens_k`
    `[B+1]` (i32): sequence `b` owns rows `[cu[b], cu[b+1])`. Result
    `out [Tq, Hq, Dv]`, optional `lse [Hq, Tq]`. Bias and mask are
    `[B|1, Hq|1, maxLq|1, maxLk|1]`, indexed relative to the sequence.

    ```mlir
    %o, %lse = attn.varlen q(%q : tensor<?x32x128xbf16>)
        k(%k : tensor<?x8x128xbf16>) v(%v : tensor<?x8x128xbf16>)
        cu_seqlens_q(%cq : tensor<?xi32>) cu_seqlens_k(%ck : tensor<?xi32>)
        {causal} -> tensor<?x32x128xbf16> lse tensor<32x?xf32>
    ```
  }], Attn_OptionDescription);
  let arguments = !con((ins
    AnyRankedTensor:$q, AnyRankedTensor:$k, AnyRankedTensor:$v,
    AnyRankedTensor:$cu_seqlens_q, AnyRankedTensor:$cu_seqlens_k),
    Attn_OptionOperands, Attn_OptionAttributes);
  let assemblyFormat = !strconcat([{
    `q` `(` $q `:` type($q) `)`
    `k` `(` $k `:` type($k) `)`
    `v` `(` $v `:` type($v) `)`
    `cu_seqlens_q` `(` $cu_seqlens_q `:` type($cu_seqlens_q) `)`
    `cu_seqlens_k` `(` $cu_seqlens_k `:` type($cu_seqlens_k) `)`
  }], Attn_OptionFormat);
}

//===----------------------------------------------------------------------===//
// attn.paged
//===----------------------------------------------------------------------===//

def Attn_PagedOp : Attn_AttentionOp<"paged"> {
  let summary = "Attention over a paged KV cache with a block table";
  let description = !strconcat([{
    vLLM / FlashInfer paged attention (SPEC §3): `q [Tq, Hq, D]` with
    optional `cu_seqlens_q [B+1]` (absent: decode, one query per sequence,
    `Tq = B`); `k_cache`/`v_cache` in `layout` (`nhd [P, page, Hkv, D]`,
    `hnd [P, Hkv, page, D]`, `hpnd [Hkv, P, page, D]`; V with `Dv`),
    `block_table [B, max_pages]` and `context_lens [B]` (i32). Token `t` of
    sequence `b` lives in page `block_table[b, t / page]`, slot `t % page`.
    The page size is static; page, batch and token counts may be dynamic.
    Result `out [Tq, Hq, Dv]`, optional `lse [Hq, Tq]`.

    ```mlir
    %o = attn.paged layout(nhd) q(%q : tensor<?x32x128xf16>)
        k_cache(%kc : tensor<?x16x8x128xf16>) v_cache(%vc : tensor<?x16x8x128xf16>)
        block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>)
        -> tensor<?x32x128xf16>
    ```
  }], Attn_OptionDescription);
  let arguments = !con((ins
    Attn_CacheLayoutAttr:$layout,
    AnyRankedTensor:$q, AnyRankedTensor:$k_cache, AnyRankedTensor:$v_cache,
    AnyRankedTensor:$block_table, AnyRankedTensor:$context_lens,
    Optional<AnyRankedTensor>:$cu_seqlens_q),
    Attn_OptionOperands, Attn_OptionAttributes);
  let assemblyFormat = !strconcat([{
    custom<BareEnum>($layout)
    `q` `(` $q `:` type($q) `)`
    `k_cache` `(` $k_cache `:` type($k_cache) `)`
    `v_cache` `(` $v_cache `:` type($v_cache) `)`
    `block_table` `(` $block_table `:` type($block_table) `)`
    `context_lens` `(` $context_lens `:` type($context_lens) `)`
    (`cu_seqlens_q` `(` $cu_seqlens_q^ `:` type($cu_seqlens_q) `)`)?
  }], Attn_OptionFormat);
  let extraClassDeclaration = [{
    /// Page size, page count dim and head dims of the cache for the layout.
    int64_t getPageSize();
  }];
}

//===----------------------------------------------------------------------===//
// attn.dense
//===----------------------------------------------------------------------===//

def Attn_DenseOp : Attn_AttentionOp<"dense"> {
  let summary = "Attention over dense batched tensors (incremental or SDPA)";
  let description = !strconcat([{
    MindSpore `incre_flash_attention` / SDPA layouts (SPEC §3): `bnsd`
    `[B, H, S, D]`, `bsnd` `[B, S, H, D]`, `bsh` `[B, S, H*D]` (head-major;
    `num_heads` and `num_kv_heads` are required). Every sequence has `Sq`
    queries; `actual_seq_lengths [B]` (i32) gives each sequence's valid key
    count, and `kv_padding_size` (a 0-d i64 tensor `n`) places the valid
    keys at slots `[Skv - n - len, Skv - n)` instead of `[0, len)`. Output in
    q's layout with `Dv`; optional `lse [B, Hq, Sq]`. Bias and mask are
    `[B|1, Hq|1, Sq|1, Skv|1]`, indexed by storage slot.

    ```mlir
    %o = attn.dense layout(bnsd) q(%q : tensor<?x32x1x128xf16>)
        k(%k : tensor<?x8x?x128xf16>) v(%v : tensor<?x8x?x128xf16>)
        actual_seq_lengths(%len : tensor<?xi32>) -> tensor<?x32x1x128xf16>
    ```
  }], Attn_OptionDescription);
  let arguments = !con((ins
    Attn_DenseLayoutAttr:$layout,
    AnyRankedTensor:$q, AnyRankedTensor:$k, AnyRankedTensor:$v,
    Optional<AnyRankedTensor>:$actual_seq_lengths,
    Optional<AnyRankedTensor>:$kv_padding_size,
    OptionalAttr<I64Attr>:$num_heads,
    OptionalAttr<I64Attr>:$num_kv_heads),
    Attn_OptionOperands, Attn_OptionAttributes);
  let assemblyFormat = !strconcat([{
    custom<BareEnum>($layout)
    `q` `(` $q `:` type($q) `)`
    `k` `(` $k `:` type($k) `)`
    `v` `(` $v `:` type($v) `)`
    (`actual_seq_lengths` `(` $actual_seq_lengths^ `:` type($actual_seq_lengths) `)`)?
    (`kv_padding_size` `(` $kv_padding_size^ `:` type($kv_padding_size) `)`)?
  }], Attn_OptionFormat);
}

//===----------------------------------------------------------------------===//
// attn.yield
//===----------------------------------------------------------------------===//

def Attn_YieldOp : Attn_Op<"yield", [Pure, Terminator,
    ParentOneOf<["VarlenOp", "PagedOp", "DenseOp"]>]> {
  let summary = "Terminates a score or mask modifier region";
  let description = [{
    Yields the modified score (`f32`, in `score_mod`) or the keep decision
    (`i1`, in `mask_mod`).
  }];
  let arguments = (ins Variadic<AnyType>:$values);
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
}

#endif // ATTNC_DIALECT_ATTN_IR_ATTNOPS_TD
