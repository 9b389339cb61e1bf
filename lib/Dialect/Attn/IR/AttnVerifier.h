//===- AttnVerifier.h - shared attention op verification --------*- C++ -*-===//
//
// Each family op (varlen, paged, dense) checks its own layout and describes
// its dynamic dimensions in FamilyDims; verifyAttentionOptions then checks
// every option of SPEC §2, §4 and §5 against those dims, once for all ops.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_DIALECT_ATTN_IR_ATTNVERIFIER_H
#define ATTNC_LIB_DIALECT_ATTN_IR_ATTNVERIFIER_H

#include "attnc/Dialect/Attn/IR/Attn.h"

namespace attnc::attn::detail {

/// Sizes of one family op, `ShapedType::kDynamic` where unknown statically.
struct FamilyDims {
  AttentionShape shape;
  int64_t batch = mlir::ShapedType::kDynamic;
  /// Where the head counts come from, for diagnostics: "operand 'q'",
  /// "attribute 'num_kv_heads'", "operand 'k_cache' in layout hnd ...".
  std::string qHeadsSource = "operand 'q'";
  std::string kvHeadsSource;
  /// Names and types of the K and V operands ("k"/"v" or "k_cache"/"v_cache").
  std::string kName, vName;
  mlir::Type kType, vType;
  /// Bias/mask dims 2 and 3: dense Sq and Skv; varlen/paged pad to the
  /// longest sequence, unknown statically. Dense Sq also bounds the query
  /// blocks of a block mask.
  int64_t biasQueryDim = mlir::ShapedType::kDynamic;
  int64_t biasKeyDim = mlir::ShapedType::kDynamic;
  /// Shape and description of a per-token KV scale.
  llvm::SmallVector<int64_t> perTokenScaleShape;
  std::string perTokenScaleDesc;
  /// Expected shapes of `out` (element type aside) and `lse`.
  llvm::SmallVector<int64_t> outShape;
  std::string outDesc;
  llvm::SmallVector<int64_t> lseShape;
  std::string lseDesc;
  /// Element types of K and V storage.
  mlir::Type kvElementType;
  mlir::Type valueElementType;
};

/// Emits "operand 'name' must have shape DESC ..." unless `type` is a ranked
/// tensor of rank `expected.size()` whose static dims match `expected`
/// (kDynamic in `expected` accepts any size).
mlir::LogicalResult checkShape(mlir::Operation *op, llvm::StringRef name,
                               mlir::Type type,
                               llvm::ArrayRef<int64_t> expected,
                               llvm::StringRef desc);

/// Emits an error unless `type`'s rank is `rank`.
mlir::LogicalResult checkRank(mlir::Operation *op, llvm::StringRef name,
                              mlir::Type type, int64_t rank,
                              llvm::StringRef desc);

/// Emits an error unless dim `index` of `type` is static.
mlir::FailureOr<int64_t> getStaticDim(mlir::Operation *op,
                                      llvm::StringRef name, mlir::Type type,
                                      unsigned index, llvm::StringRef what);

/// Checks that the element type of `type` is i32 (index operands).
mlir::LogicalResult checkIndexElementType(mlir::Operation *op,
                                          llvm::StringRef name,
                                          mlir::Type type);

/// Checks q/k/v element types, head counts and every option operand,
/// attribute, result and region of `op` against `dims`.
mlir::LogicalResult verifyAttentionOptions(AttentionOpInterface op,
                                           const FamilyDims &dims);

/// Checks the score_mod and mask_mod regions.
mlir::LogicalResult verifyModifierRegions(AttentionOpInterface op);

} // namespace attnc::attn::detail

#endif // ATTNC_LIB_DIALECT_ATTN_IR_ATTNVERIFIER_H
