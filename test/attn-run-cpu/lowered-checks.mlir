// Kernels from attn-lower-to-loops check their index operands through the
// runtime before writing anything (SPEC §6), with the reference's messages:
// here a used block-table entry past the cache and a context length that
// needs more pages than the table has. Unused entries hold garbage and are
// not checked. With --no-argument-checks valid inputs run unchecked.
//
// page_size = 2, 4 pages; context_lens = [3, 1] use 2 and 1 pages.
//
// RUN: attn-run %s --backend=cpu --print-values=2 \
// RUN:   --input=2x1x1xf32=1,5 \
// RUN:   --input=4x2x1x1xf32=0.2,100,1,100,100,100,0,0 \
// RUN:   --input=4x2x1x1xf32=42,-1000,9,-1000,-1000,-1000,3,6 \
// RUN:   --input=2x3xi32=3,1,999,0,-7,12345 --input=2xi32=3,1 \
// RUN:   | FileCheck %s
// RUN: attn-run %s --backend=cpu --no-argument-checks --print-values=2 \
// RUN:   --input=2x1x1xf32=1,5 \
// RUN:   --input=4x2x1x1xf32=0.2,100,1,100,100,100,0,0 \
// RUN:   --input=4x2x1x1xf32=42,-1000,9,-1000,-1000,-1000,3,6 \
// RUN:   --input=2x3xi32=3,1,999,0,-7,12345 --input=2xi32=3,1 \
// RUN:   | FileCheck %s
// RUN: not attn-run %s --backend=cpu \
// RUN:   --input=2x1x1xf32=1,5 --input=4x2x1x1xf32=0 --input=4x2x1x1xf32=0 \
// RUN:   --input=2x3xi32=3,4,999,0,-7,12345 --input=2xi32=3,1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TABLE
// RUN: not attn-run %s --backend=cpu \
// RUN:   --input=2x1x1xf32=1,5 --input=4x2x1x1xf32=0 --input=4x2x1x1xf32=0 \
// RUN:   --input=2x3xi32=3,1,2,0,1,2 --input=2xi32=7,1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=LENS

// CHECK:      result #0  out {{ *}}2x1x1xf32
// CHECK-NEXT: [7.092{{[0-9]}}, 42]
// TABLE: attn-run: error: kernel @nhd returned 1: block_table: sequence 0: block_table[0, 1] = 4 is outside [0, 4) (the cache has 4 pages)
// LENS:  attn-run: error: kernel @nhd returned 1: context_lens: sequence 0: context_lens[0] = 7 needs 4 pages of 2 tokens but block_table has max_pages = 3

func.func @nhd(%q: tensor<?x1x1xf32>, %kc: tensor<?x2x1x1xf32>,
               %vc: tensor<?x2x1x1xf32>, %bt: tensor<?x?xi32>,
               %cl: tensor<?xi32>) -> tensor<?x1x1xf32> {
  %o = attn.paged layout(nhd) q(%q : tensor<?x1x1xf32>)
      k_cache(%kc : tensor<?x2x1x1xf32>) v_cache(%vc : tensor<?x2x1x1xf32>)
      block_table(%bt : tensor<?x?xi32>) context_lens(%cl : tensor<?xi32>)
      {scale = 1.0 : f64} -> tensor<?x1x1xf32>
  return %o : tensor<?x1x1xf32>
}
