// SPEC §6 runtime checks of cu_seqlens (before anything is computed or
// written): cu[0] = 0, non-decreasing, cu[B] = the packed row count; the
// message names the operand, the sequence and the bad value, and no
// --output file is written.
//
// q has 2 rows and k 4; the valid cu_seqlens are [0, 1, 1, 2] and [0, 2, 2, 4].
// DEFINE: %{run} = not attn-run %s --input=2x1x1xf32=1,2 \
// DEFINE:   --input=4x1x1xf32=1,0,0,0 --input=4x1x2xf32=1,0,0,1,2,4,6,8
//
// RUN: rm -f %t.npy
// RUN: %{run} --input=4xi32=0,1,0,2 --input=4xi32=0,2,2,4 --output=@%t.npy \
// RUN:   2>&1 | FileCheck %s --check-prefix=DECREASING -DFILE=%s
// RUN: test ! -e %t.npy
// RUN: %{run} --input=4xi32=0,1,1,2 --input=4xi32=0,2,5,4 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DECREASING-K -DFILE=%s
// RUN: %{run} --input=4xi32=0,1,1,2 --input=4xi32=0,2,2,3 2>&1 \
// RUN:   | FileCheck %s --check-prefix=END -DFILE=%s
// RUN: %{run} --input=4xi32=0,1,1,3 --input=4xi32=0,2,2,4 2>&1 \
// RUN:   | FileCheck %s --check-prefix=END-Q -DFILE=%s
// RUN: %{run} --input=4xi32=1,1,1,2 --input=4xi32=0,2,2,4 2>&1 \
// RUN:   | FileCheck %s --check-prefix=START -DFILE=%s
// RUN: %{run} --input=4xi32=0,1,1,2 --input=3xi32=0,2,4 2>&1 \
// RUN:   | FileCheck %s --check-prefix=COUNT -DFILE=%s

// DECREASING:   attn-run: error: [[FILE]]:{{[0-9]+:[0-9]+}}: cu_seqlens_q: sequence 1: cu_seqlens_q[2] = 0 is less than cu_seqlens_q[1] = 1
// DECREASING-K: attn-run: error: [[FILE]]:{{[0-9]+:[0-9]+}}: cu_seqlens_k: sequence 2: cu_seqlens_k[3] = 4 is less than cu_seqlens_k[2] = 5
// END:          attn-run: error: [[FILE]]:{{[0-9]+:[0-9]+}}: cu_seqlens_k: sequence 2: cu_seqlens_k[3] = 3 is not the packed row count 4
// END-Q:        attn-run: error: [[FILE]]:{{[0-9]+:[0-9]+}}: cu_seqlens_q: sequence 2: cu_seqlens_q[3] = 3 is not the packed row count 2
// START:        attn-run: error: [[FILE]]:{{[0-9]+:[0-9]+}}: cu_seqlens_q: sequence 0: cu_seqlens_q[0] = 1 is not 0
// COUNT:        attn-run: error: [[FILE]]:{{[0-9]+:[0-9]+}}: cu_seqlens_k: has 3 entries, expected B + 1 = 4

func.func @varlen(%q: tensor<?x1x1xf32>, %k: tensor<?x1x1xf32>,
                  %v: tensor<?x1x2xf32>, %cu_q: tensor<?xi32>,
                  %cu_k: tensor<?xi32>) -> tensor<?x1x2xf32> {
  %out = attn.varlen q(%q : tensor<?x1x1xf32>) k(%k : tensor<?x1x1xf32>)
      v(%v : tensor<?x1x2xf32>) cu_seqlens_q(%cu_q : tensor<?xi32>)
      cu_seqlens_k(%cu_k : tensor<?xi32>) -> tensor<?x1x2xf32>
  return %out : tensor<?x1x2xf32>
}
