/* Calls kernels built by attnc through their generated headers: the
   _mlir_ciface_ function with descriptors, the packed entry, the signature,
   and a runtime argument check that fails with attnc_rt_last_error(). */
#include "scale.h"
#include "varlen.h"

#include <stdio.h>

/* A contiguous row-major descriptor of rank 1..3. */
#define DESC(d, ptr, ...)                                                      \
  do {                                                                         \
    int64_t sizes_[] = {__VA_ARGS__};                                          \
    int rank_ = sizeof(sizes_) / sizeof(sizes_[0]);                            \
    (d).allocated = (d).aligned = (ptr);                                       \
    (d).offset = 0;                                                            \
    int64_t stride_ = 1;                                                       \
    for (int i_ = rank_ - 1; i_ >= 0; --i_) {                                  \
      (d).sizes[i_] = sizes_[i_];                                              \
      (d).strides[i_] = stride_;                                               \
      stride_ *= sizes_[i_];                                                   \
    }                                                                          \
  } while (0)

int main(void) {
  float q[3][4], out[3][4] = {{0}};
  for (int i = 0; i < 3; ++i)
    for (int d = 0; d < 4; ++d)
      q[i][d] = (float)(i * 4 + d);
  attnc_memref_2d qd, outd;
  DESC(qd, q, 3, 4);
  DESC(outd, out, 3, 4);
  int32_t status = _mlir_ciface_scale(&qd, &outd, true);
  printf("scale: status %d, out[2] = %g %g %g %g\n", status, out[2][0],
         out[2][1], out[2][2], out[2][3]);

  out[1][3] = 0;
  int32_t flag = 1;
  void *args[] = {&qd, &outd, &flag};
  status = attnc_scale_packed(args);
  printf("packed: status %d, out[1][3] = %g\n", status, out[1][3]);
  printf("signature: %s\n", attnc_scale_signature());

  /* varlen: q = k = 0, so out is the mean of each sequence's values. */
  float vq[2][2][4] = {{{0}}}, vk[4][1][4] = {{{0}}}, vv[4][1][4];
  float vout[2][2][4], vlse[2][2];
  for (int j = 0; j < 4; ++j)
    for (int d = 0; d < 4; ++d)
      vv[j][0][d] = (float)(2 * j + 1);
  int32_t cuq[4] = {0, 1, 1, 2}, cuk[4] = {0, 1, 1, 4};
  attnc_memref_3d a, b, c, o;
  attnc_memref_1d cq, ck;
  attnc_memref_2d l;
  DESC(a, vq, 2, 2, 4);
  DESC(b, vk, 4, 1, 4);
  DESC(c, vv, 4, 1, 4);
  DESC(cq, cuq, 4);
  DESC(ck, cuk, 4);
  DESC(o, vout, 2, 2, 4);
  DESC(l, vlse, 2, 2);
  status = _mlir_ciface_varlen(&a, &b, &c, &cq, &ck, &o, &l, true);
  printf("varlen: status %d, out = %g %g, lse[0][1] = %.4f\n", status,
         vout[0][0][0], vout[1][1][3], vlse[0][1]);

  cuq[3] = 3; /* past the 2 packed rows of q */
  status = _mlir_ciface_varlen(&a, &b, &c, &cq, &ck, &o, &l, true);
  printf("bad varlen: status %d: %s\n", status, attnc_rt_last_error());
  return 0;
}
