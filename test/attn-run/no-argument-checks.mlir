// --no-argument-checks (trusted inputs) is accepted and changes nothing on
// valid data. The float64 reference still refuses indices that would lead
// it out of bounds (SPEC §6: nothing reads out of bounds, whatever the
// input), so on the reference the option only matters for speed.
//
// Paged decode as in paged-decode.mlir.
// DEFINE: %{args} = --input=2x1x1xf32=1,5 \
// DEFINE:   --input=4x2x1x1xf32=0.2,100,1,100,100,100,0,0 \
// DEFINE:   --input=4x2x1x1xf32=42,-1000,9,-1000,-1000,-1000,3,6
//
// RUN: attn-run %s %{args} --input=2x3xi32=3,1,999,0,-7,12345 \
// RUN:   --input=2xi32=3,1 --no-argument-checks | FileCheck %s --check-prefix=VALID
// VALID:      result #0 out 2x1x1xf32
// VALID-NEXT: [7.092{{[0-9]}}, 42]
//
// RUN: not attn-run %s %{args} --input=2x3xi32=3,4,999,0,-7,12345 \
// RUN:   --input=2xi32=3,1 --no-argument-checks 2>&1 | FileCheck %s --check-prefix=STILL
// STILL: attn-run: error: {{.+}}: block_table: sequence 0: block_table[0, 1] = 4 is outside [0, 4) (the cache has 4 pages)

func.func @paged(%q: tensor<?x1x1xf32>, %kc: tensor<?x2x1x1xf32>,
                 %vc: tensor<?x2x1x1xf32>, %bt: tensor<?x?xi32>,
                 %cl: tensor<?xi32>) -> tensor<?x1x1xf32> {
  %out = attn.paged layout(nhd) q(%q : tensor<?x1x1xf32>)
      k_cache(%kc : tensor<?x2x1x1xf32>) v_cache(%vc : tensor<?x2x1x1xf32>)
      block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>)
      {scale = 1.0 : f64} -> tensor<?x1x1xf32>
  return %out : tensor<?x1x1xf32>
}
