//===- Report.cpp - the calibration as JSON -------------------------------===//

#include "attnc/Calibration/Calibration.h"

#include "llvm/Support/raw_ostream.h"

#include <set>

using namespace mlir;
using namespace attnc;
using namespace attnc::calibration;
namespace json = llvm::json;

static json::Value fitJson(const PhaseFit &fit, const Report &report) {
  json::Object o{{"ok", fit.ok()}};
  if (!fit.ok()) {
    o["error"] = fit.error;
    return o;
  }
  // lambda(L) at every key length this phase was sampled at.
  std::set<double> lengths;
  for (const Sample &s : report.samples)
    if (s.phase == fit.phase)
      lengths.insert(s.keyLength);
  json::Array lambdaAt;
  for (double l : lengths)
    lambdaAt.push_back(
        json::Object{{"key_length", l}, {"lambda", fit.lambdaAt(l)}});
  json::Array warnings;
  for (const std::string &w : fit.warnings)
    warnings.push_back(w);
  o["a"] = fit.a;
  o["b"] = fit.b;
  o["target"] = fit.target;
  o["attribute"] = fit.attributeText();
  o["residual_rms"] = fit.residual;
  o["samples_used"] = fit.used;
  o["distinct_fractions"] = fit.distinctFractions;
  o["distinct_key_lengths"] = fit.distinctKeyLengths;
  o["fraction_range"] = json::Array{fit.minFraction, fit.maxFraction};
  o["target_in_range"] =
      fit.target >= fit.minFraction && fit.target <= fit.maxFraction;
  o["lambda_at"] = std::move(lambdaAt);
  o["warnings"] = std::move(warnings);
  return o;
}

json::Value calibration::toJson(const Report &report) {
  std::string original;
  llvm::raw_string_ostream(original) << report.original;
  json::Object phases;
  json::Array warnings;
  bool anyFit = false;
  for (const PhaseFit &fit : report.fits) {
    phases[phaseName(fit.phase)] = fitJson(fit, report);
    anyFit |= fit.ok();
    for (const std::string &w : fit.warnings)
      warnings.push_back(w);
  }
  json::Array samples;
  for (const Sample &s : report.samples)
    samples.push_back(json::Object{{"phase", phaseName(s.phase)},
                                   {"lambda", s.lambda},
                                   {"key_length", s.keyLength},
                                   {"lambda_times_L", s.lambda * s.keyLength},
                                   {"inputs", s.source},
                                   {"skipped", s.skipped},
                                   {"visited", s.visited},
                                   {"fraction", s.fraction()},
                                   {"used_in_fit", s.usable()}});
  json::Array checks;
  for (const Check &c : report.checks)
    checks.push_back(json::Object{{"phase", phaseName(c.phase)},
                                  {"key_length", c.keyLength},
                                  {"lambda", c.lambda},
                                  {"target", c.target},
                                  {"inputs", c.source},
                                  {"skipped", c.skipped},
                                  {"visited", c.visited},
                                  {"fraction", c.fraction()}});
  json::Array lambdas;
  for (double l : report.lambdas)
    lambdas.push_back(l);
  json::Object o{
      {"kernel", report.kernelFile},   {"function", report.function},
      {"skip_softmax", original},      {"lambdas", std::move(lambdas)},
      {"phases", std::move(phases)},   {"warnings", std::move(warnings)},
      {"samples", std::move(samples)}, {"checks", std::move(checks)}};
  if (anyFit)
    o["calibrated_skip_softmax"] =
        skipSoftmaxText(report.original, report.fits);
  return o;
}
