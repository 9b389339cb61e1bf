// Ceilings of this machine, measured in the same run as the kernels they
// judge: the f32 FMA peak (independent vector FMA chains on every thread)
// and the copy bandwidth (read + write bytes of a large memcpy).
//
//   ceilings [threads]   ->  fma_gflops=...  copy_gbs=...
#include "copy_bandwidth.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

using Clock = std::chrono::steady_clock;
typedef float vfloat __attribute__((vector_size(64)));

// 12 independent accumulators hide the FMA latency. Build without
// -ffast-math (it may fold the chains): -O2 -march=native -ffp-contract=fast.
static double fmaChains(long iterations, float seed) {
  vfloat acc[12], x, y;
  for (int i = 0; i < 16; ++i) {
    x[i] = seed + 1e-7f * i;
    y[i] = 1e-7f * seed;
  }
  // Distinct starting values, or the compiler merges identical chains.
  for (int k = 0; k < 12; ++k)
    acc[k] = y * (float)(k + 1);
  for (long it = 0; it < iterations; ++it)
    for (auto &a : acc)
      a = a * x + y;
  float sink = 0;
  for (auto &a : acc)
    sink += a[0];
  return sink;
}

static float seed = 1.0f; // set from argv so nothing folds

static double measureFma(int threads) {
  long iterations = 20000000;
  auto run = [&] {
    std::vector<std::thread> pool;
    auto t0 = Clock::now();
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&] {
        volatile double s = fmaChains(iterations, seed);
        (void)s;
      });
    for (auto &th : pool)
      th.join();
    return std::chrono::duration<double>(Clock::now() - t0).count();
  };
  run(); // warm up clocks
  double best = 1e30;
  for (int r = 0; r < 3; ++r)
    best = std::min(best, run());
  double flops = 2.0 * 16 * 12 * (double)iterations * threads;
  return flops / best / 1e9;
}

static double measureCopy(int threads) {
  CopyBandwidth copy(threads);
  copy.run(); // warm up
  double best = 0;
  for (int r = 0; r < 5; ++r)
    best = std::max(best, copy.run());
  return best;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? std::atoi(argv[1])
                         : (int)std::thread::hardware_concurrency();
  seed = 1.0f + (float)argc * 1e-9f;
  std::printf("threads=%d fma_gflops=%.1f copy_gbs=%.1f\n", threads,
              measureFma(threads), measureCopy(threads));
  return 0;
}
