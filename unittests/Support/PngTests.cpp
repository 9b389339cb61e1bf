//===- PngTests.cpp - PNG encoding and raster drawing ---------------------===//

#include "attnc/Support/Png.h"
#include "attnc/Support/Raster.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/CRC.h"
#include "llvm/Support/Compression.h"
#include "llvm/Support/Error.h"

#include <gtest/gtest.h>

using namespace attnc;

namespace {

uint32_t bigEndian(const std::string &bytes, size_t at) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i)
    v = v << 8 | static_cast<uint8_t>(bytes[at + i]);
  return v;
}

struct Chunk {
  std::string type, data;
  uint32_t crc;
};

/// The chunks after the signature; fails the test on a truncated file.
std::vector<Chunk> chunks(const std::string &png) {
  std::vector<Chunk> out;
  size_t at = 8;
  while (at + 12 <= png.size()) {
    uint32_t length = bigEndian(png, at);
    EXPECT_LE(at + 12 + length, png.size());
    out.push_back({png.substr(at + 4, 4), png.substr(at + 8, length),
                   bigEndian(png, at + 8 + length)});
    at += 12 + length;
  }
  EXPECT_EQ(at, png.size());
  return out;
}

uint32_t crcOf(const Chunk &c) {
  std::string bytes = c.type + c.data;
  return llvm::crc32(llvm::ArrayRef(
      reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size()));
}

/// Inflates a zlib stream made only of stored blocks.
std::vector<uint8_t> inflateStored(const std::vector<uint8_t> &z) {
  std::vector<uint8_t> out;
  EXPECT_EQ(z[0], 0x78);
  EXPECT_EQ((z[0] << 8 | z[1]) % 31, 0);
  size_t at = 2;
  bool last = false;
  while (!last && at + 5 <= z.size()) {
    last = z[at] & 1;
    EXPECT_EQ(z[at] >> 1, 0) << "not a stored block";
    size_t n = z[at + 1] | z[at + 2] << 8;
    size_t complement = z[at + 3] | z[at + 4] << 8;
    EXPECT_EQ(n ^ 0xffff, complement);
    out.insert(out.end(), z.begin() + at + 5, z.begin() + at + 5 + n);
    at += 5 + n;
  }
  EXPECT_TRUE(last);
  EXPECT_EQ(at + 4, z.size());
  return out;
}

TEST(PngTest, Adler32MatchesKnownValues) {
  EXPECT_EQ(adler32({}), 1u);
  std::string text = "Wikipedia";
  EXPECT_EQ(adler32(llvm::ArrayRef(
                reinterpret_cast<const uint8_t *>(text.data()), text.size())),
            0x11E60398u);
}

TEST(PngTest, StoredStreamSplitsLongDataIntoBlocks) {
  std::vector<uint8_t> data(70000);
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = i * 7;
  std::vector<uint8_t> z = zlibStored(data);
  EXPECT_EQ(z.size(), 2 + 2 * 5 + data.size() + 4);
  EXPECT_EQ(inflateStored(z), data);
  uint32_t adler = z[z.size() - 4] << 24 | z[z.size() - 3] << 16 |
                   z[z.size() - 2] << 8 | z[z.size() - 1];
  EXPECT_EQ(adler, adler32(data));
  if (llvm::compression::zlib::isAvailable()) {
    llvm::SmallVector<uint8_t, 0> back;
    EXPECT_FALSE(llvm::errorToBool(
        llvm::compression::zlib::decompress(z, back, data.size())));
    EXPECT_EQ(std::vector<uint8_t>(back.begin(), back.end()), data);
  }
  EXPECT_EQ(inflateStored(zlibStored({})), std::vector<uint8_t>());
}

class PngEncodeTest : public ::testing::TestWithParam<PngCompression> {};

TEST_P(PngEncodeTest, ChunksHeaderAndPixelsAreValid) {
  RgbImage image(3, 2, 0x102030);
  Raster(image).setPixel(2, 1, 0xff0000);
  std::string png = encodePng(image, GetParam());
  ASSERT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  std::vector<Chunk> cs = chunks(png);
  ASSERT_EQ(cs.size(), 3u);
  EXPECT_EQ(cs[0].type, "IHDR");
  ASSERT_EQ(cs[0].data.size(), 13u);
  EXPECT_EQ(bigEndian(cs[0].data, 0), 3u);
  EXPECT_EQ(bigEndian(cs[0].data, 4), 2u);
  EXPECT_EQ(cs[0].data.substr(8), std::string("\x08\x02\x00\x00\x00", 5));
  EXPECT_EQ(cs[1].type, "IDAT");
  EXPECT_EQ(cs[2].type, "IEND");
  EXPECT_EQ(cs[2].crc, 0xAE426082u); // the CRC every IEND has
  for (const Chunk &c : cs)
    EXPECT_EQ(c.crc, crcOf(c)) << c.type;

  std::vector<uint8_t> z(cs[1].data.begin(), cs[1].data.end());
  std::vector<uint8_t> raw;
  if (GetParam() == PngCompression::Stored) {
    raw = inflateStored(z);
  } else if (llvm::compression::zlib::isAvailable()) {
    llvm::SmallVector<uint8_t, 0> back;
    ASSERT_FALSE(
        llvm::errorToBool(llvm::compression::zlib::decompress(z, back, 64)));
    raw.assign(back.begin(), back.end());
  } else {
    raw = inflateStored(z);
  }
  std::vector<uint8_t> expected = {0,    0x10, 0x20, 0x30, 0x10, 0x20, 0x30,
                                   0x10, 0x20, 0x30, 0,    0x10, 0x20, 0x30,
                                   0x10, 0x20, 0x30, 0xff, 0,    0};
  EXPECT_EQ(raw, expected);
}

INSTANTIATE_TEST_SUITE_P(Compressions, PngEncodeTest,
                         ::testing::Values(PngCompression::Stored,
                                           PngCompression::Best));

TEST(RasterTest, LinesReachTheirEndsAndClip) {
  RgbImage image(20, 10);
  Raster r(image);
  r.drawLine(1, 1, 18, 8, 0x0000ff);
  EXPECT_EQ(r.getPixel(1, 1), 0x0000ffu);
  EXPECT_EQ(r.getPixel(18, 8), 0x0000ffu);
  EXPECT_EQ(r.getPixel(18, 1), 0xffffffu);
  // Off the image: clipped, no write out of bounds.
  r.drawLine(-50, -50, 100, 100, 0x00ff00, 3);
  r.fillDisc(-3, 5, 6, 0xff0000);
  EXPECT_EQ(r.getPixel(0, 5), 0xff0000u);
  EXPECT_EQ(r.getPixel(-1, 0), 0u);
}

TEST(RasterTest, DashedLinesLeaveGaps) {
  RgbImage image(40, 3);
  Raster r(image);
  r.drawLine(0, 1, 39, 1, 0x000000, 1, 4);
  int set = 0;
  for (int x = 0; x < 40; ++x)
    set += r.getPixel(x, 1) == 0;
  EXPECT_GT(set, 12);
  EXPECT_LT(set, 28);
}

TEST(RasterTest, TextDrawsGlyphsInTheirCells) {
  RgbImage image(30, 20);
  Raster r(image);
  r.drawText(0, 0, "1e-3", 0x000000, 1);
  // '1' has its stem in column 2, rows 0-6.
  for (int y = 0; y < 7; ++y)
    EXPECT_EQ(r.getPixel(2, y), 0u);
  // Nothing below the 7 rows of the font, nor in the spacing column.
  for (int x = 0; x < 30; ++x)
    EXPECT_EQ(r.getPixel(x, 7), 0xffffffu);
  EXPECT_EQ(r.getPixel(5, 3), 0xffffffu);
  EXPECT_EQ(Raster::textWidth("1e-3", 2), 48);
  // Vertical text goes up from its anchor.
  RgbImage tall(10, 30);
  Raster(tall).drawTextVertical(0, 29, "-", 0x000000);
  EXPECT_EQ(Raster(tall).getPixel(3, 27), 0u);
}

} // namespace
