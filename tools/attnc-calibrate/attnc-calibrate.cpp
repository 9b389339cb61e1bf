//===- attnc-calibrate.cpp - calibrate skip-softmax thresholds ------------===//
//
// attnc-calibrate kernel.mlir [--function=NAME] [--target=S]
//     [--lambdas=l0,l1,... | --lambda-min=A --lambda-max=B --lambda-count=N]
//     [--phase=prefill,decode] [--key-lengths=L0,L1,...] [--seeds=1,2]
//     [--batch=N] [--q-len=N] [--q-scale=F] [--input=@q.npy ...]
//     [-o fit.json] [--plot=fit.png] [--no-check] [--strict]
//
// SPEC §5.4: compiles the function's skip-softmax op for the CPU once per
// threshold of the grid, runs it on sample inputs (random ones at several
// key lengths, or files), fits lambda(L) = a exp(b S*) / L per phase, checks
// the fitted threshold, and writes the fit as JSON and a plot as PNG.
//
//===----------------------------------------------------------------------===//

#include "attnc/Calibration/Calibration.h"
#include "attnc/Runner/ArrayIO.h"
#include "attnc/Runner/FunctionRunner.h"
#include "attnc/Runner/InputModule.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>

using namespace mlir;
using namespace attnc;
using namespace attnc::calibration;
namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<file.mlir>"),
                                      cl::Required);
static cl::opt<std::string>
    functionName("function", cl::desc("Function to calibrate (default: the "
                                      "only public function of the file)"));
static cl::opt<double> target("target",
                              cl::desc("Target skipped fraction S* in [0, 1)"),
                              cl::init(0.5));
static cl::list<double>
    lambdaList("lambdas", cl::CommaSeparated,
               cl::desc("Thresholds to run, each in (0, 1) (default: "
                        "--lambda-count values log-spaced from --lambda-min "
                        "to --lambda-max)"));
static cl::opt<double> lambdaMin("lambda-min",
                                 cl::desc("Smallest threshold of the grid"),
                                 cl::init(1e-6));
static cl::opt<double> lambdaMax("lambda-max",
                                 cl::desc("Largest threshold of the grid"),
                                 cl::init(0.5));
static cl::opt<unsigned> lambdaCount("lambda-count",
                                     cl::desc("Thresholds in the grid"),
                                     cl::init(12));
static cl::list<std::string>
    phases("phase", cl::CommaSeparated,
           cl::desc("prefill and/or decode (default: each phase the op "
                    "allows)"));
static cl::list<int64_t> keyLengths(
    "key-lengths", cl::CommaSeparated,
    cl::desc("Random inputs: key count L of every sequence, one input set "
             "per value (default 256,512,1024)"));
static cl::list<uint64_t> seeds("seeds", cl::CommaSeparated,
                                cl::desc("Random inputs: one set per seed "
                                         "and key length (default 1)"));
static cl::opt<int64_t>
    batch("batch", cl::desc("Random inputs: sequences per set"), cl::init(2));
static cl::opt<int64_t> queryLength(
    "q-len",
    cl::desc("Random inputs: prefill queries per sequence (default: "
             "as many as keys)"),
    cl::init(0));
static cl::opt<double>
    qScale("q-scale",
           cl::desc("Random inputs: multiply the queries by this, which "
                    "spreads the scores (random scores are flatter than "
                    "real attention's)"),
           cl::init(1.0));
static cl::list<std::string>
    inputSpecs("input",
               cl::desc("Input sets from files instead of random ones: one "
                        "--input per argument, as attn-run takes them "
                        "(@file.npy, SHAPExTYPE=@file.bin, SHAPExTYPE=v,...); "
                        "repeat the group for more sets"));
static cl::opt<std::string> outputJson("o", cl::desc("Write the fit as JSON"),
                                       cl::value_desc("file.json"));
static cl::opt<std::string>
    plotPath("plot", cl::desc("Write a PNG plot of s against lambda * L"),
             cl::value_desc("file.png"));
static cl::opt<bool>
    noCheck("no-check",
            cl::desc("Do not run the kernel with the fitted thresholds"));
static cl::opt<bool> strict("strict",
                            cl::desc("Exit with 2 when the fit has warnings"));
static cl::opt<bool> quiet("quiet", cl::desc("No progress lines"));
static cl::opt<std::string> mcpu("mcpu",
                                 cl::desc("CPU to compile for (native, avx2, "
                                          "avx512, or an LLVM CPU name)"),
                                 cl::init("native"));
static cl::opt<unsigned> optLevel("O", cl::desc("Optimisation level 0-3"),
                                  cl::Prefix, cl::init(3));
static cl::opt<bool> noArgumentChecks(
    "no-argument-checks",
    cl::desc("Skip the runtime index checks of SPEC §6 (trusted inputs)"));

/// "%g" of `v`.
static std::string num(double v) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%g", v);
  return text;
}

static int fail(const Twine &message) {
  llvm::errs() << "attnc-calibrate: error: " << message << "\n";
  return 1;
}

static void warn(const Twine &message) {
  llvm::errs() << "attnc-calibrate: warning: " << message << "\n";
}

/// The grid: --lambdas sorted, or log-spaced from --lambda-min to max.
static FailureOr<std::vector<double>> lambdaGrid(std::string &error) {
  std::vector<double> grid(lambdaList.begin(), lambdaList.end());
  if (grid.empty()) {
    if (!(lambdaMin > 0 && lambdaMin < lambdaMax && lambdaMax < 1) ||
        lambdaCount < 2) {
      error = "the grid needs 0 < --lambda-min < --lambda-max < 1 and "
              "--lambda-count >= 2";
      return failure();
    }
    double step = std::log(lambdaMax / lambdaMin) / (lambdaCount - 1);
    for (unsigned i = 0; i < lambdaCount; ++i)
      grid.push_back(lambdaMin * std::exp(step * i));
    grid.back() = lambdaMax;
  }
  for (double l : grid)
    if (!(l > 0 && l < 1)) {
      error = "--lambdas: every threshold must lie in (0, 1), found " + num(l);
      return failure();
    }
  llvm::sort(grid);
  grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
  return grid;
}

namespace {
/// "[ 3/24] prefill L=512 lambda=1e-04 (seed 1): skipped 12.5% ..., 0.8 s"
class Progress {
public:
  explicit Progress(size_t total) : total(total) {}
  void report(StringRef what, double keyLength, double lambda, StringRef source,
              int64_t skipped, int64_t visited) {
    ++done;
    if (quiet)
      return;
    double seconds =
        std::chrono::duration<double>(Clock::now() - start).count();
    int width = std::to_string(total).size();
    llvm::errs() << llvm::format("[%*zu/%zu] %-7s L=%-6g lambda=%-9.3g ", width,
                                 done, total, what.str().c_str(), keyLength,
                                 lambda)
                 << "(" << source << "): skipped "
                 << llvm::format("%5.1f%% (%lld/%lld tiles), %.1f s\n",
                                 visited ? 100.0 * skipped / visited : 0.0,
                                 (long long)skipped, (long long)visited,
                                 seconds);
  }

private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point start = Clock::now();
  size_t total, done = 0;
};
} // namespace

/// Checks that `path`'s folder exists and is writable before the long runs
/// start (without creating the file).
static LogicalResult checkWritable(StringRef path, StringRef option,
                                   std::string &error) {
  if (path.empty())
    return success();
  StringRef dir = llvm::sys::path::parent_path(path);
  if (dir.empty())
    dir = ".";
  if (!llvm::sys::fs::is_directory(dir) ||
      llvm::sys::fs::access(dir, llvm::sys::fs::AccessMode::Write)) {
    error = option.str() + ": cannot write '" + path.str() + "': no folder '" +
            dir.str() + "' to write into";
    return failure();
  }
  return success();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(
      argc, argv,
      "attnc-calibrate: fit skip-softmax thresholds lambda(L) = a exp(b S*) "
      "/ L\n\n"
      "  attnc-calibrate k.mlir --key-lengths=256,512,1024 --target=0.5 \\\n"
      "      -o fit.json --plot=fit.png\n");

  // Options first: nothing runs on a bad command line.
  std::string error;
  auto grid = lambdaGrid(error);
  if (failed(grid))
    return fail(error);
  if (!(target >= 0 && target < 1))
    return fail("--target must lie in [0, 1), found " + num(target));
  if (optLevel > 3)
    return fail("-O" + Twine(optLevel) + ": the level must be 0, 1, 2 or 3");
  if (batch < 1 || queryLength < 0 || !(qScale > 0))
    return fail("random inputs need --batch >= 1, --q-len >= 0 and "
                "--q-scale > 0");
  for (int64_t l : keyLengths)
    if (l < 1)
      return fail("--key-lengths: every key length must be >= 1, found " +
                  Twine(l));
  bool fromFiles = !inputSpecs.empty();
  if (fromFiles && (keyLengths.getNumOccurrences() ||
                    seeds.getNumOccurrences() || qScale.getNumOccurrences()))
    return fail("--input gives the input sets; --key-lengths, --seeds and "
                "--q-scale are for random ones");
  SmallVector<Phase> requested;
  for (const std::string &name : phases) {
    std::optional<Phase> phase = parsePhase(name);
    if (!phase)
      return fail("--phase: unknown phase '" + name +
                  "' (expected prefill or decode)");
    if (!llvm::is_contained(requested, *phase))
      requested.push_back(*phase);
  }
  if (failed(checkWritable(outputJson, "-o", error)) ||
      failed(checkWritable(plotPath, "--plot", error)))
    return fail(error);

  std::unique_ptr<runner::InputModule> input =
      runner::parseInputModule(inputFile, error);
  if (!input)
    return error.empty() ? 1 : fail(error); // else the parser printed it
  MLIRContext &context = input->context;
  OwningOpRef<ModuleOp> &module = input->module;
  auto func = runner::findFunction(*module, functionName, inputFile, error);
  if (failed(func))
    return fail(error);
  auto kernel = CalibrationKernel::create(*func, error);
  if (failed(kernel))
    return fail(error);
  CalibrationKernel &k = **kernel;

  // The phases: what the op allows, narrowed by --phase.
  SmallVector<Phase> allowed = k.getPhases();
  if (requested.empty())
    requested = allowed;
  for (Phase phase : requested)
    if (!llvm::is_contained(allowed, phase))
      return fail("--phase=" + phaseName(phase) + ": the op at " +
                  runner::describeLocation(k.getOp().getLoc()) + " only runs " +
                  phaseName(allowed.front()) + " sequences");

  // The input sets.
  std::vector<InputSet> sets;
  if (fromFiles) {
    unsigned numArgs = k.getFunction().getNumArguments();
    if (inputSpecs.size() % numArgs)
      return fail(Twine(inputSpecs.size()) + " --input values for @" +
                  k.getFunction().getSymName() + ", which takes " +
                  Twine(numArgs) +
                  " arguments: give one --input per argument per set");
    for (size_t first = 0; first < inputSpecs.size(); first += numArgs) {
      SmallVector<runner::HostBuffer> inputs;
      std::string source = "inputs #" + std::to_string(first / numArgs);
      for (size_t i = first; i < first + numArgs; ++i) {
        auto buffer = runner::parseInputSpec(inputSpecs[i], &context, error);
        if (failed(buffer))
          return fail("--input #" + Twine(i) + ": " + error);
        inputs.push_back(std::move(*buffer));
      }
      auto set = describeInputs(k, std::move(inputs), source, error);
      if (failed(set))
        return fail(error);
      if (set->minKeyLength != set->maxKeyLength)
        warn(source + ": key lengths " + Twine(set->minKeyLength) + ".." +
             Twine(set->maxKeyLength) + "; the sample takes their mean " +
             num(set->keyLength) + " as L");
      if (!phases.empty() && !llvm::is_contained(requested, set->phase))
        continue;
      sets.push_back(std::move(*set));
    }
    requested.clear();
    for (const InputSet &set : sets)
      if (!llvm::is_contained(requested, set.phase))
        requested.push_back(set.phase);
    if (sets.empty())
      return fail("no input set of the requested phase");
  } else {
    std::vector<int64_t> lengths(keyLengths.begin(), keyLengths.end());
    if (lengths.empty())
      lengths = {256, 512, 1024};
    std::vector<uint64_t> seedList(seeds.begin(), seeds.end());
    if (seedList.empty())
      seedList = {1};
    for (Phase phase : requested)
      for (int64_t l : lengths)
        for (uint64_t seed : seedList) {
          RandomSetOptions options;
          options.phase = phase;
          options.keyLength = l;
          options.queryLength = queryLength;
          options.batch = batch;
          options.seed = seed;
          options.qScale = qScale;
          auto set = generateInputSet(k, options, error);
          if (failed(set))
            return fail(error);
          sets.push_back(std::move(*set));
        }
  }

  // The sweep: one compilation per threshold, every set on it.
  runner::CpuBackendOptions cpu;
  cpu.mcpu = mcpu;
  cpu.optLevel = optLevel;
  bool checkArguments = !noArgumentChecks;
  Report report;
  report.kernelFile = inputFile;
  report.function = "@" + k.getFunction().getSymName().str();
  report.original = k.getOriginalAttr();
  report.lambdas = *grid;
  Progress progress(grid->size() * sets.size());
  for (double lambda : *grid) {
    k.setThreshold(lambda);
    auto compiled = k.compile(cpu, error);
    if (failed(compiled))
      return fail(error);
    for (const InputSet &set : sets) {
      auto counts = k.run(**compiled, set.inputs, checkArguments, error);
      if (failed(counts))
        return fail(set.source + ": " + error);
      Sample sample;
      sample.phase = set.phase;
      sample.lambda = lambda;
      sample.keyLength = set.keyLength;
      sample.source = set.source;
      sample.skipped = counts->skipped;
      sample.visited = counts->visited;
      report.samples.push_back(sample);
      progress.report(phaseName(set.phase), set.keyLength, lambda, set.source,
                      sample.skipped, sample.visited);
    }
  }

  // The fit, per phase.
  bool allFit = true;
  for (Phase phase : requested) {
    report.fits.push_back(fitPhase(report.samples, phase, target));
    allFit &= report.fits.back().ok();
  }

  // The check: the fitted thresholds compiled, run on every set.
  if (!noCheck &&
      llvm::any_of(report.fits, [](const PhaseFit &f) { return f.ok(); })) {
    Attribute fitted[2];
    for (const PhaseFit &fit : report.fits)
      if (fit.ok())
        fitted[fit.phase == Phase::Decode] = attn::CalibratedThresholdAttr::get(
            &context, llvm::APFloat(fit.a), llvm::APFloat(fit.b),
            llvm::APFloat(fit.target));
    k.setThresholds(fitted[0], fitted[1]);
    auto compiled = k.compile(cpu, error);
    if (failed(compiled))
      return fail("compiling the fitted thresholds: " + error);
    for (const InputSet &set : sets) {
      auto fit = llvm::find_if(report.fits, [&](const PhaseFit &f) {
        return f.phase == set.phase && f.ok();
      });
      if (fit == report.fits.end())
        continue;
      auto counts = k.run(**compiled, set.inputs, checkArguments, error);
      if (failed(counts))
        return fail(set.source + ": " + error);
      Check check;
      check.phase = set.phase;
      check.keyLength = set.keyLength;
      check.lambda = fit->lambdaAt(set.keyLength);
      check.target = fit->target;
      check.source = set.source;
      check.skipped = counts->skipped;
      check.visited = counts->visited;
      report.checks.push_back(check);
      // The law lambda(L) ~ 1/L may not hold for these inputs: say where the
      // fitted threshold misses the target.
      if (std::abs(check.fraction() - check.target) > 0.1)
        fit->warnings.push_back(
            phaseName(set.phase).str() + ": at L = " + num(set.keyLength) +
            " (" + set.source +
            ") the fitted lambda(L) = " + num(check.lambda) + " skips " +
            num(std::round(1000 * check.fraction()) / 10) +
            "% of the tiles, the target is " + num(100 * check.target) + "%");
    }
  }

  // Outputs.
  if (!outputJson.empty()) {
    std::error_code ec;
    llvm::raw_fd_ostream os(outputJson, ec, llvm::sys::fs::OF_None);
    if (ec)
      return fail("-o: cannot write '" + outputJson + "': " + ec.message());
    os << llvm::formatv("{0:2}", toJson(report)) << "\n";
  }
  if (!plotPath.empty() && !writePlot(report, plotPath, error))
    return fail("--plot: " + error);

  llvm::raw_ostream &os = llvm::outs();
  os << "attnc-calibrate: " << report.function << ", " << report.samples.size()
     << " runs (" << grid->size() << " thresholds x " << sets.size()
     << " input set" << (sets.size() == 1 ? "" : "s")
     << "), target S* = " << llvm::format("%g", target.getValue()) << "\n";
  bool warned = false;
  for (const PhaseFit &fit : report.fits) {
    if (!fit.ok())
      continue;
    os << llvm::format("  %-7s a = %.6g, b = %.6g (%lld samples in [0.1, "
                       "0.9], s %.3g..%.3g, residual %.3g)\n",
                       phaseName(fit.phase).str().c_str(), fit.a, fit.b,
                       (long long)fit.used, fit.minFraction, fit.maxFraction,
                       fit.residual);
    os << "          " << fit.attributeText() << "\n";
    for (const Check &c : report.checks)
      if (c.phase == fit.phase)
        os << llvm::format("          L=%-6g lambda(L) = %-10.4g skipped "
                           "%5.1f%% (%s, checked)\n",
                           c.keyLength, c.lambda, 100 * c.fraction(),
                           c.source.c_str());
  }
  if (llvm::any_of(report.fits, [](const PhaseFit &f) { return f.ok(); }))
    os << "  skip_softmax = " << skipSoftmaxText(report.original, report.fits)
       << "\n";
  if (!outputJson.empty())
    os << "  wrote " << outputJson << "\n";
  if (!plotPath.empty())
    os << "  wrote " << plotPath << "\n";
  // Warnings and errors last, after what they qualify.
  os.flush();
  for (const PhaseFit &fit : report.fits)
    for (const std::string &w : fit.warnings) {
      warn(w);
      warned = true;
    }
  for (const PhaseFit &fit : report.fits)
    if (!fit.ok())
      llvm::errs() << "attnc-calibrate: error: " << fit.error << "\n";
  if (!allFit)
    return 1;
  return strict && warned ? 2 : 0;
}
