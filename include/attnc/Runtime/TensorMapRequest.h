//===- TensorMapRequest.h - a kernel's request for a TMA tensor map -*- C++ -*-=//
//
// An sm_90a prefill kernel copies K and V tiles with TMA, which reads a
// tensor map (CUtensorMap) from device memory. The map holds the operand's
// address, so the host side of a kernel function asks the runtime for one
// per call: it fills an i64 request on its stack and calls
// attnc_cuda_tensor_map (CudaRuntime.h), which encodes the map with
// cuTensorMapEncodeTiled (128-byte swizzle, zero fill past the tensor) and
// returns its device address. This header is the contract between the
// lowering (lib/Conversion/AttnToGPU) and the runtime: plain C++, no MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNTIME_TENSORMAPREQUEST_H
#define ATTNC_RUNTIME_TENSORMAPREQUEST_H

#include <cstdint>

namespace attnc::rt::tensormap {

constexpr int64_t kMaxRank = 5;

/// Words of a request. Dimensions run innermost first (the reverse of the
/// memref's), as the driver takes them.
enum Word : int64_t {
  kAddress = 0,      // device address of the first element
  kElementBytes = 1, // 1, 2 or 4
  kRank = 2,         // 1 .. kMaxRank
  kSizes = 3,        // kMaxRank sizes (elements)
  kStrides = kSizes + kMaxRank, // kMaxRank strides (bytes); the innermost
                                // must be kElementBytes
  kBox = kStrides + kMaxRank,   // kMaxRank box sizes (elements); the
                                // innermost spans 128 bytes
  kNumWords = kBox + kMaxRank,
};

} // namespace attnc::rt::tensormap

#endif // ATTNC_RUNTIME_TENSORMAPREQUEST_H
