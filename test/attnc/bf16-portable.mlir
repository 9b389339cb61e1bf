// bf16 outputs are rounded with integer ops, so a library for a CPU without
// AVX512-BF16 needs no __truncsfbf2 (absent from Debian 12's libgcc).
// RUN: attnc %s --target=cpu --mcpu=avx2 --emit=llvm -o - | FileCheck %s
// CHECK-LABEL: define {{.*}}@_mlir_ciface_bf16_out
// CHECK-NOT: fptrunc {{.*}} to bfloat
// CHECK-NOT: fptrunc {{.*}} x bfloat>
// CHECK-NOT: __truncsfbf2
func.func @bf16_out(%q: tensor<?x2x32xbf16>, %k: tensor<?x2x32xbf16>,
                    %v: tensor<?x2x32xbf16>, %cq: tensor<?xi32>,
                    %ck: tensor<?xi32>) -> tensor<?x2x32xbf16> {
  %o = attn.varlen q(%q : tensor<?x2x32xbf16>) k(%k : tensor<?x2x32xbf16>)
      v(%v : tensor<?x2x32xbf16>) cu_seqlens_q(%cq : tensor<?xi32>)
      cu_seqlens_k(%ck : tensor<?xi32>) -> tensor<?x2x32xbf16>
  return %o : tensor<?x2x32xbf16>
}
