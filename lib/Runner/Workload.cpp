//===- Workload.cpp - the work an attention function does -----------------===//

#include "attnc/Runner/Workload.h"

#include "attnc/Dialect/Attn/IR/Attn.h"
#include "attnc/Runner/HostBytes.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Format.h"

#include <sys/resource.h>

using namespace mlir;
using namespace attnc;
using namespace attnc::runner;

double attnc::runner::bufferBytes(const HostBuffer &buffer) {
  return static_cast<double>(buffer.numElements()) *
         elementByteWidth(buffer.elementType);
}

/// The lengths of `op`'s sequences, from its operands' values.
static std::optional<SequenceLengths>
sequenceLengths(attn::AttentionOpInterface op,
                const llvm::StringMap<const HostBuffer *> &operand) {
  auto get = [&](StringRef name) { return operand.lookup(name); };
  auto diffs = [](const HostBuffer &cu) {
    SmallVector<double> lens;
    for (size_t b = 0; b + 1 < cu.values.size(); ++b)
      lens.push_back(cu.values[b + 1] - cu.values[b]);
    return lens;
  };
  const HostBuffer *q = get("q");
  if (!q)
    return std::nullopt;
  SequenceLengths lens;
  switch (op.getFamily()) {
  case attn::Family::Varlen:
    if (!get("cu_seqlens_q") || !get("cu_seqlens_k"))
      return std::nullopt;
    lens.q = diffs(*get("cu_seqlens_q"));
    lens.k = diffs(*get("cu_seqlens_k"));
    break;
  case attn::Family::Paged: {
    const HostBuffer *ctx = get("context_lens");
    if (!ctx)
      return std::nullopt;
    lens.k.assign(ctx->values.begin(), ctx->values.end());
    if (const HostBuffer *cu = get("cu_seqlens_q"))
      lens.q = diffs(*cu);
    else
      lens.q.assign(lens.k.size(), 1.0);
    break;
  }
  case attn::Family::Dense: {
    const HostBuffer *k = get("k");
    if (!k)
      return std::nullopt;
    bool bnsd = cast<attn::DenseOp>(op.getOperation()).getLayout() ==
                attn::DenseLayout::bnsd;
    int seqDim = bnsd ? 2 : 1;
    int64_t batch = q->shape[0];
    lens.q.assign(batch, static_cast<double>(q->shape[seqDim]));
    if (const HostBuffer *actual = get("actual_seq_lengths"))
      lens.k.assign(actual->values.begin(), actual->values.end());
    else
      lens.k.assign(batch, static_cast<double>(k->shape[seqDim]));
    break;
  }
  }
  if (lens.q.size() != lens.k.size())
    return std::nullopt;
  return lens;
}

/// `func`'s inputs by the operand name of `op` they feed.
static llvm::StringMap<const HostBuffer *>
operandInputs(func::FuncOp func, attn::AttentionOpInterface op,
              ArrayRef<HostBuffer> inputs) {
  llvm::StringMap<const HostBuffer *> operand;
  for (const attn::NamedOperand &named : attn::getNamedOperands(op))
    if (auto arg = dyn_cast<BlockArgument>(named.value))
      if (arg.getOwner()->getParentOp() == func.getOperation())
        operand[named.name] = &inputs[arg.getArgNumber()];
  return operand;
}

std::optional<SequenceLengths>
attnc::runner::getSequenceLengths(func::FuncOp func,
                                  attn::AttentionOpInterface op,
                                  ArrayRef<HostBuffer> inputs) {
  return sequenceLengths(op, operandInputs(func, op, inputs));
}

Workload attnc::runner::estimateWorkload(func::FuncOp func,
                                         ArrayRef<HostBuffer> inputs,
                                         ArrayRef<HostBuffer> outputs) {
  Workload w;
  for (const HostBuffer &out : outputs)
    w.bytes += bufferBytes(out);
  func.walk([&](attn::AttentionOpInterface op) {
    llvm::StringMap<const HostBuffer *> operand =
        operandInputs(func, op, inputs);
    std::optional<SequenceLengths> lens = sequenceLengths(op, operand);
    if (!lens)
      return;
    attn::AttentionShape shape = op.getAttentionShape();
    double hq = shape.numQHeads, hkv = shape.numKvHeads, d = shape.headDim;
    double dv = shape.headDimV ? shape.headDimV : shape.headDim;
    double pairs = 0, keys = 0;
    for (size_t b = 0; b < lens->q.size(); ++b) {
      pairs += lens->q[b] * lens->k[b];
      keys += lens->k[b];
    }
    if (op.getCausal())
      pairs /= 2;
    w.flops += 2 * pairs * hq * (d + dv);
    w.bytes += bufferBytes(*operand.lookup("q"));
    // Keys and values read: whole tensors except for a paged cache, whose
    // unused pages are not read.
    bool paged = op.getFamily() == attn::Family::Paged;
    for (StringRef name : {"k", "v", "k_cache", "v_cache"}) {
      const HostBuffer *kv = operand.lookup(name);
      if (!kv)
        continue;
      double perToken = (name.starts_with("k") ? d : dv) * hkv *
                        elementByteWidth(kv->elementType);
      w.bytes += paged ? keys * perToken : bufferBytes(*kv);
    }
  });
  return w;
}

void attnc::runner::reportBenchmark(const BenchmarkResult &bench,
                                   const Workload &work, double ioBytes,
                                   llvm::raw_ostream &os) {
  double t = bench.medianSeconds;
  os << llvm::format("  benchmark: %u runs, median %.4g ms (min %.4g ms)",
                     bench.runs, t * 1e3, bench.minSeconds * 1e3);
  if (t > 0)
    os << llvm::format(", %.4g GFLOP/s, %.4g GB/s", work.flops / t * 1e-9,
                       work.bytes / t * 1e-9);
  os << "\n";
  // ru_maxrss is in KiB on Linux.
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  os << llvm::format("  memory: peak resident %.4g MiB, inputs + outputs "
                     "%.4g MiB\n",
                     usage.ru_maxrss / 1024.0, ioBytes / (1024.0 * 1024.0));
}
