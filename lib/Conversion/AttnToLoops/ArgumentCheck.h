//===- ArgumentCheck.h - the kernel's call into the runtime checks -*- C++ -*-=//

#ifndef ATTNC_LIB_CONVERSION_ATTNTOLOOPS_ARGUMENTCHECK_H
#define ATTNC_LIB_CONVERSION_ATTNTOLOOPS_ARGUMENTCHECK_H

#include "attnc/Dialect/Attn/IR/Attn.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "llvm/ADT/StringMap.h"

namespace attnc::lowering {

/// Emits the check record of `op` (include/attnc/Runtime/CheckRecord.h) on
/// the stack and a call to attnc_rt_check_attention, declared in `module`
/// if needed (attnc_rt_check_attention_device when the operands live in
/// device memory: it copies the index operands to the host first). Returns
/// the i32 status.
mlir::Value emitArgumentCheck(mlir::ImplicitLocOpBuilder &b,
                              mlir::ModuleOp module,
                              attn::AttentionOpInterface op,
                              const llvm::StringMap<mlir::Value> &memrefOf,
                              bool onDevice = false);

} // namespace attnc::lowering

#endif // ATTNC_LIB_CONVERSION_ATTNTOLOOPS_ARGUMENTCHECK_H
