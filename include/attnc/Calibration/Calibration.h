//===- Calibration.h - skip-softmax threshold calibration -------*- C++ -*-===//
//
// SPEC §5.4's calibration of skip-softmax thresholds, on compiled CPU
// kernels: the function's skip-softmax op is compiled once per threshold
// `lambda` of a grid (both phases set to it, and the op's `skip_stats`
// returned), each kernel runs on sample inputs of one phase and one key
// length `L`, and the skipped fraction `s` of each run is a sample. Per
// phase, `log(lambda L) = log a + b s` is fitted by OLS over the samples
// with 0.1 <= s <= 0.9, which gives `#attn.calibrated<a, b, target>`:
// `lambda(L) = a exp(b S*) / L`.
//
// attnc-calibrate is the command line; the pieces are here so that other
// drivers (Python, benchmarks) can calibrate too.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_CALIBRATION_CALIBRATION_H
#define ATTNC_CALIBRATION_CALIBRATION_H

#include "attnc/Dialect/Attn/IR/Attn.h"
#include "attnc/Runner/CpuBackend.h"
#include "attnc/Runner/HostBuffer.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/JSON.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace attnc::calibration {

/// SPEC §5.4: a sequence of one query is in decode, any other in prefill.
enum class Phase { Prefill, Decode };
llvm::StringRef phaseName(Phase phase);
std::optional<Phase> parsePhase(llvm::StringRef name);

//===----------------------------------------------------------------------===//
// The kernel under calibration
//===----------------------------------------------------------------------===//

/// A copy of a function's module prepared for calibration: the function's
/// one attention op with `#attn.skip_softmax` returns its `skip_stats`
/// (added as the function's last result where it did not), and its
/// thresholds can be set before each compilation.
class CalibrationKernel {
public:
  /// Fails with `error` when `func` has no attention op with skip_softmax,
  /// or several.
  static mlir::FailureOr<std::unique_ptr<CalibrationKernel>>
  create(mlir::func::FuncOp func, std::string &error);

  /// The prepared function (same arguments as the original).
  mlir::func::FuncOp getFunction() const { return func; }
  attn::AttentionOpInterface getOp() const { return op; }
  /// The op's skip_softmax attribute as written in the input.
  attn::SkipSoftmaxAttr getOriginalAttr() const { return original; }
  /// The phases the op's operand types allow: decode only for a paged
  /// decode op (no cu_seqlens_q) or a dense op with static Sq = 1,
  /// prefill only for a dense op with a static Sq > 1, else both.
  llvm::SmallVector<Phase> getPhases() const;

  /// Sets both thresholds to `lambda` (in (0, 1)).
  void setThreshold(double lambda);
  /// Sets the thresholds to `prefill` and `decode` (FloatAttr or
  /// CalibratedThresholdAttr; null keeps the original).
  void setThresholds(mlir::Attribute prefill, mlir::Attribute decode);

  /// Compiles the function as it stands into a CPU kernel.
  mlir::FailureOr<std::unique_ptr<runner::CpuKernel>>
  compile(const runner::CpuBackendOptions &options, std::string &error) const;

  struct Counts {
    int64_t skipped = 0, visited = 0;
  };
  /// Runs `kernel` on `inputs` and returns its skip_stats.
  mlir::FailureOr<Counts> run(const runner::CpuKernel &kernel,
                              llvm::ArrayRef<runner::HostBuffer> inputs,
                              bool checkArguments, std::string &error) const;

private:
  CalibrationKernel() = default;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  mlir::func::FuncOp func;
  attn::AttentionOpInterface op;
  attn::SkipSoftmaxAttr original;
  unsigned statsResult = 0;
};

//===----------------------------------------------------------------------===//
// Sample inputs
//===----------------------------------------------------------------------===//

/// One set of arguments of the function, all of its sequences in one phase.
struct InputSet {
  std::string source; // "seed 3", "inputs #1"
  Phase phase = Phase::Prefill;
  /// L: the sequences' key count (their mean where they differ, between
  /// minKeyLength and maxKeyLength).
  double keyLength = 0;
  int64_t minKeyLength = 0, maxKeyLength = 0;
  int64_t numSequences = 0;
  llvm::SmallVector<runner::HostBuffer> inputs;
};

/// Phase and key length of `inputs` for `kernel`'s op. Sequences without
/// queries or keys have no tiles and are left out; an error when the
/// others mix prefill and decode, or when none is left.
mlir::FailureOr<InputSet>
describeInputs(const CalibrationKernel &kernel,
               llvm::SmallVector<runner::HostBuffer> inputs,
               llvm::StringRef source, std::string &error);

struct RandomSetOptions {
  Phase phase = Phase::Prefill;
  int64_t keyLength = 256;
  /// Prefill queries per sequence (0: as many as keys).
  int64_t queryLength = 0;
  int64_t batch = 2;
  uint64_t seed = 1;
  /// Multiplies the random queries: scores spread `qScale` times wider.
  double qScale = 1.0;
};

/// Random valid inputs with every sequence of `options.phase`, with
/// `options.keyLength` keys (where static shapes allow: the set says what
/// it got).
mlir::FailureOr<InputSet> generateInputSet(const CalibrationKernel &kernel,
                                           const RandomSetOptions &options,
                                           std::string &error);

//===----------------------------------------------------------------------===//
// Samples and the fit
//===----------------------------------------------------------------------===//

/// One run: threshold `lambda` on one input set.
struct Sample {
  Phase phase = Phase::Prefill;
  double lambda = 0;
  double keyLength = 0;
  std::string source;
  int64_t skipped = 0, visited = 0;
  double fraction() const {
    return visited ? static_cast<double>(skipped) / visited : 0.0;
  }
  /// SPEC §5.4: only 0.1 <= s <= 0.9 enters the fit.
  bool usable() const {
    return visited > 0 && fraction() >= 0.1 && fraction() <= 0.9;
  }
};

/// The fit of one phase and what it is worth.
struct PhaseFit {
  Phase phase = Phase::Prefill;
  /// Empty when the fit exists; else why not.
  std::string error;
  double a = 0, b = 0, target = 0;
  /// RMS of log(lambda L) - (log a + b s) over the samples used.
  double residual = 0;
  /// Samples used, their distinct fractions and key lengths, and the range
  /// of their fractions.
  int64_t used = 0, distinctFractions = 0, distinctKeyLengths = 0;
  double minFraction = 0, maxFraction = 0;
  /// What makes the fit doubtful: the target outside the observed range,
  /// few samples in range, one key length, a non-increasing fit, lambda(L)
  /// outside (0, 1) at a sampled L.
  std::vector<std::string> warnings;

  bool ok() const { return error.empty(); }
  /// lambda(L) = a exp(b S*) / L.
  double lambdaAt(double keyLength) const;
  /// "#attn.calibrated<a = ..., b = ..., target = ...>".
  std::string attributeText() const;
};

/// Fits `samples` of `phase` with the reference's fitCalibration and
/// collects the warnings; an unfit phase carries its error.
PhaseFit fitPhase(llvm::ArrayRef<Sample> samples, Phase phase, double target);

/// The skip_softmax attribute text with each fitted phase's threshold
/// replaced by its fit (others as in `original`).
std::string skipSoftmaxText(attn::SkipSoftmaxAttr original,
                            llvm::ArrayRef<PhaseFit> fits);

/// Validation of a fit: the kernel compiled with the calibrated threshold,
/// run on one input set.
struct Check {
  Phase phase = Phase::Prefill;
  double keyLength = 0, lambda = 0, target = 0;
  std::string source;
  int64_t skipped = 0, visited = 0;
  double fraction() const {
    return visited ? static_cast<double>(skipped) / visited : 0.0;
  }
};

//===----------------------------------------------------------------------===//
// Report
//===----------------------------------------------------------------------===//

struct Report {
  std::string kernelFile, function;
  attn::SkipSoftmaxAttr original;
  std::vector<double> lambdas;
  std::vector<Sample> samples;
  std::vector<PhaseFit> fits;
  std::vector<Check> checks;
};

/// The JSON written by attnc-calibrate (see docs/Calibration.md).
llvm::json::Value toJson(const Report &report);

/// Draws sparsity against lambda L (log scale) with the samples (filled:
/// used in the fit, hollow: outside [0.1, 0.9]), each phase's fitted line
/// s = (log(lambda L) - log a) / b, the target and the 0.1/0.9 band, and
/// writes it as a PNG; on failure sets `error`.
bool writePlot(const Report &report, llvm::StringRef path, std::string &error);

} // namespace attnc::calibration

#endif // ATTNC_CALIBRATION_CALIBRATION_H
