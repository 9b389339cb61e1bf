// The copy bandwidth of this machine (read + write bytes of large memcpys,
// one slice per thread), shared by ceilings.cpp and decode_vs_copy.cpp.
#ifndef ATTNC_BENCHMARKS_COPY_BANDWIDTH_H
#define ATTNC_BENCHMARKS_COPY_BANDWIDTH_H

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

class CopyBandwidth {
public:
  /// `bytes` per direction, all threads together; the buffers are touched
  /// once here so that timed runs see no page faults.
  CopyBandwidth(int threads, size_t bytes = size_t(512) << 20)
      : threads(threads), chunk(bytes / threads / 64 * 64), src(threads),
        dst(threads) {
    for (int t = 0; t < threads; ++t) {
      src[t] = static_cast<char *>(std::aligned_alloc(64, chunk));
      dst[t] = static_cast<char *>(std::aligned_alloc(64, chunk));
      std::memset(src[t], t + 1, chunk);
      std::memset(dst[t], 0, chunk);
    }
  }
  ~CopyBandwidth() {
    for (int t = 0; t < threads; ++t) {
      std::free(src[t]);
      std::free(dst[t]);
    }
  }
  /// GB/s of one timed copy.
  double run() {
    std::vector<std::thread> pool;
    auto t0 = std::chrono::steady_clock::now();
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([this, t] { std::memcpy(dst[t], src[t], chunk); });
    for (auto &th : pool)
      th.join();
    double seconds = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - t0)
                         .count();
    return 2.0 * chunk * threads / seconds / 1e9;
  }

private:
  int threads;
  size_t chunk;
  std::vector<char *> src, dst;
};

#endif // ATTNC_BENCHMARKS_COPY_BANDWIDTH_H
