// --emit=header: the C header of the library: a descriptor typedef per
// rank used, then per kernel the _mlir_ciface_ prototype with a comment per
// argument (role, type), the packed entry, the signature accessor and the
// workspace note, and attnc_rt_last_error.
//
// RUN: attnc %S/../attn-run-cpu/Inputs/varlen-kernel.mlir --emit=header \
// RUN:   -o %t-varlen.h
// RUN: FileCheck %s < %t-varlen.h
// RUN: attnc %S/Inputs/scale-kernel.mlir --emit=header \
// RUN:   | FileCheck %s --check-prefix=SCALE

// CHECK:      #ifndef {{.*}}VARLEN_H
// CHECK:      #include <stdbool.h>
// CHECK:      #include <stdint.h>
// CHECK:      typedef struct attnc_memref_1d {
// CHECK-NEXT:   void *allocated;
// CHECK-NEXT:   void *aligned;
// CHECK-NEXT:   int64_t offset;
// CHECK-NEXT:   int64_t sizes[1];
// CHECK-NEXT:   int64_t strides[1];
// CHECK-NEXT: } attnc_memref_1d;
// CHECK:      typedef struct attnc_memref_2d {
// CHECK:      typedef struct attnc_memref_3d {
// CHECK:      const char *attnc_rt_last_error(void);
// CHECK:      int32_t _mlir_ciface_varlen(
// CHECK-NEXT:     attnc_memref_3d *q, {{ *}}/* input 0, role q: ?x2x4xf32 */
// CHECK-NEXT:     attnc_memref_3d *k, {{ *}}/* input 1, role k: ?x1x4xf32 */
// CHECK-NEXT:     attnc_memref_3d *v, {{ *}}/* input 2, role v: ?x1x4xf32 */
// CHECK-NEXT:     attnc_memref_1d *cu_seqlens_q, {{ *}}/* input 3, role cu_seqlens_q: ?xi32 */
// CHECK-NEXT:     attnc_memref_1d *cu_seqlens_k, {{ *}}/* input 4, role cu_seqlens_k: ?xi32 */
// CHECK-NEXT:     attnc_memref_3d *out, {{ *}}/* result 0, out, written by the kernel: ?x2x4xf32 */
// CHECK-NEXT:     attnc_memref_2d *lse, {{ *}}/* result 1, lse, written by the kernel: 2x?xf32 */
// CHECK-NEXT:     bool check_arguments); {{ *}}/* check index operands (SPEC 6) first */
// CHECK:      args[0..6] point to the descriptors
// CHECK-NEXT: above in order, args[7] to an int32_t check flag
// CHECK:      int32_t attnc_varlen_packed(void **args);
// CHECK:      const char *attnc_varlen_signature(void);
// CHECK-NOT:  Workspace
// CHECK:      #endif /* {{.*}}VARLEN_H */

// SCALE:      #ifndef ATTNC_KERNELS_H
// SCALE-NOT:  attnc_memref_1d
// SCALE:      int32_t _mlir_ciface_scale(
// SCALE:      /* Workspace: @scale uses 1024 bytes of scratch memory per work item in flight (one per
// SCALE-NEXT:    thread), beyond its arguments; nothing scales with Lq x Lk. */
