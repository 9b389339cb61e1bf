/* Peak memory of a long causal prefill (SPEC-sized inputs, H=8, D=128,
   f32) against the size of its inputs and output: attnc keeps scores in
   tiles, so the peak resident set should stay near the tensors' bytes.

     memory_check L    (built against prefill_h8_f32's generated header) */
#include "prefill_h8.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static float *randomTensor(size_t n, unsigned *seed) {
  float *x = malloc(n * sizeof(float));
  for (size_t i = 0; i < n; ++i)
    x[i] = (float)rand_r(seed) / RAND_MAX - 0.5f;
  return x;
}

static void desc3(attnc_memref_3d *d, float *p, int64_t l) {
  int64_t sizes[3] = {l, 8, 128}, stride = 1;
  d->allocated = d->aligned = p;
  d->offset = 0;
  for (int i = 2; i >= 0; --i) {
    d->sizes[i] = sizes[i];
    d->strides[i] = stride;
    stride *= sizes[i];
  }
}

int main(int argc, char **argv) {
  int64_t L = argc > 1 ? atol(argv[1]) : 32768;
  size_t n = (size_t)L * 8 * 128;
  unsigned seed = 7;
  float *q = randomTensor(n, &seed), *k = randomTensor(n, &seed);
  float *v = randomTensor(n, &seed), *out = randomTensor(n, &seed);
  int32_t cu[2] = {0, (int32_t)L};
  attnc_memref_3d qd, kd, vd, od;
  attnc_memref_1d cud;
  desc3(&qd, q, L);
  desc3(&kd, k, L);
  desc3(&vd, v, L);
  desc3(&od, out, L);
  cud.allocated = cud.aligned = cu;
  cud.offset = 0;
  cud.sizes[0] = 2;
  cud.strides[0] = 1;
  struct rusage before, after;
  getrusage(RUSAGE_SELF, &before);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int32_t status =
      _mlir_ciface_prefill_h8_f32(&qd, &kd, &vd, &cud, &cud, &od, 1);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  getrusage(RUSAGE_SELF, &after);
  double seconds = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
  double tensors = 4.0 * n * sizeof(float) / (1 << 20);
  double peak = after.ru_maxrss / 1024.0;
  printf("L=%lld status %d time %.2f s (%.1f GFLOP/s)\n", (long long)L,
         status, seconds, 4.0 * L * L * 8 * 128 / 2 / seconds / 1e9);
  printf("inputs+output %.1f MiB, peak RSS %.1f MiB (before the call %.1f "
         "MiB): %.3fx\n",
         tensors, peak, before.ru_maxrss / 1024.0, peak / tensors);
  return status;
}
