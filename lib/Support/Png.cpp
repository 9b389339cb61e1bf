//===- Png.cpp - RGB images as PNG files ----------------------------------===//

#include "attnc/Support/Png.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/Compression.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace attnc;

RgbImage::RgbImage(int width, int height, uint32_t fill)
    : width(width), height(height) {
  rgb.resize(static_cast<size_t>(width) * height * 3);
  for (size_t i = 0; i < rgb.size(); i += 3) {
    rgb[i] = fill >> 16;
    rgb[i + 1] = fill >> 8;
    rgb[i + 2] = fill;
  }
}

uint32_t attnc::adler32(llvm::ArrayRef<uint8_t> data) {
  constexpr uint32_t mod = 65521;
  uint32_t a = 1, b = 0;
  for (uint8_t byte : data) {
    a = (a + byte) % mod;
    b = (b + a) % mod;
  }
  return b << 16 | a;
}

static void appendBigEndian(std::vector<uint8_t> &out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(value >> shift);
}

std::vector<uint8_t> attnc::zlibStored(llvm::ArrayRef<uint8_t> data) {
  // CMF 0x78 (deflate, 32 KiB window), FLG 0x01 (no dictionary, fastest;
  // 0x7801 is a multiple of 31).
  std::vector<uint8_t> out = {0x78, 0x01};
  constexpr size_t maxBlock = 65535;
  size_t offset = 0;
  do {
    size_t n = std::min(maxBlock, data.size() - offset);
    bool last = offset + n == data.size();
    // BFINAL, BTYPE = 00 (stored), then LEN and its complement, little-endian.
    out.push_back(last ? 1 : 0);
    out.push_back(n & 0xff);
    out.push_back(n >> 8);
    out.push_back(~n & 0xff);
    out.push_back((~n >> 8) & 0xff);
    out.insert(out.end(), data.begin() + offset, data.begin() + offset + n);
    offset += n;
  } while (offset < data.size());
  appendBigEndian(out, adler32(data));
  return out;
}

/// A chunk: length, type, data, CRC-32 of type and data.
static void appendChunk(std::vector<uint8_t> &out, const char type[4],
                        llvm::ArrayRef<uint8_t> data) {
  appendBigEndian(out, data.size());
  size_t start = out.size();
  out.insert(out.end(), type, type + 4);
  out.insert(out.end(), data.begin(), data.end());
  appendBigEndian(out, llvm::crc32(llvm::ArrayRef(out).drop_front(start)));
}

std::string attnc::encodePng(const RgbImage &image,
                             PngCompression compression) {
  std::vector<uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  std::vector<uint8_t> header;
  appendBigEndian(header, image.width);
  appendBigEndian(header, image.height);
  // Bit depth 8, colour type 2 (RGB), deflate, adaptive filters, no
  // interlace.
  header.insert(header.end(), {8, 2, 0, 0, 0});
  appendChunk(out, "IHDR", header);

  // Each row is its filter byte (0: none) and its pixels.
  std::vector<uint8_t> raw;
  size_t rowBytes = static_cast<size_t>(image.width) * 3;
  raw.reserve((rowBytes + 1) * image.height);
  for (int y = 0; y < image.height; ++y) {
    raw.push_back(0);
    auto row = image.rgb.begin() + y * rowBytes;
    raw.insert(raw.end(), row, row + rowBytes);
  }
  if (compression == PngCompression::Best &&
      llvm::compression::zlib::isAvailable()) {
    llvm::SmallVector<uint8_t, 0> packed;
    llvm::compression::zlib::compress(
        raw, packed, llvm::compression::zlib::BestSizeCompression);
    appendChunk(out, "IDAT", packed);
  } else {
    appendChunk(out, "IDAT", zlibStored(raw));
  }
  appendChunk(out, "IEND", {});
  return std::string(out.begin(), out.end());
}

bool attnc::writePng(const RgbImage &image, llvm::StringRef path,
                     std::string &error) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec) {
    error = "cannot write '" + path.str() + "': " + ec.message();
    return false;
  }
  os << encodePng(image);
  os.close();
  if (os.has_error()) {
    error = "cannot write '" + path.str() + "': " + os.error().message();
    os.clear_error();
    return false;
  }
  return true;
}
