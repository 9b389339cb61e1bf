//===- FakeCuda.cpp - a logging stand-in for libcuda.so.1 ----------------===//
//
// Loaded by the CUDA runtime under test in place of the driver. Handles are
// small objects of this library; memory is host memory, so copies are
// memcpy. Every entry point logs its call before doing anything, and returns
// a failure instead when fakeCudaFail asked for one.
//
//===----------------------------------------------------------------------===//

#include "FakeCuda.h"

#include <cuda.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace {

std::mutex mutex;
std::string calls;
std::string callsCopy;
std::map<std::string, std::pair<CUresult, int>> failures;

/// The primary context of each device: devices are numbered 0..7.
struct FakeContext {
  int device;
};
FakeContext contexts[8] = {{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}};
thread_local CUcontext current = nullptr;

struct FakeModule {
  std::string image;
};
struct FakeFunction {
  std::string name;
};

std::string ptr(const void *p) {
  char buffer[32];
  std::snprintf(
      buffer, sizeof(buffer), "%#llx",
      static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(p)));
  return buffer;
}
std::string ptr(CUdeviceptr p) { return ptr(reinterpret_cast<void *>(p)); }

std::string context(CUcontext c) {
  if (!c)
    return "null";
  return "device" + std::to_string(reinterpret_cast<FakeContext *>(c)->device);
}

std::string function(CUfunction f) {
  return reinterpret_cast<FakeFunction *>(f)->name;
}

/// Pools are named by their device: "pool<device>".
std::string pool(CUmemoryPool p) {
  return "pool" + std::to_string(*reinterpret_cast<int *>(p));
}

/// Logs `name args`; returns the failure asked for, if any.
CUresult call(const char *name, const std::string &args = "") {
  std::lock_guard<std::mutex> lock(mutex);
  calls += name;
  if (!args.empty())
    calls += " " + args;
  calls += "\n";
  auto it = failures.find(name);
  if (it == failures.end() || it->second.second == 0)
    return CUDA_SUCCESS;
  --it->second.second;
  return it->second.first;
}

} // namespace

//===----------------------------------------------------------------------===//
// Controls (FakeCuda.h)
//===----------------------------------------------------------------------===//

extern "C" void fakeCudaReset() {
  std::lock_guard<std::mutex> lock(mutex);
  calls.clear();
  failures.clear();
}

extern "C" const char *fakeCudaCalls() {
  std::lock_guard<std::mutex> lock(mutex);
  callsCopy = calls;
  return callsCopy.c_str();
}

extern "C" void fakeCudaFail(const char *function, int result, int times) {
  std::lock_guard<std::mutex> lock(mutex);
  failures[function] = {static_cast<CUresult>(result), times};
}

//===----------------------------------------------------------------------===//
// The driver API
//===----------------------------------------------------------------------===//

extern "C" {

CUresult cuInit(unsigned int flags) {
  return call("cuInit", std::to_string(flags));
}

CUresult cuGetErrorName(CUresult error, const char **name) {
  switch (error) {
  case CUDA_SUCCESS:
    *name = "CUDA_SUCCESS";
    return CUDA_SUCCESS;
  case CUDA_ERROR_INVALID_VALUE:
    *name = "CUDA_ERROR_INVALID_VALUE";
    return CUDA_SUCCESS;
  case CUDA_ERROR_OUT_OF_MEMORY:
    *name = "CUDA_ERROR_OUT_OF_MEMORY";
    return CUDA_SUCCESS;
  case CUDA_ERROR_NO_DEVICE:
    *name = "CUDA_ERROR_NO_DEVICE";
    return CUDA_SUCCESS;
  case CUDA_ERROR_INVALID_PTX:
    *name = "CUDA_ERROR_INVALID_PTX";
    return CUDA_SUCCESS;
  case CUDA_ERROR_NOT_FOUND:
    *name = "CUDA_ERROR_NOT_FOUND";
    return CUDA_SUCCESS;
  case CUDA_ERROR_LAUNCH_FAILED:
    *name = "CUDA_ERROR_LAUNCH_FAILED";
    return CUDA_SUCCESS;
  default:
    *name = nullptr;
    return CUDA_ERROR_INVALID_VALUE;
  }
}

CUresult cuGetErrorString(CUresult error, const char **text) {
  switch (error) {
  case CUDA_SUCCESS:
    *text = "no error";
    return CUDA_SUCCESS;
  case CUDA_ERROR_INVALID_VALUE:
    *text = "invalid argument";
    return CUDA_SUCCESS;
  case CUDA_ERROR_OUT_OF_MEMORY:
    *text = "out of memory";
    return CUDA_SUCCESS;
  case CUDA_ERROR_NO_DEVICE:
    *text = "no CUDA-capable device is detected";
    return CUDA_SUCCESS;
  case CUDA_ERROR_INVALID_PTX:
    *text = "a PTX JIT compilation failed";
    return CUDA_SUCCESS;
  case CUDA_ERROR_NOT_FOUND:
    *text = "named symbol not found";
    return CUDA_SUCCESS;
  case CUDA_ERROR_LAUNCH_FAILED:
    *text = "unspecified launch failure";
    return CUDA_SUCCESS;
  default:
    *text = nullptr;
    return CUDA_ERROR_INVALID_VALUE;
  }
}

CUresult cuDeviceGet(CUdevice *device, int ordinal) {
  if (CUresult r = call("cuDeviceGet", std::to_string(ordinal)))
    return r;
  if (ordinal < 0 || ordinal >= 8)
    return CUDA_ERROR_INVALID_VALUE;
  *device = ordinal;
  return CUDA_SUCCESS;
}

CUresult cuDevicePrimaryCtxRetain(CUcontext *ctx, CUdevice device) {
  if (CUresult r = call("cuDevicePrimaryCtxRetain", std::to_string(device)))
    return r;
  *ctx = reinterpret_cast<CUcontext>(&contexts[device]);
  return CUDA_SUCCESS;
}

CUresult cuCtxGetCurrent(CUcontext *ctx) {
  if (CUresult r = call("cuCtxGetCurrent"))
    return r;
  *ctx = current;
  return CUDA_SUCCESS;
}

CUresult cuCtxSetCurrent(CUcontext ctx) {
  if (CUresult r = call("cuCtxSetCurrent", context(ctx)))
    return r;
  current = ctx;
  return CUDA_SUCCESS;
}

/// Images are C strings; one starting with "bad" is rejected with a JIT log.
CUresult cuModuleLoadDataEx(CUmodule *module, const void *image,
                            unsigned int numOptions, CUjit_option *options,
                            void **values) {
  std::string text = static_cast<const char *>(image);
  std::string args = text + " ctx=" + context(current) +
                     " options=" + std::to_string(numOptions);
  char *log = nullptr;
  for (unsigned i = 0; i < numOptions; ++i) {
    if (options[i] == CU_JIT_OPTIMIZATION_LEVEL)
      args += " O" + std::to_string(reinterpret_cast<uintptr_t>(values[i]));
    if (options[i] == CU_JIT_ERROR_LOG_BUFFER)
      log = static_cast<char *>(values[i]);
  }
  if (CUresult r = call("cuModuleLoadDataEx", args))
    return r;
  if (text.rfind("bad", 0) == 0) {
    if (log)
      std::strcpy(log, "ptxas: line 1: syntax error");
    return CUDA_ERROR_INVALID_PTX;
  }
  *module = reinterpret_cast<CUmodule>(new FakeModule{text});
  return CUDA_SUCCESS;
}

/// Functions named "missing..." do not exist.
CUresult cuModuleGetFunction(CUfunction *fn, CUmodule module,
                             const char *name) {
  if (CUresult r =
          call("cuModuleGetFunction",
               reinterpret_cast<FakeModule *>(module)->image + " " + name))
    return r;
  if (std::strncmp(name, "missing", 7) == 0)
    return CUDA_ERROR_NOT_FOUND;
  *fn = reinterpret_cast<CUfunction>(new FakeFunction{name});
  return CUDA_SUCCESS;
}

CUresult cuFuncSetAttribute(CUfunction fn, CUfunction_attribute attribute,
                            int value) {
  return call("cuFuncSetAttribute", function(fn) +
                                        " attr=" + std::to_string(attribute) +
                                        " value=" + std::to_string(value));
}

CUresult cuLaunchKernel(CUfunction fn, unsigned int gx, unsigned int gy,
                        unsigned int gz, unsigned int bx, unsigned int by,
                        unsigned int bz, unsigned int smem, CUstream stream,
                        void **params, void **extra) {
  (void)params;
  (void)extra;
  auto dims = [](unsigned x, unsigned y, unsigned z) {
    return std::to_string(x) + "," + std::to_string(y) + "," +
           std::to_string(z);
  };
  return call("cuLaunchKernel", function(fn) + " grid=" + dims(gx, gy, gz) +
                                    " block=" + dims(bx, by, bz) +
                                    " smem=" + std::to_string(smem) +
                                    " stream=" + ptr(stream));
}

CUresult cuStreamSynchronize(CUstream stream) {
  return call("cuStreamSynchronize", ptr(stream));
}

CUresult cuStreamWaitEvent(CUstream stream, CUevent event, unsigned flags) {
  return call("cuStreamWaitEvent",
              ptr(stream) + " " + ptr(event) + " " + std::to_string(flags));
}

CUresult cuEventCreate(CUevent *event, unsigned int flags) {
  if (CUresult r = call("cuEventCreate", std::to_string(flags)))
    return r;
  *event = reinterpret_cast<CUevent>(new int(0));
  return CUDA_SUCCESS;
}

CUresult cuEventDestroy_v2(CUevent event) {
  if (CUresult r = call("cuEventDestroy_v2", ptr(event)))
    return r;
  delete reinterpret_cast<int *>(event);
  return CUDA_SUCCESS;
}

CUresult cuEventSynchronize(CUevent event) {
  return call("cuEventSynchronize", ptr(event));
}

CUresult cuEventRecord(CUevent event, CUstream stream) {
  return call("cuEventRecord", ptr(event) + " " + ptr(stream));
}

CUresult cuCtxGetDevice(CUdevice *device) {
  if (CUresult r = call("cuCtxGetDevice"))
    return r;
  if (!current)
    return CUDA_ERROR_INVALID_CONTEXT;
  *device = reinterpret_cast<FakeContext *>(current)->device;
  return CUDA_SUCCESS;
}

CUresult cuMemPoolCreate(CUmemoryPool *pool, const CUmemPoolProps *props) {
  if (CUresult r =
          call("cuMemPoolCreate",
               "type=" + std::to_string(props->allocType) +
                   " location=" + std::to_string(props->location.type) + ":" +
                   std::to_string(props->location.id)))
    return r;
  *pool = reinterpret_cast<CUmemoryPool>(new int(props->location.id));
  return CUDA_SUCCESS;
}

CUresult cuMemPoolSetAttribute(CUmemoryPool p, CUmemPool_attribute attribute,
                               void *value) {
  return call("cuMemPoolSetAttribute",
              pool(p) + " " + std::to_string(attribute) + "=" +
                  std::to_string(*static_cast<cuuint64_t *>(value)));
}

CUresult cuMemAllocFromPoolAsync(CUdeviceptr *p, size_t bytes,
                                 CUmemoryPool from, CUstream stream) {
  if (CUresult r =
          call("cuMemAllocFromPoolAsync",
               std::to_string(bytes) + " " + pool(from) + " " + ptr(stream)))
    return r;
  *p = reinterpret_cast<CUdeviceptr>(std::malloc(bytes));
  return CUDA_SUCCESS;
}

CUresult cuMemAllocManaged(CUdeviceptr *p, size_t bytes, unsigned int flags) {
  if (CUresult r = call("cuMemAllocManaged",
                        std::to_string(bytes) + " " + std::to_string(flags)))
    return r;
  *p = reinterpret_cast<CUdeviceptr>(std::malloc(bytes));
  return CUDA_SUCCESS;
}

CUresult cuMemFreeAsync(CUdeviceptr p, CUstream stream) {
  if (CUresult r = call("cuMemFreeAsync", ptr(stream)))
    return r;
  std::free(reinterpret_cast<void *>(p));
  return CUDA_SUCCESS;
}

CUresult cuMemFree_v2(CUdeviceptr p) {
  if (CUresult r = call("cuMemFree_v2"))
    return r;
  std::free(reinterpret_cast<void *>(p));
  return CUDA_SUCCESS;
}

CUresult cuMemcpyAsync(CUdeviceptr dst, CUdeviceptr src, size_t bytes,
                       CUstream stream) {
  if (CUresult r =
          call("cuMemcpyAsync", std::to_string(bytes) + " " + ptr(stream)))
    return r;
  std::memcpy(reinterpret_cast<void *>(dst), reinterpret_cast<void *>(src),
              bytes);
  return CUDA_SUCCESS;
}

CUresult cuMemcpyDtoH_v2(void *dst, CUdeviceptr src, size_t bytes) {
  if (CUresult r =
          call("cuMemcpyDtoH_v2", ptr(src) + " " + std::to_string(bytes)))
    return r;
  std::memcpy(dst, reinterpret_cast<void *>(src), bytes);
  return CUDA_SUCCESS;
}

CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void *src, size_t bytes,
                              CUstream stream) {
  if (CUresult r = call("cuMemcpyHtoDAsync_v2",
                        std::to_string(bytes) + " " + ptr(stream)))
    return r;
  std::memcpy(reinterpret_cast<void *>(dst), src, bytes);
  return CUDA_SUCCESS;
}

/// Logs "rank address sizes... / strides... / box...", and writes the
/// address and the sizes into the map, so that equal requests give equal
/// maps and different ones different maps.
CUresult cuTensorMapEncodeTiled(CUtensorMap *map, CUtensorMapDataType,
                                cuuint32_t rank, void *address,
                                const cuuint64_t *sizes,
                                const cuuint64_t *strides,
                                const cuuint32_t *box, const cuuint32_t *,
                                CUtensorMapInterleave, CUtensorMapSwizzle,
                                CUtensorMapL2promotion,
                                CUtensorMapFloatOOBfill) {
  std::string args = std::to_string(rank) + " " + ptr(address);
  for (cuuint32_t i = 0; i < rank; ++i)
    args += " " + std::to_string(sizes[i]);
  args += " /";
  for (cuuint32_t i = 0; i + 1 < rank; ++i)
    args += " " + std::to_string(strides[i]);
  args += " /";
  for (cuuint32_t i = 0; i < rank; ++i)
    args += " " + std::to_string(box[i]);
  if (CUresult r = call("cuTensorMapEncodeTiled", args))
    return r;
  std::memset(map, 0, sizeof(*map));
  uint64_t words[6] = {reinterpret_cast<uintptr_t>(address)};
  for (cuuint32_t i = 0; i < rank && i < 5; ++i)
    words[i + 1] = sizes[i];
  std::memcpy(map, words, sizeof(words));
  return CUDA_SUCCESS;
}

CUresult cuMemsetD16Async(CUdeviceptr dst, unsigned short value, size_t count,
                          CUstream stream) {
  if (CUresult r = call("cuMemsetD16Async", std::to_string(value) + " " +
                                                std::to_string(count) + " " +
                                                ptr(stream)))
    return r;
  auto *p = reinterpret_cast<unsigned short *>(dst);
  for (size_t i = 0; i < count; ++i)
    p[i] = value;
  return CUDA_SUCCESS;
}

CUresult cuMemsetD32Async(CUdeviceptr dst, unsigned int value, size_t count,
                          CUstream stream) {
  if (CUresult r = call("cuMemsetD32Async", std::to_string(value) + " " +
                                                std::to_string(count) + " " +
                                                ptr(stream)))
    return r;
  auto *p = reinterpret_cast<unsigned int *>(dst);
  for (size_t i = 0; i < count; ++i)
    p[i] = value;
  return CUDA_SUCCESS;
}

} // extern "C"
