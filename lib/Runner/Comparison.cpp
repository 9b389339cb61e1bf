//===- Comparison.cpp - a compiled result against the reference -----------===//

#include "attnc/Runner/Comparison.h"

#include "llvm/Support/Format.h"

#include <cmath>

using namespace mlir;
using namespace attnc::runner;

/// SPEC §7's tolerance of a float result; f64 and fp8 (not output types in
/// SPEC) get f32's and bf16's.
static double relativeTolerance(Type t) {
  if (t.isF16())
    return 2e-3;
  if (t.isF32() || t.isF64())
    return 1e-5;
  return 1e-2;
}

/// Positions where one side is NaN and the other is not, or both infinite
/// with other values, fail outright; both NaN or equal infinities are left
/// out. Returns the note for the first such position, or "".
static std::string specialMismatch(const HostBuffer &out,
                                   const HostBuffer &ref) {
  int64_t nanOnlyOut = 0, nanOnlyRef = 0, infDiffer = 0;
  for (size_t i = 0; i < out.values.size(); ++i) {
    double o = out.values[i], r = ref.values[i];
    if (std::isnan(o) != std::isnan(r))
      ++(std::isnan(o) ? nanOnlyOut : nanOnlyRef);
    else if (!std::isnan(o) && (std::isinf(o) || std::isinf(r)) && o != r)
      ++infDiffer;
  }
  std::string note;
  if (nanOnlyOut)
    note += std::to_string(nanOnlyOut) + " NaN where the reference has none";
  if (nanOnlyRef)
    note += (note.empty() ? "" : "; ") + std::to_string(nanOnlyRef) +
            " values where the reference has NaN";
  if (infDiffer)
    note += (note.empty() ? "" : "; ") + std::to_string(infDiffer) +
            " infinities that differ from the reference";
  return note;
}

/// Whether the pair is left out (both NaN, or the same infinity).
static bool leftOut(double o, double r) {
  return (std::isnan(o) && std::isnan(r)) ||
         ((std::isinf(o) || std::isinf(r)) && o == r);
}

Comparison attnc::runner::compareWithReference(const HostBuffer &out,
                                               const HostBuffer &ref,
                                               StringRef name) {
  Comparison c;
  if (out.shape != ref.shape || out.elementType != ref.elementType) {
    c.metric = "shape";
    c.pass = false;
    c.note = "the result is " + out.describe() + " but the reference " +
             ref.describe();
    return c;
  }
  Type t = out.elementType;
  bool isInt = isa<IntegerType, IndexType>(t);
  if (isInt && !t.isSignlessInteger(8)) {
    c.metric = "mismatches";
    c.tolerance = -1;
    for (size_t i = 0; i < out.values.size(); ++i)
      c.error += out.values[i] != ref.values[i];
    return c;
  }
  if (isInt) { // int8 output: within 1 of the quantized reference
    c.metric = "max difference";
    c.tolerance = 1;
    for (size_t i = 0; i < out.values.size(); ++i)
      c.error = std::max(c.error, std::abs(out.values[i] - ref.values[i]));
    c.pass = c.error <= c.tolerance;
    return c;
  }

  c.note = specialMismatch(out, ref);
  if (name == "lse") {
    c.metric = "absolute error";
    c.tolerance = 1e-3;
    for (size_t i = 0; i < out.values.size(); ++i)
      if (!leftOut(out.values[i], ref.values[i]) &&
          !std::isinf(out.values[i]) && !std::isinf(ref.values[i]))
        c.error = std::max(c.error,
                           std::abs(out.values[i] - ref.values[i]));
    c.pass = c.note.empty() && c.error <= c.tolerance;
    return c;
  }

  c.metric = "relative error";
  c.tolerance = relativeTolerance(t);
  double diff2 = 0, ref2 = 0, out2 = 0;
  for (size_t i = 0; i < out.values.size(); ++i) {
    double o = out.values[i], r = ref.values[i];
    if (leftOut(o, r) || std::isnan(o) || std::isnan(r) || std::isinf(o) ||
        std::isinf(r))
      continue;
    diff2 += (o - r) * (o - r);
    ref2 += r * r;
    out2 += o * o;
  }
  if (ref2 == 0) {
    // An all-zero reference (e.g. every row fully masked): out must be too.
    c.error = std::sqrt(out2);
    c.metric = "norm (reference all zero)";
    c.pass = c.note.empty() && out2 == 0;
    c.tolerance = 0;
    return c;
  }
  c.error = std::sqrt(diff2 / ref2);
  c.pass = c.note.empty() && c.error <= c.tolerance;
  return c;
}

bool attnc::runner::reportComparisons(ArrayRef<HostBuffer> outputs,
                                      ArrayRef<HostBuffer> reference,
                                      ArrayRef<std::string> names,
                                      llvm::raw_ostream &os,
                                      bool onlyFailures) {
  bool allPass = true;
  for (auto [i, out, ref] : llvm::enumerate(outputs, reference)) {
    StringRef name = i < names.size() ? StringRef(names[i]) : "";
    Comparison c = compareWithReference(out, ref, name);
    allPass &= c.pass;
    if (onlyFailures && c.pass)
      continue;
    os << llvm::format("  check  #%-2u %-18s %s %.3g", (unsigned)i,
                       name.str().c_str(), c.metric.c_str(), c.error);
    if (c.tolerance >= 0)
      os << llvm::format(" (tolerance %.3g)", c.tolerance);
    else
      os << " (reported, not judged)";
    if (!c.note.empty())
      os << ", " << c.note;
    os << (c.pass ? ": ok" : ": FAIL") << "\n";
  }
  return allPass;
}
