//===- KernelInfo.h - what a compiled kernel takes and returns --*- C++ -*-===//
//
// A kernel function (`attn.kernel`) takes its inputs as memrefs, then one
// memref per result (destination passing), then an i1 flag that enables the
// runtime argument checks, and returns an i32 status. KernelInfo is what the
// entry points, the signature JSON and the C header are generated from; it
// is collected from the func-level module, before lowering to LLVM erases
// the memref types.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_TARGET_CPU_KERNELINFO_H
#define ATTNC_TARGET_CPU_KERNELINFO_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>
#include <vector>

namespace attnc::cpu {

/// One memref argument of a kernel.
struct KernelOperand {
  /// Role ("q", "k_cache", ...) of an input, name ("out", "lse") of a result.
  std::string name;
  /// Shape and element type, "?x8x64xf16"; rank 0 is just "f32".
  std::string type;
  int64_t rank = 0;
};

struct KernelInfo {
  /// The symbol name; also a C identifier.
  std::string name;
  std::vector<KernelOperand> args;
  std::vector<KernelOperand> results;
  /// `attn.workspace_bytes`, if the kernel states its scratch memory.
  std::optional<int64_t> workspaceBytes;
  /// `attn.device`: "cuda" for kernels that launch GPU code (descriptors
  /// then hold device pointers and attn.workspace_bytes is shared memory
  /// per thread block), empty for CPU kernels.
  std::string device;
  /// `attn.split_workspace_bytes_per_sequence`: the most device workspace a
  /// split-KV launch takes per sequence (kept by the runtime per stream).
  std::optional<int64_t> splitWorkspaceBytesPerSequence;
  /// `attn.xattention_list_bytes_per_block_pair`: XAttention's block lists
  /// take this many bytes of device memory per sequence and (q-block,
  /// k-block) pair, for the q-blocks and k-blocks the operand shapes allow.
  std::optional<int64_t> xattentionListBytesPerBlockPair;

  /// {"name": ..., "args": [{"role", "type"}], "results": [{"name", "type"}]}
  /// (+ "workspace_bytes" when known): what attnc_<name>_signature returns.
  std::string signatureJson() const;
};

/// Attribute names of the kernel convention.
inline constexpr llvm::StringLiteral kKernelAttr = "attn.kernel";
inline constexpr llvm::StringLiteral kArgRolesAttr = "attn.arg_roles";
inline constexpr llvm::StringLiteral kResultNamesAttr = "attn.result_names";
inline constexpr llvm::StringLiteral kWorkspaceBytesAttr =
    "attn.workspace_bytes";
inline constexpr llvm::StringLiteral kDeviceAttr = "attn.device";
inline constexpr llvm::StringLiteral kSplitWorkspaceAttr =
    "attn.split_workspace_bytes_per_sequence";
inline constexpr llvm::StringLiteral kXAttentionListAttr =
    "attn.xattention_list_bytes_per_block_pair";

/// The kernels of `module` in order, checked against the convention. On a
/// violation emits a diagnostic at the function and fails; fails with a
/// diagnostic at the module if there is no kernel.
mlir::FailureOr<llvm::SmallVector<KernelInfo>>
collectKernels(mlir::ModuleOp module);

/// Whether `module` has a function marked `attn.kernel`.
bool hasKernels(mlir::ModuleOp module);

} // namespace attnc::cpu

#endif // ATTNC_TARGET_CPU_KERNELINFO_H
