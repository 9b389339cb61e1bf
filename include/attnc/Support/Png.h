//===- Png.h - RGB images as PNG files --------------------------*- C++ -*-===//
//
// Encodes an 8-bit RGB image as a PNG (signature, IHDR, one IDAT, IEND; no
// filtering). The image data is a zlib stream: compressed with LLVM's zlib
// where LLVM was built with it, else stored (uncompressed deflate blocks),
// which every PNG reader takes. No dependency beyond LLVM Support.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_SUPPORT_PNG_H
#define ATTNC_SUPPORT_PNG_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace attnc {

/// An 8-bit RGB image, rows top to bottom, 3 bytes a pixel.
struct RgbImage {
  int width = 0, height = 0;
  std::vector<uint8_t> rgb;
  RgbImage() = default;
  RgbImage(int width, int height, uint32_t fill = 0xffffff);
};

enum class PngCompression { Best, Stored };

/// The bytes of `image` as a PNG file. `Best` compresses with zlib when it
/// is available and stores otherwise.
std::string encodePng(const RgbImage &image,
                      PngCompression compression = PngCompression::Best);

/// The zlib stream (RFC 1950) of `data` in stored deflate blocks.
std::vector<uint8_t> zlibStored(llvm::ArrayRef<uint8_t> data);

/// Adler-32 of `data` (RFC 1950), the checksum that ends a zlib stream.
uint32_t adler32(llvm::ArrayRef<uint8_t> data);

/// Writes `image` as a PNG file; on failure sets `error`.
bool writePng(const RgbImage &image, llvm::StringRef path, std::string &error);

} // namespace attnc

#endif // ATTNC_SUPPORT_PNG_H
