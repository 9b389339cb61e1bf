// RUN: attn-opt %s --attn-omp-dynamic-schedule | FileCheck %s

// Work items of uneven cost: threads take the next one when free.
// CHECK-LABEL: func.func @work_items
// CHECK: omp.wsloop schedule(dynamic)
func.func @work_items(%n: index, %m: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f32
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%n) step (%c1) {
        memref.store %one, %m[%i] : memref<?xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  return
}
