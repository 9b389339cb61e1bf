//===- AttnAttrs.td - attn enums and attributes ------------*- tablegen -*-===//

#ifndef ATTNC_DIALECT_ATTN_IR_ATTNATTRS_TD
#define ATTNC_DIALECT_ATTN_IR_ATTNATTRS_TD

include "attnc/Dialect/Attn/IR/AttnBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def Attn_CacheLayout : I32EnumAttr<"CacheLayout", "paged KV cache layout", [
    I32EnumAttrCase<"nhd", 0>, I32EnumAttrCase<"hnd", 1>,
    I32EnumAttrCase<"hpnd", 2>]> {
  let cppNamespace = "::attnc::attn";
  let genSpecializedAttr = 0;
}
def Attn_CacheLayoutAttr : EnumAttr<Attn_Dialect, Attn_CacheLayout, "cache_layout"> {
  let summary = "Paged KV cache layout";
  let description = [{
    `nhd`: `[P, page_size, Hkv, D]` (vLLM, FlashAttention, FlashInfer
    default); `hnd`: `[P, Hkv, page_size, D]` (FlashInfer HND); `hpnd`:
    `[Hkv, P, page_size, D]` (ejkernel).
  }];
  let assemblyFormat = "`<` $value `>`";
}

def Attn_DenseLayout : I32EnumAttr<"DenseLayout", "dense batched layout", [
    I32EnumAttrCase<"bnsd", 0>, I32EnumAttrCase<"bsnd", 1>,
    I32EnumAttrCase<"bsh", 2>]> {
  let cppNamespace = "::attnc::attn";
  let genSpecializedAttr = 0;
}
def Attn_DenseLayoutAttr : EnumAttr<Attn_Dialect, Attn_DenseLayout, "dense_layout"> {
  let summary = "Dense batched layout";
  let description = [{
    `bnsd`: `[B, H, S, D]`; `bsnd`: `[B, S, H, D]`; `bsh`: `[B, S, H*D]`,
    head-major (column `h*D + d`), with the head counts carried by the op.
  }];
  let assemblyFormat = "`<` $value `>`";
}

def Attn_MaskPolarity : I32EnumAttr<"MaskPolarity", "element mask polarity", [
    I32EnumAttrCase<"keep_if_true", 0>,
    I32EnumAttrCase<"drop_if_nonzero", 1>]> {
  let cppNamespace = "::attnc::attn";
  let genSpecializedAttr = 0;
}
def Attn_MaskPolarityAttr : EnumAttr<Attn_Dialect, Attn_MaskPolarity, "mask_polarity"> {
  let summary = "How an element mask is read";
  let description = [{
    `keep_if_true`: a key is visible where the mask is true (non-zero), as in
    FlexAttention and FlashInfer. `drop_if_nonzero`: a key is hidden where
    the mask is non-zero, as in MindSpore and Ascend.
  }];
  let assemblyFormat = "`<` $value `>`";
}

def Attn_Granularity : I32EnumAttr<"Granularity", "quantisation granularity", [
    I32EnumAttrCase<"per_tensor", 0>, I32EnumAttrCase<"per_channel", 1>,
    I32EnumAttrCase<"per_token", 2>]> {
  let cppNamespace = "::attnc::attn";
  let genSpecializedAttr = 0;
}
def Attn_GranularityAttr : EnumAttr<Attn_Dialect, Attn_Granularity, "granularity"> {
  let summary = "Granularity of a KV dequantisation scale";
  let description = [{
    `per_tensor`: a scalar (`tensor<f32>` or `tensor<1xf32>`); `per_channel`:
    `[Hkv, D]` for K and `[Hkv, Dv]` for V; `per_token`: `[Tk]` (varlen),
    `[P, page_size]` (paged), `[B, Skv]` (dense). Offsets have the scale's
    shape.
  }];
  let assemblyFormat = "`<` $value `>`";
}

//===----------------------------------------------------------------------===//
// Sparsity and skip-softmax attributes
//===----------------------------------------------------------------------===//

// A float64 attribute parameter (an APFloat of f64 semantics) printed in MLIR's shortest round-trip form.
class Attn_F64Param<string desc = ""> : AttrOrTypeParameter<"::llvm::APFloat", desc> {
  let parser = "::attnc::attn::parseF64Parameter($_parser)";
  let printer = "$_printer.printFloat($_self)";
  let comparator = "$_lhs.bitwiseIsEqual($_rhs)";
}
class Attn_DefaultF64Param<string value> : Attn_F64Param<> {
  let defaultValue = value;
}

class Attn_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<Attn_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def Attn_BlockMaskAttr : Attn_Attr<"BlockMask", "block_mask"> {
  let summary = "Block-sparse visibility read from block-mask operands";
  let description = [{
    FlexAttention `BlockMask` / FlashInfer BSR semantics (SPEC §5.1): query
    `i` of q-block `i / bq` sees the KV blocks of `bk` keys listed in
    `kv_indices[b, h, i / bq, 0 : kv_num_blocks[b, h, i / bq]]`, plus the
    blocks of the optional `full_kv_*` lists, in which the element mask and
    the mask modifier are not evaluated.

    ```mlir
    sparsity = #attn.block_mask<bq = 128, bk = 128>
    ```
  }];
  let parameters = (ins "int64_t":$bq, "int64_t":$bk);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Attn_TriShapeAttr : Attn_Attr<"TriShape", "trishape"> {
  let summary = "Tri-shape sparsity: sink blocks, recent blocks, dense tail";
  let description = [{
    OpenVINO `TRISHAPE` (SPEC §5.2), applied per query. A query at position
    `p` with `p >= prompt_len - dense_tail` is dense (all causal keys); any
    other sees the first `start / bk` blocks and the blocks
    `[p / bk - recent / bk, p / bk]`, causally. `bk` may be omitted on paged
    ops, where it is the page size. `start` and `recent` are token counts,
    multiples of `bk`.

    ```mlir
    sparsity = #attn.trishape<bk = 64, start = 128, recent = 1920, dense_tail = 100>
    ```
  }];
  let parameters = (ins
    OptionalParameter<"std::optional<int64_t>">:$bk,
    DefaultValuedParameter<"int64_t", "128">:$start,
    DefaultValuedParameter<"int64_t", "1920">:$recent,
    DefaultValuedParameter<"int64_t", "100">:$dense_tail);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Attn_XAttentionAttr : Attn_Attr<"XAttention", "xattention"> {
  let summary = "XAttention antidiagonal block selection";
  let description = [{
    mit-han-lab XAttention / OpenVINO `XATTENTION` (SPEC §5.3): KV blocks of
    `block` keys are kept per q-block of `block` queries by ranking an
    antidiagonal estimate computed with `stride`, until the kept mass reaches
    `threshold` of the row; block 0 and the diagonal block are always kept,
    and q-blocks that reach into the last `dense_tail` positions are dense.
    The op must be causal. The selected mask can be returned as the
    `selected_num_blocks` / `selected_indices` results.

    ```mlir
    sparsity = #attn.xattention<threshold = 0.9, block = 64, stride = 8, dense_tail = 100>
    ```
  }];
  let parameters = (ins
    Attn_DefaultF64Param<"::llvm::APFloat(0.8)">:$threshold,
    DefaultValuedParameter<"int64_t", "64">:$block,
    DefaultValuedParameter<"int64_t", "8">:$stride,
    DefaultValuedParameter<"int64_t", "100">:$dense_tail);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Attn_CalibratedThresholdAttr
    : Attn_Attr<"CalibratedThreshold", "calibrated"> {
  let summary = "A skip-softmax threshold fitted by calibration";
  let description = [{
    `lambda(L) = a * exp(b * target) / L` where `L` is the sequence's key
    count and `target` the target fraction of skipped tiles (SPEC §5.4).
    `a` and `b` come from the calibration tool.

    ```mlir
    #attn.calibrated<a = 2.5, b = 6.0, target = 0.5>
    ```
  }];
  let parameters = (ins Attn_F64Param<>:$a, Attn_F64Param<>:$b,
                        Attn_F64Param<>:$target);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Attn_SkipSoftmaxAttr : Attn_Attr<"SkipSoftmax", "skip_softmax"> {
  let summary = "Skip-softmax: skip KV tiles that cannot matter";
  let description = [{
    ModelOpt `flash_skip_softmax` / BLASST (SPEC §5.4). For each q-tile of
    `br` rows, a visited k-tile of `bc` keys is skipped (no exp, no V read)
    when every row's tile maximum lies below its running maximum plus
    `ln(lambda)`. `prefill` and `decode` hold each phase's threshold: a float
    in `(0, 1)` or a `#attn.calibrated<...>` fit. Decode (one query in the
    sequence) uses `br = 1`.

    ```mlir
    skip_softmax = #attn.skip_softmax<br = 128, bc = 128, prefill = 1.0e-3 : f64,
                                      decode = #attn.calibrated<a = 2.0, b = 5.0, target = 0.6>>
    ```
  }];
  let parameters = (ins
    DefaultValuedParameter<"int64_t", "128">:$br,
    DefaultValuedParameter<"int64_t", "128">:$bc,
    OptionalParameter<"::mlir::Attribute">:$prefill,
    OptionalParameter<"::mlir::Attribute">:$decode);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The fixed threshold value for a phase (defaults 1e-3 prefill, 1e-4
    /// decode), or the calibrated fit.
    ::mlir::Attribute getPrefillOrDefault() const;
    ::mlir::Attribute getDecodeOrDefault() const;
  }];
}

#endif // ATTNC_DIALECT_ATTN_IR_ATTNATTRS_TD
