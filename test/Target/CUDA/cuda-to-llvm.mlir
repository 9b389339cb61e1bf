// attn-cuda-to-llvm on a lowered GPU kernel: the device code becomes an
// embedded gpu.binary (PTX with format=isa), the host function LLVM
// dialect that launches it through gpu.launch_func and reports the runtime's
// status; no gpu.module, gpu.func, scf or memref op is left.
//
// REQUIRES: ptxas
// RUN: attn-opt %S/../../Conversion/AttnToGPU/lower-to-gpu.mlir \
// RUN:   --attn-lower-to-gpu --attn-cuda-to-llvm=format=isa | FileCheck %s

// CHECK: llvm.func @paged_decode(
// CHECK: llvm.call @attnc_rt_check_attention_device
// CHECK: llvm.call @attnc_cuda_workspace
// CHECK: gpu.launch_func {{ *}}@paged_decode_device::@paged_decode blocks
// CHECK: gpu.launch_func {{ *}}@paged_decode_device::@paged_decode_combine blocks
// CHECK: llvm.call @attnc_cuda_launch_status
// CHECK-NOT: gpu.module
// CHECK-NOT: gpu.func
// CHECK-NOT: scf.
// CHECK-NOT: memref.
// CHECK: gpu.binary @paged_decode_device
// CHECK-SAME: #gpu.object<#nvvm.target<O = 3, chip = "sm_90", features = "+ptx80">
