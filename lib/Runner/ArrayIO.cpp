//===- ArrayIO.cpp - .npy, raw .bin and inline argument values ------------===//

#include "attnc/Runner/ArrayIO.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace attnc::runner;

//===----------------------------------------------------------------------===//
// Element encodings
//===----------------------------------------------------------------------===//

static unsigned byteWidth(Type t) {
  if (t.isSignlessInteger(1))
    return 1;
  return t.getIntOrFloatBitWidth() / 8;
}

/// Decodes one little-endian element at `bytes`.
static double decodeElement(const char *bytes, Type t) {
  unsigned width = byteWidth(t);
  uint64_t bits = 0;
  std::memcpy(&bits, bytes, width);
  if (auto floatType = dyn_cast<FloatType>(t)) {
    llvm::APFloat f(floatType.getFloatSemantics(),
                    llvm::APInt(floatType.getWidth(), bits));
    bool lostInfo = false;
    f.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
              &lostInfo);
    return f.convertToDouble();
  }
  if (t.isSignlessInteger(1))
    return bits != 0 ? 1.0 : 0.0;
  // Sign-extend integers.
  unsigned shift = 64 - 8 * width;
  return (double)((int64_t)(bits << shift) >> shift);
}

/// Encodes `value` (already representable) as little-endian bytes.
static void encodeElement(double value, Type t, char *bytes) {
  unsigned width = byteWidth(t);
  uint64_t bits;
  if (auto floatType = dyn_cast<FloatType>(t)) {
    llvm::APFloat f(value);
    bool lostInfo = false;
    f.convert(floatType.getFloatSemantics(),
              llvm::APFloat::rmNearestTiesToEven, &lostInfo);
    bits = f.bitcastToAPInt().getZExtValue();
  } else {
    bits = (uint64_t)(int64_t)value;
  }
  std::memcpy(bytes, &bits, width);
}

/// Largest element count attn-run accepts for one argument (2^40): beyond
/// it a shape is a typo or a corrupt header, not data to allocate.
static constexpr int64_t kMaxElements = int64_t(1) << 40;

/// The element count of `shape`, or -1 when it exceeds kMaxElements.
static int64_t checkedElementCount(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d != 0 && n > kMaxElements / d)
      return -1;
    n *= d;
  }
  return n;
}

//===----------------------------------------------------------------------===//
// NumPy dtypes
//===----------------------------------------------------------------------===//

static Type typeFromDescr(StringRef descr, MLIRContext *ctx) {
  if (descr.size() < 3)
    return {};
  char order = descr[0];
  if (order != '<' && order != '|' && order != '=')
    return {};
  StringRef kind = descr.drop_front();
  Builder b(ctx);
  if (kind == "f2")
    return b.getF16Type();
  if (kind == "f4")
    return b.getF32Type();
  if (kind == "f8")
    return b.getF64Type();
  if (kind == "b1")
    return b.getI1Type();
  if (kind == "i1")
    return b.getIntegerType(8);
  if (kind == "i4")
    return b.getI32Type();
  if (kind == "i8")
    return b.getI64Type();
  return {};
}

static const char *descrFromType(Type t) {
  if (t.isF16())
    return "<f2";
  if (t.isF32())
    return "<f4";
  if (t.isF64())
    return "<f8";
  if (t.isSignlessInteger(1))
    return "|b1";
  if (t.isSignlessInteger(8))
    return "|i1";
  if (t.isSignlessInteger(32))
    return "<i4";
  if (t.isSignlessInteger(64))
    return "<i8";
  return nullptr;
}

/// Returns the text after `key` in a NumPy header dict, or "".
static StringRef findHeaderValue(StringRef header, StringRef key) {
  size_t pos = header.find(("'" + key + "'").str());
  if (pos == StringRef::npos)
    return "";
  StringRef rest = header.drop_front(pos + key.size() + 2).ltrim();
  if (!rest.consume_front(":"))
    return "";
  return rest.ltrim();
}

static FailureOr<HostBuffer> readNpy(StringRef path, MLIRContext *ctx,
                                     std::string &error) {
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!file) {
    error = ("cannot read '" + path + "': " + file.getError().message()).str();
    return failure();
  }
  StringRef data = (*file)->getBuffer();
  auto fail = [&](const Twine &why) {
    error = ("'" + path + "' is not a valid .npy file: " + why).str();
    return failure();
  };
  if (data.size() < 10 || !data.starts_with("\x93NUMPY"))
    return fail("missing the \\x93NUMPY magic");
  unsigned major = (unsigned char)data[6];
  size_t headerLen, headerStart;
  if (major == 1) {
    headerLen = (unsigned char)data[8] | ((unsigned char)data[9] << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (data.size() < 12)
      return fail("truncated header");
    headerLen = 0;
    for (int i = 0; i < 4; ++i)
      headerLen |= (size_t)(unsigned char)data[8 + i] << (8 * i);
    headerStart = 12;
  } else {
    return fail("unsupported version " + Twine(major));
  }
  if (headerStart + headerLen > data.size())
    return fail("truncated header");
  StringRef header = data.substr(headerStart, headerLen);
  StringRef descr = findHeaderValue(header, "descr");
  if (!descr.consume_front("'"))
    return fail("no 'descr'");
  descr = descr.take_until([](char c) { return c == '\''; });
  HostBuffer buffer;
  buffer.elementType = typeFromDescr(descr, ctx);
  if (!buffer.elementType && descr.starts_with(">"))
    return fail("big-endian dtype '" + descr +
                "' is not supported (save it little-endian)");
  if (!buffer.elementType)
    return fail("unsupported dtype '" + descr +
                "' (expected f2, f4, f8, b1, i1, i4 or i8; use "
                "SHAPExTYPE=@file.bin for bf16 and fp8)");
  if (findHeaderValue(header, "fortran_order").starts_with("True"))
    return fail("fortran_order arrays are not supported");
  StringRef shape = findHeaderValue(header, "shape");
  if (!shape.consume_front("("))
    return fail("no 'shape'");
  shape = shape.take_until([](char c) { return c == ')'; });
  SmallVector<StringRef> dims;
  shape.split(dims, ',', -1, /*KeepEmpty=*/false);
  for (StringRef dim : dims) {
    int64_t size;
    if (dim.trim().getAsInteger(10, size) || size < 0)
      return fail("bad shape entry '" + dim.trim() + "'");
    buffer.shape.push_back(size);
  }
  size_t payload = headerStart + headerLen;
  unsigned width = byteWidth(buffer.elementType);
  int64_t count = checkedElementCount(buffer.shape);
  if (count < 0)
    return fail("shape " + describeType(buffer.shape, buffer.elementType) +
                " is too large");
  if (data.size() - payload != (size_t)count * width)
    return fail("payload holds " + Twine(data.size() - payload) +
                " bytes, shape needs " + Twine(count * width));
  buffer.values.resize(count);
  for (int64_t i = 0; i < count; ++i)
    buffer.values[i] =
        decodeElement(data.data() + payload + i * width, buffer.elementType);
  return buffer;
}

//===----------------------------------------------------------------------===//
// SHAPExTYPE=...
//===----------------------------------------------------------------------===//

/// Parses "4x8x64xbf16" into a shape and element type.
static LogicalResult parseShapeAndType(StringRef text, MLIRContext *ctx,
                                       HostBuffer &buffer, std::string &error) {
  SmallVector<StringRef> parts;
  text.split(parts, 'x');
  StringRef typeName = parts.pop_back_val();
  // "f8E4M3FN" contains no 'x', but names are matched whole.
  Builder b(ctx);
  Type t = llvm::StringSwitch<Type>(typeName)
               .Case("f16", b.getF16Type())
               .Case("bf16", b.getBF16Type())
               .Case("f32", b.getF32Type())
               .Case("f64", b.getF64Type())
               .Case("f8E4M3FN", b.getType<Float8E4M3FNType>())
               .Case("f8E5M2", b.getType<Float8E5M2Type>())
               .Case("i1", b.getI1Type())
               .Case("i8", b.getIntegerType(8))
               .Case("i32", b.getI32Type())
               .Case("i64", b.getI64Type())
               .Default(Type());
  if (!t) {
    error = ("unknown element type '" + typeName + "' in '" + text +
             "' (expected f16, bf16, f32, f64, f8E4M3FN, f8E5M2, i1, i8, i32 "
             "or i64)")
                .str();
    return failure();
  }
  buffer.elementType = t;
  for (StringRef dim : parts) {
    int64_t size;
    if (dim.getAsInteger(10, size) || size < 0) {
      error = ("bad dimension '" + dim + "' in '" + text + "'").str();
      return failure();
    }
    buffer.shape.push_back(size);
  }
  if (checkedElementCount(buffer.shape) < 0) {
    error = ("shape '" + text + "' is too large").str();
    return failure();
  }
  return success();
}

FailureOr<HostBuffer> attnc::runner::parseInputSpec(StringRef spec,
                                                    MLIRContext *ctx,
                                                    std::string &error) {
  if (spec.starts_with("@"))
    return readNpy(spec.drop_front(), ctx, error);
  auto [typeText, valueText] = spec.split('=');
  if (valueText.empty() && !spec.contains('=')) {
    error = ("input '" + spec +
             "' must be @file.npy, SHAPExTYPE=@file.bin or SHAPExTYPE=values")
                .str();
    return failure();
  }
  HostBuffer buffer;
  if (failed(parseShapeAndType(typeText, ctx, buffer, error)))
    return failure();
  int64_t count = buffer.numElements();
  if (valueText.starts_with("@")) {
    StringRef path = valueText.drop_front();
    auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
    if (!file) {
      error =
          ("cannot read '" + path + "': " + file.getError().message()).str();
      return failure();
    }
    unsigned width = byteWidth(buffer.elementType);
    StringRef data = (*file)->getBuffer();
    if (data.size() != (size_t)count * width) {
      error = ("'" + path + "' holds " + Twine(data.size()) + " bytes but " +
               typeText + " needs " + Twine(count * width))
                  .str();
      return failure();
    }
    buffer.values.resize(count);
    for (int64_t i = 0; i < count; ++i)
      buffer.values[i] =
          decodeElement(data.data() + i * width, buffer.elementType);
    return buffer;
  }
  SmallVector<StringRef> items;
  valueText.split(items, ',', -1, /*KeepEmpty=*/false);
  if (items.size() != 1 && (int64_t)items.size() != count) {
    error = ("input '" + spec + "' gives " + Twine(items.size()) +
             " values for " + Twine(count) + " elements")
                .str();
    return failure();
  }
  for (StringRef item : items) {
    double value;
    if (item.trim().getAsDouble(value)) {
      error = ("bad value '" + item.trim() + "' in input '" + spec + "'").str();
      return failure();
    }
    // Integers (indices, masks, int8 caches) must be given exactly: 1.5 or
    // 300 for an i8 is a mistake, not something to round or saturate.
    // Floats round to nearest, but a finite value must stay finite.
    double rounded = roundToElementType(value, buffer.elementType);
    if ((isa<IntegerType>(buffer.elementType) && rounded != value) ||
        (std::isfinite(value) && !std::isfinite(rounded))) {
      error = ("value '" + item.trim() + "' in input '" + spec +
               "' is not representable in " +
               describeType({}, buffer.elementType))
                  .str();
      return failure();
    }
    buffer.values.push_back(rounded);
  }
  if (items.size() == 1)
    buffer.values.assign(count, buffer.values.front());
  return buffer;
}

LogicalResult attnc::runner::checkOutputPath(StringRef path,
                                             Type elementType,
                                             std::string &error) {
  if (path.ends_with(".bin"))
    return success();
  if (!path.ends_with(".npy")) {
    error = ("'" + path +
             "' must end in .npy (NumPy) or .bin (raw little-endian)")
                .str();
    return failure();
  }
  if (!descrFromType(elementType)) {
    error = ("NumPy has no dtype for " + describeType({}, elementType) +
             ": write '" + path.drop_back(4) +
             ".bin' (raw little-endian) instead")
                .str();
    return failure();
  }
  return success();
}

LogicalResult attnc::runner::writeBuffer(const HostBuffer &buffer,
                                         StringRef path, std::string &error) {
  // Refuse before creating (or truncating) the file.
  if (failed(checkOutputPath(path, buffer.elementType, error)))
    return failure();
  unsigned width = byteWidth(buffer.elementType);
  std::string payload(buffer.values.size() * width, '\0');
  for (size_t i = 0; i < buffer.values.size(); ++i)
    encodeElement(buffer.values[i], buffer.elementType, &payload[i * width]);
  if (path.ends_with(".bin")) {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
    if (ec) {
      error = ("cannot write '" + path + "': " + ec.message()).str();
      return failure();
    }
    os << payload;
    return success();
  }
  return writeNpy(path, descrFromType(buffer.elementType), buffer.shape,
                  payload, error);
}

LogicalResult attnc::runner::writeNpy(StringRef path, StringRef descr,
                                      ArrayRef<int64_t> shape,
                                      StringRef payload, std::string &error) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec) {
    error = ("cannot write '" + path + "': " + ec.message()).str();
    return failure();
  }
  // NumPy's tuple syntax: "()", "(n,)", "(a, b)".
  std::string shapeText;
  for (size_t i = 0; i < shape.size(); ++i)
    shapeText += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1)
    shapeText += ",";
  std::string header = "{'descr': '" + descr.str() +
                       "', 'fortran_order': False, 'shape': (" + shapeText +
                       "), }";
  // Pad so that magic (6) + version (2) + length (2) + header is a multiple
  // of 64, ending in '\n'.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  os << "\x93NUMPY" << '\x01' << '\x00';
  os << (char)(header.size() & 0xff) << (char)(header.size() >> 8);
  os << header << payload;
  return success();
}
