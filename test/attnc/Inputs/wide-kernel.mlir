// A hand-written kernel in the convention of attn-lower-to-loops:
// out = 2 * q on 64 columns, which the vectorisers take at the CPU's width.
func.func @wide(%q: memref<?x64xf32>, %out: memref<?x64xf32>,
                %check_arguments: i1) -> i32
    attributes {attn.kernel, llvm.emit_c_interface,
                attn.arg_roles = ["q"], attn.result_names = ["out"]} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %two = arith.constant 2.0 : f32
  %n = memref.dim %q, %c0 : memref<?x64xf32>
  scf.for %i = %c0 to %n step %c1 {
    scf.for %d = %c0 to %c64 step %c1 {
      %x = memref.load %q[%i, %d] : memref<?x64xf32>
      %y = arith.mulf %x, %two : f32
      memref.store %y, %out[%i, %d] : memref<?x64xf32>
    }
  }
  %ok = arith.constant 0 : i32
  return %ok : i32
}
