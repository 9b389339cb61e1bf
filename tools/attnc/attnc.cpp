//===- attnc.cpp - the attnc compiler driver -------------------------------===//
//
// attnc kernel.mlir --target=cpu [--mcpu=CPU] [-O0..3] -o libkernel.so
//       [--emit=mlir|llvm|asm|obj|header|so]
//
// Compiles the attention functions of a file into a shared library with a C
// ABI, or stops at any stage: mlir (kernels in loop form, before LLVM),
// llvm (optimised LLVM IR), asm, obj, header (the C header), so.
//
//===----------------------------------------------------------------------===//

#include "attnc/Compiler/Frontend.h"
#include "attnc/Target/CPU/CpuTarget.h"
#include "attnc/InitAll.h"
#include "attnc/Target/CPU/Compile.h"
#include "attnc/Target/CPU/Header.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "attnc/Target/CUDA/CudaPipeline.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace attnc;
namespace cl = llvm::cl;

namespace {
enum class Emit { MLIR, LLVM, Asm, Obj, Header, SO, PTX, Cubin };
} // namespace

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<file.mlir>"),
                                      cl::Required);
static cl::opt<std::string> outputFile("o", cl::desc("Output file ('-' for "
                                                     "stdout, text stages)"),
                                       cl::value_desc("file"));
static cl::opt<std::string> target("target", cl::desc("cpu | cuda"),
                                   cl::init("cpu"));
static cl::opt<std::string>
    mcpu("mcpu",
         cl::desc("CPU to compile for: native (default), avx2, avx512, or an "
                  "LLVM CPU name (skylake-avx512, znver4, ...)"),
         cl::init("native"));
static cl::opt<unsigned> optLevel("O", cl::desc("Optimisation level 0-3"),
                                  cl::Prefix, cl::init(3));
static cl::opt<Emit> emit(
    "emit", cl::desc("Stage to stop at"), cl::init(Emit::SO),
    cl::values(
        clEnumValN(Emit::MLIR, "mlir", "kernels in loop form, before LLVM"),
        clEnumValN(Emit::LLVM, "llvm", "optimised LLVM IR"),
        clEnumValN(Emit::Asm, "asm", "assembly"),
        clEnumValN(Emit::Obj, "obj", "object file"),
        clEnumValN(Emit::Header, "header", "C header of the library"),
        clEnumValN(Emit::SO, "so", "shared library (default)"),
        clEnumValN(Emit::PTX, "ptx", "device PTX (--target=cuda)"),
        clEnumValN(Emit::Cubin, "cubin", "device cubin (--target=cuda)")));
static cl::opt<std::string>
    gpuChip("gpu-chip",
            cl::desc("GPU to compile for with --target=cuda: sm_90 "
                     "(default), sm_80, sm_90a (H100/H200 only: prefill "
                     "with wgmma), ..."),
            cl::init("sm_90"));
static cl::opt<std::string> ptxFeatures(
    "ptx-features", cl::desc("PTX ISA feature for --target=cuda (+ptx80)"),
    cl::init("+ptx80"));
static cl::opt<int64_t> gpuBlockRows(
    "gpu-block-rows",
    cl::desc("--target=cuda tuning: query rows of a thread block (128)"),
    cl::init(128));
static cl::opt<int64_t> gpuBlockK(
    "gpu-block-k",
    cl::desc("--target=cuda tuning: keys of a KV block, a multiple of 16 "
             "(0: the lowering's choice)"),
    cl::init(0));
static cl::opt<bool> gpuTma(
    "gpu-tma",
    cl::desc("--target=cuda with --gpu-chip=sm_90a: K/V tiles by TMA "
             "where the operands allow (default); false stages them with "
             "cp.async"),
    cl::init(true));
static cl::opt<bool> skipFront(
    "skip-front",
    cl::desc("The input is already lowered to kernels (attn.kernel "
             "functions); do not run attn-normalize and attn-lower-to-loops "
             "(automatic when the input has no attention ops)"));
static cl::opt<bool> openmp("openmp",
                            cl::desc("Run scf.parallel loops on OpenMP "
                                     "threads (else sequentially)"),
                            cl::init(true));
static cl::opt<std::string> runtimeDir(
    "runtime-dir", cl::desc("Directory of libAttncKernelRuntime.a (default: "
                            "$ATTNC_RUNTIME_DIR, else <attnc>/../lib)"));

static int fail(const Twine &message) {
  llvm::errs() << "attnc: error: " << message << "\n";
  return 1;
}

/// FOO_BAR_H for "path/foo-bar.h".
static std::string includeGuard(StringRef path) {
  StringRef name = path == "-" ? "attnc_kernels.h" : llvm::sys::path::filename(path);
  std::string guard;
  for (char c : name)
    guard += llvm::isAlnum(c) ? llvm::toUpper(c) : '_';
  if (guard.empty() || llvm::isDigit(guard[0]))
    guard = "ATTNC_" + guard;
  return guard;
}

/// Writes `write`'s text to the output file (stdout by default).
template <typename Fn> static int writeText(Fn write) {
  std::string error;
  std::string path = outputFile.empty() ? "-" : outputFile.getValue();
  std::unique_ptr<llvm::ToolOutputFile> output = openOutputFile(path, &error);
  if (!output)
    return fail(error);
  write(output->os(), path);
  output->keep();
  return 0;
}

/// --emit=ptx|cubin: the device code of every kernel, as the NVVM pipeline
/// serialised it (PTX text, or the cubin ptxas assembled).
static int writeDeviceCode(ModuleOp module,
                           const cuda::CudaDeviceOptions &device) {
  PassManager pm(module.getContext());
  cuda::buildCudaToLLVMPipeline(pm, device);
  if (failed(pm.run(module)))
    return 1;
  std::string code;
  module.walk([&](gpu::BinaryOp binary) {
    for (Attribute object : binary.getObjects())
      code += cast<gpu::ObjectAttr>(object).getObject().getValue().str();
  });
  return writeText([&](llvm::raw_ostream &os, StringRef) { os << code; });
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllPasses();
  cl::ParseCommandLineOptions(
      argc, argv,
      "attnc: compile attention kernels\n\n"
      "  attnc kernel.mlir --target=cpu -o libkernel.so\n"
      "  attnc kernel.mlir --emit=header -o kernel.h\n");

  bool cuda = target == "cuda";
  // The NVVM serializer finds ptxas and libdevice (exp2, log) under
  // CUDA_ROOT: default it to the toolkit of the ptxas on PATH, else the
  // toolkit's usual place.
  if (cuda && !getenv("CUDA_ROOT")) {
    std::string root = "/usr/local/cuda";
    if (llvm::ErrorOr<std::string> ptxas = llvm::sys::findProgramByName("ptxas"))
      root = llvm::sys::path::parent_path(llvm::sys::path::parent_path(*ptxas)).str();
    setenv("CUDA_ROOT", root.c_str(), /*overwrite=*/0);
  }
  // The host side of a GPU kernel library is a launcher: portable x86-64
  // unless asked otherwise, since it runs on the GPU machine.
  if (cuda && mcpu.getNumOccurrences() == 0)
    mcpu = "x86-64";
  if (target != "cpu" && !cuda)
    return fail("unknown target '" + target + "' (expected cpu or cuda)");
  if (optLevel > 3)
    return fail("-O" + Twine(optLevel) + ": the level must be 0, 1, 2 or 3");
  if (!cuda && (emit == Emit::PTX || emit == Emit::Cubin))
    return fail("--emit=ptx and --emit=cubin need --target=cuda");
  if ((emit == Emit::SO || emit == Emit::Obj || emit == Emit::Cubin) &&
      (outputFile.empty() || outputFile == "-"))
    return fail(Twine("--emit=") +
                (emit == Emit::SO ? "so" : emit == Emit::Obj ? "obj" : "cubin") +
                " writes a binary file: name it with -o FILE");

  if (cuda)
    cuda::registerCudaTargetDialects(registry);
  MLIRContext context(registry);
  // Located messages only, without a dump of the op.
  context.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context);
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(inputFile, &error);
  if (!file)
    return fail(error);
  sourceMgr.AddNewSourceBuffer(std::move(file), SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1; // the handler printed the located error

  if (cuda && !hasAttentionOps(*module) &&
      module->getOps<gpu::GPUModuleOp>().empty()) {
    emitError(module->getLoc())
        << "--target=cuda compiles attention ops (or kernels that launch GPU "
           "code); this input holds CPU kernels only";
    return 1;
  }
  // The front: attention ops to kernel functions in loop form.
  if (hasAttentionOps(*module)) {
    if (skipFront) {
      emitError(module->getLoc()) << "--skip-front, but the input has attention ops "
                             "that only attn-lower-to-loops can compile";
      return 1;
    }
    // The tile kernels use the target's widest vectors.
    std::string targetError;
    auto probe = cpu::createCpuTarget({mcpu, optLevel}, targetError);
    if (!probe)
      return fail(targetError);
    FrontendOptions front;
    front.vectorWidth = std::max<unsigned>(4, probe->vectorBits / 32);
    front.gpu = cuda;
    front.warpgroupMma = cuda && cuda::chipHasWarpgroupMma(gpuChip);
    front.gpuBlockRows = gpuBlockRows;
    front.gpuBlockK = gpuBlockK;
    front.tma = gpuTma;
    if (failed(lowerAttentionToKernels(*module, front)))
      return 1;
  }
  if (emit == Emit::MLIR)
    return writeText([&](llvm::raw_ostream &os, StringRef) {
      module->print(os);
      os << "\n";
    });
  if (emit == Emit::Header) {
    FailureOr<SmallVector<cpu::KernelInfo>> kernels =
        cpu::collectKernels(*module);
    if (failed(kernels))
      return 1;
    return writeText([&](llvm::raw_ostream &os, StringRef path) {
      cpu::emitKernelHeader(*kernels, includeGuard(path), os);
    });
  }

  cuda::CudaDeviceOptions device;
  device.chip = gpuChip;
  device.features = ptxFeatures;
  device.optLevel = optLevel;
  if (emit == Emit::PTX || emit == Emit::Cubin) {
    device.format = emit == Emit::PTX ? "isa" : "bin";
    return writeDeviceCode(*module, device);
  }

  cpu::CpuCompileOptions options;
  if (cuda) {
    options.cudaKernels = true;
    options.buildLowering = [&](OpPassManager &pm) {
      cuda::buildCudaToLLVMPipeline(pm, device);
    };
  }
  options.target.cpu = mcpu;
  options.target.optLevel = optLevel;
  options.lowering.openmp = openmp;
  options.runtimeLibraryDir = runtimeDir;
  cpu::CpuArtifact artifact = emit == Emit::LLVM  ? cpu::CpuArtifact::LLVMIR
                              : emit == Emit::Asm ? cpu::CpuArtifact::Assembly
                              : emit == Emit::Obj ? cpu::CpuArtifact::Object
                                                  : cpu::CpuArtifact::SharedLibrary;
  std::string path = outputFile.empty() ? "-" : outputFile.getValue();
  return failed(cpu::compileKernels(*module, options, artifact, path)) ? 1 : 0;
}
