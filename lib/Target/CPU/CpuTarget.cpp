//===- CpuTarget.cpp - the host CPU as an LLVM target ---------------------===//

#include "attnc/Target/CPU/CpuTarget.h"

#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/TargetParser/Triple.h"

using namespace attnc::cpu;

static llvm::CodeGenOptLevel codeGenLevel(unsigned optLevel) {
  switch (optLevel) {
  case 0:
    return llvm::CodeGenOptLevel::None;
  case 1:
    return llvm::CodeGenOptLevel::Less;
  case 2:
    return llvm::CodeGenOptLevel::Default;
  default:
    return llvm::CodeGenOptLevel::Aggressive;
  }
}

std::unique_ptr<CpuTarget>
attnc::cpu::createCpuTarget(const CpuTargetOptions &options,
                            std::string &error) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  auto target = std::make_unique<CpuTarget>();
  target->triple = llvm::sys::getProcessTriple();
  llvm::Triple triple(target->triple);
  const llvm::Target *llvmTarget =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!llvmTarget)
    return nullptr;

  // The host's own features where the CPU is the host (cpuid knows better
  // than the name: a VM may hide AVX-512); the name's features otherwise.
  llvm::StringRef cpu = options.cpu;
  if (cpu.empty() || cpu == "native" || cpu == "host") {
    target->cpu = llvm::sys::getHostCPUName().str();
    llvm::SubtargetFeatures features;
    for (const auto &feature : llvm::sys::getHostCPUFeatures())
      features.AddFeature(feature.getKey(), feature.getValue());
    target->features = features.getString();
  } else if (cpu == "avx2") {
    target->cpu = "x86-64-v3";
  } else if (cpu == "avx512") {
    target->cpu = "x86-64-v4";
    target->preferVectorWidth = 512;
  } else {
    target->cpu = cpu.str();
  }

  // Validity is asked of a generic subtarget: one built for an unknown CPU
  // warns on stderr.
  std::unique_ptr<llvm::MCSubtargetInfo> generic(
      llvmTarget->createMCSubtargetInfo(triple, "", ""));
  if (!generic || !generic->isCPUStringValid(target->cpu)) {
    error = "unknown CPU '" + options.cpu + "' for " + target->triple +
            " (use native, avx2, avx512, or an LLVM CPU name such as "
            "skylake-avx512 or znver4)";
    return nullptr;
  }
  std::unique_ptr<llvm::MCSubtargetInfo> subtarget(
      llvmTarget->createMCSubtargetInfo(triple, target->cpu,
                                        target->features));
  if (triple.isX86()) {
    if (subtarget->checkFeatures("+avx512f"))
      target->vectorBits = 512;
    else if (subtarget->checkFeatures("+avx2"))
      target->vectorBits = 256;
  }

  target->optLevel = options.optLevel;
  llvm::TargetOptions targetOptions;
  // Constructors (the GPU binary's loader) go to .init_array, which the
  // dynamic loader runs; .ctors it does not.
  targetOptions.UseInitArray = true;
  target->machine.reset(llvmTarget->createTargetMachine(
      triple, target->cpu, target->features, targetOptions, llvm::Reloc::PIC_,
      std::nullopt, codeGenLevel(options.optLevel)));
  if (!target->machine) {
    error = "cannot create an LLVM target machine for " + target->triple;
    return nullptr;
  }
  return target;
}
