// A hand-written kernel in the convention of attn-lower-to-loops:
// out = 2 * q, rows in parallel. attn.workspace_bytes is the optional note
// the header repeats.
func.func @scale(%q: memref<?x4xf32>, %out: memref<?x4xf32>,
                 %check_arguments: i1) -> i32
    attributes {attn.kernel, llvm.emit_c_interface,
                attn.arg_roles = ["q"], attn.result_names = ["out"],
                attn.workspace_bytes = 1024 : i64} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %two = arith.constant 2.0 : f32
  %n = memref.dim %q, %c0 : memref<?x4xf32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    scf.for %d = %c0 to %c4 step %c1 {
      %x = memref.load %q[%i, %d] : memref<?x4xf32>
      %y = arith.mulf %x, %two : f32
      memref.store %y, %out[%i, %d] : memref<?x4xf32>
    }
    scf.reduce
  }
  %ok = arith.constant 0 : i32
  return %ok : i32
}
