//===- HostBytes.cpp - host values as a kernel's element bytes ------------===//

#include "attnc/Runner/HostBytes.h"

#include "llvm/ADT/APFloat.h"

#include <cstring>

using namespace mlir;
using namespace attnc::runner;

unsigned attnc::runner::elementByteWidth(Type t) {
  if (t.isIndex())
    return 8;
  return (t.getIntOrFloatBitWidth() + 7) / 8;
}

/// Little-endian store of the low `width` bytes of `bits`.
static void storeBits(uint64_t bits, unsigned width, uint8_t *dst) {
  for (unsigned i = 0; i < width; ++i)
    dst[i] = static_cast<uint8_t>(bits >> (8 * i));
}

static uint64_t loadBits(const uint8_t *src, unsigned width) {
  uint64_t bits = 0;
  for (unsigned i = 0; i < width; ++i)
    bits |= static_cast<uint64_t>(src[i]) << (8 * i);
  return bits;
}

void attnc::runner::encodeElements(const HostBuffer &buffer, uint8_t *dst) {
  Type t = buffer.elementType;
  unsigned width = elementByteWidth(t);
  size_t n = buffer.values.size();
  // f32 and f64 directly: they are the bulk of benchmark inputs.
  if (t.isF32()) {
    for (size_t i = 0; i < n; ++i) {
      float f = static_cast<float>(buffer.values[i]);
      std::memcpy(dst + 4 * i, &f, 4);
    }
    return;
  }
  if (t.isF64()) {
    std::memcpy(dst, buffer.values.data(), 8 * n);
    return;
  }
  if (auto floatType = dyn_cast<FloatType>(t)) {
    for (size_t i = 0; i < n; ++i) {
      llvm::APFloat f(buffer.values[i]);
      bool lostInfo;
      f.convert(floatType.getFloatSemantics(),
                llvm::APFloat::rmNearestTiesToEven, &lostInfo);
      storeBits(f.bitcastToAPInt().getZExtValue(), width, dst + width * i);
    }
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    double v = roundToElementType(buffer.values[i], t);
    storeBits(static_cast<uint64_t>(static_cast<int64_t>(v)), width,
              dst + width * i);
  }
}

void attnc::runner::decodeElements(const uint8_t *src, HostBuffer &buffer) {
  Type t = buffer.elementType;
  unsigned width = elementByteWidth(t);
  size_t n = buffer.numElements();
  buffer.values.resize(n);
  if (t.isF32()) {
    for (size_t i = 0; i < n; ++i) {
      float f;
      std::memcpy(&f, src + 4 * i, 4);
      buffer.values[i] = f;
    }
    return;
  }
  if (t.isF64()) {
    std::memcpy(buffer.values.data(), src, 8 * n);
    return;
  }
  if (auto floatType = dyn_cast<FloatType>(t)) {
    unsigned bitWidth = t.getIntOrFloatBitWidth();
    for (size_t i = 0; i < n; ++i) {
      llvm::APFloat f(floatType.getFloatSemantics(),
                      llvm::APInt(bitWidth, loadBits(src + width * i, width)));
      bool lostInfo;
      f.convert(llvm::APFloat::IEEEdouble(),
                llvm::APFloat::rmNearestTiesToEven, &lostInfo);
      buffer.values[i] = f.convertToDouble();
    }
    return;
  }
  bool isBool = t.isSignlessInteger(1);
  unsigned bits = t.isIndex() ? 64 : t.getIntOrFloatBitWidth();
  for (size_t i = 0; i < n; ++i) {
    uint64_t raw = loadBits(src + width * i, width);
    if (isBool) {
      buffer.values[i] = (raw & 1) ? 1.0 : 0.0;
      continue;
    }
    // Sign-extend from the element width.
    int64_t value = bits >= 64 ? static_cast<int64_t>(raw)
                               : static_cast<int64_t>(raw << (64 - bits)) >>
                                     (64 - bits);
    buffer.values[i] = static_cast<double>(value);
  }
}
