//===- Reference.cpp - Float64 evaluation of SPEC.md: the driver ----------===//
//
// validate -> runtime index checks -> logical per-sequence view ->
// (XAttention selection) -> per (sequence, head) core -> int8 output.
// Nothing is written to the caller's Result unless every check passed.
//
//===----------------------------------------------------------------------===//

#include "Core.h"
#include "Views.h"
#include "Visibility.h"
#include "XAttention.h"

#include <limits>

namespace attnc::ref {

int64_t Array::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

int64_t IntArray::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

Status evaluate(const Problem &p, Result &result) {
  using namespace detail;
  Geometry g;
  if (Status st = validateProblem(p, g); !st.ok)
    return st;
  if (Status st = checkIndexOperands(p, g); !st.ok)
    return st;
  buildSequences(p, g);
  Operands ops(p, g);

  Result r;
  r.out.shape = ops.outShape();
  r.out.data.assign(r.out.numElements(), 0.0);
  r.lse.shape = ops.lseShape();
  r.lse.data.assign(r.lse.numElements(),
                    -std::numeric_limits<double>::infinity());

  std::optional<XSelection> xsel;
  if (const auto *xa = std::get_if<XAttentionSparsity>(&p.sparsity)) {
    xsel = selectXAttention(g, ops, *xa);
    exportSelection(*xsel, g, xa->block, r);
  }
  Visibility vis(p, g, ops, xsel ? &*xsel : nullptr);

  std::vector<double> keys;
  for (int64_t b = 0; b < g.B; ++b) {
    const SeqInfo &s = g.seqs[b];
    if (s.zeroed || s.lq == 0)
      continue;
    for (int64_t hk = 0; hk < g.Hkv; ++hk) {
      // The dequantised keys of this kv head, shared by its G query heads.
      keys.assign(s.lk * g.D, 0.0);
      for (int64_t j = 0; j < s.lk; ++j)
        for (int64_t d = 0; d < g.D; ++d)
          keys[j * g.D + d] = ops.k(b, j, hk, d);
      for (int64_t h = hk * g.G; h < (hk + 1) * g.G; ++h)
        evaluateHead(p, g, ops, vis, b, h, keys, r);
    }
  }
  if (p.outQuant)
    quantiseOutput(p, g, ops, r);
  result = std::move(r);
  return Status::success();
}

} // namespace attnc::ref
