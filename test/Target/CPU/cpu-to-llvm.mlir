// attn-cpu-to-llvm takes a kernel in loop form to the LLVM dialect: nothing
// of scf, memref, arith, math, index, vector or cf is left, the C interface
// wrapper exists, exp and erf become polynomials (attn-approximate-math), and
// scf.parallel becomes OpenMP (or sequential loops with openmp=false).
//
// RUN: attn-opt %s --attn-cpu-to-llvm | FileCheck %s
// RUN: attn-opt %s --attn-cpu-to-llvm="openmp=false" \
// RUN:   | FileCheck %s --check-prefix=SERIAL
// RUN: attn-opt %s --attn-cpu-to-llvm | FileCheck %s --check-prefix=GONE

// GONE-NOT: {{[^.a-z_](scf|memref|arith|math|index|vector|cf)\.[a-z_]+}}

// CHECK-LABEL: llvm.func @copy(
// CHECK-NOT:     llvm.intr.exp
// CHECK-NOT:     llvm.call @erff(
// CHECK:         llvm.intr.vector.reduce.fadd
// CHECK-LABEL: llvm.func @_mlir_ciface_copy(
// CHECK-SAME:    %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i1) -> i32
// CHECK:         llvm.call @copy(
// CHECK-LABEL: llvm.func @parallel(
// CHECK:         omp.parallel
// CHECK:         omp.wsloop
// CHECK:         llvm.intr.stacksave

// SERIAL-LABEL: llvm.func @parallel(
// SERIAL-NOT:     omp.
// SERIAL:         llvm.return

func.func @copy(%q: memref<?x4xf32>, %out: memref<?x4xf32>, %check: i1) -> i32
    attributes {attn.kernel, llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %n = memref.dim %q, %c0 : memref<?x4xf32>
  scf.for %i = %c0 to %n step %c1 {
    scf.for %d = %c0 to %c4 step %c1 {
      %x = memref.load %q[%i, %d] : memref<?x4xf32>
      %e = math.exp %x : f32
      %f = math.erf %e : f32
      %v = vector.broadcast %f : f32 to vector<8xf32>
      %s = vector.reduction <add>, %v : vector<8xf32> into f32
      %j = index.add %i, %d
      memref.store %s, %out[%i, %d] : memref<?x4xf32>
    }
  }
  %ok = arith.constant 0 : i32
  return %ok : i32
}

// Work items in parallel, each with scratch memory of its own.
func.func @parallel(%q: memref<?x4xf32>, %out: memref<?x4xf32>, %check: i1)
    -> i32 attributes {attn.kernel, llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %n = memref.dim %q, %c0 : memref<?x4xf32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %tile = memref.alloca() : memref<4xf32>
    scf.for %d = %c0 to %c4 step %c1 {
      %x = memref.load %q[%i, %d] : memref<?x4xf32>
      memref.store %x, %tile[%d] : memref<4xf32>
    }
    %row = vector.load %tile[%c0] : memref<4xf32>, vector<4xf32>
    %twice = arith.addf %row, %row : vector<4xf32>
    vector.store %twice, %out[%i, %c0] : memref<?x4xf32>, vector<4xf32>
    scf.reduce
  }
  %ok = arith.constant 0 : i32
  return %ok : i32
}
