//===- Compile.cpp - CPU kernels to LLVM IR, objects and libraries --------===//

#include "attnc/Target/CPU/Compile.h"
#include "attnc/Target/CPU/Dialects.h"

#include "EntryPoints.h"
#include "Link.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace attnc::cpu;

/// Lowers `module` in place to the LLVM dialect.
static LogicalResult lowerToLLVMDialect(ModuleOp module,
                                        const CpuCompileOptions &compile) {
  const CpuToLLVMOptions &options = compile.lowering;
  PassManager pm(module.getContext());
  if (compile.buildLowering)
    compile.buildLowering(pm);
  else
    buildCpuToLLVMPipeline(pm, options);
  if (failed(pm.run(module)))
    return emitError(module.getLoc())
           << "lowering the kernels to the LLVM dialect (attn-cpu-to-llvm) "
              "failed";
  // The conversions are partial: name the first op none of them took,
  // where it came from, rather than let the translation fail on it.
  Operation *left = nullptr;
  module.walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (op == module.getOperation() ||
        isa<LLVM::LLVMDialect, omp::OpenMPDialect>(op->getDialect()) ||
        (compile.cudaKernels && isa<gpu::BinaryOp, gpu::LaunchFuncOp>(op)))
      return WalkResult::advance();
    left = op;
    return WalkResult::interrupt();
  });
  if (left)
    return emitError(left->getLoc())
           << "'" << left->getName()
           << "' is left after attn-cpu-to-llvm: the CPU target cannot "
              "lower it";
  return success();
}

/// The -O pipeline of clang, tuned for the target machine.
static void optimize(llvm::Module &module, CpuTarget &target) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = target.optLevel >= 2;
  tuning.SLPVectorization = target.optLevel >= 2;
  llvm::PassBuilder builder(target.machine.get(), tuning);
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm;
  switch (target.optLevel) {
  case 0:
    mpm = builder.buildO0DefaultPipeline(llvm::OptimizationLevel::O0);
    break;
  case 1:
    mpm = builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O1);
    break;
  case 2:
    mpm = builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
    break;
  default:
    mpm = builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
    break;
  }
  mpm.run(module, mam);
}

FailureOr<std::unique_ptr<llvm::Module>> attnc::cpu::translateKernelsToLLVMIR(
    ModuleOp module, llvm::LLVMContext &llvmContext, CpuTarget &target,
    const CpuCompileOptions &options,
    llvm::SmallVectorImpl<KernelInfo> *kernelsOut) {
  DialectRegistry registry;
  registerCpuTargetDialects(registry);
  module.getContext()->appendDialectRegistry(registry);

  FailureOr<SmallVector<KernelInfo>> kernels = collectKernels(module);
  if (failed(kernels))
    return failure();
  // The C interface (_mlir_ciface_<f>, pointers to descriptors) is what the
  // entry points and the header build on.
  module.walk([](func::FuncOp func) {
    if (func->hasAttr(kKernelAttr))
      func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                    UnitAttr::get(func.getContext()));
  });
  if (failed(lowerToLLVMDialect(module, options)))
    return failure();

  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext, "attnc_kernels");
  if (!llvmModule)
    return emitError(module.getLoc()) << "translating the kernels to LLVM IR failed";
  llvm::TargetMachine &machine = *target.machine;
  llvmModule->setDataLayout(machine.createDataLayout());
  llvmModule->setTargetTriple(machine.getTargetTriple());
  std::string error;
  if (!addEntryPoints(*llvmModule, *kernels, error))
    return emitError(module.getLoc()) << error;
  for (llvm::Function &fn : *llvmModule) {
    if (fn.isDeclaration())
      continue;
    fn.addFnAttr("target-cpu", target.cpu);
    if (!target.features.empty())
      fn.addFnAttr("target-features", target.features);
    if (target.preferVectorWidth)
      fn.addFnAttr("prefer-vector-width",
                    std::to_string(target.preferVectorWidth));
  }
  llvm::raw_string_ostream verifierOs(error);
  if (llvm::verifyModule(*llvmModule, &verifierOs))
    return emitError(module.getLoc()) << "attnc produced invalid LLVM IR: " << error;
  optimize(*llvmModule, target);
  if (kernelsOut)
    kernelsOut->assign(kernels->begin(), kernels->end());
  return llvmModule;
}

/// Object code or assembly of `module` into `os`.
static bool emitMachineCode(llvm::Module &module, llvm::TargetMachine &machine,
                            llvm::CodeGenFileType type,
                            llvm::raw_pwrite_stream &os) {
  llvm::legacy::PassManager pm;
  if (machine.addPassesToEmitFile(pm, os, nullptr, type))
    return false;
  pm.run(module);
  return true;
}

/// Whether the kernels call into the OpenMP runtime.
static bool usesOpenMP(const llvm::Module &module) {
  return llvm::any_of(module, [](const llvm::Function &fn) {
    return fn.isDeclaration() && fn.getName().starts_with("__kmpc_");
  });
}

LogicalResult attnc::cpu::compileKernels(ModuleOp module,
                                         const CpuCompileOptions &options,
                                         CpuArtifact artifact,
                                         llvm::StringRef outputPath) {
  std::string error;
  std::unique_ptr<CpuTarget> target = createCpuTarget(options.target, error);
  if (!target)
    return emitError(module.getLoc()) << error;
  llvm::LLVMContext llvmContext;
  FailureOr<std::unique_ptr<llvm::Module>> llvmModule =
      translateKernelsToLLVMIR(module, llvmContext, *target, options);
  if (failed(llvmModule))
    return failure();
  llvm::Module &m = **llvmModule;

  if (artifact == CpuArtifact::SharedLibrary) {
    // Fail on an unwritable output before the link does, with a plain
    // message.
    {
      std::error_code ec;
      llvm::raw_fd_ostream probe(outputPath, ec);
      if (ec)
        return emitError(module.getLoc())
               << "cannot write '" << outputPath << "': " << ec.message();
    }
    llvm::SmallString<128> objectPath;
    int fd;
    if (llvm::sys::fs::createTemporaryFile("attnc-kernel", "o", fd,
                                           objectPath))
      return emitError(module.getLoc()) << "cannot create a temporary object file";
    llvm::FileRemover removeObject(objectPath);
    {
      llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
      if (!emitMachineCode(m, *target->machine,
                           llvm::CodeGenFileType::ObjectFile, os))
        return emitError(module.getLoc()) << "the target cannot emit object files";
    }
    if (!linkSharedLibrary(objectPath, outputPath, usesOpenMP(m), options,
                           error))
      return emitError(module.getLoc()) << error;
    return success();
  }

  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(outputPath, &error);
  if (!output)
    return emitError(module.getLoc()) << error;
  switch (artifact) {
  case CpuArtifact::LLVMIR:
    m.print(output->os(), nullptr);
    break;
  case CpuArtifact::Assembly:
  case CpuArtifact::Object:
    if (!emitMachineCode(m, *target->machine,
                         artifact == CpuArtifact::Object
                             ? llvm::CodeGenFileType::ObjectFile
                             : llvm::CodeGenFileType::AssemblyFile,
                         output->os()))
      return emitError(module.getLoc()) << "the target cannot emit this file type";
    break;
  case CpuArtifact::SharedLibrary:
    break;
  }
  output->keep();
  return success();
}

LogicalResult attnc::cpu::compileToObject(ModuleOp module,
                                          const CpuCompileOptions &options,
                                          llvm::StringRef objectPath) {
  return compileKernels(module, options, CpuArtifact::Object, objectPath);
}

LogicalResult attnc::cpu::compileToSharedLibrary(
    ModuleOp module, const CpuCompileOptions &options,
    llvm::StringRef libraryPath) {
  return compileKernels(module, options, CpuArtifact::SharedLibrary,
                        libraryPath);
}
