//===- CpuTarget.h - the host CPU as an LLVM target -------------*- C++ -*-===//
//
// Resolves `--mcpu` (a CPU name, "native", or the shorthands "avx2" and
// "avx512") to an LLVM TargetMachine for the host triple, and says which
// vector width the chosen CPU has (AVX-512, AVX2 or SSE).
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_TARGET_CPU_CPUTARGET_H
#define ATTNC_TARGET_CPU_CPUTARGET_H

#include "llvm/Target/TargetMachine.h"

#include <memory>
#include <string>

namespace attnc::cpu {

struct CpuTargetOptions {
  /// "native" (the host CPU and its features), "avx2" (x86-64-v3),
  /// "avx512" (x86-64-v4 with 512-bit vectors preferred, which LLVM's
  /// generic tuning otherwise avoids), or any CPU name LLVM knows
  /// ("skylake-avx512", "znver4", "sapphirerapids", ...).
  std::string cpu = "native";
  /// 0..3, as -O.
  unsigned optLevel = 3;
};

struct CpuTarget {
  std::string triple, cpu, features;
  /// Widest vector register: 512 (AVX-512F), 256 (AVX2), else 128.
  unsigned vectorBits = 128;
  /// The vectorisers' preferred width ("prefer-vector-width"), 0 for the
  /// CPU's own tuning.
  unsigned preferVectorWidth = 0;
  unsigned optLevel = 3;
  std::unique_ptr<llvm::TargetMachine> machine;
};

/// Creates the target machine (position-independent code, for shared
/// libraries). On an unknown CPU name fails with `error`.
std::unique_ptr<CpuTarget> createCpuTarget(const CpuTargetOptions &options,
                                           std::string &error);

} // namespace attnc::cpu

#endif // ATTNC_TARGET_CPU_CPUTARGET_H
