// A kernel module with a function the CPU pipeline cannot lower (tensor
// types reach the LLVM conversion).
func.func @helper(%t: tensor<4xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %s = tensor.extract %t[%c0] : tensor<4xf32>
  return %s : f32
}

func.func @k(%q: memref<4xf32>, %out: memref<4xf32>, %c: i1) -> i32
    attributes {attn.kernel, attn.arg_roles = ["q"]} {
  %ok = arith.constant 0 : i32
  return %ok : i32
}
