// Calibration on random inputs at three key lengths, both phases of a
// varlen op (prefill: every query of the sequence; decode: one query): one
// compilation per threshold, a progress line per run, a fit per phase in
// which more skipping takes a larger lambda L (b > 0) and lambda(L) falls as
// 1/L, a check of the fitted thresholds, and the JSON and PNG outputs. The
// queries are scaled (--q-scale) so that random scores spread like real
// ones; the op's skip_stats result, which the function does not return, is
// added for the runs.
//
// RUN: attnc-calibrate %s -O1 --key-lengths=128,256,512 --q-scale=6 \
// RUN:   --lambda-min=1e-3 --lambda-count=6 --target=0.3 \
// RUN:   -o %t.json --plot=%t.png 2>%t.err | FileCheck %s
// RUN: FileCheck %s --check-prefix=PROGRESS < %t.err
// RUN: %attnc_python %S/Inputs/check_fit.py %t.json --random | FileCheck %s --check-prefix=JSON
// RUN: %attnc_python %S/Inputs/check_png.py %t.png | FileCheck %s --check-prefix=PNG
//
// --strict makes warnings (here: lambda(128) outside (0, 1) in prefill)
// exit code 2.
// RUN: not attnc-calibrate %s -O1 --phase=prefill --key-lengths=128,512 \
// RUN:   --q-scale=6 --lambdas=0.01,0.1,0.5 --no-check --strict --quiet \
// RUN:   2>&1 | FileCheck %s --check-prefix=STRICT

// CHECK: attnc-calibrate: @skip, 36 runs (6 thresholds x 6 input sets), target S* = 0.3
// CHECK: prefill a = {{[0-9.e+-]+}}, b = {{[0-9.e+]+}} ({{[0-9]+}} samples in [0.1, 0.9]
// CHECK: L=512    lambda(L) = {{.*}} (seed 1, checked)
// CHECK: decode  a = {{[0-9.e+-]+}}, b = {{[0-9.e+]+}} ({{[0-9]+}} samples in [0.1, 0.9]
// CHECK: L=128    lambda(L) = {{.*}} (seed 1, checked)
// CHECK: skip_softmax = #attn.skip_softmax<br = 4, bc = 16, prefill = #attn.calibrated<a = {{.*}}>, decode = #attn.calibrated<a = {{.*}}>>

// PROGRESS:      [ 1/36] prefill L=128    lambda=0.001     (seed 1): skipped
// PROGRESS:      [ 4/36] decode  L=128    lambda=0.001     (seed 1): skipped
// PROGRESS:      [36/36] decode  L=512    lambda=0.5       (seed 1): skipped
// Random scores do not follow the 1/L law exactly: the check says where
// the fitted threshold misses the target by more than 10 points.
// PROGRESS:      attnc-calibrate: warning: prefill: at L = 128 (seed 1) the fitted lambda(L) = {{[0-9.e-]+}} skips {{[0-9.]+}}% of the tiles, the target is 30%

// JSON: phases decode,prefill
// JSON: decode a={{.*}} used={{[0-9]+}} target_in_range=True
// JSON: prefill a={{.*}} used={{[0-9]+}} target_in_range=True
// JSON: samples 36 monotone used-flags-ok
// JSON: random ok
// PNG: png 800x560 chunks IHDR,IDAT,IEND crc ok

// STRICT: attnc-calibrate: warning: prefill:

func.func @skip(%q: tensor<?x2x32xf32>, %k: tensor<?x1x32xf32>,
                %v: tensor<?x1x32xf32>, %cq: tensor<?xi32>,
                %ck: tensor<?xi32>) -> tensor<?x2x32xf32> {
  %o = attn.varlen q(%q : tensor<?x2x32xf32>) k(%k : tensor<?x1x32xf32>)
      v(%v : tensor<?x1x32xf32>) cu_seqlens_q(%cq : tensor<?xi32>)
      cu_seqlens_k(%ck : tensor<?xi32>)
      {causal, skip_softmax = #attn.skip_softmax<br = 4, bc = 16>}
      -> tensor<?x2x32xf32>
  return %o : tensor<?x2x32xf32>
}
