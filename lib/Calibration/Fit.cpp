//===- Fit.cpp - the fit of one phase and what it is worth ----------------===//

#include "attnc/Calibration/Calibration.h"

#include "attnc/Reference/Reference.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <set>

using namespace mlir;
using namespace attnc;
using namespace attnc::calibration;

double PhaseFit::lambdaAt(double keyLength) const {
  return a * std::exp(b * target) / keyLength;
}

/// Enough digits that the printed fit gives the same thresholds.
static std::string number(double v) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%.6g", v);
  // MLIR's float literals have a '.' before any exponent.
  if (text.find_first_of(".ni") == std::string::npos)
    text.insert(std::min(text.find('e'), text.size()), ".0");
  return text;
}

std::string PhaseFit::attributeText() const {
  return "#attn.calibrated<a = " + number(a) + ", b = " + number(b) +
         ", target = " + number(target) + ">";
}

PhaseFit calibration::fitPhase(ArrayRef<Sample> samples, Phase phase,
                               double target) {
  PhaseFit fit;
  fit.phase = phase;
  fit.target = target;
  std::vector<ref::CalibrationSample> refSamples;
  std::set<double> fractions, keyLengths, allKeyLengths;
  fit.minFraction = INFINITY;
  fit.maxFraction = -INFINITY;
  for (const Sample &s : samples) {
    if (s.phase != phase || !s.visited)
      continue;
    // The reference takes whole key lengths; a set of sequences of several
    // lengths enters with its (rounded) mean.
    refSamples.push_back({s.lambda,
                          static_cast<int64_t>(std::lround(s.keyLength)),
                          s.fraction()});
    allKeyLengths.insert(s.keyLength);
    if (!s.usable())
      continue;
    ++fit.used;
    fractions.insert(s.fraction());
    keyLengths.insert(s.keyLength);
    fit.minFraction = std::min(fit.minFraction, s.fraction());
    fit.maxFraction = std::max(fit.maxFraction, s.fraction());
  }
  fit.distinctFractions = fractions.size();
  fit.distinctKeyLengths = keyLengths.size();
  std::string name = phaseName(phase).str();
  if (refSamples.empty()) {
    fit.error = name + ": no samples (no input set of this phase)";
    return fit;
  }
  ref::CalibrationFit refFit;
  ref::Status status = ref::fitCalibration(refSamples, refFit);
  if (!status.ok) {
    double lo = INFINITY, hi = -INFINITY;
    for (const Sample &s : samples)
      if (s.phase == phase && s.visited) {
        lo = std::min(lo, s.fraction());
        hi = std::max(hi, s.fraction());
      }
    std::string text;
    llvm::raw_string_ostream os(text);
    os << name << ": " << status.message << " (observed fractions "
       << llvm::format("%.3g..%.3g", lo, hi) << "; "
       << (hi < 0.1   ? "raise the largest lambda or sharpen the inputs"
           : lo > 0.9 ? "lower the smallest lambda"
                      : "use a finer lambda grid")
       << ")";
    fit.error = text;
    return fit;
  }
  fit.a = refFit.a;
  fit.b = refFit.b;
  double squares = 0;
  for (const ref::CalibrationSample &s : refSamples) {
    if (!(s.skippedFraction >= 0.1 && s.skippedFraction <= 0.9))
      continue;
    double r = std::log(s.lambda * s.keyLength) -
               (std::log(fit.a) + fit.b * s.skippedFraction);
    squares += r * r;
  }
  fit.residual = std::sqrt(squares / fit.used);

  auto warn = [&](const Twine &text) {
    fit.warnings.push_back(name + ": " + text.str());
  };
  if (target < fit.minFraction || target > fit.maxFraction)
    warn("the target S* = " + number(target) +
         " lies outside the skipped fractions used in the fit [" +
         number(fit.minFraction) + ", " + number(fit.maxFraction) +
         "]: lambda(L) is extrapolated");
  if (fit.used < 4)
    warn("only " + Twine(fit.used) +
         " samples have 0.1 <= s <= 0.9: refine the lambda grid around "
         "them or add seeds and key lengths");
  if (fit.distinctKeyLengths < 2)
    warn("every sample in the fit has the same key length: the 1/L law of "
         "lambda(L) is assumed, not measured; calibrate at several key "
         "lengths");
  if (!(fit.b > 0))
    warn("b = " + number(fit.b) +
         " <= 0: the skipped fraction does not grow with lambda");
  for (double l : allKeyLengths) {
    double lambda = fit.lambdaAt(l);
    if (!(lambda > 0 && lambda < 1))
      warn("lambda(" + number(l) + ") = " + number(lambda) +
           " lies outside (0, 1)");
  }
  return fit;
}

std::string calibration::skipSoftmaxText(attn::SkipSoftmaxAttr original,
                                         ArrayRef<PhaseFit> fits) {
  auto threshold = [&](Phase phase, Attribute fallback) {
    for (const PhaseFit &fit : fits)
      if (fit.phase == phase && fit.ok())
        return fit.attributeText();
    std::string text;
    llvm::raw_string_ostream(text) << fallback;
    return text;
  };
  return "#attn.skip_softmax<br = " + std::to_string(original.getBr()) +
         ", bc = " + std::to_string(original.getBc()) + ", prefill = " +
         threshold(Phase::Prefill, original.getPrefillOrDefault()) +
         ", decode = " +
         threshold(Phase::Decode, original.getDecodeOrDefault()) + ">";
}
