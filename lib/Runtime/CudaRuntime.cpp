//===- CudaRuntime.cpp - the CUDA driver runtime of attnc GPU kernels -----===//
//
// MLIR's gpu-to-llvm lowers gpu.launch_func, gpu.alloc, gpu.memcpy, ... to
// calls of mgpu* C functions; this file implements them on the CUDA driver
// API, together with the C API of CudaRuntime.h. No MLIR, no link-time CUDA:
// libcuda.so.1 is opened at the first real use (CudaDriver.h lists what we
// take from it), so a kernel library loads, and fails with a message rather
// than a crash, on a machine without a GPU.
//
// - mgpuModuleLoad runs in a constructor when the kernel library is opened:
//   it only records the image. The first mgpuModuleGetFunction on a thread
//   makes a context current (the primary context of the default device when
//   none is), loads the image once per context and caches each function.
// - Streams: mgpuStreamCreate hands out the stream this thread set with
//   attnc_cuda_set_stream, by default the legacy default stream (0), so the
//   kernels order with the caller's work and with each other; the runtime
//   creates and destroys no streams.
// - gpu.alloc takes stream-ordered memory from a pool of ours that keeps what
//   is freed, so a kernel's workspace costs no system allocation per call.
// - mgpu* functions return void, so a failed driver call is recorded: the
//   first message since attnc_cuda_launch_status() was last read goes to
//   attnc_rt_last_error() (later failures are usually its consequences), and
//   the status reads 2. Both are per thread, like the calls that set them.
//
// Every external function lives in this one file, so linking the archive for
// the mgpu* calls pulls in the C API too.
//
//===----------------------------------------------------------------------===//

#include "attnc/Runtime/CudaRuntime.h"
#include "attnc/Runtime/CheckRecord.h"
#include "attnc/Runtime/TensorMapRequest.h"

#include "CudaDriver.h"
#include "RuntimeError.h"

#include <dlfcn.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

using namespace attnc::rt;
namespace rec = attnc::rt::record;

namespace {

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

/// 2 once a driver call failed on this thread, until read.
thread_local int32_t launchStatus = 0;

void recordFailure(std::string message) {
  if (launchStatus != 0)
    return;
  launchStatus = 2;
  setLastError(std::move(message));
}

/// "CUDA_ERROR_INVALID_VALUE (invalid argument)".
std::string describe(const CudaDriver &d, CUresult result) {
  const char *name = nullptr, *text = nullptr;
  if (d.cuGetErrorName(result, &name) != CUDA_SUCCESS || !name)
    return "CUDA error " + std::to_string(static_cast<int>(result));
  std::string s = name;
  if (d.cuGetErrorString(result, &text) == CUDA_SUCCESS && text)
    s += std::string(" (") + text + ")";
  return s;
}

/// True when `result` is success; otherwise records "<call> failed: ...".
bool succeeded(const CudaDriver &d, CUresult result, const char *call,
               const std::string &detail = "") {
  if (result == CUDA_SUCCESS)
    return true;
  recordFailure(std::string(call) + " failed: " + describe(d, result) + detail);
  return false;
}

//===----------------------------------------------------------------------===//
// The driver library
//===----------------------------------------------------------------------===//

struct DriverState {
  CudaDriver entry;
  std::string error; // empty when loaded and initialised
};

/// Opens the driver, takes its entry points and runs cuInit(0).
DriverState *loadDriver() {
  auto *state = new DriverState;
  const char *override = std::getenv("ATTNC_LIBCUDA");
  std::string path = override && *override ? override : "libcuda.so.1";
  std::string origin = override && *override ? " (set by ATTNC_LIBCUDA)" : "";
  void *library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char *why = dlerror();
    state->error = "attnc CUDA runtime: cannot load the CUDA driver '" + path +
                   "'" + origin + ": " + (why ? why : "unknown error") +
                   (origin.empty() ? " (is the NVIDIA driver installed?)" : "");
    return state;
  }
  CudaDriver &d = state->entry;
#define ATTNC_CUDA_LOAD(symbol)                                                \
  d.symbol = reinterpret_cast<decltype(d.symbol)>(dlsym(library, #symbol));    \
  if (!d.symbol) {                                                             \
    state->error = "attnc CUDA runtime: the CUDA driver '" + path + "'" +      \
                   origin + " has no " #symbol " (driver too old?)";           \
    return state;                                                              \
  }
  ATTNC_CUDA_DRIVER_ENTRY_POINTS(ATTNC_CUDA_LOAD)
#undef ATTNC_CUDA_LOAD
  CUresult result = d.cuInit(0);
  if (result != CUDA_SUCCESS)
    state->error = "cuInit failed: " + describe(d, result);
  return state;
}

/// The initialised driver, or null after recording why not. Loaded once per
/// process; a failure is final (the machine will not grow a GPU).
const CudaDriver *driver() {
  // Never freed: kernel libraries' destructors may run after ours.
  static DriverState *state = loadDriver();
  if (!state->error.empty()) {
    recordFailure(state->error);
    return nullptr;
  }
  return &state->entry;
}

//===----------------------------------------------------------------------===//
// Contexts, modules and functions
//===----------------------------------------------------------------------===//

/// The device whose primary context a thread without a current context uses
/// (per thread, as upstream's mgpuSetDefaultDevice).
thread_local int32_t defaultDevice = 0;

/// A kernel function; mgpuModuleGetFunction returns pointers to these.
struct Function {
  CUfunction handle = nullptr;
  /// Dynamic shared memory the function has opted in to. The 48 KiB that
  /// need no opt-in include the static shared memory, so every dynamic size
  /// opts in (a kernel with 48 KiB dynamic and 1 byte static failed with
  /// CUDA_ERROR_INVALID_VALUE otherwise).
  std::atomic<int32_t> sharedLimit{0};
};

/// An image loaded into one context, with its functions by name.
struct LoadedModule {
  CUmodule handle = nullptr;
  std::map<std::string, std::unique_ptr<Function>, std::less<>> functions;
};

/// What mgpuModuleLoad returns: the image, loaded lazily per context.
struct Module {
  const void *image = nullptr;
  bool ptx = false;     // mgpuModuleLoadJIT: PTX text, compiled by the driver
  int32_t optLevel = 0; // its CU_JIT_OPTIMIZATION_LEVEL
  std::map<CUcontext, LoadedModule> perContext;
};

/// State shared by all threads, under `mutex`. Never freed (see driver()).
struct Shared {
  std::mutex mutex;
  std::map<int32_t, CUcontext> primaryContexts;
  std::map<CUcontext, CUmemoryPool> pools;
  std::set<void *> managedAllocations; // freed with cuMemFree, not async
};

Shared &shared() {
  static Shared *state = new Shared;
  return *state;
}

/// The driver, with a context current on this thread (the default device's
/// primary context when none was); null after recording why not.
const CudaDriver *withContext(CUcontext *current = nullptr) {
  const CudaDriver *d = driver();
  if (!d)
    return nullptr;
  CUcontext context = nullptr;
  if (!succeeded(*d, d->cuCtxGetCurrent(&context), "cuCtxGetCurrent"))
    return nullptr;
  if (!context) {
    Shared &s = shared();
    std::lock_guard<std::mutex> lock(s.mutex);
    auto it = s.primaryContexts.find(defaultDevice);
    if (it != s.primaryContexts.end()) {
      context = it->second;
    } else {
      CUdevice device;
      std::string which = " for device " + std::to_string(defaultDevice);
      if (!succeeded(*d, d->cuDeviceGet(&device, defaultDevice), "cuDeviceGet",
                     which) ||
          !succeeded(*d, d->cuDevicePrimaryCtxRetain(&context, device),
                     "cuDevicePrimaryCtxRetain", which))
        return nullptr;
      // Retained for the life of the process, like the CUDA runtime does.
      s.primaryContexts.emplace(defaultDevice, context);
    }
    if (!succeeded(*d, d->cuCtxSetCurrent(context), "cuCtxSetCurrent"))
      return nullptr;
  }
  if (current)
    *current = context;
  return d;
}

/// Loads `module`'s image into the current context `context` (under the
/// shared mutex); null after recording why not.
LoadedModule *loadInto(const CudaDriver &d, Module &module, CUcontext context) {
  LoadedModule &loaded = module.perContext[context];
  if (loaded.handle)
    return &loaded;
  // The JIT's error log says which PTX line it rejected.
  char log[4096] = "";
  CUjit_option options[] = {CU_JIT_ERROR_LOG_BUFFER,
                            CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
                            CU_JIT_OPTIMIZATION_LEVEL};
  void *values[] = {
      log, reinterpret_cast<void *>(sizeof(log)),
      reinterpret_cast<void *>(static_cast<uintptr_t>(module.optLevel))};
  unsigned numOptions = module.ptx ? 3 : 2;
  CUresult result = d.cuModuleLoadDataEx(&loaded.handle, module.image,
                                         numOptions, options, values);
  if (result != CUDA_SUCCESS) {
    module.perContext.erase(context);
    succeeded(d, result, "cuModuleLoadDataEx",
              log[0] ? std::string(": ") + log : std::string());
    return nullptr;
  }
  return &loaded;
}

//===----------------------------------------------------------------------===//
// Streams
//===----------------------------------------------------------------------===//

/// What attnc_cuda_set_stream chose for this thread.
struct StreamChoice {
  CUstream stream = nullptr; // the legacy default stream
  bool synchronize = true;
};
thread_local StreamChoice streamChoice;

CUdeviceptr devicePointer(const void *p) {
  return static_cast<CUdeviceptr>(reinterpret_cast<uintptr_t>(p));
}

} // namespace

//===----------------------------------------------------------------------===//
// C API (CudaRuntime.h)
//===----------------------------------------------------------------------===//

extern "C" void attnc_cuda_set_stream(void *cuStream, int32_t synchronize) {
  streamChoice.stream = static_cast<CUstream>(cuStream);
  streamChoice.synchronize = synchronize != 0;
}

extern "C" int32_t attnc_cuda_launch_status(void) {
  int32_t status = launchStatus;
  launchStatus = 0;
  return status;
}

//===----------------------------------------------------------------------===//
// Modules and launches (mgpu*, as gpu-to-llvm calls them)
//===----------------------------------------------------------------------===//

/// Called from the kernel library's constructor: must not touch the driver.
extern "C" void *mgpuModuleLoad(void *data, int64_t /*size*/) {
  auto *module = new Module;
  module->image = data;
  return module;
}

/// The same for a PTX image (gpu-module-to-binary{format=isa}).
extern "C" void *mgpuModuleLoadJIT(void *data, int32_t optLevel) {
  auto *module = new Module;
  module->image = data;
  module->ptx = true;
  module->optLevel = optLevel;
  return module;
}

/// Called from the kernel library's destructor. At exit that runs after
/// libcuda's own teardown (we opened libcuda later), when calling the driver
/// is not safe, so the loaded images stay with their contexts, which go with
/// the process; dlclose of a kernel library thus leaves its code loaded.
extern "C" void mgpuModuleUnload(void *handle) {
  delete static_cast<Module *>(handle);
}

/// Called before every launch: after the first call per context, a lookup.
extern "C" void *mgpuModuleGetFunction(void *handle, const char *name) {
  auto *module = static_cast<Module *>(handle);
  if (!module || !name) {
    recordFailure("mgpuModuleGetFunction: no module or no name");
    return nullptr;
  }
  CUcontext context = nullptr;
  const CudaDriver *d = withContext(&context);
  if (!d)
    return nullptr;
  std::lock_guard<std::mutex> lock(shared().mutex);
  LoadedModule *loaded = loadInto(*d, *module, context);
  if (!loaded)
    return nullptr;
  auto it = loaded->functions.find(name);
  if (it != loaded->functions.end())
    return it->second.get();
  auto function = std::make_unique<Function>();
  if (!succeeded(
          *d, d->cuModuleGetFunction(&function->handle, loaded->handle, name),
          "cuModuleGetFunction", std::string(" for kernel '") + name + "'"))
    return nullptr;
  return loaded->functions.emplace(name, std::move(function))
      .first->second.get();
}

extern "C" void mgpuLaunchKernel(void *handle, int64_t gridX, int64_t gridY,
                                 int64_t gridZ, int64_t blockX, int64_t blockY,
                                 int64_t blockZ, int32_t dynamicSharedBytes,
                                 void *stream, void **params, void **extra,
                                 int64_t /*paramsCount*/) {
  auto *function = static_cast<Function *>(handle);
  const CudaDriver *d = driver();
  if (!d)
    return;
  if (!function) {
    // mgpuModuleGetFunction has recorded why, unless the status was read
    // in between.
    recordFailure("mgpuLaunchKernel: no kernel function to launch");
    return;
  }
  for (int64_t dim : {gridX, gridY, gridZ, blockX, blockY, blockZ})
    if (dim < 0 || dim > 0xffffffffLL) {
      recordFailure("mgpuLaunchKernel: launch dimension " +
                    std::to_string(dim) + " out of range");
      return;
    }
  // A function opts in to its dynamic shared memory once per function and
  // size, as raising the limit is not free.
  if (dynamicSharedBytes > function->sharedLimit.load()) {
    if (!succeeded(*d,
                   d->cuFuncSetAttribute(
                       function->handle,
                       CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                       dynamicSharedBytes),
                   "cuFuncSetAttribute",
                   " setting MAX_DYNAMIC_SHARED_SIZE_BYTES to " +
                       std::to_string(dynamicSharedBytes)))
      return;
    function->sharedLimit.store(dynamicSharedBytes);
  }
  succeeded(*d,
            d->cuLaunchKernel(function->handle, gridX, gridY, gridZ, blockX,
                              blockY, blockZ,
                              static_cast<unsigned>(dynamicSharedBytes),
                              static_cast<CUstream>(stream), params, extra),
            "cuLaunchKernel");
}

extern "C" void mgpuSetDefaultDevice(int32_t device) { defaultDevice = device; }

//===----------------------------------------------------------------------===//
// Streams and events
//===----------------------------------------------------------------------===//

extern "C" void *mgpuStreamCreate() { return streamChoice.stream; }

/// The runtime creates no streams, so it destroys none.
extern "C" void mgpuStreamDestroy(void * /*stream*/) {}

extern "C" void mgpuStreamSynchronize(void *stream) {
  if (!streamChoice.synchronize)
    return;
  if (const CudaDriver *d = withContext())
    succeeded(*d, d->cuStreamSynchronize(static_cast<CUstream>(stream)),
              "cuStreamSynchronize");
}

extern "C" void mgpuStreamWaitEvent(void *stream, void *event) {
  if (const CudaDriver *d = withContext())
    succeeded(*d,
              d->cuStreamWaitEvent(static_cast<CUstream>(stream),
                                   static_cast<CUevent>(event), 0),
              "cuStreamWaitEvent");
}

extern "C" void *mgpuEventCreate() {
  CUevent event = nullptr;
  if (const CudaDriver *d = withContext())
    succeeded(*d, d->cuEventCreate(&event, CU_EVENT_DISABLE_TIMING),
              "cuEventCreate");
  return event;
}

extern "C" void mgpuEventDestroy(void *event) {
  if (const CudaDriver *d = withContext())
    succeeded(*d, d->cuEventDestroy_v2(static_cast<CUevent>(event)),
              "cuEventDestroy");
}

extern "C" void mgpuEventSynchronize(void *event) {
  if (const CudaDriver *d = withContext())
    succeeded(*d, d->cuEventSynchronize(static_cast<CUevent>(event)),
              "cuEventSynchronize");
}

extern "C" void mgpuEventRecord(void *event, void *stream) {
  if (const CudaDriver *d = withContext())
    succeeded(*d,
              d->cuEventRecord(static_cast<CUevent>(event),
                               static_cast<CUstream>(stream)),
              "cuEventRecord");
}

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

namespace {

/// The memory pool of the current context `context`, created on first use;
/// null after recording why not. Unlike the device's default pool, it keeps
/// freed memory across synchronizations (the default one returns it to the
/// system at each, which made a workspace alloc + free cost ~150 us on an
/// H100 instead of ~20), and its policy is ours alone.
CUmemoryPool poolOf(const CudaDriver &d, CUcontext context) {
  Shared &s = shared();
  std::lock_guard<std::mutex> lock(s.mutex);
  auto it = s.pools.find(context);
  if (it != s.pools.end())
    return it->second;
  CUdevice device;
  if (!succeeded(d, d.cuCtxGetDevice(&device), "cuCtxGetDevice"))
    return nullptr;
  CUmemPoolProps props;
  std::memset(&props, 0, sizeof(props));
  props.allocType = CU_MEM_ALLOCATION_TYPE_PINNED;
  props.handleTypes = CU_MEM_HANDLE_TYPE_NONE;
  props.location.type = CU_MEM_LOCATION_TYPE_DEVICE;
  props.location.id = device;
  CUmemoryPool pool = nullptr;
  cuuint64_t keepAll = ~cuuint64_t(0);
  if (!succeeded(d, d.cuMemPoolCreate(&pool, &props), "cuMemPoolCreate") ||
      !succeeded(d,
                 d.cuMemPoolSetAttribute(
                     pool, CU_MEMPOOL_ATTR_RELEASE_THRESHOLD, &keepAll),
                 "cuMemPoolSetAttribute"))
    return nullptr;
  s.pools.emplace(context, pool);
  return pool;
}

} // namespace

/// Device memory is stream-ordered, from our pool: a kernel's workspace is
/// reused across calls, and freeing it does not synchronize the device,
/// which cuMemFree would. Host-shared memory is managed memory.
extern "C" void *mgpuMemAlloc(uint64_t sizeBytes, void *stream,
                              bool isHostShared) {
  CUdeviceptr pointer = 0;
  CUcontext context = nullptr;
  const CudaDriver *d = sizeBytes ? withContext(&context) : nullptr;
  if (!d)
    return nullptr;
  std::string detail = " for " + std::to_string(sizeBytes) + " bytes";
  if (isHostShared) {
    if (!succeeded(
            *d, d->cuMemAllocManaged(&pointer, sizeBytes, CU_MEM_ATTACH_GLOBAL),
            "cuMemAllocManaged", detail))
      return nullptr;
    void *result = reinterpret_cast<void *>(pointer);
    Shared &s = shared();
    std::lock_guard<std::mutex> lock(s.mutex);
    s.managedAllocations.insert(result);
    return result;
  }
  CUmemoryPool pool = poolOf(*d, context);
  if (!pool ||
      !succeeded(*d,
                 d->cuMemAllocFromPoolAsync(&pointer, sizeBytes, pool,
                                            static_cast<CUstream>(stream)),
                 "cuMemAllocFromPoolAsync", detail))
    return nullptr;
  return reinterpret_cast<void *>(pointer);
}

extern "C" void mgpuMemFree(void *pointer, void *stream) {
  const CudaDriver *d = pointer ? withContext() : nullptr;
  if (!d)
    return;
  bool managed;
  {
    Shared &s = shared();
    std::lock_guard<std::mutex> lock(s.mutex);
    managed = s.managedAllocations.erase(pointer) != 0;
  }
  if (managed)
    succeeded(*d, d->cuMemFree_v2(devicePointer(pointer)), "cuMemFree");
  else
    succeeded(*d,
              d->cuMemFreeAsync(devicePointer(pointer),
                                static_cast<CUstream>(stream)),
              "cuMemFreeAsync");
}

/// Kernel workspace (split-KV partial results): one buffer per stream,
/// grown when a launch needs more and then kept, so that a launch
/// configuration allocates once, not per call. Stream-ordered like the
/// kernels that use it, so consecutive launches on a stream can share it.
extern "C" void *attnc_cuda_workspace(int64_t bytes) {
  static std::mutex mutex;
  static std::map<void *, std::pair<void *, int64_t>> byStream;
  std::lock_guard<std::mutex> lock(mutex);
  void *stream = streamChoice.stream;
  std::pair<void *, int64_t> &buffer = byStream[stream];
  if (buffer.second >= bytes && buffer.first)
    return buffer.first;
  if (buffer.first)
    mgpuMemFree(buffer.first, stream);
  buffer = {mgpuMemAlloc(static_cast<uint64_t>(bytes), stream, false), bytes};
  if (!buffer.first)
    buffer.second = 0;
  return buffer.first;
}

namespace {

/// Device copies of TMA tensor maps for one (context, stream): a ring of
/// slots, each remembered by its contents, so that a call whose operands
/// have not changed finds its maps already there and copies nothing. A slot
/// is overwritten by a copy on the same stream, after the kernels that read
/// it.
struct TensorMapSlots {
  static constexpr size_t kSlots = 64;
  CUdeviceptr base = 0;
  std::array<CUtensorMap, kSlots> held{};
  std::map<std::array<uint8_t, sizeof(CUtensorMap)>, size_t> slotOf;
  size_t next = 0;
};

std::array<uint8_t, sizeof(CUtensorMap)> bytesOf(const CUtensorMap &map) {
  std::array<uint8_t, sizeof(CUtensorMap)> bytes;
  std::memcpy(bytes.data(), &map, sizeof(map));
  return bytes;
}

/// Encodes the map of `request`; false (the reason recorded) when the driver
/// refuses it.
bool encodeTensorMap(const CudaDriver &d, const int64_t *request,
                     CUdeviceptr fallback, CUtensorMap &map) {
  namespace tm = attnc::rt::tensormap;
  int64_t rank = request[tm::kRank], bytes = request[tm::kElementBytes];
  CUtensorMapDataType type = bytes == 1   ? CU_TENSOR_MAP_DATA_TYPE_UINT8
                             : bytes == 2 ? CU_TENSOR_MAP_DATA_TYPE_UINT16
                                          : CU_TENSOR_MAP_DATA_TYPE_UINT32;
  std::array<cuuint64_t, tm::kMaxRank> sizes{}, strides{};
  std::array<cuuint32_t, tm::kMaxRank> box{}, elementStrides{};
  void *address = reinterpret_cast<void *>(request[tm::kAddress]);
  bool empty = false;
  for (int64_t i = 0; i < rank; ++i) {
    sizes[i] = static_cast<cuuint64_t>(request[tm::kSizes + i]);
    box[i] = static_cast<cuuint32_t>(request[tm::kBox + i]);
    elementStrides[i] = 1;
    empty |= sizes[i] == 0;
    if (i > 0)
      strides[i - 1] = static_cast<cuuint64_t>(request[tm::kStrides + i]);
  }
  // An empty tensor is never read (no key is visited); the map only has to
  // be valid, so it describes one element of our own memory.
  if (empty) {
    address = reinterpret_cast<void *>(fallback);
    for (int64_t i = 0; i < rank; ++i) {
      sizes[i] = 1;
      if (i > 0)
        strides[i - 1] = 16;
    }
  }
  // What TMA requires, spelled out only when a request fails (a launch
  // encodes two maps; the message is not on its path).
  auto detail = [&] {
    std::string text = " (TMA needs a 16-byte aligned address and strides "
                       "that are multiples of 16 bytes; address " +
                       std::to_string(request[tm::kAddress]) + ", strides";
    for (int64_t i = 0; i < rank; ++i)
      text += " " + std::to_string(request[tm::kStrides + i]);
    return text + ")";
  };
  if (request[tm::kStrides] != bytes) {
    recordFailure("attnc CUDA runtime: a TMA operand's innermost dimension "
                  "must be contiguous" + detail());
    return false;
  }
  CUresult result = d.cuTensorMapEncodeTiled(
      &map, type, static_cast<cuuint32_t>(rank), address, sizes.data(),
      strides.data(), box.data(), elementStrides.data(),
      CU_TENSOR_MAP_INTERLEAVE_NONE, CU_TENSOR_MAP_SWIZZLE_128B,
      CU_TENSOR_MAP_L2_PROMOTION_L2_256B, CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);
  return result == CUDA_SUCCESS ||
         succeeded(d, result, "cuTensorMapEncodeTiled", detail());
}

} // namespace

extern "C" void *attnc_cuda_tensor_map(const int64_t *request) {
  namespace tm = attnc::rt::tensormap;
  CUcontext context = nullptr;
  const CudaDriver *d = withContext(&context);
  if (!d)
    return nullptr;
  if (request[tm::kRank] < 1 || request[tm::kRank] > tm::kMaxRank) {
    recordFailure("attnc CUDA runtime: a TMA tensor map of rank " +
                  std::to_string(request[tm::kRank]));
    return nullptr;
  }
  static std::mutex mutex;
  static std::map<std::pair<CUcontext, CUstream>, TensorMapSlots> byStream;
  std::lock_guard<std::mutex> lock(mutex);
  CUstream stream = streamChoice.stream;
  TensorMapSlots &slots = byStream[{context, stream}];
  if (!slots.base) {
    void *memory = mgpuMemAlloc(TensorMapSlots::kSlots * sizeof(CUtensorMap),
                                stream, false);
    if (!memory)
      return nullptr;
    slots.base = devicePointer(memory);
  }
  CUtensorMap map;
  if (!encodeTensorMap(*d, request, slots.base, map))
    return nullptr;
  auto key = bytesOf(map);
  auto found = slots.slotOf.find(key);
  size_t slot;
  if (found != slots.slotOf.end()) {
    slot = found->second;
  } else {
    slot = slots.next;
    slots.next = (slots.next + 1) % TensorMapSlots::kSlots;
    slots.slotOf.erase(bytesOf(slots.held[slot]));
    // From pageable memory: the driver stages the bytes before returning.
    if (!succeeded(*d,
                   d->cuMemcpyHtoDAsync_v2(slots.base + slot * sizeof(map),
                                           &map, sizeof(map), stream),
                   "cuMemcpyHtoDAsync"))
      return nullptr;
    slots.held[slot] = map;
    slots.slotOf[key] = slot;
  }
  return reinterpret_cast<void *>(slots.base + slot * sizeof(map));
}

/// Unified addressing tells the driver which way to copy.
extern "C" void mgpuMemcpy(void *dst, void *src, uint64_t sizeBytes,
                           void *stream) {
  if (const CudaDriver *d = withContext())
    succeeded(*d,
              d->cuMemcpyAsync(devicePointer(dst), devicePointer(src),
                               sizeBytes, static_cast<CUstream>(stream)),
              "cuMemcpyAsync");
}

extern "C" void mgpuMemset32(void *dst, uint32_t value, uint64_t count,
                             void *stream) {
  if (const CudaDriver *d = withContext())
    succeeded(*d,
              d->cuMemsetD32Async(devicePointer(dst), value, count,
                                  static_cast<CUstream>(stream)),
              "cuMemsetD32Async");
}

extern "C" void mgpuMemset16(void *dst, uint16_t value, uint64_t count,
                             void *stream) {
  if (const CudaDriver *d = withContext())
    succeeded(*d,
              d->cuMemsetD16Async(devicePointer(dst), value, count,
                                  static_cast<CUstream>(stream)),
              "cuMemsetD16Async");
}

//===----------------------------------------------------------------------===//
// Argument checks on device operands
//===----------------------------------------------------------------------===//

namespace {

/// The operands whose data the host checks read (see decode() in
/// KernelRuntime.cpp), by slot; null for those checked by shape only.
const char *indexOperandName(int64_t slot) {
  switch (slot) {
  case rec::kCuSeqlensQ:
    return "cu_seqlens_q";
  case rec::kCuSeqlensK:
    return "cu_seqlens_k";
  case rec::kBlockTable:
    return "block_table";
  case rec::kContextLens:
    return "context_lens";
  case rec::kActualSeqLengths:
    return "actual_seq_lengths";
  case rec::kKvPaddingSize:
    return "kv_padding_size";
  case rec::kKvNumBlocks:
    return "kv_num_blocks";
  case rec::kKvIndices:
    return "kv_indices";
  case rec::kFullKvNumBlocks:
    return "full_kv_num_blocks";
  case rec::kFullKvIndices:
    return "full_kv_indices";
  case rec::kPromptLens:
    return "prompt_lens";
  default:
    return nullptr;
  }
}

/// Bytes of a slot's data: i32 elements, except the i64 scalar
/// kv_padding_size; 0 when absent. -1 for a malformed slot, which the host
/// check reports without reading any data.
int64_t dataBytes(const int64_t *words, int64_t slot) {
  int64_t rank = words[rec::slotWord(slot, rec::kRank)];
  if (rank < -1 || rank > 4)
    return -1;
  int64_t bytes = slot == rec::kKvPaddingSize ? 8 : 4;
  for (int64_t i = 0; i < rank; ++i) {
    int64_t dim = words[rec::slotWord(slot, rec::kDim0 + i)];
    if (dim < 0 || __builtin_mul_overflow(bytes, dim, &bytes))
      return -1;
  }
  return rank < 0 ? 0 : bytes;
}

} // namespace

extern "C" int32_t attnc_rt_check_attention_device(int64_t *allocated,
                                                   int64_t *aligned,
                                                   int64_t offset, int64_t size,
                                                   int64_t stride) {
  // A malformed record is the host check's to report.
  if (!aligned || size < rec::kNumWords || stride != 1)
    return attnc_rt_check_attention(allocated, aligned, offset, size, stride);
  std::array<int64_t, rec::kNumWords> words;
  std::memcpy(words.data(), aligned + offset, sizeof(words));
  auto hostCheck = [&] {
    return attnc_rt_check_attention(words.data(), words.data(), 0,
                                    rec::kNumWords, 1);
  };
  std::vector<std::pair<int64_t, int64_t>> copies; // slot, bytes
  for (int64_t slot = 0; slot < rec::kNumSlots; ++slot) {
    if (!indexOperandName(slot))
      continue;
    int64_t bytes = dataBytes(words.data(), slot);
    if (bytes < 0)
      return hostCheck();
    // Absent, empty or without data: nothing to read (the host check says
    // when it needed data).
    if (bytes > 0 && words[rec::slotWord(slot, rec::kData)] != 0)
      copies.emplace_back(slot, bytes);
  }
  if (copies.empty())
    return hostCheck();
  const CudaDriver *d = withContext();
  // The operands may still be being written on this thread's stream.
  if (!d || !succeeded(*d, d->cuStreamSynchronize(streamChoice.stream),
                       "cuStreamSynchronize"))
    return 2;
  std::vector<std::unique_ptr<int64_t[]>> buffers;
  for (auto [slot, bytes] : copies) {
    buffers.emplace_back(new int64_t[(bytes + 7) / 8]);
    int64_t &data = words[rec::slotWord(slot, rec::kData)];
    if (!succeeded(*d,
                   d->cuMemcpyDtoH_v2(buffers.back().get(),
                                      static_cast<CUdeviceptr>(data),
                                      static_cast<size_t>(bytes)),
                   "cuMemcpyDtoH",
                   std::string(" copying ") + indexOperandName(slot) +
                       " to the host for the argument checks"))
      return 2;
    data =
        static_cast<int64_t>(reinterpret_cast<intptr_t>(buffers.back().get()));
  }
  return hostCheck();
}
