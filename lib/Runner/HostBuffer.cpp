//===- HostBuffer.cpp - exact host values and element-type rounding -------===//

#include "attnc/Runner/HostBuffer.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir;
using namespace attnc::runner;

int64_t HostBuffer::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::string HostBuffer::describe() const {
  return describeType(shape, elementType);
}

std::string attnc::runner::describeType(ArrayRef<int64_t> shape,
                                        Type elementType) {
  std::string text;
  llvm::raw_string_ostream os(text);
  for (int64_t d : shape) {
    if (ShapedType::isDynamic(d))
      os << "?x";
    else
      os << d << "x";
  }
  os << elementType;
  return text;
}

std::string attnc::runner::describeLocation(Location loc) {
  std::string text;
  llvm::raw_string_ostream os(text);
  FileLineColLoc file;
  loc->walk([&](Location inner) {
    if (auto f = dyn_cast<FileLineColLoc>(inner)) {
      file = f;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (file)
    os << file.getFilename().getValue() << ":" << file.getLine() << ":"
       << file.getColumn();
  else
    os << loc;
  return text;
}

bool attnc::runner::isSupportedElementType(Type t) {
  return t.isF16() || t.isBF16() || t.isF32() || t.isF64() ||
         isa<Float8E4M3FNType, Float8E5M2Type>(t) || t.isSignlessInteger(1) ||
         t.isSignlessInteger(8) || t.isSignlessInteger(32) ||
         t.isSignlessInteger(64) || t.isIndex();
}

double attnc::runner::roundToElementType(double value, Type t) {
  if (auto floatType = dyn_cast<FloatType>(t)) {
    if (t.isF64())
      return value;
    llvm::APFloat f(value);
    bool lostInfo = false;
    f.convert(floatType.getFloatSemantics(),
              llvm::APFloat::rmNearestTiesToEven, &lostInfo);
    f.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
              &lostInfo);
    return f.convertToDouble();
  }
  if (t.isSignlessInteger(1))
    return value != 0.0 ? 1.0 : 0.0;
  unsigned width = t.isIndex() ? 64 : t.getIntOrFloatBitWidth();
  double lo = -std::ldexp(1.0, width - 1), hi = std::ldexp(1.0, width - 1) - 1;
  if (std::isnan(value))
    return 0.0;
  return std::min(hi, std::max(lo, std::nearbyint(value)));
}
