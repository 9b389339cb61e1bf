//===- InputModule.h - the .mlir file a tool runs ---------------*- C++ -*-===//
//
// attn-run and attnc-calibrate read one .mlir file into a context that has
// every dialect and pass attnc registers (the CPU back end finds its
// pipeline by name), with parse errors printed at their location in the
// file and without the generic op dump.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNNER_INPUTMODULE_H
#define ATTNC_RUNNER_INPUTMODULE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/SourceMgr.h"

#include <memory>

namespace attnc::runner {

/// A parsed file and what must outlive it. Members are destroyed in reverse
/// order: the module before the context.
struct InputModule {
  mlir::MLIRContext context;
  llvm::SourceMgr sourceMgr;
  std::unique_ptr<mlir::SourceMgrDiagnosticHandler> diagnostics;
  mlir::OwningOpRef<mlir::ModuleOp> module;
};

/// Parses `path`. Returns null when the file cannot be read (`error` says
/// why) or does not parse (the located error was printed; `error` is
/// empty).
std::unique_ptr<InputModule> parseInputModule(llvm::StringRef path,
                                              std::string &error);

} // namespace attnc::runner

#endif // ATTNC_RUNNER_INPUTMODULE_H
