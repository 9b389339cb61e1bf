// --emit=llvm: optimised LLVM IR with the C interface function, the packed
// entry (descriptor pointers and an int32 flag behind one array) and the
// signature JSON, for the host triple and CPU.
//
// RUN: attnc %S/Inputs/scale-kernel.mlir --emit=llvm | FileCheck %s
// RUN: attnc %S/Inputs/scale-kernel.mlir --emit=llvm -O0 --mcpu=avx2 \
// RUN:   | FileCheck %s --check-prefix=O0

// CHECK:      target triple = "x86_64
// CHECK:      @attnc_scale_signature_json = {{.*}}c"{\22args\22:[{\22role\22:\22q\22,\22type\22:\22?x4xf32\22}],\22name\22:\22scale\22,\22results\22:[{\22name\22:\22out\22,\22type\22:\22?x4xf32\22}],\22workspace_bytes\22:1024}\00"
// CHECK:      define {{.*}}i32 @scale(
// CHECK:      call {{.*}}@__kmpc_fork_call
// CHECK:      define {{.*}}i32 @_mlir_ciface_scale(ptr
// CHECK:      define {{.*}}i32 @attnc_scale_packed(ptr {{.*}}%args)
// CHECK:      define {{.*}}ptr @attnc_scale_signature()

// At -O0 the packed entry still shows its shape: two descriptor pointers,
// then the flag as an int32 compared with 0.
// O0:         define i32 @attnc_scale_packed(ptr %args) #[[ATTRS:[0-9]+]]
// O0:         getelementptr ptr, ptr %args, i64 0
// O0:         getelementptr ptr, ptr %args, i64 1
// O0:         %[[SLOT:.*]] = getelementptr ptr, ptr %args, i64 2
// O0:         %[[PTR:.*]] = load ptr, ptr %[[SLOT]]
// O0:         %[[FLAG:.*]] = load i32, ptr %[[PTR]]
// O0:         %[[BIT:.*]] = icmp ne i32 %[[FLAG]], 0
// O0:         call i32 @_mlir_ciface_scale(ptr %{{.*}}, ptr %{{.*}}, i1 %[[BIT]])
// O0:         attributes #[[ATTRS]] = { {{.*}}"target-cpu"="x86-64-v3"
