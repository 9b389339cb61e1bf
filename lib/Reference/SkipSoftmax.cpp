//===- SkipSoftmax.cpp - SPEC §5.4 tile skipping ---------------------------===//

#include "SkipSoftmax.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace attnc::ref::detail {

void skipSoftmaxTile(std::vector<ScoredRow> &rows, int64_t numRows, int64_t lk,
                     int64_t bc, double lambda, int64_t &visitedTiles,
                     int64_t &skippedTiles) {
  const double ninf = -std::numeric_limits<double>::infinity();
  const double lnLambda = std::log(lambda);
  std::vector<double> m(numRows, ninf), t(numRows);
  std::vector<uint8_t> sees(numRows);
  bool first = true;
  for (int64_t j0 = 0; j0 < lk; j0 += bc) {
    const int64_t j1 = std::min(lk, j0 + bc);
    bool visited = false;
    for (int64_t r = 0; r < numRows; ++r) {
      // t[r]: row max over the keys row r sees in this tile. A NaN score
      // makes t[r] NaN, which fails the skip test: NaN is never skipped away.
      sees[r] = 0;
      t[r] = ninf;
      for (int64_t j = j0; j < j1; ++j) {
        if (!rows[r].vis[j])
          continue;
        sees[r] = 1;
        double x = rows[r].s[j];
        if (std::isnan(x) || std::isnan(t[r]))
          t[r] = std::numeric_limits<double>::quiet_NaN();
        else
          t[r] = std::max(t[r], x);
      }
      visited = visited || sees[r];
    }
    if (!visited)
      continue; // no valid row sees any key: the tile is not visited
    ++visitedTiles;
    bool skip = !first;
    for (int64_t r = 0; skip && r < numRows; ++r)
      if (sees[r] && !(t[r] < m[r] + lnLambda))
        skip = false;
    first = false;
    if (skip) {
      ++skippedTiles;
      for (int64_t r = 0; r < numRows; ++r)
        std::fill(rows[r].use.begin() + j0, rows[r].use.begin() + j1, 0);
      continue;
    }
    // The running max moves only with processed tiles (NaN leaves it).
    for (int64_t r = 0; r < numRows; ++r)
      if (sees[r] && t[r] > m[r])
        m[r] = t[r];
  }
}

} // namespace attnc::ref::detail
