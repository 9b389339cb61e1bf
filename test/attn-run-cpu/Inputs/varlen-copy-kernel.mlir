// A wrong kernel for @varlen of the tests here: it copies q into out and
// writes LSE 0, so --check must fail on it.
func.func @varlen(%q: memref<?x2x4xf32>, %k: memref<?x1x4xf32>,
                  %v: memref<?x1x4xf32>, %cu_q: memref<?xi32>,
                  %cu_k: memref<?xi32>, %out: memref<?x2x4xf32>,
                  %lse: memref<2x?xf32>, %check_arguments: i1) -> i32
    attributes {attn.kernel,
                attn.arg_roles = ["q", "k", "v", "cu_seqlens_q", "cu_seqlens_k"],
                attn.result_names = ["out", "lse"]} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %q, %c0 : memref<?x2x4xf32>
  scf.for %i = %c0 to %n step %c1 {
    scf.for %h = %c0 to %c2 step %c1 {
      scf.for %d = %c0 to %c4 step %c1 {
        %x = memref.load %q[%i, %h, %d] : memref<?x2x4xf32>
        memref.store %x, %out[%i, %h, %d] : memref<?x2x4xf32>
      }
      memref.store %zero, %lse[%h, %i] : memref<2x?xf32>
    }
  }
  %ok = arith.constant 0 : i32
  return %ok : i32
}
