//===- Attn.h - The attn dialect --------------------------------*- C++ -*-===//
//
// Dialect, attributes, interface and ops of attnc's `attn` dialect.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_DIALECT_ATTN_IR_ATTN_H
#define ATTNC_DIALECT_ATTN_IR_ATTN_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "attnc/Dialect/Attn/IR/AttnOpsDialect.h.inc"

#include "attnc/Dialect/Attn/IR/AttnEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "attnc/Dialect/Attn/IR/AttnAttrs.h.inc"

namespace attnc::attn {

/// The operand family of an attention op (SPEC §3).
enum class Family { Varlen, Paged, Dense };

/// Static sizes every attention op has: query and kv head counts, head dims
/// of q/k and of v/out, and the page size (paged only, else 0).
struct AttentionShape {
  int64_t numQHeads = 0;
  int64_t numKvHeads = 0;
  int64_t headDim = 0;
  int64_t headDimV = 0;
  int64_t pageSize = 0;
};

/// Parses a float64 attribute parameter (`0.8`, `1.0e-3`, `-2`).
mlir::FailureOr<llvm::APFloat> parseF64Parameter(mlir::AsmParser &parser);

/// Returns the block size `bk` that `sparsity` uses for the op, or 0.
int64_t getKeyBlockSize(mlir::Attribute sparsity, const AttentionShape &shape);

} // namespace attnc::attn

#include "attnc/Dialect/Attn/IR/AttnInterfaces.h.inc"

#define GET_OP_CLASSES
#include "attnc/Dialect/Attn/IR/AttnOps.h.inc"

namespace attnc::attn {

/// An operand of an attention op with its name in SPEC.md and the IR
/// (`q`, `k_cache`, `cu_seqlens_q`, `bias`, ...). Absent optional operands
/// are left out; captures are named `captures`.
struct NamedOperand {
  llvm::StringRef name;
  mlir::Value value;
};

/// The present operands of `op` by name, in operand order.
llvm::SmallVector<NamedOperand> getNamedOperands(AttentionOpInterface op);

} // namespace attnc::attn

#endif // ATTNC_DIALECT_ATTN_IR_ATTN_H
