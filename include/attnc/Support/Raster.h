//===- Raster.h - drawing into an RGB image ---------------------*- C++ -*-===//
//
// The few primitives a chart needs, on an RgbImage: pixels, rectangles,
// lines (solid or dashed, a few pixels thick), filled and hollow discs, and
// text in a built-in 5x7 bitmap font (printable ASCII) at an integer
// scale. Coordinates are pixels, x to the right and y down; anything
// outside the image is clipped.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_SUPPORT_RASTER_H
#define ATTNC_SUPPORT_RASTER_H

#include "attnc/Support/Png.h"

#include "llvm/ADT/StringRef.h"

namespace attnc {

class Raster {
public:
  explicit Raster(RgbImage &image) : image(image) {}

  void setPixel(int x, int y, uint32_t color);
  /// The colour at (x, y) (0xRRGGBB); black outside the image.
  uint32_t getPixel(int x, int y) const;
  void fillRect(int x0, int y0, int x1, int y1, uint32_t color);
  /// A line from (x0, y0) to (x1, y1), `thickness` pixels wide; with
  /// `dash` > 0, `dash` pixels drawn, `dash` left out, along its length.
  void drawLine(double x0, double y0, double x1, double y1, uint32_t color,
                int thickness = 1, int dash = 0);
  void fillDisc(double cx, double cy, double radius, uint32_t color);
  void drawCircle(double cx, double cy, double radius, uint32_t color);

  /// Text with its top-left corner at (x, y); each glyph is 5x7 font pixels
  /// plus one of spacing, `scale` image pixels each. Characters outside
  /// printable ASCII draw as '?'.
  void drawText(int x, int y, llvm::StringRef text, uint32_t color,
                int scale = 1);
  /// Text rotated a quarter turn counter-clockwise (read bottom to top),
  /// its first glyph's bottom-left corner at (x, y).
  void drawTextVertical(int x, int y, llvm::StringRef text, uint32_t color,
                        int scale = 1);
  static int textWidth(llvm::StringRef text, int scale = 1) {
    return static_cast<int>(text.size()) * 6 * scale;
  }
  static int textHeight(int scale = 1) { return 7 * scale; }

private:
  /// Calls `plot(column, row)` for the set pixels of `c`'s glyph.
  template <typename Plot> static void forGlyph(char c, Plot plot);
  RgbImage &image;
};

} // namespace attnc

#endif // ATTNC_SUPPORT_RASTER_H
