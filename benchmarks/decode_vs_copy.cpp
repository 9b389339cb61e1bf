// Paged decode against the copy bandwidth, measured in alternation in one
// process: the copy bandwidth of the 2-core build machine moves by a factor
// of 1.5 between runs (and with other work on it), so a ratio of two
// measurements taken seconds apart is not steady. Here a pair is three
// timed copies (ceilings' memcpy) alternating with three decode calls, tens
// of milliseconds apart, on inputs built once: the medians of each.
//
//   decode_vs_copy LIB FUNCTION f32|bf16 [pairs] [threads]
//     -> one line per pair, then
//        decode_gbs=<median> copy_gbs=<median> ratio_of_medians=<..>
//        pair_ratio_median=<..> pair_ratio_min=<..> pair_ratio_max=<..>
//        decode_best_gbs=<..> copy_best_gbs=<..> ratio_of_best=<..>
// (the best of every call: others' work on a shared machine only slows a
// call down, so the fastest calls are the least disturbed)
//
// LIB is a kernel library (attnc --target=cpu) of a paged decode function
// with the signature of benchmarks/kernels/paged_decode_{f32,bf16}.mlir:
// q [B, 32, 128], k/v cache [P, 16, 8, 128] (nhd), block_table [B, pages],
// context_lens [B], out [B, 32, 128]; B = 8 sequences of 4096 keys, pages
// shuffled. GB/s counts the K and V bytes read.
#include "copy_bandwidth.h"

#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

template <int R> struct Memref {
  void *allocated, *aligned;
  int64_t offset, sizes[R], strides[R];
};

template <int R>
Memref<R> describe(void *data, const int64_t (&sizes)[R]) {
  Memref<R> m{data, data, 0, {}, {}};
  int64_t stride = 1;
  for (int d = R - 1; d >= 0; --d) {
    m.sizes[d] = sizes[d];
    m.strides[d] = stride;
    stride *= sizes[d];
  }
  return m;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s LIB FUNCTION f32|bf16 [pairs] [threads]\n",
                 argv[0]);
    return 2;
  }
  const bool bf16 = std::string(argv[3]) == "bf16";
  const int pairs = argc > 4 ? std::atoi(argv[4]) : 15;
  const int threads = argc > 5 ? std::atoi(argv[5])
                               : (int)std::thread::hardware_concurrency();
  const int64_t B = 8, ctx = 4096, page = 16, hq = 32, hkv = 8, D = 128;
  const int64_t pagesPerSeq = ctx / page, P = B * pagesPerSeq;
  const size_t elem = bf16 ? 2 : 4;

  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) {
    std::fprintf(stderr, "%s\n", dlerror());
    return 1;
  }
  using Kernel = int32_t (*)(Memref<3> *, Memref<4> *, Memref<4> *,
                             Memref<2> *, Memref<1> *, Memref<3> *, bool);
  auto kernel = reinterpret_cast<Kernel>(
      dlsym(lib, ("_mlir_ciface_" + std::string(argv[2])).c_str()));
  if (!kernel) {
    std::fprintf(stderr, "no _mlir_ciface_%s in %s\n", argv[2], argv[1]);
    return 1;
  }

  // Random inputs: f32 values, or their upper 16 bits for bf16.
  std::mt19937 rng(1);
  std::normal_distribution<float> normal;
  auto fill = [&](size_t count) {
    std::vector<char> bytes(count * elem);
    for (size_t i = 0; i < count; ++i) {
      float x = normal(rng);
      uint32_t bits;
      std::memcpy(&bits, &x, 4);
      if (bf16) {
        uint16_t half = bits >> 16;
        std::memcpy(&bytes[i * 2], &half, 2);
      } else {
        std::memcpy(&bytes[i * 4], &bits, 4);
      }
    }
    return bytes;
  };
  std::vector<char> q = fill(B * hq * D), out(B * hq * D * elem);
  std::vector<char> k = fill(P * page * hkv * D), v = fill(P * page * hkv * D);
  std::vector<int32_t> table(P), lens(B, (int32_t)ctx);
  std::iota(table.begin(), table.end(), 0);
  std::shuffle(table.begin(), table.end(), rng);

  auto mq = describe<3>(q.data(), {B, hq, D});
  auto mo = describe<3>(out.data(), {B, hq, D});
  auto mk = describe<4>(k.data(), {P, page, hkv, D});
  auto mv = describe<4>(v.data(), {P, page, hkv, D});
  auto mt = describe<2>(table.data(), {B, pagesPerSeq});
  auto ml = describe<1>(lens.data(), {B});
  auto decode = [&] {
    auto t0 = std::chrono::steady_clock::now();
    if (kernel(&mq, &mk, &mv, &mt, &ml, &mo, false) != 0) {
      std::fprintf(stderr, "kernel failed\n");
      std::exit(1);
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         t0)
        .count();
  };
  const double kvBytes = 2.0 * B * ctx * hkv * D * elem;

  CopyBandwidth copy(threads);
  copy.run();
  for (int i = 0; i < 3; ++i)
    decode(); // warm up (threads, pages)
  std::vector<double> decodes, copies, ratios;
  double bestDecode = 0, bestCopy = 0; // over every single call
  for (int p = 0; p < pairs; ++p) {
    // Medians of 3 copies and 3 decodes, alternating.
    std::vector<double> times, rates;
    for (int i = 0; i < 3; ++i) {
      rates.push_back(copy.run());
      times.push_back(decode());
    }
    double c = median(rates), d = kvBytes / median(times) / 1e9;
    bestCopy = std::max(bestCopy, *std::max_element(rates.begin(),
                                                    rates.end()));
    bestDecode = std::max(bestDecode,
                          kvBytes / *std::min_element(times.begin(),
                                                      times.end()) /
                              1e9);
    std::printf("pair %d: decode %.1f GB/s, copy %.1f GB/s, %.0f%%\n", p, d,
                c, 100 * d / c);
    decodes.push_back(d);
    copies.push_back(c);
    ratios.push_back(d / c);
  }
  std::printf("decode_gbs=%.1f copy_gbs=%.1f ratio_of_medians=%.3f "
              "pair_ratio_median=%.3f pair_ratio_min=%.3f "
              "pair_ratio_max=%.3f decode_best_gbs=%.1f copy_best_gbs=%.1f "
              "ratio_of_best=%.3f\n",
              median(decodes), median(copies),
              median(decodes) / median(copies), median(ratios),
              *std::min_element(ratios.begin(), ratios.end()),
              *std::max_element(ratios.begin(), ratios.end()), bestDecode,
              bestCopy, bestDecode / bestCopy);
  return 0;
}
