//===- KernelInfo.cpp - kernel functions and their signatures -------------===//

#include "attnc/Target/CPU/KernelInfo.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace attnc::cpu;

/// "?x8x64xf16" for memref<?x8x64xf16>.
static std::string describe(MemRefType type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  for (int64_t d : type.getShape()) {
    if (ShapedType::isDynamic(d))
      os << "?x";
    else
      os << d << "x";
  }
  os << type.getElementType();
  return text;
}

static bool isCIdentifier(StringRef name) {
  if (name.empty() || !(llvm::isAlpha(name[0]) || name[0] == '_'))
    return false;
  return llvm::all_of(name, [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

/// The strings of `attr` (an array of strings), or nullopt when absent.
static FailureOr<std::optional<SmallVector<std::string>>>
stringList(func::FuncOp func, StringRef attrName) {
  Attribute attr = func->getAttr(attrName);
  if (!attr)
    return std::optional<SmallVector<std::string>>();
  auto array = dyn_cast<ArrayAttr>(attr);
  SmallVector<std::string> strings;
  for (Attribute a : array ? array.getValue() : ArrayRef<Attribute>()) {
    auto s = dyn_cast<StringAttr>(a);
    if (!s)
      break;
    strings.push_back(s.str());
  }
  if (!array || strings.size() != array.size())
    return emitError(func.getLoc()) << attrName << " must be an array of strings";
  return std::optional<SmallVector<std::string>>(std::move(strings));
}

static FailureOr<KernelInfo> collectKernel(func::FuncOp func) {
  KernelInfo info;
  info.name = func.getSymName().str();
  auto fail = [&]() { return emitError(func.getLoc()) << "kernel @" << info.name; };
  if (func.isExternal())
    return fail() << " has no body";
  if (!isCIdentifier(info.name))
    return fail() << ": the name must be a C identifier (it names the "
                     "library's entry points)";
  FunctionType type = func.getFunctionType();
  if (type.getNumResults() != 1 || !type.getResult(0).isSignlessInteger(32))
    return fail() << ": must return one i32 status, returns "
                  << type.getResults();
  unsigned numArgs = type.getNumInputs();
  if (numArgs == 0 || !type.getInput(numArgs - 1).isSignlessInteger(1))
    return fail() << ": the last argument must be the i1 check flag";
  unsigned numMemrefs = numArgs - 1;
  SmallVector<MemRefType> memrefs;
  for (unsigned i = 0; i < numMemrefs; ++i) {
    auto memref = dyn_cast<MemRefType>(type.getInput(i));
    if (!memref || !memref.getLayout().isIdentity())
      return fail() << ": argument #" << i << " must be a memref with the "
                    << "identity layout (contiguous, row-major), got "
                    << type.getInput(i);
    memrefs.push_back(memref);
  }

  auto roles = stringList(func, kArgRolesAttr);
  auto names = stringList(func, kResultNamesAttr);
  if (failed(roles) || failed(names))
    return failure();
  // The split between inputs and results comes from whichever list is
  // given; both must agree with the memref count.
  if (!*roles && !*names)
    return fail() << ": needs " << kArgRolesAttr << " or "
                  << kResultNamesAttr << " to tell inputs from results";
  int64_t numMemrefs64 = numMemrefs;
  int64_t numInputs = *roles ? (*roles)->size()
                             : numMemrefs64 - int64_t((*names)->size());
  int64_t numResults =
      *names ? int64_t((*names)->size()) : numMemrefs64 - numInputs;
  if (numInputs < 0 || numResults < 0 ||
      numInputs + numResults != numMemrefs64)
    return fail() << ": " << (*roles ? (*roles)->size() : 0)
                  << " argument roles and "
                  << (*names ? (*names)->size() : 0) << " result names for "
                  << numMemrefs << " memref arguments";
  for (unsigned i = 0; i < numMemrefs; ++i) {
    bool input = i < numInputs;
    unsigned j = input ? i : i - numInputs;
    KernelOperand operand;
    if (input)
      operand.name = *roles ? (**roles)[j] : "arg" + std::to_string(j);
    else
      operand.name = *names ? (**names)[j] : "result" + std::to_string(j);
    operand.type = describe(memrefs[i]);
    operand.rank = memrefs[i].getRank();
    (input ? info.args : info.results).push_back(std::move(operand));
  }

  if (Attribute attr = func->getAttr(kWorkspaceBytesAttr)) {
    auto bytes = dyn_cast<IntegerAttr>(attr);
    if (!bytes || bytes.getValue().isNegative())
      return fail() << ": " << kWorkspaceBytesAttr
                    << " must be a non-negative integer";
    info.workspaceBytes = bytes.getInt();
  }
  if (auto device = func->getAttrOfType<StringAttr>(kDeviceAttr))
    info.device = device.getValue().str();
  if (auto bytes = func->getAttrOfType<IntegerAttr>(kSplitWorkspaceAttr))
    info.splitWorkspaceBytesPerSequence = bytes.getInt();
  if (auto bytes = func->getAttrOfType<IntegerAttr>(kXAttentionListAttr))
    info.xattentionListBytesPerBlockPair = bytes.getInt();
  return info;
}

bool attnc::cpu::hasKernels(ModuleOp module) {
  bool found = false;
  module.walk([&](func::FuncOp func) {
    found |= func->hasAttr(kKernelAttr);
  });
  return found;
}

FailureOr<SmallVector<KernelInfo>> attnc::cpu::collectKernels(ModuleOp module) {
  SmallVector<KernelInfo> kernels;
  bool ok = true;
  module.walk([&](func::FuncOp func) {
    if (!func->hasAttr(kKernelAttr))
      return;
    FailureOr<KernelInfo> info = collectKernel(func);
    if (failed(info))
      ok = false;
    else
      kernels.push_back(std::move(*info));
  });
  if (!ok)
    return failure();
  if (kernels.empty())
    return emitError(module.getLoc())
           << "no kernel to compile: no function is marked " << kKernelAttr;
  return kernels;
}

std::string KernelInfo::signatureJson() const {
  auto list = [](ArrayRef<KernelOperand> operands, StringRef key) {
    llvm::json::Array array;
    for (const KernelOperand &o : operands)
      array.push_back(llvm::json::Object{{key, o.name}, {"type", o.type}});
    return array;
  };
  llvm::json::Object object{{"name", name},
                            {"args", list(args, "role")},
                            {"results", list(results, "name")}};
  if (workspaceBytes)
    object["workspace_bytes"] = *workspaceBytes;
  if (!device.empty())
    object["device"] = device;
  if (splitWorkspaceBytesPerSequence)
    object["split_workspace_bytes_per_sequence"] =
        *splitWorkspaceBytesPerSequence;
  if (xattentionListBytesPerBlockPair)
    object["xattention_list_bytes_per_block_pair"] =
        *xattentionListBytesPerBlockPair;
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::json::Value(std::move(object));
  return text;
}
