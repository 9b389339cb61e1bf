//===- Views.h - One logical per-sequence view of every family --*- C++ -*-===//
//
// Varlen, paged (nhd/hnd/hpnd) and dense (bnsd/bsnd/bsh, actual_seq_lengths,
// kv_padding_size) problems are all mapped to the same picture: sequence b has
// Lq_b queries and Lk_b logical keys; query i sits at p_i = i + Lk_b - Lq_b;
// the accessors below give q row i, dequantised k/v of logical key j, the
// storage column used for bias/mask, and the output / LSE element. The core
// of the reference (§2, §5) only ever sees this view.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_LIB_REFERENCE_VIEWS_H
#define ATTNC_LIB_REFERENCE_VIEWS_H

#include "attnc/Reference/Reference.h"

#include <cstdint>
#include <vector>

namespace attnc::ref::detail {

inline int64_t ceilDiv(int64_t a, int64_t b) {
  return a / b + (a % b != 0 && ((a < 0) == (b < 0)) ? 1 : 0);
}
inline int64_t floorDiv(int64_t a, int64_t b) {
  return a / b - (a % b != 0 && ((a < 0) != (b < 0)) ? 1 : 0);
}

/// One sequence in logical coordinates.
struct SeqInfo {
  int64_t lq = 0, lk = 0;
  int64_t qRow0 = 0; // varlen/paged: first packed q (and out) row
  int64_t kRow0 = 0; // varlen: first packed k/v row
  int64_t slot0 = 0; // dense: storage slot of logical key 0
  /// Dense only: the valid key range is empty or starts below slot 0, so the
  /// sequence's output is 0 and its LSE -inf (SPEC §3).
  bool zeroed = false;
  int64_t promptLen = 0; // tri-shape: prompt_lens[b], else Lk_b
  int64_t pos(int64_t i) const { return i + lk - lq; }
};

/// Sizes of a validated problem.
struct Geometry {
  Family family = Family::Varlen;
  int64_t B = 0, Hq = 0, Hkv = 0, G = 1, D = 0, Dv = 0;
  int64_t Tq = 0, Tk = 0;                          // varlen, paged (Tq)
  int64_t numPages = 0, pageSize = 0, maxPages = 0; // paged
  int64_t Sq = 0, Skv = 0;                          // dense
  double scale = 0;
  int64_t triShapeBk = 0; // tri-shape bk with "0 = page size" resolved
  std::vector<SeqInfo> seqs; // filled by buildSequences
  int64_t maxLq = 0, maxLk = 0; // maxLk: over sequences not zeroed
};

/// Validates shapes, attributes and which operands are present (SPEC §3-§5
/// and the verifier half of §6); fills the static sizes of `geo`.
Status validateProblem(const Problem &p, Geometry &geo);
/// The runtime half of SPEC §6, through attnc::rt (ArgumentChecks).
Status checkIndexOperands(const Problem &p, const Geometry &geo);
/// Fills geo.seqs once the index operands are known to be sound.
void buildSequences(const Problem &p, Geometry &geo);

/// Read access to the operands in logical coordinates.
class Operands {
public:
  Operands(const Problem &p, const Geometry &g) : p_(p), g_(g) {}

  double q(int64_t b, int64_t i, int64_t h, int64_t d) const;
  /// Dequantised (SPEC §4) key / value element of logical key j, kv head hk.
  double k(int64_t b, int64_t j, int64_t hk, int64_t d) const;
  double v(int64_t b, int64_t j, int64_t hk, int64_t d) const;

  /// Additive bias of query i / key j (0 without a bias).
  double bias(int64_t b, int64_t h, int64_t i, int64_t j) const;
  /// Whether the element mask keeps key j for query i (true without a mask).
  bool maskKeeps(int64_t b, int64_t h, int64_t i, int64_t j) const;
  /// ALiBi slope of (b, h) (only with alibiSlopes).
  double alibiSlope(int64_t b, int64_t h) const;

  std::vector<int64_t> outShape() const;
  std::vector<int64_t> lseShape() const;
  int64_t outIndex(int64_t b, int64_t i, int64_t h, int64_t d) const;
  int64_t lseIndex(int64_t b, int64_t i, int64_t h) const;

private:
  /// Element index of k (dim = D) or v (dim = Dv).
  int64_t kvIndex(int64_t b, int64_t j, int64_t hk, int64_t d,
                  int64_t dim) const;
  /// Index into a per-token dequant scale: [Tk], [P, page] or [B, Skv].
  int64_t tokenIndex(int64_t b, int64_t j) const;
  /// Storage column of key j in bias/mask (dense: the slot).
  int64_t keyColumn(int64_t b, int64_t j) const;
  double dequant(const std::optional<Dequant> &dq, double x, int64_t b,
                 int64_t j, int64_t hk, int64_t d, int64_t dim) const;
  double at4(const Array &a, int64_t b, int64_t h, int64_t i,
             int64_t j) const;

  const Problem &p_;
  const Geometry &g_;
};

} // namespace attnc::ref::detail

#endif // ATTNC_LIB_REFERENCE_VIEWS_H
