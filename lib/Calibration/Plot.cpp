//===- Plot.cpp - sparsity against lambda L, as a PNG ---------------------===//

#include "attnc/Calibration/Calibration.h"

#include "attnc/Support/Png.h"
#include "attnc/Support/Raster.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace attnc;
using namespace attnc::calibration;

namespace {

constexpr int kWidth = 800, kHeight = 560;
constexpr int kLeft = 80, kRight = 24, kTop = 48, kBottom = 64;
constexpr uint32_t kBlack = 0x000000, kGrid = 0xe4e4e4, kBand = 0xf2f6ee,
                   kTargetColor = 0x2ca02c;

uint32_t phaseColor(Phase phase) {
  return phase == Phase::Prefill ? 0x1f77b4 : 0xd62728;
}

std::string format(const char *fmt, double v) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format(fmt, v);
  return text;
}

/// Plot coordinates: log10(lambda L) across, the fraction up.
struct Axes {
  double lo, hi; // decades shown
  int x0 = kLeft, x1 = kWidth - kRight, y0 = kHeight - kBottom, y1 = kTop;
  double x(double lambdaL) const {
    return x0 + (std::log10(lambdaL) - lo) / (hi - lo) * (x1 - x0);
  }
  double y(double fraction) const { return y0 - fraction * (y0 - y1); }
};

} // namespace

bool calibration::writePlot(const Report &report, StringRef path,
                            std::string &error) {
  RgbImage image(kWidth, kHeight);
  Raster r(image);

  // The x range: whole decades around every sample's lambda L.
  double lo = INFINITY, hi = -INFINITY;
  for (const Sample &s : report.samples) {
    if (!s.visited || !(s.lambda * s.keyLength > 0))
      continue;
    lo = std::min(lo, std::log10(s.lambda * s.keyLength));
    hi = std::max(hi, std::log10(s.lambda * s.keyLength));
  }
  if (!std::isfinite(lo)) {
    lo = -3;
    hi = 0;
  }
  Axes ax;
  ax.lo = std::floor(lo);
  ax.hi = std::max(std::ceil(hi), ax.lo + 1);

  // Background: the fitted band [0.1, 0.9], grid lines, minor ticks.
  r.fillRect(ax.x0, static_cast<int>(ax.y(0.9)), ax.x1,
             static_cast<int>(ax.y(0.1)), kBand);
  for (int k = 0; k <= 10; ++k) {
    double f = k / 10.0;
    r.drawLine(ax.x0, ax.y(f), ax.x1, ax.y(f), kGrid);
    r.drawLine(ax.x0 - 4, ax.y(f), ax.x0, ax.y(f), kBlack);
    if (k % 2 == 0) {
      std::string label = format("%.1f", f);
      r.drawText(ax.x0 - 8 - Raster::textWidth(label, 2),
                 static_cast<int>(ax.y(f)) - 7, label, kBlack, 2);
    }
  }
  int decades = static_cast<int>(ax.hi - ax.lo);
  int labelEvery = std::max(1, decades / 6);
  for (int d = 0; d <= decades; ++d) {
    double e = ax.lo + d;
    double x = ax.x(std::pow(10.0, e));
    r.drawLine(x, ax.y1, x, ax.y0, kGrid);
    r.drawLine(x, ax.y0, x, ax.y0 + 6, kBlack);
    if (d % labelEvery == 0) {
      std::string label = format("1e%.0f", e);
      r.drawText(static_cast<int>(x) - Raster::textWidth(label, 2) / 2,
                 ax.y0 + 12, label, kBlack, 2);
    }
    for (int m = 2; m <= 9 && d < decades; ++m) {
      double xm = ax.x(m * std::pow(10.0, e));
      r.drawLine(xm, ax.y0, xm, ax.y0 + 3, kBlack);
    }
  }
  r.drawLine(ax.x0, ax.y0, ax.x1, ax.y0, kBlack);
  r.drawLine(ax.x0, ax.y0, ax.x0, ax.y1, kBlack);
  r.drawLine(ax.x1, ax.y0, ax.x1, ax.y1, kBlack);
  r.drawLine(ax.x0, ax.y1, ax.x1, ax.y1, kBlack);

  // Labels and title.
  std::string xLabel = "lambda * L (log scale)";
  r.drawText((ax.x0 + ax.x1 - Raster::textWidth(xLabel, 2)) / 2, kHeight - 24,
             xLabel, kBlack, 2);
  std::string yLabel = "skipped fraction s";
  r.drawTextVertical(12, (ax.y0 + ax.y1 + Raster::textWidth(yLabel, 2)) / 2,
                     yLabel, kBlack, 2);
  std::string title = "skip-softmax calibration of " + report.function;
  r.drawText(ax.x0, 14, title, kBlack, 2);

  // The target, and for each fit its line and where it meets the target.
  double target = report.fits.empty() ? 0.5 : report.fits.front().target;
  r.drawLine(ax.x0, ax.y(target), ax.x1, ax.y(target), kTargetColor, 1, 6);
  r.drawText(ax.x1 - Raster::textWidth("target", 1) - 4,
             static_cast<int>(ax.y(target)) - 10, "target", kTargetColor);
  for (const PhaseFit &fit : report.fits) {
    if (!fit.ok() || fit.b == 0)
      continue;
    uint32_t color = phaseColor(fit.phase);
    // s = (ln x - ln a) / b is straight in log x: sample it across.
    double px = 0, py = 0;
    bool have = false;
    for (int i = 0; i <= 400; ++i) {
      double e = ax.lo + (ax.hi - ax.lo) * i / 400.0;
      double s = (e * std::log(10.0) - std::log(fit.a)) / fit.b;
      double x = ax.x(std::pow(10.0, e)), y = ax.y(s);
      bool inside = s >= 0 && s <= 1;
      if (inside && have)
        r.drawLine(px, py, x, y, color, 2);
      px = x, py = y, have = inside;
    }
    double atTarget = fit.a * std::exp(fit.b * target);
    double tx = ax.x(atTarget), ty = ax.y(target);
    if (tx >= ax.x0 && tx <= ax.x1) {
      r.drawLine(tx - 6, ty - 6, tx + 6, ty + 6, color, 2);
      r.drawLine(tx - 6, ty + 6, tx + 6, ty - 6, color, 2);
    }
  }

  // Samples: filled where they entered the fit, hollow where not.
  for (const Sample &s : report.samples) {
    if (!s.visited)
      continue;
    double x = ax.x(s.lambda * s.keyLength), y = ax.y(s.fraction());
    if (s.usable())
      r.fillDisc(x, y, 4, phaseColor(s.phase));
    else
      r.drawCircle(x, y, 4, phaseColor(s.phase));
  }

  // Legend, top left inside the axes.
  int ly = ax.y1 + 10;
  for (const PhaseFit &fit : report.fits) {
    uint32_t color = phaseColor(fit.phase);
    std::string text = phaseName(fit.phase).str() +
                       (fit.ok() ? ": a = " + format("%.4g", fit.a) +
                                       ", b = " + format("%.4g", fit.b)
                                 : std::string(": no fit"));
    r.fillDisc(ax.x0 + 16, ly + 6, 4, color);
    r.drawText(ax.x0 + 28, ly, text, color, 2);
    ly += 20;
  }
  r.drawText(ax.x0 + 28, ly, "filled: used in the fit (0.1 <= s <= 0.9)",
             kBlack);
  return writePng(image, path, error);
}
