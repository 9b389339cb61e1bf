//===- Calibration.cpp - Skip-softmax threshold calibration (SPEC §5.4) ---===//

#include "attnc/Reference/Reference.h"

#include <cmath>
#include <sstream>

namespace attnc::ref {

double Threshold::at(int64_t keyLength) const {
  if (!calibrated)
    return value;
  // lambda(L) = a * exp(b * S*) / L; a sequence without keys visits no tile,
  // so its threshold is never used: return the L = 1 value rather than inf.
  double l = keyLength > 0 ? static_cast<double>(keyLength) : 1.0;
  return a * std::exp(b * target) / l;
}

Status fitCalibration(const std::vector<CalibrationSample> &samples,
                      CalibrationFit &fit) {
  // OLS of y = log(lambda * L) on x = s over samples with 0.1 <= s <= 0.9.
  std::vector<double> xs, ys;
  for (size_t n = 0; n < samples.size(); ++n) {
    const CalibrationSample &c = samples[n];
    if (!(c.skippedFraction >= 0.1 && c.skippedFraction <= 0.9))
      continue;
    if (!(c.lambda > 0) || c.keyLength <= 0 || !std::isfinite(c.lambda)) {
      std::ostringstream os;
      os << "calibration: sample " << n << ": lambda = " << c.lambda
         << ", key length = " << c.keyLength
         << ": log(lambda * L) needs both positive";
      return Status::error(os.str());
    }
    xs.push_back(c.skippedFraction);
    ys.push_back(std::log(c.lambda * static_cast<double>(c.keyLength)));
  }
  const double n = static_cast<double>(xs.size());
  double mx = 0, my = 0;
  for (size_t t = 0; t < xs.size(); ++t)
    mx += xs[t], my += ys[t];
  if (!xs.empty())
    mx /= n, my /= n;
  double sxx = 0, sxy = 0;
  bool distinct = false;
  for (size_t t = 0; t < xs.size(); ++t) {
    sxx += (xs[t] - mx) * (xs[t] - mx);
    sxy += (xs[t] - mx) * (ys[t] - my);
    distinct = distinct || xs[t] != xs[0];
  }
  if (!distinct) {
    std::ostringstream os;
    os << "calibration: needs at least two distinct skipped fractions in "
          "[0.1, 0.9], got "
       << xs.size() << " usable sample(s) of " << samples.size();
    return Status::error(os.str());
  }
  const double slope = sxy / sxx;
  fit.b = slope;
  fit.a = std::exp(my - slope * mx);
  return Status::success();
}

} // namespace attnc::ref
