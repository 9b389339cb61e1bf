//===- CudaDriver.h - the CUDA driver entry points we dlopen ---*- C++ -*-===//
//
// Private to lib/Runtime/CudaRuntime.cpp. The kernels' runtime never links
// libcuda: it opens libcuda.so.1 at the first launch and takes these entry
// points by name. cuda.h supplies only the types (decltype of its
// declarations is not a use), so a wrong signature fails to compile.
// Versioned entry points are named by their suffixed symbol (cuda.h maps
// cuMemAlloc to cuMemAlloc_v2 and so on); the others name the legacy
// default-stream variants, as cuda.h does without per-thread streams.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_RUNTIME_CUDADRIVER_H
#define ATTNC_LIB_RUNTIME_CUDADRIVER_H

#include <cuda.h>

/// X(symbol) for every entry point the runtime uses.
#define ATTNC_CUDA_DRIVER_ENTRY_POINTS(X)                                      \
  X(cuInit)                                                                    \
  X(cuGetErrorName)                                                            \
  X(cuGetErrorString)                                                          \
  X(cuDeviceGet)                                                               \
  X(cuDevicePrimaryCtxRetain)                                                  \
  X(cuCtxGetCurrent)                                                           \
  X(cuCtxSetCurrent)                                                           \
  X(cuCtxGetDevice)                                                            \
  X(cuModuleLoadDataEx)                                                        \
  X(cuModuleGetFunction)                                                       \
  X(cuFuncSetAttribute)                                                        \
  X(cuLaunchKernel)                                                            \
  X(cuStreamSynchronize)                                                       \
  X(cuStreamWaitEvent)                                                         \
  X(cuEventCreate)                                                             \
  X(cuEventDestroy_v2)                                                         \
  X(cuEventSynchronize)                                                        \
  X(cuEventRecord)                                                             \
  X(cuMemPoolCreate)                                                           \
  X(cuMemPoolSetAttribute)                                                     \
  X(cuMemAllocFromPoolAsync)                                                   \
  X(cuMemAllocManaged)                                                         \
  X(cuMemFreeAsync)                                                            \
  X(cuMemFree_v2)                                                              \
  X(cuMemcpyAsync)                                                             \
  X(cuMemcpyDtoH_v2)                                                           \
  X(cuMemcpyHtoDAsync_v2)                                                      \
  X(cuTensorMapEncodeTiled)                                                    \
  X(cuMemsetD16Async)                                                          \
  X(cuMemsetD32Async)

namespace attnc::rt {

/// The driver's entry points, all non-null once loaded.
struct CudaDriver {
#define ATTNC_CUDA_FIELD(symbol) decltype(&::symbol) symbol = nullptr;
  ATTNC_CUDA_DRIVER_ENTRY_POINTS(ATTNC_CUDA_FIELD)
#undef ATTNC_CUDA_FIELD
};

} // namespace attnc::rt

#endif // ATTNC_LIB_RUNTIME_CUDADRIVER_H
