//===- CpuBackend.cpp - run functions as compiled CPU kernels -------------===//

#include "attnc/Runner/CpuBackend.h"

#include "attnc/Compiler/Frontend.h"
#include "attnc/Target/CPU/CpuTarget.h"
#include "attnc/Dialect/Attn/IR/Attn.h"
#include "attnc/Runner/HostBytes.h"
#include "attnc/Runner/KernelCalls.h"
#include "attnc/Target/CPU/Compile.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cstdlib>
#include <dlfcn.h>

using namespace mlir;
using namespace attnc;
using namespace attnc::runner;

//===----------------------------------------------------------------------===//
// Loading a kernel library
//===----------------------------------------------------------------------===//

static std::optional<KernelSignature> parseSignature(StringRef text) {
  llvm::Expected<llvm::json::Value> value = llvm::json::parse(text);
  if (!value) {
    llvm::consumeError(value.takeError());
    return std::nullopt;
  }
  const llvm::json::Object *object = value->getAsObject();
  if (!object)
    return std::nullopt;
  KernelSignature sig;
  if (auto name = object->getString("name"))
    sig.name = name->str();
  auto list = [&](StringRef key, StringRef nameKey,
                  SmallVectorImpl<KernelSignature::Operand> &out) {
    const llvm::json::Array *array = object->getArray(key);
    if (!array)
      return false;
    for (const llvm::json::Value &item : *array) {
      const llvm::json::Object *o = item.getAsObject();
      auto name = o ? o->getString(nameKey) : std::nullopt;
      auto type = o ? o->getString("type") : std::nullopt;
      if (!name || !type)
        return false;
      out.push_back({name->str(), type->str()});
    }
    return true;
  };
  if (!list("args", "role", sig.args) || !list("results", "name", sig.results))
    return std::nullopt;
  sig.workspaceBytes = object->getInteger("workspace_bytes");
  return sig;
}

FailureOr<std::unique_ptr<CpuKernel>>
CpuKernel::load(StringRef libraryPath, StringRef name, std::string &error) {
  std::unique_ptr<CpuKernel> kernel(new CpuKernel());
  // RTLD_LOCAL: several kernel libraries each keep their own runtime.
  kernel->handle = dlopen(libraryPath.str().c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!kernel->handle) {
    const char *why = dlerror();
    error = "cannot load kernel library '" + libraryPath.str() +
            "': " + (why ? why : "unknown error");
    return failure();
  }
  auto lookup = [&](const std::string &symbol) {
    return dlsym(kernel->handle, symbol.c_str());
  };
  std::string prefix = "attnc_" + name.str();
  kernel->packed =
      reinterpret_cast<int32_t (*)(void **)>(lookup(prefix + "_packed"));
  auto signatureFn =
      reinterpret_cast<const char *(*)()>(lookup(prefix + "_signature"));
  kernel->lastErrorFn =
      reinterpret_cast<const char *(*)()>(lookup("attnc_rt_last_error"));
  if (!kernel->packed || !signatureFn) {
    error = "'" + libraryPath.str() + "' has no kernel @" + name.str() +
            " (no " + prefix + "_packed and " + prefix + "_signature)";
    return failure();
  }
  std::optional<KernelSignature> sig = parseSignature(signatureFn());
  if (!sig) {
    error = "kernel @" + name.str() + " in '" + libraryPath.str() +
            "' has a malformed signature: " + signatureFn();
    return failure();
  }
  kernel->signature = std::move(*sig);
  return kernel;
}

CpuKernel::~CpuKernel() {
  if (handle)
    dlclose(handle);
}

std::string CpuKernel::lastError() const {
  const char *message = lastErrorFn ? lastErrorFn() : nullptr;
  return message && *message ? message : "(no message)";
}

//===----------------------------------------------------------------------===//
// Compiling or loading the kernel of a function
//===----------------------------------------------------------------------===//

/// The kernel's signature must match the function's types exactly.
static LogicalResult checkSignature(func::FuncOp func,
                                    const KernelSignature &sig,
                                    std::string &error) {
  FunctionType type = func.getFunctionType();
  auto describe = [](Type t) {
    auto tensor = dyn_cast<RankedTensorType>(t);
    return tensor ? describeType(tensor.getShape(), tensor.getElementType())
                  : std::string("(not a ranked tensor)");
  };
  std::string where = "kernel @" + func.getSymName().str() + " ";
  if (sig.args.size() != type.getNumInputs() ||
      sig.results.size() != type.getNumResults()) {
    error = where + "takes " + std::to_string(sig.args.size()) +
            " inputs and " + std::to_string(sig.results.size()) +
            " results, but the function has " +
            std::to_string(type.getNumInputs()) + " and " +
            std::to_string(type.getNumResults());
    return failure();
  }
  for (auto [i, arg] : llvm::enumerate(sig.args))
    if (arg.type != describe(type.getInput(i))) {
      error = where + "takes " + arg.type + " as input #" +
              std::to_string(i) + " (" + arg.name +
              "), but the function's argument is " +
              describe(type.getInput(i));
      return failure();
    }
  for (auto [i, result] : llvm::enumerate(sig.results))
    if (result.type != describe(type.getResult(i))) {
      error = where + "writes " + result.type + " as result #" +
              std::to_string(i) + " (" + result.name +
              "), but the function returns " + describe(type.getResult(i));
      return failure();
    }
  return success();
}

/// Compiles `module` (attention ops or kernels) into a temporary library
/// and loads kernel `name` from it.
static FailureOr<std::unique_ptr<CpuKernel>>
compileAndLoad(ModuleOp module, StringRef name,
               const CpuBackendOptions &options, std::string &error) {
  if (hasAttentionOps(module)) {
    auto probe = cpu::createCpuTarget({options.mcpu, options.optLevel}, error);
    if (!probe)
      return failure();
    FrontendOptions front;
    front.vectorWidth = std::max<unsigned>(4, probe->vectorBits / 32);
    if (failed(lowerAttentionToKernels(module, front))) {
      error = "lowering @" + name.str() + " to a kernel failed";
      return failure();
    }
  }
  cpu::CpuCompileOptions compile;
  compile.target.cpu = options.mcpu;
  compile.target.optLevel = options.optLevel;
  return compileToTemporaryLibrary(
      module, compile, "@" + name.str() + " for the CPU", error,
      [&](StringRef path) { return CpuKernel::load(path, name, error); });
}

FailureOr<std::unique_ptr<CpuKernel>>
attnc::runner::prepareCpuKernel(func::FuncOp func,
                                const CpuBackendOptions &options,
                                std::string &error) {
  StringRef name = func.getSymName();
  StringRef path = options.kernelPath;
  FailureOr<std::unique_ptr<CpuKernel>> kernel = failure();
  if (path.empty()) {
    OwningOpRef<ModuleOp> module = moduleWithOnly(func);
    kernel = compileAndLoad(*module, name, options, error);
  } else if (path.ends_with(".mlir")) {
    auto module = parseKernelFile(path, func, error);
    if (failed(module))
      return failure();
    kernel = compileAndLoad(**module, name, options, error);
  } else {
    kernel = CpuKernel::load(path, name, error);
  }
  if (failed(kernel) ||
      failed(checkSignature(func, (*kernel)->getSignature(), error)))
    return failure();
  return kernel;
}


//===----------------------------------------------------------------------===//
// Calling a kernel
//===----------------------------------------------------------------------===//

namespace {

/// Memory aligned for the widest vector loads, freed with free().
struct AlignedBytes {
  std::unique_ptr<uint8_t, decltype(&std::free)> data{nullptr, &std::free};
  size_t size = 0;
  explicit AlignedBytes(size_t bytes) : size(bytes) {
    size_t rounded = std::max<size_t>(64, (bytes + 63) / 64 * 64);
    data.reset(static_cast<uint8_t *>(std::aligned_alloc(64, rounded)));
    std::memset(data.get(), 0, rounded);
  }
};

/// The arguments of one kernel call: every tensor as element bytes behind
/// a memref descriptor, and the check flag.
class KernelCall {
public:
  KernelCall(ArrayRef<HostBuffer> inputs, ArrayRef<HostBuffer> results,
             bool checkArguments)
      : flag(checkArguments ? 1 : 0) {
    for (const HostBuffer &buffer : llvm::concat<const HostBuffer>(
             inputs, results)) {
      storage.emplace_back(buffer.numElements() *
                           elementByteWidth(buffer.elementType));
      encodeElements(buffer, storage.back().data.get());
      descriptors.push_back(
          rowMajorDescriptor(storage.back().data.get(), buffer.shape));
    }
    for (std::vector<int64_t> &desc : descriptors)
      args.push_back(desc.data());
    args.push_back(&flag);
    numInputs = inputs.size();
  }

  int32_t invoke(const CpuKernel &kernel) { return kernel.call(args.data()); }

  /// Decodes the results into `results` (shapes and types already set).
  void readResults(MutableArrayRef<HostBuffer> results) const {
    for (auto [i, buffer] : llvm::enumerate(results))
      decodeElements(storage[numInputs + i].data.get(), buffer);
  }

private:
  std::vector<AlignedBytes> storage;
  std::vector<std::vector<int64_t>> descriptors;
  std::vector<void *> args;
  int32_t flag;
  size_t numInputs = 0;
};

} // namespace

/// The buffers of a call of `func` on `inputs`.
static FailureOr<std::unique_ptr<KernelCall>>
prepareCall(func::FuncOp func, ArrayRef<HostBuffer> inputs,
            const FunctionRunOptions &options,
            SmallVectorImpl<HostBuffer> &results, std::string &error) {
  if (failed(prepareKernelResults(func, inputs, options, results, error)))
    return failure();
  return std::make_unique<KernelCall>(inputs, results,
                                      options.checkArguments);
}

LogicalResult attnc::runner::runOnCpu(const CpuKernel &kernel,
                                      func::FuncOp func,
                                      ArrayRef<HostBuffer> inputs,
                                      const FunctionRunOptions &options,
                                      FunctionRunResult &result,
                                      std::string &error) {
  SmallVector<HostBuffer> results;
  auto call = prepareCall(func, inputs, options, results, error);
  if (failed(call))
    return failure();
  if (int32_t status = (*call)->invoke(kernel)) {
    error = kernelRejection(func, status, kernel.lastError());
    return failure();
  }
  (*call)->readResults(results);
  result.outputs.assign(results.begin(), results.end());
  return success();
}

FailureOr<BenchmarkResult> attnc::runner::benchmarkOnCpu(
    const CpuKernel &kernel, func::FuncOp func, ArrayRef<HostBuffer> inputs,
    const FunctionRunOptions &options, unsigned repetitions,
    std::string &error) {
  SmallVector<HostBuffer> results;
  auto call = prepareCall(func, inputs, options, results, error);
  if (failed(call))
    return failure();
  // Warm-up: page in the buffers and the code, start the thread pool.
  return timeKernelCalls(
      [&] { return (*call)->invoke(kernel); }, /*warmups=*/2, repetitions,
      [&](int32_t status) {
        return kernelRejection(func, status, kernel.lastError());
      },
      error);
}
