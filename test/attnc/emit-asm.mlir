// --emit=asm, and --mcpu choosing the vector width: SSE for generic
// x86-64, 256-bit ymm for avx2 (x86-64-v3), 512-bit zmm for avx512
// (x86-64-v4, with 512-bit vectors preferred); an unknown CPU is an error.
//
// RUN: attnc %S/Inputs/wide-kernel.mlir --emit=asm --mcpu=x86-64 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,SSE
// RUN: attnc %S/Inputs/wide-kernel.mlir --emit=asm --mcpu=avx2 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,AVX2
// RUN: attnc %S/Inputs/wide-kernel.mlir --emit=asm --mcpu=avx512 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,AVX512
// RUN: not attnc %S/Inputs/wide-kernel.mlir --emit=asm --mcpu=pentium-x 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNKNOWN

// CHECK-LABEL: wide:
// SSE-NOT:       {{[yz]mm}}
// SSE:           addps {{.*}}xmm
// AVX2-NOT:      zmm
// AVX2:          vaddps {{.*}}ymm
// AVX512:        vaddps {{.*}}zmm
// CHECK-LABEL: _mlir_ciface_wide:
// CHECK-LABEL: attnc_wide_packed:
// CHECK-LABEL: attnc_wide_signature:

// UNKNOWN: Inputs{{/|\\}}wide-kernel.mlir:0:0: error: unknown CPU 'pentium-x' for x86_64-{{.*}} (use native, avx2, avx512, or an LLVM CPU name such as skylake-avx512 or znver4)
