// SPEC §6 runtime checks of the paged operands: context_lens must be >= 0
// and fit in max_pages pages; block_table entries that a sequence uses
// (the first ceil(context_lens[b] / page_size)) must name a cache page;
// entries past them are ignored, whatever they hold.
//
// page_size = 2, 4 pages, max_pages = 3 (as in paged-decode.mlir).
// DEFINE: %{args} = --input=2x1x1xf32=1,5 \
// DEFINE:   --input=4x2x1x1xf32=0.2,100,1,100,100,100,0,0 \
// DEFINE:   --input=4x2x1x1xf32=42,-1000,9,-1000,-1000,-1000,3,6
//
// Garbage (extreme i32 values) in the unused entries is accepted:
// RUN: attn-run %s %{args} --input=2x3xi32=3,1,-2147483648,0,2147483647,-1 \
// RUN:   --input=2xi32=3,1 | FileCheck %s --check-prefix=UNUSED
// UNUSED:      result #0 out 2x1x1xf32
// UNUSED-NEXT: [7.092{{[0-9]}}, 42]
//
// RUN: not attn-run %s %{args} --input=2x3xi32=3,1,999,0,-7,12345 \
// RUN:   --input=2xi32=3,7 2>&1 | FileCheck %s --check-prefix=PAGES
// PAGES: attn-run: error: {{.+}}: context_lens: sequence 1: context_lens[1] = 7 needs 4 pages of 2 tokens but block_table has max_pages = 3
//
// RUN: not attn-run %s %{args} --input=2x3xi32=3,1,999,0,-7,12345 \
// RUN:   --input=2xi32=3,-1 2>&1 | FileCheck %s --check-prefix=NEGATIVE-LEN
// NEGATIVE-LEN: attn-run: error: {{.+}}: context_lens: sequence 1: context_lens[1] = -1 is negative
//
// RUN: not attn-run %s %{args} --input=2x3xi32=3,4,999,0,-7,12345 \
// RUN:   --input=2xi32=3,1 2>&1 | FileCheck %s --check-prefix=PAST
// PAST: attn-run: error: {{.+}}: block_table: sequence 0: block_table[0, 1] = 4 is outside [0, 4) (the cache has 4 pages)
//
// RUN: not attn-run %s %{args} --input=2x3xi32=3,1,999,-1,-7,12345 \
// RUN:   --input=2xi32=3,1 2>&1 | FileCheck %s --check-prefix=NEGATIVE-PAGE
// NEGATIVE-PAGE: attn-run: error: {{.+}}: block_table: sequence 1: block_table[1, 0] = -1 is outside [0, 4) (the cache has 4 pages)
//
// A longer context makes the third entry (999) used, and so checked:
// RUN: not attn-run %s %{args} --input=2x3xi32=3,1,999,0,-7,12345 \
// RUN:   --input=2xi32=5,1 2>&1 | FileCheck %s --check-prefix=NOW-USED
// NOW-USED: attn-run: error: {{.+}}: block_table: sequence 0: block_table[0, 2] = 999 is outside [0, 4) (the cache has 4 pages)

func.func @paged(%q: tensor<?x1x1xf32>, %kc: tensor<?x2x1x1xf32>,
                 %vc: tensor<?x2x1x1xf32>, %bt: tensor<?x?xi32>,
                 %cl: tensor<?xi32>) -> tensor<?x1x1xf32> {
  %out = attn.paged layout(nhd) q(%q : tensor<?x1x1xf32>)
      k_cache(%kc : tensor<?x2x1x1xf32>) v_cache(%vc : tensor<?x2x1x1xf32>)
      block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>)
      {scale = 1.0 : f64} -> tensor<?x1x1xf32>
  return %out : tensor<?x1x1xf32>
}
