// Embeds attnc: parse attention IR, normalise it, and ask the float64
// reference for the output of a two-key problem.
#include "attnc/InitAll.h"
#include "attnc/Reference/Reference.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>

static const char *kIR = R"mlir(
func.func @decode(%q: tensor<?x8x64xf16>, %k: tensor<?x16x2x64xf16>,
                  %v: tensor<?x16x2x64xf16>, %bt: tensor<?x?xi32>,
                  %cl: tensor<?xi32>) -> tensor<?x8x64xf16> {
  %o = attn.paged layout(nhd) q(%q : tensor<?x8x64xf16>)
      k_cache(%k : tensor<?x16x2x64xf16>) v_cache(%v : tensor<?x16x2x64xf16>)
      block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>)
      -> tensor<?x8x64xf16>
  return %o : tensor<?x8x64xf16>
}
)mlir";

int main() {
  mlir::DialectRegistry registry;
  attnc::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  auto module = mlir::parseSourceString<mlir::ModuleOp>(kIR, &context);
  if (!module)
    return 1;
  mlir::PassManager pm(&context);
  attnc::attn::buildNormalizePipeline(pm, {});
  if (mlir::failed(pm.run(*module)))
    return 1;
  module->print(llvm::outs());

  // One query [1, 0], keys [1, 0] and [0, 0], values [1, 2] and [3, 4],
  // scale 1: weights e/(e+1) and 1/(e+1).
  attnc::ref::Problem p;
  p.family = attnc::ref::Family::Varlen;
  p.numQHeads = p.numKvHeads = 1;
  p.headDim = p.headDimV = 2;
  p.q = {{1, 1, 2}, {1, 0}};
  p.k = {{2, 1, 2}, {1, 0, 0, 0}};
  p.v = {{2, 1, 2}, {1, 2, 3, 4}};
  p.cuSeqlensQ = attnc::ref::IntArray{{2}, {0, 1}};
  p.cuSeqlensK = attnc::ref::IntArray{{2}, {0, 2}};
  p.scale = 1.0;
  attnc::ref::Result r;
  attnc::ref::Status status = attnc::ref::evaluate(p, r);
  if (!status.ok) {
    std::fprintf(stderr, "%s\n", status.message.c_str());
    return 1;
  }
  std::printf("reference out = [%.6f, %.6f]\n", r.out.data[0], r.out.data[1]);
  return 0;
}
