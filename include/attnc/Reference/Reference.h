//===- Reference.h - Float64 evaluation of SPEC.md ---------------*- C++ -*-===//
//
// The ground truth of attnc: a direct, unoptimised float64 evaluation of every
// op and option of SPEC.md. It has no MLIR dependency so that the runner, the
// unit tests, the sweeps and the GPU test scripts can all call it.
//
// Inputs are given at their exact values as float64 (f16/bf16/fp8/int8
// elements converted exactly by the caller). Quantised K/V are dequantised
// here (SPEC §4), int8 output is quantised here.
//
//===----------------------------------------------------------------------===//

#ifndef ATTNC_REFERENCE_REFERENCE_H
#define ATTNC_REFERENCE_REFERENCE_H

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace attnc::ref {

/// Row-major array of float64 values. A scalar has an empty shape.
struct Array {
  std::vector<int64_t> shape;
  std::vector<double> data;
  int64_t numElements() const;
};

/// Row-major array of integers (the i32/i64 index operands of SPEC §3).
struct IntArray {
  std::vector<int64_t> shape;
  std::vector<int64_t> data;
  int64_t numElements() const;
};

enum class Family { Varlen, Paged, Dense };
/// Paged cache layouts: nhd [P, page, Hkv, D], hnd [P, Hkv, page, D],
/// hpnd [Hkv, P, page, D].
enum class CacheLayout { NHD, HND, HPND };
/// Dense layouts: bnsd [B, H, S, D], bsnd [B, S, H, D], bsh [B, S, H*D].
enum class DenseLayout { BNSD, BSND, BSH };
enum class MaskPolarity { KeepIfTrue, DropIfNonzero };
enum class Granularity { PerTensor, PerChannel, PerToken };

/// K or V dequantisation: x = (x_q - offset) * scale (SPEC §4). The scale
/// (and offset, same shape) is a scalar for PerTensor ({} or {1}), [Hkv, D]
/// (K) / [Hkv, Dv] (V) for PerChannel, and for PerToken [Tk] (varlen),
/// [P, page_size] (paged), [B, Skv] (dense).
struct Dequant {
  Granularity granularity = Granularity::PerTensor;
  Array scale;
  std::optional<Array> offset;
};

/// int8 output: clamp(round_half_even(o * scale + offset), -128, 127); scale
/// and offset are scalars or [Hq, Dv].
struct OutQuant {
  Array scale;
  std::optional<Array> offset;
};

/// SPEC §5.1. Operands are in Problem::kvNumBlocks etc.
struct BlockMaskSparsity {
  int64_t bq = 128, bk = 128;
};
/// SPEC §5.2. bk == 0 means "the page size" (paged only).
struct TriShapeSparsity {
  int64_t bk = 0;
  int64_t nRetainedStart = 128, nRetainedRecent = 1920, nDenseTail = 100;
};
/// SPEC §5.3.
struct XAttentionSparsity {
  double threshold = 0.8;
  int64_t block = 64, stride = 8, nDenseTail = 100;
};
/// A skip-softmax threshold: fixed, or calibrated lambda(L) = a*exp(b*S*)/L.
struct Threshold {
  double value = 1e-3;
  bool calibrated = false;
  double a = 0, b = 0, target = 0;
  /// The threshold for a sequence of `keyLength` keys.
  double at(int64_t keyLength) const;
};
/// SPEC §5.4.
struct SkipSoftmax {
  int64_t br = 128, bc = 128;
  Threshold prefill{1e-3}, decode{1e-4};
};

/// s' = score_mod(s, b, h, q_pos, kv_pos) (SPEC §2 step 5).
using ScoreModFn =
    std::function<double(double s, int64_t b, int64_t h, int64_t qPos,
                         int64_t kvPos)>;
/// true keeps the key (SPEC §2 step 6).
using MaskModFn =
    std::function<bool(int64_t b, int64_t h, int64_t qPos, int64_t kvPos)>;

/// Everything one attention op computes on. Unset optionals are absent
/// operands; shapes follow SPEC §3 for the family.
struct Problem {
  Family family = Family::Varlen;
  int64_t numQHeads = 0, numKvHeads = 0, headDim = 0, headDimV = 0;
  CacheLayout cacheLayout = CacheLayout::NHD;
  DenseLayout denseLayout = DenseLayout::BNSD;

  Array q, k, v;
  // Varlen: both; paged: cuSeqlensQ optional (decode when absent, Tq = B).
  std::optional<IntArray> cuSeqlensQ, cuSeqlensK;
  // Paged.
  std::optional<IntArray> blockTable, contextLens;
  // Dense.
  std::optional<IntArray> actualSeqLengths;
  std::optional<int64_t> kvPaddingSize;

  // SPEC §2 options.
  std::optional<double> scale; // default 1/sqrt(D)
  bool causal = false;
  int64_t windowLeft = -1, windowRight = -1;
  int64_t numSink = 0;
  double softcap = 0; // 0 = none
  std::optional<Array> alibiSlopes; // [Hq] or [B, Hq]
  std::optional<Array> bias;        // [B|1, Hq|1, Lq|1, Lk|1]
  std::optional<Array> mask;        // same shape rules as bias
  MaskPolarity maskPolarity = MaskPolarity::KeepIfTrue;
  ScoreModFn scoreMod;
  MaskModFn maskMod;

  // SPEC §4.
  std::optional<Dequant> kDequant, vDequant;
  std::optional<OutQuant> outQuant;

  // SPEC §5.
  std::variant<std::monostate, BlockMaskSparsity, TriShapeSparsity,
               XAttentionSparsity>
      sparsity;
  std::optional<IntArray> kvNumBlocks, kvIndices, fullKvNumBlocks,
      fullKvIndices;
  std::optional<IntArray> promptLens; // tri-shape
  std::optional<SkipSoftmax> skipSoftmax;

  /// Check the runtime index operands (SPEC §6) before computing.
  bool checkArguments = true;
};

struct Result {
  /// In q's layout with Dv (int8 values when outQuant is set).
  Array out;
  /// [Hq, Tq] for varlen/paged, [B, Hq, Sq] for dense.
  Array lse;
  /// XAttention only: the selected block mask in the BlockMask form of SPEC
  /// §5.1: [B, Hq, nQB] and [B, Hq, nQB, nKB] with nQB = ceil(max Lq / block),
  /// nKB = ceil(max Lk / block); indices ascending, unused entries -1.
  IntArray selectedNumBlocks, selectedIndices;
  /// Skip-softmax only: tiles skipped / visited (SPEC §5.4).
  int64_t skippedTiles = 0, visitedTiles = 0;
};

/// Success, or a message naming the operand, the sequence and the bad value.
struct Status {
  bool ok = true;
  std::string message;
  static Status success() { return {}; }
  static Status error(std::string msg) { return {false, std::move(msg)}; }
};

/// Evaluates `p` in float64. On error, `result` is left untouched.
Status evaluate(const Problem &p, Result &result);

/// One calibration run: at threshold `lambda` on keys of length `keyLength`,
/// `skippedFraction` of the visited tiles were skipped.
struct CalibrationSample {
  double lambda = 0;
  int64_t keyLength = 0;
  double skippedFraction = 0;
};
struct CalibrationFit {
  double a = 0, b = 0;
};
/// OLS of log(lambda * L) on s over samples with 0.1 <= s <= 0.9 (SPEC §5.4);
/// log(lambda L) = log(a) + b s. Errors with fewer than two distinct s.
Status fitCalibration(const std::vector<CalibrationSample> &samples,
                      CalibrationFit &fit);

} // namespace attnc::ref

#endif // ATTNC_REFERENCE_REFERENCE_H
