// The unfused baseline attnc must beat: QK^T into a full [Lq, Lk] score
// matrix, a softmax pass, then PV, one head at a time per thread, compiled
// with -O3 -march=native and reassociation (the reductions vectorise). For
// a paged cache it first gathers
// the pages into contiguous K and V (what a framework without a paged
// kernel does).
//
//   unfused_baseline B Lq Lk Hq Hkv D causal page_size threads
//     -> time_ms=... gflops=... gbs=...
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <random>
#include <thread>
#include <vector>

using Clock = std::chrono::steady_clock;

int main(int argc, char **argv) {
  if (argc < 10) {
    std::fprintf(stderr, "usage: %s B Lq Lk Hq Hkv D causal page_size threads\n", argv[0]);
    return 2;
  }
  long B = std::atol(argv[1]), Lq = std::atol(argv[2]), Lk = std::atol(argv[3]);
  long Hq = std::atol(argv[4]), Hkv = std::atol(argv[5]), D = std::atol(argv[6]);
  bool causal = std::atoi(argv[7]) != 0;
  long pageSize = std::atol(argv[8]);
  int threads = std::atoi(argv[9]);
  long G = Hq / Hkv;
  std::mt19937 rng(1);
  std::normal_distribution<float> nd;
  std::vector<float> q(B * Lq * Hq * D), out(B * Lq * Hq * D);
  for (float &x : q) x = nd(rng);
  // The cache: contiguous [B, Lk, Hkv, D], or pages [P, page, Hkv, D].
  long pagesPerSeq = pageSize ? (Lk + pageSize - 1) / pageSize : 0;
  long numPages = B * pagesPerSeq;
  long cacheRows = pageSize ? numPages * pageSize : B * Lk;
  std::vector<float> kc(cacheRows * Hkv * D), vc(cacheRows * Hkv * D);
  for (float &x : kc) x = nd(rng);
  for (float &x : vc) x = nd(rng);
  std::vector<int> table(std::max(1L, numPages));
  std::iota(table.begin(), table.end(), 0);
  std::shuffle(table.begin(), table.end(), rng);
  std::vector<float> k(B * Lk * Hkv * D), v(B * Lk * Hkv * D);
  float scale = 1.0f / std::sqrt((float)D);

  auto attention = [&] {
    if (pageSize) { // gather the pages
      for (long b = 0; b < B; ++b)
        for (long t = 0; t < Lk; ++t) {
          long page = table[b * pagesPerSeq + t / pageSize];
          const float *ks = &kc[((page * pageSize) + t % pageSize) * Hkv * D];
          const float *vs = &vc[((page * pageSize) + t % pageSize) * Hkv * D];
          std::copy(ks, ks + Hkv * D, &k[(b * Lk + t) * Hkv * D]);
          std::copy(vs, vs + Hkv * D, &v[(b * Lk + t) * Hkv * D]);
        }
    } else {
      k = kc;
      v = vc;
    }
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        std::vector<float> s(Lq * Lk);
        for (long bh = t; bh < B * Hq; bh += threads) {
          long b = bh / Hq, h = bh % Hq, hk = h / G;
          // 1. scores
          for (long i = 0; i < Lq; ++i) {
            const float *qi = &q[((b * Lq + i) * Hq + h) * D];
            for (long j = 0; j < Lk; ++j) {
              const float *kj = &k[((b * Lk + j) * Hkv + hk) * D];
              float acc = 0;
              for (long d = 0; d < D; ++d) acc += qi[d] * kj[d];
              bool visible = !causal || j <= i + Lk - Lq;
              s[i * Lk + j] = visible ? acc * scale : -INFINITY;
            }
          }
          // 2. softmax
          for (long i = 0; i < Lq; ++i) {
            float *row = &s[i * Lk];
            float m = -INFINITY, l = 0;
            for (long j = 0; j < Lk; ++j) m = std::max(m, row[j]);
            for (long j = 0; j < Lk; ++j) { row[j] = std::exp(row[j] - m); l += row[j]; }
            for (long j = 0; j < Lk; ++j) row[j] /= l;
          }
          // 3. PV
          for (long i = 0; i < Lq; ++i) {
            float *o = &out[((b * Lq + i) * Hq + h) * D];
            std::fill(o, o + D, 0.0f);
            for (long j = 0; j < Lk; ++j) {
              float p = s[i * Lk + j];
              const float *vj = &v[((b * Lk + j) * Hkv + hk) * D];
              for (long d = 0; d < D; ++d) o[d] += p * vj[d];
            }
          }
        }
      });
    for (auto &th : pool) th.join();
  };
  attention(); // warm up
  std::vector<double> times;
  for (int r = 0; r < 5; ++r) {
    auto t0 = Clock::now();
    attention();
    times.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
  }
  std::sort(times.begin(), times.end());
  double t = times[times.size() / 2];
  double flops = 4.0 * B * Lq * Lk * Hq * D * (causal ? 0.5 : 1.0);
  double bytes = 4.0 * (q.size() + out.size() + 2.0 * B * Lk * Hkv * D);
  std::printf("time_ms=%.3f gflops=%.2f gbs=%.2f\n", t * 1e3, flops / t / 1e9,
              bytes / t / 1e9);
  return 0;
}
