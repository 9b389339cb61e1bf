//===- SkipSoftmax.h - SPEC §5.4 tile skipping -----------------*- C++ -*-===//

#ifndef ATTNC_LIB_REFERENCE_SKIPSOFTMAX_H
#define ATTNC_LIB_REFERENCE_SKIPSOFTMAX_H

#include <cstdint>
#include <vector>

namespace attnc::ref::detail {

/// One query row: visibility and scores (s[j] is meaningful where vis[j]),
/// and the keys whose exp/V are accumulated (visible keys of processed tiles).
struct ScoredRow {
  std::vector<uint8_t> vis;
  std::vector<double> s;
  std::vector<uint8_t> use;
};

/// Applies SPEC §5.4 to the `numRows` valid rows of one q-tile over keys
/// [0, lk) in k-tiles of `bc`: clears `use` on the keys of skipped tiles and
/// adds to the visited / skipped tile counts.
void skipSoftmaxTile(std::vector<ScoredRow> &rows, int64_t numRows, int64_t lk,
                     int64_t bc, double lambda, int64_t &visitedTiles,
                     int64_t &skippedTiles);

} // namespace attnc::ref::detail

#endif // ATTNC_LIB_REFERENCE_SKIPSOFTMAX_H
