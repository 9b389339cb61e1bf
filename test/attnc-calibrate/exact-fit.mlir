// A fit with a known answer, from inline inputs (SPEC §5.4). One prefill
// sequence of 2 queries and L = 8 keys, D = 1, scale = 1 and q = 1, so the
// score of key j is k_j = -j. br = 2, bc = 1: one q-tile, eight k-tiles,
// all visited. Tile 0 sets the running max m = 0, which no later tile
// raises, so tile j is skipped iff -j < ln(lambda). At lambda = e^-(x+0.5),
// x = 0..6, that skips the 7 - x tiles j > x + 0.5: s = (7 - x) / 8. Hence
// log(lambda L) = ln 8 - 7.5 + 8 s exactly: b = 8, a = 8 e^-7.5 = 0.00442467,
// residual 0 (up to the 8 digits of the lambdas), and at the target 0.5 lambda(8) = e^-3.5 skips 4 of 8 tiles.
//
// RUN: attnc-calibrate %s -O1 --target=0.5 --input=2x1x1xf32=1 \
// RUN:   --input=8x1x1xf32=0,-1,-2,-3,-4,-5,-6,-7 --input=8x1x1xf32=1 \
// RUN:   --input=2xi32=0,2 --input=2xi32=0,8 \
// RUN:   --lambdas=0.60653066,0.22313016,0.082084999,0.030197383,0.011108997,0.0040867714,0.0015034392 \
// RUN:   -o %t.json --plot=%t.png 2>%t.err | FileCheck %s
// RUN: FileCheck %s --check-prefix=PROGRESS < %t.err
// RUN: %attnc_python %S/Inputs/check_fit.py %t.json --exact | FileCheck %s --check-prefix=JSON
// RUN: %attnc_python %S/Inputs/check_png.py %t.png | FileCheck %s --check-prefix=PNG

// CHECK:      attnc-calibrate: @exact, 7 runs (7 thresholds x 1 input set), target S* = 0.5
// CHECK-NEXT:   prefill a = 0.00442467, b = 8 (7 samples in [0.1, 0.9], s 0.125..0.875, residual {{[0-9.e-]+}})
// CHECK-NEXT:           #attn.calibrated<a = 0.00442467, b = 8.0, target = 0.5>
// CHECK-NEXT:           L=8      lambda(L) = 0.0302     skipped  50.0% (inputs #0, checked)
// CHECK-NEXT:   skip_softmax = #attn.skip_softmax<br = 2, bc = 1, prefill = #attn.calibrated<a = 0.00442467, b = 8.0, target = 0.5>, decode = 1.000000e-04 : f64>
// CHECK-NEXT:   wrote {{.*}}.json
// CHECK-NEXT:   wrote {{.*}}.png

// One progress line per run, then the warning that one key length cannot
// measure the 1/L law.
// PROGRESS:      [1/7] prefill L=8      lambda=0.0015    (inputs #0): skipped  12.5% (1/8 tiles), {{[0-9.]+}} s
// PROGRESS:      [4/7] prefill L=8      lambda=0.0302    (inputs #0): skipped  50.0% (4/8 tiles)
// PROGRESS:      [7/7] prefill L=8      lambda=0.607     (inputs #0): skipped  87.5% (7/8 tiles)
// PROGRESS-NEXT: attnc-calibrate: warning: prefill: every sample in the fit has the same key length: the 1/L law of lambda(L) is assumed, not measured; calibrate at several key lengths

// JSON: phases prefill
// JSON: prefill a=0.00442467 b=8 residual<1e-6 used=7 target_in_range=True
// JSON: samples 7 monotone used-flags-ok
// JSON: exact ok
// PNG: png 800x560 chunks IHDR,IDAT,IEND crc ok pixels 1344560

func.func @exact(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                 %v: tensor<?x1x1xf32>, %cu_q: tensor<?xi32>,
                 %cu_k: tensor<?xi32>) -> tensor<?x1x1xf32> {
  %out = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x1xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>)
      {scale = 1.0 : f64,
       skip_softmax = #attn.skip_softmax<br = 2, bc = 1>}
      -> tensor<?x1x1xf32>
  return %out : tensor<?x1x1xf32>
}
