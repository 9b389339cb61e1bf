//===- Passes.td - attnc conversion passes -----------------*- tablegen -*-===//

#ifndef ATTNC_CONVERSION_PASSES_TD
#define ATTNC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def AttnLowerToLoops : Pass<"attn-lower-to-loops", "::mlir::ModuleOp"> {
  let summary = "Lower attention functions to block-sparse loops with online "
                "softmax on memrefs";
  let description = [{
    Rewrites every public function whose body is one attention op (plus
    `func.return`) into a kernel function in destination-passing style:

    ```mlir
    func.func @f(%q: memref<?x8x64xf16>, ..., %out: memref<?x8x64xf16>,
                 %check_arguments: i1) -> i32
        attributes {attn.kernel, llvm.emit_c_interface, ...}
    ```

    The body first checks the runtime index operands (SPEC §6) through
    `attnc_rt_check_attention` when `%check_arguments` is set, returning 1
    before anything is written if they are bad. It then visits work items
    (sequence, kv head, q-block): the query rows of all `Hq / Hkv` heads of a
    kv head are packed into one tile so that each K/V block is loaded once
    for the group. For each work item it walks a list of KV blocks (a range
    computed from causality and the window, plus the sink blocks, or the
    lists of a block mask; the page table maps a logical block to its
    page), computes the scores of the tile, applies soft cap, ALiBi, bias,
    the score modifier and the visibility rules, and folds the tile into
    the running max, sum and output (online softmax). Rows that see no key
    end with output 0 and LSE `-inf`.

    The result uses `scf`, `memref`, `arith` and `math`; the target
    pipelines (`attn-cpu-to-llvm`) take it from there.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::math::MathDialect", "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect", "::mlir::vector::VectorDialect"
  ];
  let options = [
    Option<"blockQ", "block-q", "int64_t", /*default=*/"64",
           "Query rows per tile, over all the heads packed in it (a q-block "
           "holds block-q / heads queries of each head)">,
    Option<"blockK", "block-k", "int64_t", /*default=*/"64",
           "Keys in a KV block (block masks use their own)">,
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"16",
           "f32 lanes of the tile kernels' vectors (16 AVX-512, 8 AVX2)">,
  ];
}

def AttnLowerToGPU : Pass<"attn-lower-to-gpu", "::mlir::ModuleOp"> {
  let summary = "Lower attention functions to a CUDA kernel with tensor-core "
                "tiles and a host launch";
  let description = [{
    Builds the same kernel function as `attn-lower-to-loops` (memref
    operands in device memory, destination-passing results, an i1 "check
    arguments" flag, an i32 status), whose body launches one GPU kernel
    (`gpu.launch_func`) and returns `attnc_cuda_launch_status()`. The
    argument checks call `attnc_rt_check_attention_device`, which copies the
    index operands to the host first.

    The kernel, in a `gpu.module`, gives each (sequence, q-block) slot and
    head unit a thread block. The block walk (ranges from causality, the
    window and sinks, or block-mask lists) is the one the CPU uses; a visit
    stages the K and V block in shared memory with `cp.async` (the page
    table lookup folded into the addresses; dequantised plain loads for
    int8/fp8 caches or rows that are not 16-byte aligned), double-buffered
    over ranges, computes the scores with `ldmatrix` and `mma.sync`
    m16n8k16 (f16 or bf16 in, f32 accumulate; each warp owns 16 query rows
    of the packed heads), applies the score rules of SPEC §2 only on
    partial blocks, updates the f32 online-softmax state in registers and
    accumulates P V on tensor cores with P rounded to the input type. f32
    inputs multiply as 3xTF32: each operand (P too) is split into a tf32
    part and a tf32 remainder, three `mma.sync` m16n8k8 per product.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::gpu::GPUDialect", "::mlir::LLVM::LLVMDialect",
    "::mlir::math::MathDialect", "::mlir::memref::MemRefDialect",
    "::mlir::NVVM::NVVMDialect", "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect"
  ];
  let options = [
    Option<"blockRows", "block-rows", "int64_t", /*default=*/"128",
           "Query rows of a thread block, over the packed heads (16 or, "
           "from 128 rows with Dv <= 128, 32 per warp)">,
    Option<"blockK", "block-k", "int64_t", /*default=*/"0",
           "Keys in a KV block, a multiple of 16; 0 picks 32 for prefill "
           "(the accumulators of two m-tiles then fit in registers; with "
           "wgmma 128 at D = 128, else 64) and 64 for decode (block masks "
           "use their own bk, skip-softmax its bc)">,
    Option<"wgmma", "wgmma", "bool", /*default=*/"false",
           "Prefill tile products with Hopper wgmma (the module must target "
           "sm_90a): warpgroups of 64 rows over 128-byte-swizzled shared "
           "memory; needs head dims that are multiples of 64">,
    Option<"tma", "tma", "bool", /*default=*/"true",
           "With wgmma: K/V tiles arrive by TMA (cp.async.bulk.tensor, "
           "completing on an mbarrier per stage) when a sequence's keys are "
           "consecutive rows of K/V (varlen, dense) and need no "
           "dequantisation; the runtime encodes the tensor maps per call">,
  ];
}

#endif // ATTNC_CONVERSION_PASSES_TD
