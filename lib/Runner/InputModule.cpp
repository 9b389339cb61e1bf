//===- InputModule.cpp - the .mlir file a tool runs -----------------------===//

#include "attnc/Runner/InputModule.h"

#include "attnc/InitAll.h"

#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"

using namespace mlir;
using namespace attnc;

std::unique_ptr<runner::InputModule>
runner::parseInputModule(StringRef path, std::string &error) {
  DialectRegistry registry;
  registerAllDialects(registry);
  // The CPU back end compiles through attn-lower-to-loops, found by name.
  registerAllPasses();
  auto input = std::make_unique<InputModule>();
  input->context.appendDialectRegistry(registry);
  input->context.loadAllAvailableDialects();
  // The located source line says enough; the generic op dump is noise.
  input->context.printOpOnDiagnostic(false);
  input->diagnostics = std::make_unique<SourceMgrDiagnosticHandler>(
      input->sourceMgr, &input->context);
  auto file = openInputFile(path, &error);
  if (!file)
    return nullptr;
  input->sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  input->module = parseSourceFile<ModuleOp>(input->sourceMgr, &input->context);
  if (!input->module)
    return nullptr;
  return input;
}
