//===- AttnInterfaces.td - attention op interface ----------*- tablegen -*-===//

#ifndef ATTNC_DIALECT_ATTN_IR_ATTNINTERFACES_TD
#define ATTNC_DIALECT_ATTN_IR_ATTNINTERFACES_TD

include "mlir/IR/OpBase.td"

// Every attention op (varlen, paged, dense) shares the options of SPEC §2,
// §4 and §5 under the same names; this interface lets passes, the reference
// runner and the verifier treat them alike.
def Attn_AttentionOpInterface : OpInterface<"AttentionOpInterface"> {
  let cppNamespace = "::attnc::attn";
  let description = [{
    Common view of an attention op: its static head counts and head dims,
    the query operand and every option operand and attribute.
  }];
  let methods = [
    InterfaceMethod<"The static head counts and dims and the page size.",
      "::attnc::attn::AttentionShape", "getAttentionShape">,
    InterfaceMethod<"The operand family.", "::attnc::attn::Family",
      "getFamily">,
    InterfaceMethod<"Query tensor.", "::mlir::Value", "getQ", (ins), [{
      return $_op.getQ(); }]>,
    InterfaceMethod<"ALiBi slopes or null.", "::mlir::Value",
      "getAlibiSlopes", (ins), [{ return $_op.getAlibiSlopes(); }]>,
    InterfaceMethod<"Additive bias or null.", "::mlir::Value", "getBias",
      (ins), [{ return $_op.getBias(); }]>,
    InterfaceMethod<"Element mask or null.", "::mlir::Value", "getMask",
      (ins), [{ return $_op.getMask(); }]>,
    InterfaceMethod<"K dequant scale or null.", "::mlir::Value", "getKScale",
      (ins), [{ return $_op.getKScale(); }]>,
    InterfaceMethod<"K dequant offset or null.", "::mlir::Value",
      "getKOffset", (ins), [{ return $_op.getKOffset(); }]>,
    InterfaceMethod<"V dequant scale or null.", "::mlir::Value", "getVScale",
      (ins), [{ return $_op.getVScale(); }]>,
    InterfaceMethod<"V dequant offset or null.", "::mlir::Value",
      "getVOffset", (ins), [{ return $_op.getVOffset(); }]>,
    InterfaceMethod<"Output quant scale or null.", "::mlir::Value",
      "getOutScale", (ins), [{ return $_op.getOutScale(); }]>,
    InterfaceMethod<"Output quant offset or null.", "::mlir::Value",
      "getOutOffset", (ins), [{ return $_op.getOutOffset(); }]>,
    InterfaceMethod<"Block-mask counts or null.", "::mlir::Value",
      "getKvNumBlocks", (ins), [{ return $_op.getKvNumBlocks(); }]>,
    InterfaceMethod<"Block-mask indices or null.", "::mlir::Value",
      "getKvIndices", (ins), [{ return $_op.getKvIndices(); }]>,
    InterfaceMethod<"Full-block counts or null.", "::mlir::Value",
      "getFullKvNumBlocks", (ins), [{ return $_op.getFullKvNumBlocks(); }]>,
    InterfaceMethod<"Full-block indices or null.", "::mlir::Value",
      "getFullKvIndices", (ins), [{ return $_op.getFullKvIndices(); }]>,
    InterfaceMethod<"Tri-shape prompt lengths or null.", "::mlir::Value",
      "getPromptLens", (ins), [{ return $_op.getPromptLens(); }]>,
    InterfaceMethod<"Values captured by the modifier regions.",
      "::mlir::OperandRange", "getCaptures", (ins), [{
      return $_op.getCaptures(); }]>,
    InterfaceMethod<"Score modifier region (may be empty).",
      "::mlir::Region &", "getScoreMod", (ins), [{
      return $_op.getScoreMod(); }]>,
    InterfaceMethod<"Mask modifier region (may be empty).",
      "::mlir::Region &", "getMaskMod", (ins), [{
      return $_op.getMaskMod(); }]>,
    InterfaceMethod<"Attention output.", "::mlir::Value", "getOut", (ins),
      [{ return $_op.getOut(); }]>,
    InterfaceMethod<"LSE result or null.", "::mlir::Value", "getLse", (ins),
      [{ return $_op.getLse(); }]>,
    InterfaceMethod<"XAttention selected counts or null.", "::mlir::Value",
      "getSelectedNumBlocks", (ins), [{
      return $_op.getSelectedNumBlocks(); }]>,
    InterfaceMethod<"XAttention selected indices or null.", "::mlir::Value",
      "getSelectedIndices", (ins), [{ return $_op.getSelectedIndices(); }]>,
    InterfaceMethod<"Skip-softmax statistics result or null.",
      "::mlir::Value", "getSkipStats", (ins), [{
      return $_op.getSkipStats(); }]>,
    InterfaceMethod<"Softmax scale, if given.", "std::optional<::llvm::APFloat>",
      "getScale", (ins), [{ return $_op.getScale(); }]>,
    InterfaceMethod<"Whether the op is causal.", "bool", "getCausal", (ins),
      [{ return $_op.getCausal(); }]>,
    InterfaceMethod<"Window (left, right), if given.",
      "std::optional<::llvm::ArrayRef<int64_t>>", "getWindow", (ins), [{
      return $_op.getWindow(); }]>,
    InterfaceMethod<"Sink token count, if given.", "std::optional<uint64_t>",
      "getNumSink", (ins), [{ return $_op.getNumSink(); }]>,
    InterfaceMethod<"Soft cap, if given.", "std::optional<::llvm::APFloat>",
      "getSoftcap", (ins), [{ return $_op.getSoftcap(); }]>,
    InterfaceMethod<"Element mask polarity, if given.",
      "std::optional<::attnc::attn::MaskPolarity>", "getMaskPolarity", (ins),
      [{ return $_op.getMaskPolarity(); }]>,
    InterfaceMethod<"K scale granularity, if given.",
      "std::optional<::attnc::attn::Granularity>", "getKQuant", (ins), [{
      return $_op.getKQuant(); }]>,
    InterfaceMethod<"V scale granularity, if given.",
      "std::optional<::attnc::attn::Granularity>", "getVQuant", (ins), [{
      return $_op.getVQuant(); }]>,
    InterfaceMethod<"Sparsity attribute, if any.", "::mlir::Attribute",
      "getSparsityAttr", (ins), [{ return $_op.getSparsityAttr(); }]>,
    InterfaceMethod<"Skip-softmax attribute, if any.",
      "::attnc::attn::SkipSoftmaxAttr", "getSkipSoftmaxAttr", (ins), [{
      return $_op.getSkipSoftmaxAttr(); }]>,
    InterfaceMethod<"Speed hints, if any.", "::mlir::DictionaryAttr",
      "getHintsAttr", (ins), [{ return $_op.getHintsAttr(); }]>,
  ];
}

#endif // ATTNC_DIALECT_ATTN_IR_ATTNINTERFACES_TD
