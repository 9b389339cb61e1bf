//===- CpuBackend.cpp - run functions as compiled CPU kernels -------------===//

#include "attnc/Runner/CpuBackend.h"

#include "attnc/Compiler/Frontend.h"
#include "attnc/Target/CPU/CpuTarget.h"
#include "attnc/Dialect/Attn/IR/Attn.h"
#include "attnc/Runner/HostBytes.h"
#include "attnc/Runner/ResultShapes.h"
#include "attnc/Target/CPU/Compile.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <chrono>
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
  llvm::SmallString<128> path;
  if (llvm::sys::fs::createTemporaryFile("attn-run-kernel", "so", path)) {
    error = "cannot create a temporary kernel library";
    return failure();
  }
  // The library can go once it is loaded.
  llvm::FileRemover remove(path);
  if (failed(cpu::compileToSharedLibrary(module, compile, path))) {
    error = "compiling @" + name.str() + " for the CPU failed";
    return failure();
  }
  return CpuKernel::load(path, name, error);
}

FailureOr<std::unique_ptr<CpuKernel>>
attnc::runner::prepareCpuKernel(func::FuncOp func,
                                const CpuBackendOptions &options,
                                std::string &error) {
  StringRef name = func.getSymName();
  StringRef path = options.kernelPath;
  FailureOr<std::unique_ptr<CpuKernel>> kernel = failure();
  if (path.empty()) {
    // Only this function: the front lowers every public function, and
    // another one may use what this build cannot lower yet.
    OwningOpRef<ModuleOp> clone(
        cast<ModuleOp>(func->getParentOfType<ModuleOp>()->clone()));
    for (func::FuncOp other :
         llvm::make_early_inc_range(clone->getOps<func::FuncOp>()))
      if (other.isPublic() && other.getSymName() != name)
        other.erase();
    kernel = compileAndLoad(*clone, name, options, error);
  } else if (path.ends_with(".mlir")) {
    OwningOpRef<ModuleOp> module =
        parseSourceFile<ModuleOp>(path, func.getContext());
    if (!module) {
      error = "cannot parse kernel file '" + path.str() + "'";
      return failure();
    }
    kernel = compileAndLoad(*module, name, options, error);
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
      // {allocated, aligned, offset, sizes[r], strides[r]}, row-major.
      std::vector<int64_t> desc(3 + 2 * buffer.shape.size());
      auto address = reinterpret_cast<intptr_t>(storage.back().data.get());
      desc[0] = desc[1] = static_cast<int64_t>(address);
      int64_t stride = 1, rank = buffer.shape.size();
      for (int64_t d = rank - 1; d >= 0; --d) {
        desc[3 + d] = buffer.shape[d];
        desc[3 + rank + d] = stride;
        stride *= buffer.shape[d];
      }
      descriptors.push_back(std::move(desc));
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
  if (failed(checkInputs(func, inputs, error)))
    return failure();
  FailureOr<SmallVector<HostBuffer>> allocated =
      allocateKernelResults(func, inputs, options, error);
  if (failed(allocated))
    return failure();
  results.assign(allocated->begin(), allocated->end());
  return std::make_unique<KernelCall>(inputs, results,
                                      options.checkArguments);
}

static std::string rejection(func::FuncOp func, const CpuKernel &kernel,
                             int32_t status) {
  return "kernel @" + func.getSymName().str() + " returned " +
         std::to_string(status) + ": " + kernel.lastError();
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
    error = rejection(func, kernel, status);
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
  using Clock = std::chrono::steady_clock;
  // Warm-up: page in the buffers and the code, start the thread pool.
  for (int i = 0; i < 2; ++i)
    if (int32_t status = (*call)->invoke(kernel)) {
      error = rejection(func, kernel, status);
      return failure();
    }
  std::vector<double> seconds;
  for (unsigned i = 0; i < std::max(1u, repetitions); ++i) {
    Clock::time_point start = Clock::now();
    (*call)->invoke(kernel);
    seconds.push_back(
        std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  BenchmarkResult bench;
  bench.runs = seconds.size();
  bench.minSeconds = seconds.front();
  size_t n = seconds.size();
  bench.medianSeconds =
      n % 2 ? seconds[n / 2] : 0.5 * (seconds[n / 2 - 1] + seconds[n / 2]);
  return bench;
}
