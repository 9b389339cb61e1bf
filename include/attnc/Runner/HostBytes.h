//===- HostBytes.h - host values as a kernel's element bytes ----*- C++ -*-===//
//
// Compiled kernels read and write tensors as packed little-endian elements
// of their MLIR element type; HostBuffer holds exact float64 values. These
// convert between the two (f16, bf16 and fp8 through APFloat, rounding to
// nearest even; i1 as one byte 0/1).
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNNER_HOSTBYTES_H
#define ATTNC_RUNNER_HOSTBYTES_H

#include "attnc/Runner/HostBuffer.h"

#include <cstdint>

namespace attnc::runner {

/// Bytes of one element of `elementType` in a kernel's memory (index: 8).
unsigned elementByteWidth(mlir::Type elementType);

/// Writes `buffer`'s values to `dst` (numElements() * elementByteWidth).
void encodeElements(const HostBuffer &buffer, uint8_t *dst);

/// Reads `buffer.numElements()` elements of `buffer.elementType` from `src`
/// into `buffer.values`.
void decodeElements(const uint8_t *src, HostBuffer &buffer);

} // namespace attnc::runner

#endif // ATTNC_RUNNER_HOSTBYTES_H
