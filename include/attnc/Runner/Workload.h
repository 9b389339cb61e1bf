//===- Workload.h - the work an attention function does ---------*- C++ -*-===//
//
// What --benchmark divides by the time: FLOPs 2 * Lq * Lk * Hq * (D + Dv)
// per sequence (4 * Lq * Lk * Hq * D when Dv = D), with Lq * Lk halved for
// causal ops, and bytes of q, of the keys and values the sequences attend
// to (all of k and v for varlen and dense, the used pages' tokens for a
// paged cache), and of every output.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_RUNNER_WORKLOAD_H
#define ATTNC_RUNNER_WORKLOAD_H

#include "attnc/Dialect/Attn/IR/Attn.h"
#include "attnc/Runner/HostBuffer.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/raw_ostream.h"

namespace attnc::runner {

struct Workload {
  double flops = 0;
  double bytes = 0;
};

/// The work of `func` on `inputs` producing `outputs`, summed over its
/// attention ops (an op whose operands are not function arguments counts
/// only its output bytes).
Workload estimateWorkload(mlir::func::FuncOp func,
                          llvm::ArrayRef<HostBuffer> inputs,
                          llvm::ArrayRef<HostBuffer> outputs);

/// Per-sequence query and key counts of an attention op (whole numbers).
struct SequenceLengths {
  llvm::SmallVector<double> q, k;
};

/// The lengths of `op`'s sequences, read from `inputs` (one per argument of
/// `func`): cu_seqlens, context lengths, actual_seq_lengths or the dense
/// shapes; nullopt where an operand they come from is not an argument.
std::optional<SequenceLengths>
getSequenceLengths(mlir::func::FuncOp func, attn::AttentionOpInterface op,
                   llvm::ArrayRef<HostBuffer> inputs);

/// Bytes of a buffer in its element type.
double bufferBytes(const HostBuffer &buffer);

/// Timings of repeated calls of a compiled kernel.
struct BenchmarkResult {
  unsigned runs = 0;
  double medianSeconds = 0, minSeconds = 0;
};

/// Prints the median time, GFLOP/s and GB/s of `work`, and the process's
/// peak resident memory next to `ioBytes` (inputs + outputs).
void reportBenchmark(const BenchmarkResult &bench, const Workload &work,
                     double ioBytes, llvm::raw_ostream &os);

} // namespace attnc::runner

#endif // ATTNC_RUNNER_WORKLOAD_H
