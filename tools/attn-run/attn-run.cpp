//===- attn-run.cpp - run attention functions on inputs -------------------===//
//
// attn-run kernel.mlir [--function=NAME] [--input=@q.npy ...]
//          [--output=@out.npy ...] [--backend=reference|cpu|cuda]
//          [--seed=N] [--check] [--benchmark[=N]]
//          [--kernel=lib.so|kernels.mlir] [--gpu-chip=sm_90]
//          [--save-case=DIR]
//
// Runs one function of an .mlir file on inputs given with the
// iree-run-module conventions, or on valid random inputs, and prints what it
// computed.
//
//===----------------------------------------------------------------------===//

#include "attnc/Runner/ArrayIO.h"
#include "attnc/Runner/Comparison.h"
#include "attnc/Runner/CpuBackend.h"
#include "attnc/Runner/CudaBackend.h"
#include "attnc/Runner/FunctionRunner.h"
#include "attnc/Runner/InputModule.h"
#include "attnc/Runner/RandomInputs.h"
#include "attnc/Runner/SaveCase.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir;
using namespace attnc;
using namespace attnc::runner;
namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<file.mlir>"),
                                      cl::Required);
static cl::opt<std::string>
    functionName("function", cl::desc("Function to run (default: the only "
                                      "public function of the file)"));
static cl::list<std::string>
    inputSpecs("input",
               cl::desc("One per argument, in order: @file.npy, "
                        "SHAPExTYPE=@file.bin or SHAPExTYPE=v0,v1,... "
                        "(none: generate valid random inputs)"));
static cl::list<std::string>
    outputSpecs("output", cl::desc("One per result, in order: @file.npy or "
                                   "@file.bin (raw, for bf16/fp8)"));
static cl::opt<std::string>
    backend("backend", cl::desc("reference | cpu | cuda"),
            cl::init("reference"));
static cl::opt<uint64_t> seed("seed", cl::desc("Seed of the random inputs"),
                              cl::init(1));
static cl::opt<int64_t> batch("batch",
                              cl::desc("Random inputs: sequences per batch"),
                              cl::init(3));
static cl::opt<int64_t>
    queryLength("q-len", cl::desc("Random inputs: longest query count"),
                cl::init(40));
static cl::opt<int64_t>
    extraKeyLength("kv-extra",
                   cl::desc("Random inputs: most keys beyond the queries"),
                   cl::init(80));
static cl::list<int64_t> queryLengths(
    "q-lens", cl::CommaSeparated,
    cl::desc("Random inputs: the query count of each sequence (varlen, "
             "paged prefill), e.g. --q-lens=128,2048,700"));
static cl::opt<bool> emptySequences(
    "empty-sequences",
    cl::desc("Random inputs: sequence 1 gets no queries and sequence 2 no "
             "keys (varlen, paged prefill)"));
static cl::opt<int64_t> nanValues(
    "nan-values",
    cl::desc("Random inputs: NaN at this many random places of V (float), "
             "which must reach only the rows that see it"),
    cl::init(0));
static cl::opt<int64_t> infValues(
    "inf-values",
    cl::desc("Random inputs: +inf and -inf (in turn) at this many random "
             "places of V (float), which must reach only the rows that see "
             "them"),
    cl::init(0));
static cl::opt<bool> exactLengths(
    "exact-lengths",
    cl::desc("Random inputs: every sequence gets exactly --q-len queries and "
             "--kv-extra more keys (benchmarks)"));
static cl::opt<bool> check("check",
                           cl::desc("Compare a compiled backend with the "
                                    "float64 reference"));
static cl::opt<std::string>
    benchmark("benchmark", cl::ValueOptional, cl::value_desc("N"),
              cl::desc("Time a compiled backend: warm up, then N runs "
                       "(default 20)"));
static cl::opt<std::string> kernelPath(
    "kernel", cl::desc("--backend=cpu|cuda: a kernel library built by attnc "
                       "(.so, --target=cuda for cuda) or a file of kernels "
                       "or attention ops (.mlir) to run instead of "
                       "compiling the input"));
static cl::opt<std::string>
    mcpu("mcpu", cl::desc("--backend=cpu: CPU to compile for (native, avx2, "
                          "avx512, or an LLVM CPU name); --backend=cuda: "
                          "the host launcher's (default x86-64)"),
         cl::init("native"));
static cl::opt<std::string>
    gpuChip("gpu-chip", cl::desc("--backend=cuda: GPU to compile for: sm_90 "
                                 "(H100, default), sm_80 (A100), ..."),
            cl::init("sm_90"));
static cl::opt<bool> cudaDriverLog(
    "cuda-driver-log", cl::Hidden,
    cl::desc("--backend=cuda, tests: print the call log of a stand-in CUDA "
             "driver (ATTNC_LIBCUDA) that exports fakeCudaCalls"));
static cl::opt<unsigned> optLevel("O",
                                  cl::desc("--backend=cpu|cuda: optimisation "
                                           "level 0-3"),
                                  cl::Prefix, cl::init(3));
static cl::opt<bool> noArgumentChecks(
    "no-argument-checks",
    cl::desc("Skip the runtime index checks of SPEC §6 (trusted inputs)"));
static cl::opt<unsigned> printValues("print-values",
                                     cl::desc("Values of each result to show"),
                                     cl::init(8));
static cl::opt<bool> quiet("quiet", cl::desc("Print nothing but errors"));
static cl::opt<std::string> saveCaseDir(
    "save-case", cl::value_desc("DIR"),
    cl::desc("Write the inputs, the float64 reference results and case.json "
             "into DIR (to check a kernel where attn-run cannot run)"));

/// The command line as a shell would take it back: arguments with
/// characters a shell interprets are single-quoted.
static std::string quoteCommandLine(int argc, char **argv) {
  std::string text;
  for (int i = 0; i < argc; ++i) {
    StringRef arg = argv[i];
    bool plain = !arg.empty() && llvm::all_of(arg, [](char c) {
      return llvm::isAlnum(c) || StringRef("-_=@./,:+%").contains(c);
    });
    text += i ? " " : "";
    if (plain) {
      text += arg.str();
      continue;
    }
    text += "'";
    for (char c : arg)
      text += c == '\'' ? std::string("'\\''") : std::string(1, c);
    text += "'";
  }
  return text;
}

static int fail(const Twine &message) {
  llvm::errs() << "attn-run: error: " << message << "\n";
  return 1;
}

/// "min -1.25 max 3.5 mean 0.0132", skipping NaN and infinities (counted).
static std::string summarize(const HostBuffer &buffer) {
  double lo = INFINITY, hi = -INFINITY, sum = 0;
  int64_t finite = 0, nan = 0, inf = 0;
  for (double v : buffer.values) {
    if (std::isnan(v)) {
      ++nan;
      continue;
    }
    if (std::isinf(v)) {
      ++inf;
      continue;
    }
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    sum += v;
    ++finite;
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  // Integers (index operands, i8 outputs) exactly; floats to 4 digits.
  if (finite && isa<IntegerType>(buffer.elementType))
    os << llvm::format("min %lld max %lld mean %.4g", (long long)lo,
                       (long long)hi, sum / finite);
  else if (finite)
    os << llvm::format("min %.4g max %.4g mean %.4g", lo, hi, sum / finite);
  if (inf)
    os << (finite ? ", " : "") << inf << " inf";
  if (nan)
    os << ", " << nan << " NaN";
  return text;
}

/// The first --print-values values: integers exactly, floats to 5 digits.
static void printPreview(const HostBuffer &buffer) {
  llvm::outs() << "      [";
  size_t n = std::min<size_t>(printValues, buffer.values.size());
  bool integer = isa<IntegerType>(buffer.elementType);
  for (size_t i = 0; i < n; ++i) {
    llvm::outs() << (i ? ", " : "");
    if (integer)
      llvm::outs() << (long long)buffer.values[i];
    else
      llvm::outs() << llvm::format("%.5g", buffer.values[i]);
  }
  if (n < buffer.values.size())
    llvm::outs() << (n ? ", ..." : "...");
  llvm::outs() << "]\n";
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(
      argc, argv,
      "attn-run: run a function of attention ops on inputs\n\n"
      "  attn-run kernel.mlir --input=@q.npy ... --output=@out.npy\n"
      "  attn-run kernel.mlir --seed=7        (valid random inputs)\n");

  if (backend != "reference" && backend != "cpu" && backend != "cuda")
    return fail("unknown backend '" + backend +
                "' (expected reference, cpu or cuda)");
  if (optLevel > 3)
    return fail("-O" + Twine(optLevel) + ": the level must be 0, 1, 2 or 3");
  bool timing = benchmark.getNumOccurrences() > 0;
  unsigned repetitions = 20;
  if (timing && !benchmark.empty() &&
      (StringRef(benchmark).getAsInteger(10, repetitions) || !repetitions))
    return fail("--benchmark=" + benchmark + ": expected a positive count");
  if (backend == "reference" && (check || timing))
    return fail(Twine(check ? "--check" : "--benchmark") +
                " applies to a compiled backend (cpu, cuda); "
                "--backend=reference is the float64 reference itself");

  std::string error;
  std::unique_ptr<InputModule> input = parseInputModule(inputFile, error);
  if (!input)
    return error.empty() ? 1 : fail(error); // else the parser printed it
  MLIRContext &context = input->context;
  OwningOpRef<ModuleOp> &module = input->module;

  FailureOr<func::FuncOp> found =
      findFunction(*module, functionName, inputFile, error);
  if (failed(found))
    return fail(error);
  func::FuncOp func = *found;

  // Check every --output before computing, so that a bad one writes nothing.
  SmallVector<StringRef> outputPaths;
  unsigned numResults = func.getFunctionType().getNumResults();
  if (outputSpecs.size() > numResults)
    return fail(Twine(outputSpecs.size()) + " outputs given but @" +
                func.getSymName() + " returns " + Twine(numResults) +
                " results");
  for (auto [i, spec] : llvm::enumerate(outputSpecs)) {
    StringRef path = spec;
    if (!path.consume_front("@") || path.empty())
      return fail("--output #" + Twine(i) + " must be @file.npy or @file.bin");
    Type type = func.getFunctionType().getResult(i);
    auto tensor = dyn_cast<RankedTensorType>(type);
    std::string error;
    if (!tensor || failed(checkOutputPath(path, tensor.getElementType(),
                                          error)))
      return fail("--output #" + Twine(i) + ": " +
                  (tensor ? error : "only ranked tensor results can be "
                                    "written"));
    outputPaths.push_back(path);
  }

  SmallVector<HostBuffer> inputs;
  bool generated = inputSpecs.empty();
  if (generated) {
    if (batch < 1 || queryLength < 1 || extraKeyLength < 0)
      return fail("random inputs need --batch >= 1, --q-len >= 1 and "
                  "--kv-extra >= 0, got " +
                  Twine(batch) + ", " + Twine(queryLength) + " and " +
                  Twine(extraKeyLength));
    RandomInputOptions options;
    options.seed = seed;
    options.batch = batch;
    options.queryLength = queryLength;
    options.extraKeyLength = extraKeyLength;
    options.exactLengths = exactLengths;
    options.emptySequences = emptySequences;
    options.nanValues = nanValues;
    options.infValues = infValues;
    options.queryLengths.assign(queryLengths.begin(), queryLengths.end());
    auto made = generateRandomInputs(func, options, error);
    if (failed(made))
      return fail(error);
    inputs = std::move(*made);
  } else {
    for (auto [i, spec] : llvm::enumerate(inputSpecs)) {
      auto buffer = parseInputSpec(spec, &context, error);
      if (failed(buffer))
        return fail("--input #" + Twine(i) + ": " + error);
      inputs.push_back(std::move(*buffer));
    }
  }

  FunctionRunOptions runOptions;
  runOptions.checkArguments = !noArgumentChecks;
  FunctionRunResult result;
  std::unique_ptr<CpuKernel> kernel;
  std::unique_ptr<CudaKernel> cudaKernel;
  if (backend == "cuda") {
    CudaBackendOptions cudaOptions;
    cudaOptions.kernelPath = kernelPath;
    cudaOptions.chip = gpuChip;
    cudaOptions.optLevel = optLevel;
    // The host launcher is portable x86-64 unless asked otherwise, as with
    // attnc --target=cuda.
    if (mcpu.getNumOccurrences())
      cudaOptions.mcpu = mcpu;
    auto prepared = prepareCudaKernel(func, cudaOptions, error);
    if (failed(prepared))
      return fail(error);
    cudaKernel = std::move(*prepared);
    LogicalResult ran =
        runOnCuda(*cudaKernel, func, inputs, runOptions, result, error);
    if (cudaDriverLog)
      llvm::errs() << "attn-run: driver calls:\n" << fakeDriverCallLog();
    if (failed(ran))
      return fail(error);
  } else if (backend == "cpu") {
    CpuBackendOptions cpuOptions;
    cpuOptions.kernelPath = kernelPath;
    cpuOptions.mcpu = mcpu;
    cpuOptions.optLevel = optLevel;
    auto prepared = prepareCpuKernel(func, cpuOptions, error);
    if (failed(prepared))
      return fail(error);
    kernel = std::move(*prepared);
    if (failed(runOnCpu(*kernel, func, inputs, runOptions, result, error)))
      return fail(error);
  } else if (failed(runOnReference(func, inputs, runOptions, result, error))) {
    return fail(error);
  }

  for (auto [i, path] : llvm::enumerate(outputPaths))
    if (failed(writeBuffer(result.outputs[i], path, error)))
      return fail("--output #" + Twine(i) + ": " + error);

  // --check compares every result with the float64 reference (SPEC §7);
  // --save-case stores it. The reference backend's results are it.
  bool checksPass = true;
  bool saving = !saveCaseDir.empty();
  FunctionRunResult reference;
  if (backend == "reference")
    reference.outputs = result.outputs;
  else if ((check || saving) &&
           failed(runOnReference(func, inputs, runOptions, reference, error)))
    return fail(Twine(check ? "--check" : "--save-case") +
                ": the reference failed: " + error);
  if (saving) {
    SaveCaseInfo info;
    info.commandLine = quoteCommandLine(argc, argv);
    info.inputSource = generated ? "random, seed " + std::to_string(seed)
                                 : std::string("files");
    if (failed(saveCase(saveCaseDir, func, inputs, reference.outputs, info,
                        error)))
      return fail(error);
  }
  SmallVector<std::string> resultNames = getResultNames(func);

  // --check and --benchmark of a compiled backend; with --quiet only
  // failures (on stderr) and the timings, which were asked for.
  auto reportCompiled = [&]() -> int {
    if (check &&
        !reportComparisons(result.outputs, reference.outputs, resultNames,
                           quiet ? llvm::errs() : llvm::outs(), quiet))
      checksPass = false;
    if (timing) {
      auto bench =
          cudaKernel ? benchmarkOnCuda(*cudaKernel, func, inputs, runOptions,
                                       repetitions, error)
                     : benchmarkOnCpu(*kernel, func, inputs, runOptions,
                                      repetitions, error);
      if (failed(bench))
        return fail("--benchmark: " + error);
      if (cudaKernel)
        llvm::outs() << "  timing: host wall time of each call, which "
                        "synchronizes the stream (launch latency included)\n";
      double ioBytes = 0;
      for (const HostBuffer &buffer :
           llvm::concat<const HostBuffer>(inputs, result.outputs))
        ioBytes += bufferBytes(buffer);
      reportBenchmark(*bench, estimateWorkload(func, inputs, result.outputs),
                      ioBytes, llvm::outs());
    }
    if (!checksPass)
      return fail("--check: results beyond SPEC §7's tolerance");
    return 0;
  };
  if (quiet)
    return reportCompiled();
  SmallVector<std::string> roles = getArgumentRoles(func);
  llvm::outs() << "attn-run: @" << func.getSymName() << " on the " << backend
               << " backend" << (backend == "reference" ? " (float64)" : "")
               << ", "
               << (generated ? "random inputs, seed " + std::to_string(seed)
                             : std::string("inputs from the command line"))
               << "\n";
  for (auto [i, input] : llvm::enumerate(inputs))
    llvm::outs() << llvm::format("  input  #%-2u %-18s %-22s ", (unsigned)i,
                                 roles[i].c_str(), input.describe().c_str())
                 << summarize(input) << "\n";
  for (auto [i, output] : llvm::enumerate(result.outputs)) {
    llvm::outs() << llvm::format("  result #%-2u %-18s %-22s ", (unsigned)i,
                                 resultNames[i].c_str(),
                                 output.describe().c_str())
                 << summarize(output) << "\n";
    printPreview(output);
  }
  if (result.stats.visitedTiles > 0)
    llvm::outs() << llvm::format(
        "  skip-softmax: %lld of %lld visited tiles skipped (%.1f%%)\n",
        (long long)result.stats.skippedTiles,
        (long long)result.stats.visitedTiles,
        100.0 * result.stats.skippedTiles / result.stats.visitedTiles);
  for (auto [i, path] : llvm::enumerate(outputPaths))
    llvm::outs() << "  wrote result #" << i << " to " << path << "\n";
  if (saving)
    llvm::outs() << "  saved the case (inputs, reference, case.json) in "
                 << saveCaseDir << "\n";
  return reportCompiled();
}
