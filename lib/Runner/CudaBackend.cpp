//===- CudaBackend.cpp - run functions as compiled GPU kernels ------------===//
//
// The library's C entry points are those of a CPU library (CpuKernel loads
// them and checks the signature); what differs is memory: every tensor is
// a device buffer from the library's own runtime (mgpuMemAlloc, mgpuMemcpy,
// ... resolved with dlsym), so this file never talks to the driver itself.
//
//===----------------------------------------------------------------------===//

#include "attnc/Runner/CudaBackend.h"
#include "attnc/Runner/KernelCalls.h"

#include "attnc/Compiler/Frontend.h"
#include "attnc/Dialect/Attn/IR/Attn.h"
#include "attnc/Runner/HostBytes.h"
#include "attnc/Target/CPU/Compile.h"
#include "attnc/Target/CPU/CpuTarget.h"
#include "attnc/Target/CUDA/CudaPipeline.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <type_traits>

using namespace mlir;
using namespace attnc;
using namespace attnc::runner;

//===----------------------------------------------------------------------===//
// Loading a kernel library
//===----------------------------------------------------------------------===//

/// Loads the runtime entry points of the library at `libraryPath` into
/// `kernel` (which keeps its own reference to the library).
static LogicalResult loadRuntime(CudaKernel::Runtime &rt, void *&handle,
                                 StringRef libraryPath, std::string &error) {
  // RTLD_LOCAL: several kernel libraries each keep their own runtime.
  handle = dlopen(libraryPath.str().c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *why = dlerror();
    error = "cannot load kernel library '" + libraryPath.str() +
            "': " + (why ? why : "unknown error");
    return failure();
  }
  const char *missing = nullptr;
  auto lookup = [&](auto &fn, const char *symbol) {
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(
        dlsym(handle, symbol));
    if (!fn && !missing)
      missing = symbol;
  };
  lookup(rt.setStream, "attnc_cuda_set_stream");
  lookup(rt.launchStatus, "attnc_cuda_launch_status");
  lookup(rt.memAlloc, "mgpuMemAlloc");
  lookup(rt.memFree, "mgpuMemFree");
  lookup(rt.memcpy, "mgpuMemcpy");
  lookup(rt.streamSynchronize, "mgpuStreamSynchronize");
  if (missing) {
    error = "'" + libraryPath.str() + "' is not a CUDA kernel library (no " +
            missing + "; build one with attnc --target=cuda, or run a CPU "
                      "library with --backend=cpu)";
    return failure();
  }
  return success();
}

FailureOr<std::unique_ptr<CudaKernel>>
CudaKernel::load(StringRef libraryPath, StringRef name, std::string &error) {
  std::unique_ptr<CudaKernel> kernel(new CudaKernel());
  if (failed(loadRuntime(kernel->rt, kernel->handle, libraryPath, error)))
    return failure();
  auto entry = CpuKernel::load(libraryPath, name, error);
  if (failed(entry))
    return failure();
  kernel->kernel = std::move(*entry);
  return kernel;
}

CudaKernel::~CudaKernel() {
  kernel.reset();
  if (handle)
    dlclose(handle);
}

//===----------------------------------------------------------------------===//
// Compiling or loading the kernel of a function
//===----------------------------------------------------------------------===//

/// The NVVM serializer finds ptxas and libdevice under CUDA_ROOT: as attnc
/// does, default it to the toolkit of the ptxas on PATH, else the usual
/// place.
static void defaultCudaRoot() {
  if (getenv("CUDA_ROOT"))
    return;
  std::string root = "/usr/local/cuda";
  if (llvm::ErrorOr<std::string> ptxas = llvm::sys::findProgramByName("ptxas"))
    root = llvm::sys::path::parent_path(llvm::sys::path::parent_path(*ptxas))
               .str();
  setenv("CUDA_ROOT", root.c_str(), /*overwrite=*/0);
}

/// Loads kernel `name` of the library at `path` and checks it against
/// `func` (the CPU backend's check: same C ABI and signature).
static FailureOr<std::unique_ptr<CudaKernel>>
loadFor(func::FuncOp func, StringRef path, std::string &error) {
  auto kernel = CudaKernel::load(path, func.getSymName(), error);
  if (failed(kernel))
    return failure();
  // The entry points are loaded again, checked against the function's
  // types; the library stays loaded once (dlopen counts references).
  CpuBackendOptions cpu;
  cpu.kernelPath = path.str();
  if (failed(prepareCpuKernel(func, cpu, error)))
    return failure();
  return kernel;
}

/// Compiles `module` (attention ops, or kernels that launch GPU code) into
/// a temporary CUDA kernel library and loads kernel `func` from it.
static FailureOr<std::unique_ptr<CudaKernel>>
compileAndLoad(ModuleOp module, func::FuncOp func,
               const CudaBackendOptions &options, std::string &error) {
  StringRef name = func.getSymName();
  if (hasAttentionOps(module)) {
    auto probe = cpu::createCpuTarget({options.mcpu, options.optLevel}, error);
    if (!probe)
      return failure();
    FrontendOptions front;
    front.vectorWidth = std::max<unsigned>(4, probe->vectorBits / 32);
    front.gpu = true;
    front.warpgroupMma = cuda::chipHasWarpgroupMma(options.chip);
    if (failed(lowerAttentionToKernels(module, front))) {
      error = "lowering @" + name.str() + " to a GPU kernel failed";
      return failure();
    }
  } else if (module.getOps<gpu::GPUModuleOp>().empty()) {
    error = "the kernels to run hold no GPU code (CPU kernels run with "
            "--backend=cpu)";
    return failure();
  }
  defaultCudaRoot();
  cuda::CudaDeviceOptions device;
  device.chip = options.chip;
  device.optLevel = static_cast<int>(options.optLevel);
  cpu::CpuCompileOptions compile;
  compile.cudaKernels = true;
  compile.buildLowering = [device](OpPassManager &pm) {
    cuda::buildCudaToLLVMPipeline(pm, device);
  };
  compile.target.cpu = options.mcpu;
  compile.target.optLevel = options.optLevel;
  return compileToTemporaryLibrary(
      module, compile, "@" + name.str() + " for the GPU (" + options.chip + ")",
      error, [&](StringRef path) { return loadFor(func, path, error); });
}

FailureOr<std::unique_ptr<CudaKernel>>
attnc::runner::prepareCudaKernel(func::FuncOp func,
                                 const CudaBackendOptions &options,
                                 std::string &error) {
  StringRef path = options.kernelPath;
  if (path.empty()) {
    OwningOpRef<ModuleOp> module = moduleWithOnly(func);
    return compileAndLoad(*module, func, options, error);
  }
  if (path.ends_with(".mlir")) {
    auto module = parseKernelFile(path, func, error);
    if (failed(module))
      return failure();
    return compileAndLoad(**module, func, options, error);
  }
  return loadFor(func, path, error);
}

//===----------------------------------------------------------------------===//
// Result shapes (the CPU backend's rules, CpuBackend.cpp)
//===----------------------------------------------------------------------===//


//===----------------------------------------------------------------------===//
// Calling a kernel on device buffers
//===----------------------------------------------------------------------===//

namespace {

/// The arguments of kernel calls on the device: a device buffer per input
/// and result behind a memref descriptor, and the check flag. Everything
/// runs on the legacy default stream (null), and each kernel call
/// synchronizes it before returning (attnc_cuda_set_stream(null, 1)).
class DeviceCall {
public:
  DeviceCall(const CudaKernel &kernel) : kernel(kernel) {}
  ~DeviceCall() {
    const CudaKernel::Runtime &rt = kernel.runtime();
    for (void *buffer : device)
      if (buffer)
        rt.memFree(buffer, nullptr);
    if (!device.empty())
      rt.streamSynchronize(nullptr);
    // Nothing to report any more: leave no status for a later call.
    rt.launchStatus();
  }

  /// Allocates and fills the device buffers: inputs copied in, results
  /// filled with all-ones bytes (NaN in every float type attnc writes, -1
  /// in integers), so elements the kernel does not write show.
  LogicalResult prepare(func::FuncOp func, ArrayRef<HostBuffer> inputs,
                        ArrayRef<HostBuffer> results, bool checkArguments,
                        std::string &error) {
    const CudaKernel::Runtime &rt = kernel.runtime();
    rt.setStream(nullptr, /*synchronize=*/1);
    rt.launchStatus(); // a stale status is not ours
    flag = checkArguments ? 1 : 0;
    numInputs = inputs.size();
    SmallVector<std::string> roles = getArgumentRoles(func);
    SmallVector<std::string> names = getResultNames(func);
    for (auto [i, buffer] :
         llvm::enumerate(llvm::concat<const HostBuffer>(inputs, results))) {
      bool isInput = i < numInputs;
      size_t index = isInput ? i : i - numInputs;
      std::string what =
          (isInput ? "input #" : "result #") + std::to_string(index);
      StringRef role = isInput ? StringRef(roles[index]) : names[index];
      if (!role.empty())
        what += " (" + role.str() + ")";
      uint64_t bytes = static_cast<uint64_t>(buffer.numElements()) *
                       elementByteWidth(buffer.elementType);
      // The host side, kept until the copies are done.
      host.emplace_back(bytes);
      if (isInput)
        encodeElements(buffer, host.back().data());
      else
        std::memset(host.back().data(), 0xff, bytes);
      // An empty tensor still gets an address.
      void *pointer = rt.memAlloc(std::max<uint64_t>(bytes, 1), nullptr,
                                  /*hostShared=*/false);
      if (!pointer) {
        std::string why = runtimeError();
        error = device.empty()
                    ? "cannot run on the GPU: " + why
                    : "allocating " + std::to_string(bytes) +
                          " bytes of device memory for " + what +
                          " failed: " + why;
        return failure();
      }
      device.push_back(pointer);
      if (bytes)
        rt.memcpy(pointer, host.back().data(), bytes, nullptr);
      if (rt.launchStatus()) {
        error = "copying " + what + " to the GPU failed: " +
                kernel.lastError();
        return failure();
      }
      descriptors.push_back(rowMajorDescriptor(pointer, buffer.shape));
    }
    for (std::vector<int64_t> &desc : descriptors)
      args.push_back(desc.data());
    args.push_back(&flag);
    // The inputs are on the device before the first call.
    rt.streamSynchronize(nullptr);
    if (rt.launchStatus()) {
      error = "copying the inputs to the GPU failed: " + kernel.lastError();
      return failure();
    }
    return success();
  }

  /// One kernel call; 0 or the kernel's status (the message is the
  /// runtime's).
  int32_t invoke() { return kernel.call(args.data()); }

  /// Copies the results back and decodes them into `results` (shapes and
  /// types already set).
  LogicalResult readResults(MutableArrayRef<HostBuffer> results,
                            std::string &error) {
    const CudaKernel::Runtime &rt = kernel.runtime();
    for (size_t i = 0; i < results.size(); ++i)
      if (!host[numInputs + i].empty())
        rt.memcpy(host[numInputs + i].data(), device[numInputs + i],
                  host[numInputs + i].size(), nullptr);
    rt.streamSynchronize(nullptr);
    if (rt.launchStatus()) {
      error = "copying the results from the GPU failed: " + kernel.lastError();
      return failure();
    }
    for (auto [i, buffer] : llvm::enumerate(results))
      decodeElements(host[numInputs + i].data(), buffer);
    return success();
  }

  /// attnc_rt_last_error() after a failed runtime call.
  std::string runtimeError() {
    kernel.runtime().launchStatus();
    return kernel.lastError();
  }

private:
  const CudaKernel &kernel;
  std::vector<std::vector<uint8_t>> host;
  std::vector<void *> device;
  std::vector<std::vector<int64_t>> descriptors;
  std::vector<void *> args;
  int32_t flag = 1;
  size_t numInputs = 0;
};

} // namespace

/// The device buffers of a call of `func` on `inputs`.
static FailureOr<std::unique_ptr<DeviceCall>>
prepareCall(const CudaKernel &kernel, func::FuncOp func,
            ArrayRef<HostBuffer> inputs, const FunctionRunOptions &options,
            SmallVectorImpl<HostBuffer> &results, std::string &error) {
  if (failed(prepareKernelResults(func, inputs, options, results, error)))
    return failure();
  auto call = std::make_unique<DeviceCall>(kernel);
  if (failed(call->prepare(func, inputs, results, options.checkArguments,
                           error)))
    return failure();
  return call;
}

LogicalResult attnc::runner::runOnCuda(const CudaKernel &kernel,
                                       func::FuncOp func,
                                       ArrayRef<HostBuffer> inputs,
                                       const FunctionRunOptions &options,
                                       FunctionRunResult &result,
                                       std::string &error) {
  SmallVector<HostBuffer> results;
  auto call = prepareCall(kernel, func, inputs, options, results, error);
  if (failed(call))
    return failure();
  if (int32_t status = (*call)->invoke()) {
    error = kernelRejection(func, status, kernel.lastError());
    return failure();
  }
  if (failed((*call)->readResults(results, error)))
    return failure();
  result.outputs.assign(results.begin(), results.end());
  return success();
}

FailureOr<BenchmarkResult> attnc::runner::benchmarkOnCuda(
    const CudaKernel &kernel, func::FuncOp func, ArrayRef<HostBuffer> inputs,
    const FunctionRunOptions &options, unsigned repetitions,
    std::string &error) {
  SmallVector<HostBuffer> results;
  auto call = prepareCall(kernel, func, inputs, options, results, error);
  if (failed(call))
    return failure();
  // Warm-up: the module load into the context, the workspace, the clocks.
  // Each call returns once the stream is synchronized: the kernel is done.
  return timeKernelCalls(
      [&] { return (*call)->invoke(); }, /*warmups=*/3, repetitions,
      [&](int32_t status) {
        return kernelRejection(func, status, kernel.lastError());
      },
      error);
}

std::string attnc::runner::fakeDriverCallLog() {
  // The runtime opened the driver by this name; RTLD_NOLOAD finds that
  // copy (and never loads one).
  const char *path = std::getenv("ATTNC_LIBCUDA");
  if (!path || !*path)
    return "";
  void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
  if (!handle)
    return "";
  auto calls =
      reinterpret_cast<const char *(*)()>(dlsym(handle, "fakeCudaCalls"));
  std::string log = calls ? calls() : "";
  dlclose(handle);
  return log;
}
