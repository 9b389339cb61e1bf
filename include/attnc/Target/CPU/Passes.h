//===- Passes.h - CPU target passes -----------------------------*- C++ -*-===//

#ifndef ATTNC_TARGET_CPU_PASSES_H
#define ATTNC_TARGET_CPU_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Pass/Pass.h"

namespace attnc::cpu {

#define GEN_PASS_DECL
#include "attnc/Target/CPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "attnc/Target/CPU/Passes.h.inc"

} // namespace attnc::cpu

#endif // ATTNC_TARGET_CPU_PASSES_H
